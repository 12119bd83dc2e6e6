#!/usr/bin/env python3
"""How short articles hold up when their translation inserts or drops a sentence: the failure
that shifts every pair after it. Each Arabic-English news article (sets ar-en, ar-en-news,
ar-en-wire) is aligned again several times, each time with one change to its English:

- `delete`: one sentence of a 1-1 bead removed (its Arabic becomes a 1-0 bead);
- `insert`: one sentence of another article inserted where a gold bead starts (a 0-1 bead).

The places and inserted sentences are drawn with a fixed seed, so that two builds compare on
the same variants. Prints strict and lax F1 over all variants taken as one set, the beads at
confidence >= 0.99 and how many are right, the Brier score, and the variants scoring worst.

    python3 bench/perturb.py [--tmforge target/release/tmforge] [--mode delete,insert]
        [--variants 4] [--seeds 1,2,3,4] [-- ALIGN OPTIONS...]

Standard library only.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ablation  # noqa: E402

SETS = ("ar-en", "ar-en-news", "ar-en-wire")


def articles():
    """(name, Arabic lines, English lines, gold beads as (source list, target list))."""
    out = []
    for name in SETS:
        for src, tgt, gold, _, _, _ in ablation.documents(name):
            doc = os.path.basename(gold)[: -len(".gold")]
            with open(src, encoding="utf-8") as f:
                ar = f.read().splitlines()
            with open(tgt, encoding="utf-8") as f:
                en = f.read().splitlines()
            beads = [(list(s), list(t)) for s, t, _ in ablation.read_beads(gold)]
            out.append((f"{name}/{doc}", ar, en, beads))
    return out


def variant(mode, article, others, rnd):
    """The English and gold beads of one changed copy of `article`."""
    name, _, en, gold = article
    if mode == "delete":
        j = rnd.choice([t[0] for s, t in gold if len(s) == 1 and len(t) == 1 and t[0] > 0])
        return en[:j] + en[j + 1:], [(s, [x - (x > j) for x in t if x != j]) for s, t in gold]
    j = rnd.choice(sorted({t[0] for _, t in gold if t and t[0] > 0} | {len(en)}))
    inserted = rnd.choice([line for doc, line in others if doc != name])
    beads = [(s, [x + (x >= j) for x in t]) for s, t in gold]
    at = next((k for k, (_, t) in enumerate(beads) if t and t[0] == j + 1), len(beads))
    beads.insert(at, ([], [j]))
    return en[:j] + [inserted] + en[j:], beads


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tmforge", default=os.path.join(ablation.ROOT, "target", "release", "tmforge"))
    ap.add_argument("--mode", default="delete,insert")
    ap.add_argument("--variants", type=int, default=4, help="changed copies of each article per seed")
    ap.add_argument("--seeds", default="1,2,3,4")
    ap.add_argument("options", nargs="*", help="more options for tmforge align")
    args = ap.parse_args()
    score = ablation.reference_scorer()
    docs = articles()
    others = [(name, line) for name, _, en, _ in docs for line in en if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        for mode in args.mode.split(","):
            runs = []
            for seed in args.seeds.split(","):
                rnd = random.Random(int(seed))
                for article in docs:
                    for k in range(args.variants):
                        en, gold = variant(mode, article, others, rnd)
                        base = os.path.join(tmp, f"{mode}-{seed}-{article[0].replace('/', '-')}-{k}")
                        with open(base + ".ar", "w", encoding="utf-8") as f:
                            f.write("\n".join(article[1]) + "\n")
                        with open(base + ".en", "w", encoding="utf-8") as f:
                            f.write("\n".join(en) + "\n")
                        with open(base + ".gold", "w", encoding="utf-8") as f:
                            f.writelines(f"{s}:{t}\n" for s, t in gold)
                        subprocess.run(
                            [args.tmforge, "align", base + ".ar", base + ".en", "--src-lang", "ar",
                             "--tgt-lang", "en", "--presegmented", "-o", base + ".pred", "--force"]
                            + args.options,
                            check=True, stderr=subprocess.DEVNULL)
                        runs.append((base + ".gold", base + ".pred"))
            strict, lax, sure, right, brier = ablation.summarize(score, runs)
            print(f"{mode}: {len(runs)} variants, strict F1 {strict:.3f}, lax {lax:.3f}, "
                  f"{sure} beads at >= 0.99, {right} right, Brier {brier:.3f}")
            worst = sorted((ablation.summarize(score, [run])[0], os.path.basename(run[1])[:-5])
                           for run in runs)[:3]
            print("  worst: " + ", ".join(f"{name} {f1:.3f}" for f1, name in worst))


if __name__ == "__main__":
    main()
