#!/usr/bin/env python3
"""Verse-level alignment of a scripture and its translation: each source verse is one line
(one sentence), and the translation's verses are split into sentences by `tmforge segment`, so
that a verse is translated by one to eight sentences. Prints strict and lax F1 through the
reference scorer, beads at confidence >= 0.99 and how many are right, and the Brier score, with
the encoder and with `--no-semantic`.

    python3 bench/verses.py --source quran-simple.txt --target en.sahih.txt \\
        [--chapters 2,3,12,18,19,36,55,67,78,96 | --chapters all] [--verses 40] [--whole]
        [--tmforge target/release/tmforge] [--keep DIR]

--source holds `chapter|verse|text` lines (the Tanzil text format); --target one verse a line
in the same order. From each chapter, --verses verses are taken (from a fixed random start in
longer chapters) as one document; with --whole, the chapters are joined into one document, as
a book is aligned whole. Neither text is in the repository. Standard library only.
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ablation  # noqa: E402


def segment(tmforge, text, lang):
    out = subprocess.run([tmforge, "segment", "--lang", lang, "-"], input=text + "\n",
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.split("\n") if line.strip()]


def documents(args, folder):
    source = []
    with open(args.source, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("|", 2)
            if len(parts) == 3 and parts[0].isdigit():
                source.append((int(parts[0]), parts[2]))
    with open(args.target, encoding="utf-8") as f:
        target = [line.rstrip("\n") for line in f]
    if len(source) != len(target):
        raise SystemExit(f"{len(source)} source verses against {len(target)} target lines")
    chapters = collections.defaultdict(list)
    for k, (chapter, _) in enumerate(source):
        chapters[chapter].append(k)
    rng = random.Random(7)
    docs = []
    wanted = sorted(chapters) if args.chapters == "all" else [int(c) for c in args.chapters.split(",")]
    for chapter in wanted:
        verses = chapters[chapter]
        start = 0 if len(verses) <= args.verses + 20 else rng.randrange(len(verses) - args.verses)
        verses = verses[start:start + args.verses]
        src, tgt, beads = [], [], []
        for k in verses:
            sentences = segment(args.tmforge, target[k], args.target_lang)
            beads.append(([len(src)], list(range(len(tgt), len(tgt) + len(sentences)))))
            src.append(source[k][1])
            tgt.extend(sentences)
        base = os.path.join(folder, f"c{chapter}")
        for ext, lines in (("src", src), ("tgt", tgt)):
            with open(f"{base}.{ext}", "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
        with open(f"{base}.gold", "w", encoding="utf-8") as f:
            f.writelines(f"{json.dumps(a)}:{json.dumps(b)}\n" for a, b in beads)
        docs.append(base)
    if args.whole:
        docs = [join(docs, os.path.join(folder, "whole"))]
    return docs


def join(docs, base):
    """One document of `docs` one after the other, with their gold beads renumbered."""
    src, tgt, gold = [], [], []
    for doc in docs:
        s = open(doc + ".src", encoding="utf-8").read().splitlines()
        t = open(doc + ".tgt", encoding="utf-8").read().splitlines()
        for a, b, _ in ablation.read_beads(doc + ".gold"):
            gold.append(([i + len(src) for i in a], [j + len(tgt) for j in b]))
        src += s
        tgt += t
    for ext, lines in (("src", src), ("tgt", tgt)):
        with open(f"{base}.{ext}", "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    with open(f"{base}.gold", "w", encoding="utf-8") as f:
        f.writelines(f"{json.dumps(a)}:{json.dumps(b)}\n" for a, b in gold)
    return base


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--source-lang", default="ar")
    ap.add_argument("--target-lang", default="en")
    ap.add_argument("--chapters", default="2,3,12,18,19,36,55,67,78,96")
    ap.add_argument("--verses", type=int, default=40)
    ap.add_argument("--whole", action="store_true", help="align the chapters as one document")
    ap.add_argument("--tmforge", default=os.path.join(ablation.ROOT, "target", "release", "tmforge"))
    ap.add_argument("--keep", metavar="DIR", help="write the documents, gold and alignments here")
    args = ap.parse_args()
    score = ablation.reference_scorer()
    with tempfile.TemporaryDirectory() as tmp:
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
        docs = documents(args, args.keep or tmp)
        shapes = collections.Counter()
        for base in docs:
            for a, b, _ in ablation.read_beads(base + ".gold"):
                shapes[f"{len(a)}-{len(b)}"] += 1
        print(f"{len(docs)} documents, {sum(shapes.values())} verses; gold shapes: "
              + ", ".join(f"{k} {v}" for k, v in shapes.most_common()))
        for label, flags in (("with the encoder", []), ("--no-semantic", ["--no-semantic"])):
            runs = []
            for base in docs:
                pred = base + ".pred"
                subprocess.run([args.tmforge, "align", base + ".src", base + ".tgt", "--src-lang",
                                args.source_lang, "--tgt-lang", args.target_lang, "--presegmented",
                                "-o", pred, "--force"] + flags, check=True)
                runs.append((base + ".gold", pred))
            strict, lax, sure, right, brier = ablation.summarize(score, runs)
            share = f"{right / sure:.3f}" if sure else "-"
            print(f"{label}: strict {strict:.3f}, lax {lax:.3f}; {sure} beads at >= 0.99, "
                  f"{share} right; Brier {brier:.3f}")


if __name__ == "__main__":
    main()
