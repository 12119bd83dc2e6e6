#!/usr/bin/env python3
"""Pair-level findings of `tmforge validate` on TMX files, as they are and with every target moved
by one unit (every pair then wrong): the share of units with a pair-level finding in each case.

    python3 bench/real_memories.py DIR [DIR ...] [--bin target/release/tmforge]

Each DIR holds .tmx files (the README's figures: public projects' OmegaT and exported
memories). The shifted copies are written to a temporary folder; nothing in DIR changes.
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAIR = {"number-mismatch", "untranslated", "length-ratio", "low-confidence",
        "unbalanced-brackets", "semantic-mismatch", "wrong-script"}


def shifted(raw):
    """The file with the second <tuv>'s <seg> of every unit taken from the next unit."""
    tus = list(re.finditer(r"<tu\b[^>]*>.*?</tu>", raw, re.S))
    targets = []
    for m in tus:
        tuvs = list(re.finditer(r"<tuv\b.*?</tuv>", m.group(0), re.S))
        targets.append(tuvs[1] if len(tuvs) >= 2 else None)
    have = [i for i, t in enumerate(targets) if t is not None]
    new = {}
    for k, i in enumerate(have):
        donor = re.search(r"<seg>.*?</seg>", targets[have[(k + 1) % len(have)]].group(0), re.S)
        t, tu = targets[i], tus[i].group(0)
        body = t.group(0)
        if donor:
            body = re.sub(r"<seg>.*?</seg>", lambda _: donor.group(0), body, count=1, flags=re.S)
        new[i] = tu[:t.start()] + body + tu[t.end():]
    out, last = [], 0
    for i, m in enumerate(tus):
        out += [raw[last:m.start()], new.get(i, m.group(0))]
        last = m.end()
    return "".join(out) + raw[last:]


def flagged(binary, path):
    run = subprocess.run([binary, "validate", "--format", "json", path], capture_output=True)
    units = set()
    for line in run.stdout.decode().splitlines():
        if line.startswith("{"):
            f = json.loads(line)
            if f.get("code") in PAIR:
                units.add(f.get("tuid") or (f.get("line"), f.get("column")))
    return len(units)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "tmforge"))
    args = ap.parse_args()
    total = collections.Counter()
    print("| file | units | pair-level, as is | pair-level, shifted |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(p for d in args.dirs for p in glob.glob(os.path.join(d, "*.tmx"))):
            raw = open(path, encoding="utf-8", errors="replace").read()
            units = len(re.findall(r"<tu[\s>]", raw))
            if not units:
                continue
            moved = os.path.join(tmp, os.path.basename(path))
            with open(moved, "w", encoding="utf-8") as f:
                f.write(shifted(raw))
            a, b = flagged(args.bin, path), flagged(args.bin, moved)
            total.update(units=units, asis=a, shifted=b)
            print(f"| {os.path.basename(path)} | {units} | {100 * a / units:.1f} % | {100 * b / units:.1f} % |")
    u = total["units"] or 1
    print(f"| **all** | {total['units']} | {100 * total['asis'] / u:.1f} % | {100 * total['shifted'] / u:.1f} % |")


if __name__ == "__main__":
    main()
