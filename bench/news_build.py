#!/usr/bin/env python3
"""The Arabic-English news sets through `tmforge build`, as a user meets them: whole articles
in paragraphs, segmented and aligned by tmforge, scored by translation unit. A unit is right
when its two sides are exactly the joined sentences of a gold bead that has text on both sides
(whitespace aside); precision is over the memory's units, recall over those gold beads.

    python3 bench/news_build.py [--sets ar-en-news,ar-en-wire] [--tmforge target/release/tmforge]
        [-- BUILD OPTIONS...]

A set's documents are read from tests/data/align/SET: DOC.ar.txt and DOC.en.txt where the set
has them (paragraphs as published), otherwise DOC.ar and DOC.en (one sentence a line) as a
headline paragraph and one body paragraph. Prints one line per document, the wrong units of
each, and the totals. Standard library only.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ablation  # noqa: E402

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def norm(text):
    return re.sub(r"\s+", " ", text).strip()


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def article(folder, doc, lang):
    """The article as published: its .txt file, or a headline and one body paragraph."""
    published = os.path.join(folder, f"{doc}.{lang}.txt")
    if os.path.exists(published):
        with open(published, encoding="utf-8") as f:
            return f.read()
    sentences = lines(os.path.join(folder, f"{doc}.{lang}"))
    return sentences[0] + "\n\n" + " ".join(sentences[1:]) + "\n"


def gold_units(folder, doc):
    source = lines(os.path.join(folder, f"{doc}.ar"))
    target = lines(os.path.join(folder, f"{doc}.en"))
    units = set()
    for s, t, _ in ablation.read_beads(os.path.join(folder, f"{doc}.gold"), True):
        if s and t:
            units.add((norm(" ".join(source[i] for i in s)), norm(" ".join(target[j] for j in t))))
    return units


def built_units(path):
    units = []
    for tu in ET.parse(path).getroot().iter("tu"):
        sides = {}
        for tuv in tu.iter("tuv"):
            seg = tuv.find("seg")
            sides[tuv.get(XML_LANG).split("-")[0]] = norm("".join(seg.itertext()))
        units.append((sides.get("ar", ""), sides.get("en", "")))
    return units


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="ar-en-news,ar-en-wire")
    ap.add_argument("--tmforge", default=os.path.join(ablation.ROOT, "target", "release", "tmforge"))
    ap.add_argument("--show", action="store_true", help="print the wrong units")
    ap.add_argument("build_options", nargs="*")
    args = ap.parse_args()
    total_right = total_units = total_gold = 0
    for name in args.sets.split(","):
        folder = os.path.join(ablation.ROOT, "tests", "data", "align", name)
        if not os.path.isdir(folder):
            print(f"{name}: missing, skipped", file=sys.stderr)
            continue
        docs = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".gold"))
        right = units = gold = 0
        with tempfile.TemporaryDirectory() as tmp:
            for doc in docs:
                # One document per build, so that each memory holds one article's units.
                corpus, out = os.path.join(tmp, doc), os.path.join(tmp, doc + ".out")
                os.mkdir(corpus)
                for lang in ("ar", "en"):
                    with open(os.path.join(corpus, f"{doc}.{lang}.txt"), "w", encoding="utf-8") as f:
                        f.write(article(folder, doc, lang))
                subprocess.run([args.tmforge, "build", corpus, "-o", out, "--no-review", "-q",
                                *args.build_options], check=True, stdout=subprocess.DEVNULL)
                want = gold_units(folder, doc)
                got = built_units(os.path.join(out, "ar-en.tmx"))
                hits = sum(1 for u in got if u in want)
                print(f"{name}/{doc}: {hits} of {len(got)} units right, {len(want)} gold")
                if args.show:
                    for u in got:
                        if u not in want:
                            print(f"   wrong: {u[0][:70]} || {u[1][:70]}")
                right, units, gold = right + hits, units + len(got), gold + len(want)
        p, r = right / max(units, 1), right / max(gold, 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        print(f"{name}: {right} of {units} units right, {gold} gold; P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        total_right, total_units, total_gold = total_right + right, total_units + units, total_gold + gold
    if total_units:
        p, r = total_right / total_units, total_right / max(total_gold, 1)
        print(f"all: {total_right} of {total_units} units right, {total_gold} gold; "
              f"P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f}")


if __name__ == "__main__":
    main()
