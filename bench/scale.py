#!/usr/bin/env python3
"""Scale benchmark of `tmforge build`: wall time, documents/s, sentences/s and peak RSS for
synthetic corpora of several sizes, on 1 and 2 threads.

    python3 bench/scale.py                        # 100k, 300k and 1M sentences in all
    python3 bench/scale.py --sizes 1000x20        # DOCUMENTSxSENTENCES, comma-separated
    python3 bench/scale.py --keep /tmp/corpora    # keep the generated corpora

Each document is NAME.ar.txt with NAME.en.txt: Arabic and English sentence pairs drawn at random
from the repository's aligned article (corpus/, via its .gold file), with their numbers changed
together, in paragraphs of one to five sentences; now and then an English sentence is split in two
or two are joined, so the aligner has real work. Generation is seeded and deterministic.

It builds the release binary first, runs each build under /usr/bin/time -v, and prints a
Markdown table. Corpora are written under the system temp folder unless --keep is given.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "tmforge")


def article_pairs():
    """(arabic, english) sentence pairs from the corpus article, via its gold beads."""
    sentences = {}
    for lang in ("ar", "en"):
        out = subprocess.run(
            [BIN, "segment", "--lang", lang, os.path.join(ROOT, "corpus", f"azerbaijan-demining.{lang}.txt")],
            check=True, capture_output=True, text=True).stdout
        sentences[lang] = [l for l in out.split("\n") if l.strip()]
    pairs = []
    with open(os.path.join(ROOT, "corpus", "azerbaijan-demining.ar-en.gold"), encoding="utf-8") as f:
        for line in f:
            src, tgt = line.strip().split(":")[:2]
            s = [int(x) for x in re.findall(r"\d+", src)]
            t = [int(x) for x in re.findall(r"\d+", tgt)]
            if len(s) == 1 and len(t) == 1:
                pairs.append((sentences["ar"][s[0]], sentences["en"][t[0]]))
    return pairs


def renumber(ar, en, rng):
    """Replaces each plain number that appears in both sentences by one random number."""
    for n in set(re.findall(r"\b\d{2,4}\b", ar)) & set(re.findall(r"\b\d{2,4}\b", en)):
        new = str(rng.randint(10, 9999))
        ar = re.sub(rf"\b{n}\b", new, ar)
        en = re.sub(rf"\b{n}\b", new, en)
    return ar, en


def generate(folder, documents, sentences, pairs, seed=7):
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    for d in range(documents):
        ar_pars, en_pars, left = [], [], sentences
        while left > 0:
            k = min(left, rng.randint(1, 5))
            left -= k
            chosen = [renumber(*rng.choice(pairs), rng) for _ in range(k)]
            en = [e for _, e in chosen]
            if k >= 2 and rng.random() < 0.1:  # a 2-1 join in the translation
                en[0:2] = [en[0].rstrip(".") + ", and " + en[1][0].lower() + en[1][1:]]
            ar_pars.append(" ".join(a for a, _ in chosen))
            en_pars.append(" ".join(en))
        name = f"doc{d:06d}"
        with open(os.path.join(folder, f"{name}.ar.txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(ar_pars) + "\n")
        with open(os.path.join(folder, f"{name}.en.txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(en_pars) + "\n")


def run_build(corpus, out, threads):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads), SOURCE_DATE_EPOCH="1700000000")
    start = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-v", BIN, "build", corpus, "-o", out, "-q", "--json", "--force"],
                          env=env, capture_output=True, text=True)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"build failed: {proc.stderr[-2000:]}")
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return wall, rss_kb / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000x100,3000x100,10000x100",
                    help="comma-separated DOCUMENTSxSENTENCES (default: 100k, 300k, 1M sentences)")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--keep", help="folder to keep the corpora in")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    pairs = article_pairs()
    base = args.keep or tempfile.mkdtemp(prefix="tmforge-scale-")
    print("| documents | sentences (ar) | threads | wall s | documents/s | sentences/s | peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes.split(","):
        documents, sentences = (int(x) for x in size.split("x"))
        corpus = os.path.join(base, f"corpus-{size}")
        if not os.path.isdir(corpus):
            generate(corpus, documents, sentences, pairs)
        for threads in (int(t) for t in args.threads.split(",")):
            wall, rss = run_build(corpus, os.path.join(base, f"out-{size}-{threads}"), threads)
            total = documents * sentences
            print(f"| {documents} | {total} | {threads} | {wall:.2f} | {documents / wall:.0f} | "
                  f"{total / wall:.0f} | {rss:.0f} |", flush=True)


if __name__ == "__main__":
    main()
