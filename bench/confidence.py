#!/usr/bin/env python3
"""Precision by confidence bucket: how often a predicted bead is exactly a gold bead (strict), for
the beads whose confidence falls in each bucket. A useful confidence makes this rise with the
bucket, so that a threshold keeps the right beads and drops the wrong ones.

    python3 bench/confidence.py --gold GOLD --pred PRED [--pred PRED2 ...]

PRED is `tmforge align` output in the beads format with confidences (`[0, 1]:[2]:0.93`).
With several PRED files (and as many --gold files, or one), the beads are pooled. Prints a
Markdown table; also the Brier score and the mean confidence against the share of right beads.
"""
import argparse
import re

BUCKETS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 0.99), (0.99, 1.01)]


def beads(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            parts = line.split(":")
            src = tuple(int(x) for x in re.findall(r"\d+", parts[0]))
            tgt = tuple(int(x) for x in re.findall(r"\d+", parts[1]))
            conf = float(parts[2]) if len(parts) > 2 else None
            out.append((src, tgt, conf))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", action="append", required=True)
    ap.add_argument("--pred", action="append", required=True)
    a = ap.parse_args()
    golds = a.gold * len(a.pred) if len(a.gold) == 1 else a.gold
    rows = []
    for g, p in zip(golds, a.pred):
        gold = {(s, t) for s, t, _ in beads(g)}
        for s, t, c in beads(p):
            if c is None:
                raise SystemExit(f"{p}: a bead without confidence; align without --no-confidence")
            rows.append((c, (s, t) in gold))
    print("| confidence | beads | strict precision |")
    print("|---|---:|---:|")
    for lo, hi in BUCKETS:
        sel = [ok for c, ok in rows if lo <= c < hi]
        label = f"≥ {lo}" if hi > 1 else f"{lo}–{hi}" if lo > 0 else f"< {hi}"
        prec = f"{sum(sel) / len(sel):.3f}" if sel else "–"
        print(f"| {label} | {len(sel)} | {prec} |")
    n = len(rows)
    brier = sum((c - ok) ** 2 for c, ok in rows) / n
    print(f"\nbeads={n} mean confidence={sum(c for c, _ in rows) / n:.3f} "
          f"right={sum(ok for _, ok in rows) / n:.3f} brier={brier:.4f}")


if __name__ == "__main__":
    main()
