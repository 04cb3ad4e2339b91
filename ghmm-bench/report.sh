#!/usr/bin/env bash
# Runs the full JMH suite and writes docs/performance.md from that one run.
# Extra arguments go to JMH (for example a benchmark regex, or -p factors=2,4).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests
java -jar ghmm-bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 500ms -r 1s -prof gc -rf json -rff ghmm-bench/target/jmh.json "$@"
java -cp ghmm-bench/target/benchmarks.jar dev.ghmm.bench.Report ghmm-bench/target/jmh.json docs/performance.md
echo "wrote docs/performance.md"
