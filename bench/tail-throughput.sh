#!/usr/bin/env bash
# Tailer benchmark: `sluice run --once` over a pre-written file into a counting sink
# (type: blackhole), against `wc -l` on the same file, in the same run; 3 rounds, medians.
#   bench/tail-throughput.sh            # 1 GB
#   SIZE_MB=256 bench/tail-throughput.sh
#   STATIC=0 bench/tail-throughput.sh  # Swift runtime as shared libraries (default 1: linked statically,
#                                      # as docker/Dockerfile builds it, like bench/peers.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${SIZE_MB:-1024}
rounds=${ROUNDS:-3}
if [ "${STATIC:-1}" = 1 ]; then
  swift build -c release --product sluice --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1
  sluice=.build-static/release/sluice
else
  swift build -c release --product sluice >/dev/null
  sluice=.build/release/sluice
fi
swift build -c release --product sluice-bench >/dev/null
work=$(mktemp -d /tmp/sluice-tail-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
lines=$(( size_mb * 1000000 / 308 ))
.build/release/sluice-bench generate --lines "$lines" > "$work/app.log"
bytes=$(stat -c %s "$work/app.log")
cat > "$work/pipeline.yaml" <<YAML
data_dir: $work/data
sources:
  app: { type: file, include: ["$work/app.log"] }
outputs:
  count: { type: blackhole }
YAML
cat "$work/app.log" > /dev/null   # page cache warm for both
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$work/wc.txt"; : > "$work/sluice.txt"; : > "$work/rss.txt"; : > "$work/cpu.txt"
for _ in $(seq "$rounds"); do
  # Wall time from bash's microsecond clock (time(1) rounds to 10 ms); CPU and RSS from time(1).
  t0=$EPOCHREALTIME; wc -l "$work/app.log" >/dev/null; t1=$EPOCHREALTIME
  echo "$t0 $t1" | awk '{printf "%.4f\n", $2-$1}' >> "$work/wc.txt"
  rm -rf "$work/data"
  t0=$EPOCHREALTIME
  /usr/bin/time -f "%U %S %M" -o "$work/t" "$sluice" run --once -c "$work/pipeline.yaml" 2>"$work/log"
  t1=$EPOCHREALTIME
  read -r user sys rss < "$work/t"
  echo "$t0 $t1" | awk '{printf "%.4f\n", $2-$1}' >> "$work/sluice.txt"; echo "$rss" >> "$work/rss.txt"; echo "$user $sys" | awk '{print $1+$2}' >> "$work/cpu.txt"
  grep -q "\"sluice_tailer_lines_read_total\":\"$lines\"" "$work/log" || { echo "sluice did not read every line:"; tail -1 "$work/log"; exit 1; }
done
wc_s=$(median < "$work/wc.txt"); sl_s=$(median < "$work/sluice.txt"); rss=$(median < "$work/rss.txt"); cpu=$(median < "$work/cpu.txt")
awk -v b="$bytes" -v l="$lines" -v w="$wc_s" -v s="$sl_s" -v r="$rss" -v c="$cpu" 'BEGIN {
  printf "file: %.0f MB, %d lines\n", b/1e6, l
  printf "wc -l:  %6.3f s  %8.0f MB/s\n", w, b/1e6/w
  printf "sluice: %6.3f s  %8.0f MB/s  cpu %.2f s  peak RSS %.1f MiB\n", s, b/1e6/s, c, r/1024
  printf "ratio: sluice reaches %.2fx the throughput of wc -l (target >= 0.5x; RSS target < 32 MiB)\n", w/s
}'
