"""The rates of docs/performance.md, "ghmm stream into Python": four ways of producing the five-factor chain's
batches (B = 25 000 sequences of L = 9 tokens, tokens int32 and each factor's belief in float32), on 1 and 2 threads:

* generate: the in-memory generator, JMH ``StreamBench.generate`` (ms per batch);
* python: ``ghmm stream`` piped into ghmm.stream (``stream_cost.py --jar``), every output of every batch read: the
  steady period the reader sees between batches 3 and 29, and the JVM's threads per batch (CPU, run-queue wait,
  asleep; ``stream_cost.py``);
* python_before (with ``--before DIR``): the same with DIR/ghmm.jar, another build, for a before/after in one run;
* shm: ``ghmm sample`` of the same outputs into /dev/shm;
* null: ``ghmm stream`` to /dev/null.

The shm and null cases are timed as the difference between a run of SHORT and one of LONG batches, which cancels the
JVM's start and the first batches: (t_LONG − t_SHORT) / (LONG − SHORT) per batch. The machine's speed drifts by tens
of per cent within minutes, so every case is bracketed by generator runs (generate, case, generate, next case,
generate, …) and compared with the mean of the two generator runs around it; each row records the 1-minute load
average. Prints each round as a JSON line and then, per thread count, the medians (low–high) of the rounds; ratios
are rates, the median of each round's ratio. Run from the repository root after
``mvn -B package -DskipTests -pl ghmm-cli,ghmm-bench -am``:
    python3 python/bench/stream_report.py [ROUNDS] [--threads 1,2] [--before DIR]
"""
import json, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
JAR, BENCH = ROOT / "ghmm-cli/target/ghmm.jar", ROOT / "ghmm-bench/target/benchmarks.jar"
CHAIN = str(ROOT / "docs/processes/shai-chain.json")
B, L, SHORT, LONG, PERIOD = 25_000, 9, 4, 20, 30
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
                        "-wi", "2", "-w", "1s", "-i", "3", "-r", "1s", "-rf", "json", "-rff", out.name],
                       check=True, stdout=subprocess.DEVNULL)
        return json.load(open(out.name))[0]["primaryMetric"]["score"]


def null(threads):
    return per_batch(lambda n: timed(STREAM + ["--threads", str(threads), "--batches", str(n)],
                                      stdout=subprocess.DEVNULL))[0]


def python(threads, jar=JAR):
    env = dict(os.environ, GHMM_JAR=str(jar))
    run = subprocess.run([sys.executable, str(ROOT / "python/bench/stream_cost.py"), "--jar", str(threads), str(PERIOD)],
                         env=env, check=True, capture_output=True, text=True)
    return json.loads(run.stdout)


def shm(threads):
    out = Path("/dev/shm/ghmm-stream-report")
    try:
        return per_batch(lambda n: timed(["java", "-jar", str(JAR), "sample", "--process", CHAIN, "--count",
                                          str(n * B), "--length", str(L), "--seed", "1", "--outputs",
                                          "tokens,factor-beliefs", "--threads", str(threads), "--out", str(out),
                                          "--overwrite"], stdout=subprocess.DEVNULL))[0]
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main(rounds, thread_counts, before):
    cases = [("python", lambda t: python(t))]
    if before:
        cases.append(("python_before", lambda t: python(t, Path(before) / "ghmm.jar")))
    cases += [("shm", shm), ("null", null)]
    results = {}
    for r in range(rounds):
        for threads in thread_counts:
            row = dict(round=r, threads=threads, load=[os.getloadavg()[0]])
            gen = [generate(threads)]
            for name, case in cases:
                value = case(threads)
                gen.append(generate(threads))
                row["load"].append(os.getloadavg()[0])
                if isinstance(value, dict):  # the reader's figures
                    row[name] = value["period_ms"]
                    row[name + "_user"], row[name + "_sys"], row[name + "_jvm"] = value["user_ms"], value["sys_ms"], value["jvm"]
                else:
                    row[name] = value
                row[name + "_generate"] = (gen[-2] + gen[-1]) / 2  # the generator around it
            row["generate"] = gen
            print(json.dumps(row), flush=True)
            results.setdefault(threads, []).append(row)
    for threads in thread_counts:
        rows = results[threads]
        summary = {}

        def put(key, values):
            summary[key] = dict(median=float(np.median(values)), low=float(min(values)), high=float(max(values)))

        put("generate", [g for row in rows for g in row["generate"]])
        put("load", [l for row in rows for l in row["load"]])
        for name, _ in cases:
            put(name, [row[name] for row in rows])
            put(name + "/generate rate", [row[name + "_generate"] / row[name] for row in rows])  # ms: inverse rates
        put("python/shm rate", [row["shm"] / row["python"] for row in rows])
        if before:
            put("python/python_before rate", [row["python_before"] / row["python"] for row in rows])
            put("python_before/shm rate", [row["shm"] / row["python_before"] for row in rows])
        print(json.dumps(dict(threads=threads, summary=summary)))


if __name__ == "__main__":
    args = sys.argv[1:]
    option = lambda name, default: args[args.index(name) + 1] if name in args else default
    positional = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or not args[i - 1].startswith("--"))]
    main(int(positional[0]) if positional else 5, [int(t) for t in option("--threads", "1,2").split(",")], option("--before", None))
