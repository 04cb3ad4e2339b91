#!/usr/bin/env bash
# Runs the full JMH suite, and the numpy peers when python3 with numpy is present, then writes the report and its
# charts from that one run: to ghmm-bench/target/report/performance.md (untracked), or with --update-docs as the first
# argument to docs/performance.md and docs/images/perf-*.png.
# Extra arguments go to JMH (for example a benchmark regex, or -p factors=2,4).
set -euo pipefail
cd "$(dirname "$0")/.."
report=ghmm-bench/target/report/performance.md
if [ "${1:-}" = --update-docs ]; then
  report=docs/performance.md
  shift
fi
mvn -q -B package -DskipTests
mkdir -p "$(dirname "$report")"
java -jar ghmm-bench/target/benchmarks.jar -f 1 -wi 3 -i 5 -w 500ms -r 1s -prof gc -rf json -rff ghmm-bench/target/jmh.json "$@"
peers=()
if python3 -c "import numpy" 2>/dev/null; then
  python3 ghmm-bench/peers/numpy_peers.py > ghmm-bench/target/peers.json
  peers=(ghmm-bench/target/peers.json)
else
  echo "python3 with numpy not found: the report will say the numpy peers were not run" >&2
fi
# end to end: ghmm sample writing datasets to disk (JVM start included), 1 and 2 threads
timings=ghmm-bench/target/endtoend.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mess='"mess3:x=0.15,alpha=0.6"'
echo "{\"factored\": {\"structure\": \"independent\", \"factors\": [{\"variants\": [$mess]}, {\"variants\": [$mess]}, {\"variants\": [$mess]}]}}" \
  > "$work/mess3-cubed.json"
declare -A spec=([mess3]="mess3:x=0.15,alpha=0.6" [z1r-prime-squared]=docs/processes/z1r-prime-squared.json
                 [mess3-cubed]="$work/mess3-cubed.json" [shai-chain]=docs/processes/shai-chain.json)
count=50000
length=256
echo "[" > "$timings"
separator=""
for process in mess3 z1r-prime-squared mess3-cubed shai-chain; do
  for outputs in tokens with-beliefs; do
    if [ "$outputs" = tokens ]; then list=tokens; elif [ "$process" = mess3 ]; then list=tokens,beliefs; else list=tokens,factor-beliefs; fi
    for threads in 1 2; do
      start=$(date +%s%N)
      java -jar ghmm-cli/target/ghmm.jar sample --process "${spec[$process]}" --count $count --length $length --seed 1 \
        --threads $threads --outputs $list --out "$work/data" --overwrite > /dev/null
      end=$(date +%s%N)
      printf '%s{"process": "%s", "outputs": "%s", "threads": %d, "tokens": %d, "seconds": %s}\n' "$separator" "$process" "$list" \
        "$threads" $((count * length)) "$(awk "BEGIN { printf \"%.3f\", ($end - $start) / 1e9 }")" >> "$timings"
      separator=","
    done
  done
done
echo "]" >> "$timings"
java -cp ghmm-bench/target/benchmarks.jar dev.ghmm.bench.Report ghmm-bench/target/jmh.json "$report" "${peers[@]}" \
  --endtoend="$timings"
echo "wrote $report"
