"""Python's cost per batch of ghmm.stream, on a synthetic stream or on the real ``ghmm stream``.

Synthetic (default): a writer process sends the same ghmm-stream/1 batch again and again as fast as a pipe takes
it; the reader times, per batch, FrameReader.read (the pipe read into recycled arrays) and batches.assemble as
ghmm.stream calls them (views of the outputs, int64 inputs and targets in recycled arrays) and, for comparison,
assemble copying every array into fresh ones as Dataset.batches does; medians after 3 warm-up batches:
    python3 python/bench/stream_cost.py [B] [L] [batches]

Real pipe (``--jar``): ghmm.stream itself runs ``java -jar $GHMM_JAR stream`` (the five-factor chain of
docs/processes/shai-chain.json, tokens and float32 factor beliefs, seed 1) and reads every array of every batch;
prints one JSON line: the wall time from the call to the end, the steady period (batches 3 … N − 1, or
1 … N − 1 when N < 8), and this
process's user and system CPU per steady batch (user: Python's own work; system: mostly the pipe reads), and per
steady batch the JVM's threads by name (/proc/PID/task/*/schedstat: CPU, run-queue wait, and asleep, the rest of
the period; ghmm-stream and ghmm-datasets generate, java writes and launches):
    GHMM_JAR=ghmm-cli/target/ghmm.jar python3 python/bench/stream_cost.py --jar THREADS BATCHES [B] [L]
"""
import io, json, os, resource, subprocess, sys, time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ghmm.batches import Layout, Recycler, assemble
from ghmm.stream import PIPE_BYTES, _enlarge
from ghmm.stream_format import FrameReader, read_header

CHAIN = Path(__file__).resolve().parents[2] / "docs" / "processes" / "shai-chain.json"


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


def run(label, b, length, outputs, batches, dims, enlarge=True):
    arrays, entries = case(b, length, outputs)
    header = dict(format="ghmm-stream/1", process="synthetic", seed=0, length=length, dtype="float32",
                  alphabet=[str(i) for i in range(dims[0])], factors=[{"dimension": d} for d in dims[1]],
                  bos=dims[0], version="bench", batch=b, rank=0, world=1, start_batch=0, batches=None,
                  outputs=entries)
    frame_bytes = b"".join(npy(a) for a in arrays)
    writer = ("import sys; f=open(sys.argv[1],'rb').read(); h=open(sys.argv[2],'rb').read(); o=sys.stdout.buffer;"
              "o.write(h); o.flush()\nwhile True: o.write(f)")
    hf, ff = Path("/tmp/pyw-h.bin"), Path("/tmp/pyw-f.bin")
    hf.write_bytes(json.dumps(header).encode() + b"\n"); ff.write_bytes(frame_bytes)
    proc = subprocess.Popen([sys.executable, "-c", writer, str(ff), str(hf)], stdout=subprocess.PIPE)
    if enlarge:
        _enlarge(proc.stdout)
    h = read_header(proc.stdout)
    reader = FrameReader(proc.stdout, h)
    layout = Layout(length, h["bos"], np.float32)
    names = {e["name"] for e in entries}
    beliefs = "joint" if "beliefs" in names else "factors" if "factor-beliefs" in names else None
    extras = tuple(e for e in ("next", "loss") if e in names)
    weights = "logprob" if "logprob" in names else "uniform"
    recycler, index = Recycler(), np.arange(b, dtype=np.int64)
    read_t, asm_t, copy_t, kept = [], [], [], []
    for i in range(batches):
        empty = recycler.empty()
        t0 = time.perf_counter(); frame = reader.read(empty); t1 = time.perf_counter()
        kept.append(assemble(layout, frame.outputs, frame.factor_beliefs, slice(None), beliefs, weights, extras,
                             index, empty, views=True))
        t2 = time.perf_counter()
        assemble(layout, frame.outputs, frame.factor_beliefs, slice(None), beliefs, weights, extras, index)
        t3 = time.perf_counter()
        del frame, empty, kept[:-1]  # a training loop holds the batch it works on while the next is made
        if i >= 3:
            read_t.append(t1 - t0); asm_t.append(t2 - t1); copy_t.append(t3 - t2)
    proc.kill(); proc.wait()
    r, a, c = (np.median(t) * 1e3 for t in (read_t, asm_t, copy_t))
    print(f"{label:40s} {len(frame_bytes) / 1e6:6.2f} MB/batch  pipe {'1 MiB' if enlarge else '64 KiB'}  "
          f"read {r:5.2f} ms  assemble {a:5.2f} ms (copying every array into fresh ones: {c:5.2f} ms)")


def synthetic(b, length, n):
    tokens = lambda b, l, p: [("tokens", (b, p), "int32", {})]
    chain = lambda b, l, p: tokens(b, l, p) + [("factor-beliefs", (b, l + 1, 3), "float32", {"factor": f})
                                               for f in range(5)]
    run("mess3 tokens", b, length, tokens, n, (3, []))
    run("mess3 tokens,beliefs", b, length,
        lambda b, l, p: tokens(b, l, p) + [("beliefs", (b, l + 1, 3), "float32", {})], n, (3, []))
    run("shai-chain tokens,factor-beliefs (5 x 3)", b, length, chain, n, (432, [3] * 5), enlarge=False)
    run("shai-chain tokens,factor-beliefs (5 x 3)", b, length, chain, n, (432, [3] * 5))
    run("mess3 tokens,beliefs,next,loss,logprob", b, length,
        lambda b, l, p: tokens(b, l, p) + [("beliefs", (b, l + 1, 3), "float32", {}),
                                           ("next", (b, p, 3), "float32", {}), ("loss", (b, p), "float32", {}),
                                           ("logprob", (b, p), "float32", {})], n, (3, []))


def schedstat(pid):
    """Per thread name of the process: [CPU ns, run-queue wait ns, threads] summed over its threads
    (/proc/PID/task/*/schedstat)."""
    out = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            run, wait = (int(v) for v in (task / "schedstat").read_text().split()[:2])
        except (OSError, ValueError):
            continue  # the thread has just ended
        total = out.setdefault(name, [0, 0, 0])
        total[0] += run; total[1] += wait; total[2] += 1
    return out


def real(threads, n, b, length):
    import ghmm
    start, stamps, cpu, sched = time.perf_counter(), [], [], []
    s = ghmm.stream(str(CHAIN), batch_size=b, length=length, seed=1, outputs="tokens,factor-beliefs",
                    threads=threads, batches=n)
    first = 3 if n >= 8 else 1
    for i, batch in enumerate(s):  # every output of every batch read off the pipe and assembled; nothing else done
        usage = resource.getrusage(resource.RUSAGE_SELF)
        stamps.append(time.perf_counter()); cpu.append((usage.ru_utime, usage.ru_stime))
        if i in (first, n - 2):  # the JVM's threads while it still runs (the last batch may be its last word)
            sched.append((time.perf_counter(), schedstat(s.pid)))
    wall = time.perf_counter() - start
    steady = n - 1 - first
    # per steady batch, the JVM's threads by name: CPU, waiting for a core, and the rest of the period asleep
    # (summed over threads of one name: the generating threads are ghmm-stream and ghmm-datasets; java, the writer
    # and the launcher, which sleeps)
    (t0, a), (t1, z) = sched
    batches = n - 2 - first
    jvm = {name: dict(cpu_ms=(z[name][0] - a.get(name, [0, 0])[0]) / 1e6 / batches,
                      wait_ms=(z[name][1] - a.get(name, [0, 0])[1]) / 1e6 / batches, threads=z[name][2])
           for name in ("java", "ghmm-stream", "ghmm-datasets") if name in z}
    period = 1e3 * (t1 - t0) / batches
    for name, row in jvm.items():
        row["asleep_ms"] = z[name][2] * period - row["cpu_ms"] - row["wait_ms"]
    print(json.dumps(dict(threads=threads, batches=n, batch=b, length=length, wall_s=wall,
                          period_ms=1e3 * (stamps[-1] - stamps[first]) / steady,
                          user_ms=1e3 * (cpu[-1][0] - cpu[first][0]) / steady,
                          sys_ms=1e3 * (cpu[-1][1] - cpu[first][1]) / steady, pipe_bytes=PIPE_BYTES, jvm=jvm)))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--jar"]:
        args = [int(a) for a in sys.argv[2:]] + [25000, 9][len(sys.argv) - 4:]
        real(args[0], args[1], args[2], args[3])
    else:
        b = int(sys.argv[1]) if len(sys.argv) > 1 else 25000
        length = int(sys.argv[2]) if len(sys.argv) > 2 else 9
        synthetic(b, length, int(sys.argv[3]) if len(sys.argv) > 3 else 40)
