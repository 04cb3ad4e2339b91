"""The rates of docs/performance.md, "ghmm stream into Python": four ways of producing the five-factor chain's
batches (B = 25 000 sequences of L = 9 tokens, tokens int32 and each factor's belief in float32), interleaved round
by round on 1 and 2 threads so that the machine's load falls on all of them alike:

* generate: the in-memory generator, JMH ``StreamBench.generate`` (ms per batch);
* null: ``ghmm stream`` to /dev/null;
* python: ``ghmm stream`` piped into ghmm.stream (``stream_cost.py --jar``), every output of every batch read: the
  difference of two runs as below, and ``python_period``, the steady period the reader sees (the ratios use it);
* shm: ``ghmm sample`` of the same outputs into /dev/shm.

The command-line cases are timed as the difference between a run of SHORT and one of LONG batches, which cancels
the JVM's start and the first batches: (t_LONG − t_SHORT) / (LONG − SHORT) per batch. Prints each round and the
medians with their range as JSON lines, the ratios as the median of each round's ratio. Run from the repository root after
``mvn -B package -DskipTests -pl ghmm-bench -am``:
    python3 python/bench/stream_report.py [ROUNDS]
"""
import json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
JAR, BENCH = ROOT / "ghmm-cli/target/ghmm.jar", ROOT / "ghmm-bench/target/benchmarks.jar"
CHAIN = str(ROOT / "docs/processes/shai-chain.json")
B, L, SHORT, LONG = 25_000, 9, 4, 20
STREAM = ["java", "-jar", str(JAR), "stream", "--process", CHAIN, "--length", str(L), "--seed", "1", "--batch",
          str(B), "--outputs", "tokens,factor-beliefs"]


def timed(command, **kw):
    start = time.perf_counter()
    run = subprocess.run(command, check=True, **kw)
    return time.perf_counter() - start, run


def per_batch(make):
    """ms per batch from a SHORT and a LONG run of ``make(batches)``."""
    short, _ = make(SHORT)
    long, run = make(LONG)
    return 1e3 * (long - short) / (LONG - SHORT), run


def generate(threads):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(["java", "-Djmh.ignoreLock=true", "-jar", str(BENCH), "StreamBench.generate", "-p", f"threads={threads}", "-f", "1",
                        "-wi", "2", "-w", "1s", "-i", "4", "-r", "1s", "-rf", "json", "-rff", out.name],
                       check=True, stdout=subprocess.DEVNULL)
        return json.load(open(out.name))[0]["primaryMetric"]["score"]


def null(threads):
    return per_batch(lambda n: timed(STREAM + ["--threads", str(threads), "--batches", str(n)],
                                      stdout=subprocess.DEVNULL))[0]


def python(threads):
    env = dict(os.environ, GHMM_JAR=str(JAR))
    ms, run = per_batch(lambda n: timed([sys.executable, str(ROOT / "python/bench/stream_cost.py"), "--jar",
                                         str(threads), str(n)], env=env, capture_output=True, text=True))
    return ms, json.loads(run.stdout)


def shm(threads):
    out = Path("/dev/shm/ghmm-stream-report")
    try:
        return per_batch(lambda n: timed(["java", "-jar", str(JAR), "sample", "--process", CHAIN, "--count",
                                          str(n * B), "--length", str(L), "--seed", "1", "--outputs",
                                          "tokens,factor-beliefs", "--threads", str(threads), "--out", str(out),
                                          "--overwrite"], stdout=subprocess.DEVNULL))[0]
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main(rounds):
    results = {}
    for r in range(rounds):
        for threads in (1, 2):
            row = dict(round=r, threads=threads, load=os.getloadavg()[0], generate=generate(threads),
                       null=null(threads))
            row["python"], cost = python(threads)
            row.update(python_period=cost["period_ms"], python_user=cost["user_ms"], python_sys=cost["sys_ms"])
            row["shm"] = shm(threads)
            print(json.dumps(row), flush=True)
            for key, value in row.items():
                results.setdefault((threads, key), []).append(value)
    for threads in (1, 2):
        summary = {key: dict(median=float(np.median(v)), low=float(min(v)), high=float(max(v)))
                   for (t, key), v in results.items() if t == threads and key not in ("round", "threads")}
        for name, over in (("python/generate rate", "generate"), ("python/shm rate", "shm"), ("null/generate rate", "generate")):
            mine = "null" if name.startswith("null") else "python_period"  # the reader's steady period per batch
            ratio = [o / m for o, m in zip(results[(threads, over)], results[(threads, mine)])]  # ms: inverse rates
            summary[name] = dict(median=float(np.median(ratio)), low=float(min(ratio)), high=float(max(ratio)))
        print(json.dumps(dict(threads=threads, summary=summary)))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
