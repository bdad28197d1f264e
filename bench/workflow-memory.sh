#!/usr/bin/env bash
# Memory of the workflow stage under distinct run ids: 1,000,000 workflow ids (one line each,
# runs that never complete, so every id past max_runs evicts one) written in 10 chunks to a
# followed file; after each chunk is read and checkpointed, the agent's resident memory.
# The same pipeline without the workflow stage runs first, as the baseline. Static release
# build; the workflow state is saved with every checkpoint write, as in production.
#   bench/workflow-memory.sh            # IDS=1000000 MAX_RUNS=10000
# Holds /tmp/sluice-build.lock while measuring.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product sluice --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1
repo=$(pwd)
exec 9>/tmp/sluice-build.lock
flock 9
work=$(mktemp -d /tmp/sluice-wfmem.XXXXXX)
agent=""
trap '[ -n "$agent" ] && kill "$agent" 2>/dev/null; rm -rf "$work"' EXIT
ids=${IDS:-1000000}
max_runs=${MAX_RUNS:-10000}
chunks=10
per=$((ids / chunks))

for mode in baseline workflow; do
  {
    echo "data_dir: $work/data-$mode"
    echo "sources:"
    echo "  app: { type: file, include: [\"$work/$mode.log\"], start_at: beginning }"
    echo "stages:"
    echo "  - type: parse_json"
    if [ $mode = workflow ]; then
      echo "  - type: workflow"
      echo "    steps: [ingestion, preprocessing, inference, post_processing, delivery]"
      echo "    complete_within: 15m"
      echo "    max_runs: $max_runs"
    fi
    echo "outputs:"
    echo "  count: { type: blackhole }"
  } > "$work/$mode.yaml"
done

# The checkpointed offset of the (one) followed file.
offset() { awk -F'\t' 'NR == 2 { print $7 }' "$1/checkpoints" 2>/dev/null || true; }
rss() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

for mode in baseline workflow; do
  : > "$work/$mode.log"
  "$repo/.build-static/release/sluice" run -c "$work/$mode.yaml" --log-level warning 2>"$work/$mode.err" &
  agent=$!
  row="$mode:"
  for chunk in $(seq 0 $((chunks - 1))); do
    python3 - "$chunk" "$per" >> "$work/$mode.log" <<'EOF'
import sys
chunk, per = int(sys.argv[1]), int(sys.argv[2])
out = []
for i in range(chunk * per, (chunk + 1) * per):
    out.append('{"@timestamp":"2026-12-03T10:00:00.000Z","level":"info","step":"ingestion","event":"data_ingested",'
               '"workflow_id":"wf-%08d","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","source":"s3://bucket/doc-%d.pdf"}\n' % (i, i))
sys.stdout.write("".join(out))
EOF
    size=$(stat -c %s "$work/$mode.log")
    deadline=$((SECONDS + 300))
    until [ "$(offset "$work/data-$mode")" = "$size" ]; do
      if [ $SECONDS -gt $deadline ]; then echo "timed out waiting for $mode chunk $chunk" >&2; exit 1; fi
      sleep 0.2
    done
    row="$row $(rss $agent)"
  done
  peak=$(awk '/^VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$agent/status")
  state=$(stat -c %s "$work/data-$mode/state/workflow-workflow_id" 2>/dev/null || echo 0)
  kill -TERM $agent; wait $agent || true; agent=""
  echo "$row MiB after each $per ids (peak $peak MiB, state file $state bytes)"
done
