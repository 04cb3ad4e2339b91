"""Write planted activations for a ghmm dataset: the residual stream of a model that represents beliefs linearly.

A stand-in for a trained model's recorded activations, so that ``ghmm probe`` and ``ghmm steer`` can be tried (and
tested) without training anything. Position ``p`` of sequence ``i`` has read ``tokens[i, :p+1]``, so its activation
is built from belief row ``p + 1`` (the dataset has no BOS token; with one, from row ``p``)::

    acts[k, i, p] = sum_f beliefs_f[i, row] @ U_f + noise_k * N(0, 1)

with ``U_f`` a random ``d_f x d`` map whose rows span factor ``f``'s own subspace (orthogonal to the other factors'
subspaces, so the factored representation is planted exactly), and the noise falling from ``--noise`` at layer 0 to
``--noise / layers`` at the last (some noise everywhere: beliefs alone span only sum_f (d_f - 1) + 1 dimensions, and
a probe refuses a rank-deficient residual stream without a ridge). Without factor beliefs the joint belief is planted the same way. The output is float32
``[layers, N, L, d]``, the layout ``ghmm probe --activations`` reads.

Usage (numpy only)::

    python3 examples/python/planted_activations.py data/ acts.npy --layers 3 --width 32 --noise 0.1 --seed 0
"""

import argparse
import json
import os
import sys

import numpy as np


def planted(dataset, layers, width, noise, seed):
    """The activations [layers, N, L, d] (float32) for the dataset directory ``dataset``."""
    with open(os.path.join(dataset, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    outputs = meta["outputs"]
    files = [o["file"] for o in outputs if o["name"] == "factor-beliefs"] or [o["file"] for o in outputs if o["name"] == "beliefs"]
    if not files:
        raise SystemExit(f"{dataset}: the dataset holds no beliefs; sample it with --outputs tokens,factor-beliefs or tokens,beliefs")
    beliefs = [np.load(os.path.join(dataset, name), mmap_mode="r") for name in files]
    dims = [b.shape[2] for b in beliefs]
    if sum(dims) > width:
        raise SystemExit(f"--width {width} is smaller than the {sum(dims)} belief dimensions to plant")
    n, length = meta["count"], meta["length"]
    first_row = 0 if meta.get("bos") is not None else 1
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.standard_normal((width, width)))      # orthonormal columns; factor f takes its own block
    maps, start = [], 0
    for d in dims:
        maps.append(basis[:, start:start + d].T * 2.0)                  # d_f x width: the rows span factor f's subspace
        start += d
    acts = np.empty((layers, n, length, width), dtype=np.float32)
    for lo in range(0, n, 1024):
        hi = min(n, lo + 1024)
        clean = sum(np.asarray(b[lo:hi, first_row:first_row + length], dtype=np.float64) @ m for b, m in zip(beliefs, maps))
        for k in range(layers):
            sigma = noise * (layers - k) / layers
            acts[k, lo:hi] = clean + sigma * rng.standard_normal(clean.shape)
    return acts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", help="a dataset directory written by ghmm sample")
    parser.add_argument("out", help="the .npy file to write, [layers, N, L, d] float32")
    parser.add_argument("--layers", type=int, default=3, help="layers (default 3)")
    parser.add_argument("--width", type=int, default=32, help="d, the residual stream width (default 32)")
    parser.add_argument("--noise", type=float, default=0.1, help="noise at layer 0, falling to noise/layers at the last (default 0.1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the maps and the noise (default 0)")
    args = parser.parse_args(argv)
    if args.layers < 1 or args.width < 1 or not args.noise >= 0:
        parser.error("--layers and --width must be >= 1 and --noise >= 0")
    acts = planted(args.dataset, args.layers, args.width, args.noise, args.seed)
    tmp = args.out + ".partial.npy"
    np.save(tmp, acts)
    os.replace(tmp, args.out)
    print(f"wrote {args.out}: float32 {list(acts.shape)}", file=sys.stderr)


if __name__ == "__main__":
    main()
