"""Python's cost per batch of ghmm.stream's reader: a synthetic ghmm-stream/1 stream fed from a pipe.

A writer process sends the same batch again and again as fast as a pipe takes it; the reader times
FrameReader.read (the pipe reads) and batches.assemble separately, per batch. Usage:
    python3 python/bench/stream_cost.py [B] [L] [batches]
Compare with the generator's time for the same batch (docs/performance.md: ns/token x B x L).
"""
import io, json, os, subprocess, sys, time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ghmm.batches import Layout, assemble
from ghmm.stream_format import FrameReader, read_header


def npy(a):
    b = io.BytesIO()
    np.lib.format.write_array(b, a, version=(1, 0))
    return b.getvalue()


def case(b, length, outputs, bos=True):
    p = length + (1 if bos else 0)
    arrays, entries = [], []
    for name, shape, dtype, extra in outputs(b, length, p):
        arrays.append(np.zeros(shape, dtype))
        entries.append(dict(name=name, file=name + ".npy", shape=list(shape), dtype=dtype, **extra))
    return arrays, entries


def run(label, b, length, outputs, batches, dims):
    arrays, entries = case(b, length, outputs)
    header = dict(format="ghmm-stream/1", process="synthetic", seed=0, length=length, dtype="float32",
                  alphabet=[str(i) for i in range(dims[0])], factors=[{"dimension": d} for d in dims[1]],
                  bos=dims[0], version="bench", batch=b, rank=0, world=1, start_batch=0, batches=None,
                  outputs=entries)
    frame = b"".join(npy(a) for a in arrays)
    writer = ("import sys; f=open(sys.argv[1],'rb').read(); h=open(sys.argv[2],'rb').read(); o=sys.stdout.buffer;"
              "o.write(h); o.flush()\nwhile True: o.write(f)")
    hf, ff = Path("/tmp/pyw-h.bin"), Path("/tmp/pyw-f.bin")
    hf.write_bytes(json.dumps(header).encode() + b"\n"); ff.write_bytes(frame)
    proc = subprocess.Popen([sys.executable, "-c", writer, str(ff), str(hf)], stdout=subprocess.PIPE)
    h = read_header(proc.stdout)
    reader = FrameReader(proc.stdout, h)
    layout = Layout(length, h["bos"], np.float32)
    names = {e["name"] for e in entries}
    beliefs = "joint" if "beliefs" in names else "factors" if "factor-beliefs" in names else None
    extras = tuple(e for e in ("next", "loss") if e in names)
    weights = "logprob" if "logprob" in names else "uniform"
    read_t, asm_t = [], []
    for i in range(batches):
        t0 = time.perf_counter(); reader.read(); t1 = time.perf_counter()
        assemble(layout, reader.outputs, reader.factor_buffers, slice(None), beliefs, weights, extras,
                 np.arange(b, dtype=np.int64))
        t2 = time.perf_counter()
        if i >= 3:
            read_t.append(t1 - t0); asm_t.append(t2 - t1)
    proc.kill(); proc.wait()
    r, a = np.median(read_t) * 1e3, np.median(asm_t) * 1e3
    print(f"{label:40s} {len(frame) / 1e6:7.2f} MB/batch  read {r:6.2f} ms  assemble {a:6.2f} ms  total {r + a:6.2f} ms")


if __name__ == "__main__":
    b = int(sys.argv[1]) if len(sys.argv) > 1 else 25000
    length = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    tokens = lambda b, l, p: [("tokens", (b, p), "int32", {})]
    run("mess3 tokens", b, length, tokens, n, (3, []))
    run("mess3 tokens,beliefs", b, length,
        lambda b, l, p: tokens(b, l, p) + [("beliefs", (b, l + 1, 3), "float32", {})], n, (3, []))
    run("shai-chain tokens,factor-beliefs (5 x 3)", b, length,
        lambda b, l, p: tokens(b, l, p) + [("factor-beliefs", (b, l + 1, 3), "float32", {"factor": f})
                                           for f in range(5)], n, (432, [3] * 5))
    run("mess3 tokens,beliefs,next,loss,logprob", b, length,
        lambda b, l, p: tokens(b, l, p) + [("beliefs", (b, l + 1, 3), "float32", {}),
                                           ("next", (b, p, 3), "float32", {}), ("loss", (b, p), "float32", {}),
                                           ("logprob", (b, p), "float32", {})], n, (3, []))
