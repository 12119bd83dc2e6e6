#!/usr/bin/env python3
"""What each kind of evidence is worth: aligns every development set with the evidence levels of
`tmforge align` (length only; + numbers, names and punctuation; + lexicon; + the sentence
encoder) and prints strict and lax F1, the share of right beads among those at confidence
>= 0.99, and the Brier score, as a Markdown table. Also the seconds each run took.

    python3 bench/ablation.py [--tmforge target/release/tmforge] [--sets ar-en,ar-en-news,ar-en-wire,ar-en-udhr,ar-en-long,text-berg,corpus]

Standard library only. The Text+Berg set is read from ../shared/peers/alignment beside the
repository; sets that are missing are skipped.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")

LEVELS = [
    ("length only", ["--evidence", "length", "--no-semantic"]),
    ("+ numbers, names, punctuation", ["--evidence", "surface", "--no-semantic"]),
    ("+ lexicon", ["--evidence", "lexical", "--no-semantic"]),
    ("+ semantic", ["--evidence", "lexical"]),
]


def documents(name):
    """(source, target, gold, source lang, target lang, presegmented) of every document of a set."""
    if name in ("ar-en", "ar-en-news", "ar-en-wire", "ar-en-long", "ar-en-udhr"):
        folder = os.path.join(ROOT, "tests", "data", "align", name)
        if not os.path.isdir(folder):
            return []
        docs = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".gold"))
        return [
            (os.path.join(folder, d + ".ar"), os.path.join(folder, d + ".en"),
             os.path.join(folder, d + ".gold"), "ar", "en", True)
            for d in docs
        ]
    if name == "text-berg":
        d = os.path.join(SHARED, "peers", "alignment", "bleualign-dev")
        if not os.path.isdir(d):
            return []
        return [(os.path.join(d, "dev.de"), os.path.join(d, "dev.fr"),
                 os.path.join(d, "dev.gold"), "de", "fr", True)]
    if name == "corpus":
        c = os.path.join(ROOT, "corpus")
        return [(os.path.join(c, "azerbaijan-demining.ar.txt"),
                 os.path.join(c, "azerbaijan-demining.en.txt"),
                 os.path.join(c, "azerbaijan-demining.ar-en.gold"), "ar", "en", False)]
    raise SystemExit(f"unknown set {name}")


def read_beads(path, with_confidence=False):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(":")
            src = tuple(int(x) for x in re.findall(r"\d+", parts[0]))
            tgt = tuple(int(x) for x in re.findall(r"\d+", parts[1]))
            conf = float(parts[2]) if with_confidence and len(parts) > 2 else None
            out.append((src, tgt, conf))
    return out


def reference_scorer():
    """The reference scorer of ../shared/tools/align, so that figures compare with other notes."""
    sys.path.insert(0, os.path.join(SHARED, "tools", "align"))
    try:
        import score  # noqa: PLC0415
    except ImportError:
        raise SystemExit(f"the reference scorer is not at {SHARED}/tools/align/score.py")
    return score


def summarize(score, runs):
    """Strict F1, lax F1, beads at confidence >= 0.99, how many of them are right, and the Brier
    score, over the (gold file, predicted file) pairs of `runs` taken as one set."""
    scored, brier = [], []
    sure = sure_right = 0
    for gold, pred in runs:
        g = [(s, t) for s, t, _ in read_beads(gold)]
        p = read_beads(pred, with_confidence=True)
        scored.append(score.score_doc(g, [(s, t) for s, t, _ in p]))
        gp = set(g)
        for s, t, c in p:
            right = (s, t) in gp
            brier.append((c - right) ** 2)
            if c >= 0.99:
                sure += 1
                sure_right += right
    tot = {k: sum(d[k] for d in scored) for k in
           ("n_gold", "n_pred", "strict_hits", "lax_pred_hits", "lax_gold_hits")}
    sf = score._prf(tot["strict_hits"], tot["strict_hits"], tot["n_pred"], tot["n_gold"])[2]
    lf = score._prf(tot["lax_pred_hits"], tot["lax_gold_hits"], tot["n_pred"], tot["n_gold"])[2]
    return sf, lf, sure, sure_right, sum(brier) / len(brier)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tmforge", default=os.path.join(ROOT, "target", "release", "tmforge"))
    ap.add_argument("--sets", default="ar-en,ar-en-news,ar-en-wire,ar-en-udhr,ar-en-long,text-berg,corpus")
    args = ap.parse_args()
    score = reference_scorer()
    print("| set | evidence | strict F1 | lax F1 | ≥ 0.99: beads, right | Brier | seconds |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets.split(","):
            docs = documents(name)
            if not docs:
                print(f"({name}: not found, skipped)", file=sys.stderr)
                continue
            for label, flags in LEVELS:
                runs = []
                seconds = 0.0
                for k, (src, tgt, gold, sl, tl, preseg) in enumerate(docs):
                    pred = os.path.join(tmp, f"{name}-{k}.pred")
                    cmd = [args.tmforge, "align", src, tgt, "--src-lang", sl, "--tgt-lang", tl,
                           "-o", pred, "--force"] + flags + (["--presegmented"] if preseg else [])
                    start = time.perf_counter()
                    subprocess.run(cmd, check=True)
                    seconds += time.perf_counter() - start
                    runs.append((gold, pred))
                sf, lf, sure, sure_right, brier = summarize(score, runs)
                share = f"{sure}, {sure_right / sure:.3f}" if sure else "0, -"
                print(f"| {name} | {label} | {sf:.3f} | {lf:.3f} | {share} | "
                      f"{brier:.3f} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
