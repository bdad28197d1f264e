#!/usr/bin/env bash
# API overhead: CPU per million lines of `sluice run --once` with the HTTP API off, and on
# with /metrics scraped every second, in the same run (interleaved rounds, medians).
#   bench/api-overhead.sh                 # 2,000,000 lines, 5 rounds each
#   LINES=500000 ROUNDS=3 bench/api-overhead.sh
# Pipeline: parse_json, trace, redact (all detectors), sample (1.0) into a blackhole output, so
# a run lasts seconds and sees several scrapes. CPU = user + sys from /usr/bin/time.
# Holds /tmp/sluice-build.lock while measuring (no flock-wrapped build competes).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
lines=${LINES:-2000000}
rounds=${ROUNDS:-5}
swift build -c release --product sluice --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1
swift build -c release --product sluice-bench --scratch-path .build-static >/dev/null 2>&1
sluice=.build-static/release/sluice
work=$(mktemp -d /tmp/sluice-api-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
.build-static/release/sluice-bench generate --lines "$lines" > "$work/app.log"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
for mode in off on; do
  {
    echo "data_dir: $work/data-$mode"
    echo "sources:"
    echo "  app: { type: file, include: [\"$work/app.log\"] }"
    echo "stages:"
    echo "  - type: parse_json"
    echo "  - type: trace"
    echo "  - type: redact"
    echo "    detectors: [all]"
    echo "  - type: sample"
    echo "    rate: 1.0"
    echo "outputs:"
    echo "  count: { type: blackhole }"
    [ "$mode" = on ] && echo "api: { listen: \"127.0.0.1:$port\" }"
  } > "$work/$mode.yaml"
done
cat "$work/app.log" > /dev/null
run() {  # $1: off | on. Prints CPU seconds.
  rm -rf "$work/data-$1"
  local scraper=""
  if [ "$1" = on ]; then
    ( while true; do curl -s -o /dev/null "http://127.0.0.1:$port/metrics" || true; sleep 1; done ) &
    scraper=$!
  fi
  /usr/bin/time -f "%U %S" -o "$work/time" "$sluice" run --once -c "$work/$1.yaml" --log-level warning 2>/dev/null
  [ -n "$scraper" ] && kill "$scraper" && wait "$scraper" 2>/dev/null || true
  awk '{printf "%.3f\n", $1 + $2}' "$work/time"
}
exec 9>/tmp/sluice-build.lock
flock 9
: > "$work/off.txt"; : > "$work/on.txt"
for i in $(seq "$rounds"); do
  run off >> "$work/off.txt"
  run on >> "$work/on.txt"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
off=$(median < "$work/off.txt"); on=$(median < "$work/on.txt")
echo "rounds: off $(paste -sd' ' "$work/off.txt") | on $(paste -sd' ' "$work/on.txt")"
awk -v off="$off" -v on="$on" -v n="$lines" 'BEGIN {
  printf "API off: %.3f CPU-s per million lines\n", off / n * 1e6
  printf "API on, scraped every second: %.3f CPU-s per million lines (%+.1f%%)\n", on / n * 1e6, (on / off - 1) * 100
}'
