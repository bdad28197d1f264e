#!/usr/bin/env bash
# Cost of the alerting stages: CPU per million lines of `sluice run --once` with parse_json +
# trace, against the same with a metrics stage of 5 metrics (2 with when:, a histogram, labels
# from fields) and a workflow stage, interleaved rounds, medians. Static release build.
#   bench/alerting-stages.sh             # 2,000,000 generated lines, 5 rounds each
# Holds /tmp/sluice-build.lock while measuring.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product sluice --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1
swift build -c release --product sluice-bench --scratch-path .build-static >/dev/null 2>&1
repo=$(pwd)
exec 9>/tmp/sluice-build.lock
flock 9
work=$(mktemp -d /tmp/sluice-mab.XXXXXX); trap 'rm -rf "$work"' EXIT
lines=${LINES:-2000000}
"$repo/.build-static/release/sluice-bench" generate --lines "$lines" > "$work/app.log"
for mode in without with; do
  {
    echo "data_dir: $work/data-$mode"
    echo "sources:"
    echo "  app: { type: file, include: [\"$work/app.log\"] }"
    echo "stages:"
    echo "  - type: parse_json"
    echo "  - type: trace"
    if [ $mode = with ]; then
      echo "  - type: metrics"
      echo "    prefix: ai_"
      echo "    metrics:"
      echo "      - { name: events_total, type: counter, labels: { logger: \"%{[logger]}\", level: \"%{[level]}\" } }"
      echo "      - { name: errors_total, type: counter, labels: { logger: \"%{[logger]}\" }, when: { level: error } }"
      echo "      - { name: inference_seconds, type: histogram, value: latency_ms, scale: 0.001, labels: { model: \"%{[model]}\" } }"
      echo "      - { name: tokens_out_total, type: counter, add: tokens_out, labels: { model: \"%{[model]}\" } }"
      echo "      - { name: missing_trace_total, type: counter, when: { trace_id: { exists: false } } }"
      echo "  - type: workflow"
      echo "    step_field: event"
      echo "    steps: [data_ingested, document_normalized, chunk_embedded, inference_completed, answer_validated, delivered]"
      echo "    complete_within: 15m"
    fi
    echo "outputs:"
    echo "  count: { type: blackhole }"
  } > "$work/$mode.yaml"
done
cat "$work/app.log" > /dev/null
run() { rm -rf "$work/data-$1"; /usr/bin/time -f "%U %S" -o "$work/t" "$repo/.build-static/release/sluice" run --once -c "$work/$1.yaml" --log-level warning 2>/dev/null; awk '{printf "%.3f\n", $1+$2}' "$work/t"; }
for i in 1 2 3 4 5; do run without >> "$work/a"; run with >> "$work/b"; done
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
a=$(med < "$work/a"); b=$(med < "$work/b")
echo "without: $(paste -sd' ' $work/a) | with: $(paste -sd' ' $work/b)"
awk -v a=$a -v b=$b -v n=$lines 'BEGIN{printf "parse_json+trace: %.3f CPU-s/M lines; + metrics (5 metrics) + workflow: %.3f (+%.3f CPU-s/M, %+.1f%%)\n", a/n*1e6, b/n*1e6, (b-a)/n*1e6, (b/a-1)*100}'
