#!/usr/bin/env python3
"""The workloads of ghmm-bench written the way a numpy user would write them.

Prints one JSON list of {"workload", "params", "variant", "ns", "error"} on stdout: the time per operation in ns
(per vector, per token or per position, as named), mean and standard deviation over repeats of timeit. The inputs have the same
shapes and sparsity as the JMH benchmarks (random stochastic matrices, Mess3 and Z1R' factors), always batched over
many vectors, as numpy users write these workloads (one vector per Python call would measure the interpreter);
ghmm-bench's Report puts both in one table. Run by ghmm-bench/report.sh when python3 with numpy is present.
"""
import json
import os
import sys
import time
import timeit

import numpy as np

BATCH = 1024
REPEATS = 5


def measure(fn, per_call, min_time=0.2):
    """Mean and standard deviation of the time of one operation in ns, over REPEATS timeit runs."""
    number = 1
    while timeit.timeit(fn, number=number) < min_time / REPEATS and number < 1 << 24:
        number *= 2
    times = np.array(timeit.repeat(fn, number=number, repeat=REPEATS)) / number / per_call * 1e9
    return float(times.mean()), float(times.std())


def stochastic(n, rng):
    m = rng.random((n, n))
    return m / m.sum(axis=1, keepdims=True)


def mess3(x=0.15, a=0.6):
    """Mess3 (Marzen and Crutchfield): T(s)[i, j] = Pr(j | i) Pr(s | j)."""
    b = (1 - a) / 2
    y = 1 - 2 * x
    stay = np.full((3, 3), x) + np.eye(3) * (y - x)
    t = np.zeros((3, 3, 3))
    for s in range(3):
        emit = np.full(3, b)
        emit[s] = a
        t[s] = stay * emit[None, :]
    return t


def z1r_prime():
    h = 0.5
    t0 = np.array([[1, 0, 0], [0, 0, 0], [0, h, 0]], dtype=float)
    t1 = np.array([[0, 0, 0], [0, 0, 1], [0, h, 0]], dtype=float)
    return np.stack([t0, t1])


def kron_apply(x, factor, count):
    """x·(M ⊗ … ⊗ M) for a batch x of shape (B, d**count), one tensordot per mode, no materialising."""
    d = factor.shape[0]
    t = x.reshape((x.shape[0],) + (d,) * count)
    for mode in range(1, count + 1):
        t = np.moveaxis(np.tensordot(t, factor, axes=([mode], [0])), -1, mode)
    return t.reshape(x.shape[0], -1)


def sample_with_beliefs(transfer, initial, length, batch, rng):
    """Vectorised over a batch of sequences: draw each symbol from the belief's next-symbol distribution,
    record the belief and the per-token entropy, update the belief."""
    symbols, n, _ = transfer.shape
    emission = transfer.sum(axis=2).T  # (n, symbols): Pr(x | state)
    beliefs = np.empty((batch, length + 1, n))
    tokens = np.empty((batch, length), dtype=np.int32)
    loss = np.empty((batch, length))
    b = np.tile(initial, (batch, 1))
    beliefs[:, 0] = b
    for t in range(length):
        p = b @ emission
        loss[:, t] = -(p * np.log(np.where(p > 0, p, 1))).sum(axis=1)
        x = (rng.random((batch, 1)) > np.cumsum(p, axis=1)).sum(axis=1).clip(max=symbols - 1)
        tokens[:, t] = x
        b = np.einsum('bi,bij->bj', b, transfer[x])
        b /= b.sum(axis=1, keepdims=True)
        beliefs[:, t + 1] = b
    return tokens, beliefs, loss


PROBE_DATA = "ghmm-bench/target/probe-data"


def probe_design(directory):
    """The rows of ProbeBench's fit read from the same files: X [n, d + 1] float64 (activations and a ones column) and
    Y [n, 6] (both factors' beliefs at rows 1 … L, since P = L without BOS)."""
    acts = np.load(os.path.join(directory, "acts.npy"), mmap_mode="r")
    count, positions, width = acts.shape
    x = np.empty((count * positions, width + 1))
    x[:, :width] = acts.reshape(-1, width)
    x[:, width] = 1
    y = np.concatenate([np.load(os.path.join(directory, f"beliefs.f{f}.npy"), mmap_mode="r")[:, 1:, :].reshape(-1, 3) for f in (0, 1)],
                       axis=1)
    return x, y


def probe_fits(record_once):
    """numpy.linalg.lstsq (SVD of the design) and the normal equations solved by numpy, on ProbeBench's data (n = 10^5 and
    10^6 at d = 256, n = 10^5 at d = 2048 when the JMH run wrote them); the time includes reading the float32 file into
    the float64 design, as ghmm's does. lstsq is left out at d = 2048 (minutes)."""
    for n, d in (("100000", "256"), ("1000000", "256"), ("100000", "2048")):
        directory = os.path.join(PROBE_DATA, "n" + n + ("" if d == "256" else "-d" + d))
        if not os.path.exists(os.path.join(directory, "acts.npy")):
            print(f"{directory} not found: the probe peers need ProbeBench's data", file=sys.stderr)
            continue

        def lstsq():
            x, y = probe_design(directory)
            return np.linalg.lstsq(x, y, rcond=None)[0]

        def normal():
            x, y = probe_design(directory)
            return np.linalg.solve(x.T @ x, x.T @ y)

        if d == "256":
            record_once("probeFit", {"positions": n, "width": d}, "lstsq", lstsq, int(n))
        record_once("probeFit", {"positions": n, "width": d}, "normal-equations", normal, int(n))


def main():
    rng = np.random.default_rng(1)
    out = []

    def record(workload, params, variant, fn, per_call):
        ns, err = measure(fn, per_call)
        out.append({"workload": workload, "params": params, "variant": variant, "ns": ns, "error": err})
        print(f"{workload} {params} {variant}: {ns:.1f} ± {err:.1f} ns", file=sys.stderr)

    for s in (3, 9, 27, 81, 243, 729):
        m = stochastic(s, rng)
        xs = rng.random((BATCH, s))
        record("dense", {"states": str(s)}, "batched", lambda: xs @ m, BATCH)

    factors = {"mess3": mess3().sum(axis=0), "z1r-prime": z1r_prime().sum(axis=0)}
    for name, factor in factors.items():
        for count in (2, 4, 6, 8):
            n = 3 ** count
            xb = rng.random((64, n))
            record("kron", {"factor": name, "factors": str(count)}, "batched", lambda: kron_apply(xb, factor, count), 64)

    processes = {"mess3": mess3()}
    zp = z1r_prime()
    processes["z1r-x-z1r"] = np.stack([np.kron(zp[a], zp[b]) for a in range(2) for b in range(2)])
    for name, transfer in processes.items():
        n = transfer.shape[1]
        initial = np.full(n, 1.0 / n)
        length = 256
        record("sampleWithBeliefs", {"process": name}, "batched",
               lambda: sample_with_beliefs(transfer, initial, length, BATCH, rng), BATCH * length)

    def record_once(workload, params, variant, fn, per_call, repeats=2):
        """Seconds-long operations: the mean and standard deviation of a few single runs, in ns per call unit."""
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) / per_call * 1e9)
        ns, err = float(np.mean(times)), float(np.std(times))
        out.append({"workload": workload, "params": params, "variant": variant, "ns": ns, "error": err})
        print(f"{workload} {params} {variant}: {ns:.1f} ± {err:.1f} ns", file=sys.stderr)

    probe_fits(record_once)

    json.dump({"numpy": np.__version__, "python": sys.version.split()[0], "results": out}, sys.stdout, indent=1)


def time_probe_fits(n, d, fits):
    """Prints the wall and process CPU time (every BLAS thread's) of each of `fits` normal-equations fits on ProbeBench's
    data of n positions and width d, after one unmeasured fit: the counterpart of ProbeBench's main."""
    directory = os.path.join(PROBE_DATA, "n" + n + ("" if d == "256" else "-d" + d))
    for i in range(fits + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        x, y = probe_design(directory)
        np.linalg.solve(x.T @ x, x.T @ y)
        if i > 0:
            print(f"numpy normal equations n={n} d={d} wall {time.perf_counter() - wall:.3f} s cpu {time.process_time() - cpu:.3f} s")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "probe":
        time_probe_fits(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
