#!/usr/bin/env bash
# Runs the full JMH suite, and the numpy peers when python3 with numpy is present, then writes docs/performance.md
# and its charts (docs/images/perf-*.png) from that one run.
# Extra arguments go to JMH (for example a benchmark regex, or -p factors=2,4).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B install -DskipTests
java -jar ghmm-bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 500ms -r 1s -prof gc -rf json -rff ghmm-bench/target/jmh.json "$@"
peers=()
if python3 -c "import numpy" 2>/dev/null; then
  python3 ghmm-bench/peers/numpy_peers.py > ghmm-bench/target/peers.json
  peers=(ghmm-bench/target/peers.json)
else
  echo "python3 with numpy not found: the report will say the numpy peers were not run" >&2
fi
java -cp ghmm-bench/target/benchmarks.jar dev.ghmm.bench.Report ghmm-bench/target/jmh.json docs/performance.md "${peers[@]}"
echo "wrote docs/performance.md"
