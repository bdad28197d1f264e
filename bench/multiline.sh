#!/usr/bin/env bash
# Cost of `multiline: python` on a source without tracebacks: CPU per million lines of
# `sluice run --once` (parse_json → blackhole) with and without it, interleaved rounds,
# medians; then the same with a traceback after every 100th line. Static release build.
#   bench/multiline.sh          # 2,000,000 generated lines, 7 rounds each (LINES, ROUNDS)
# Holds /tmp/sluice-build.lock while measuring.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
flock /tmp/sluice-build.lock swift build -c release --product sluice --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1
flock /tmp/sluice-build.lock swift build -c release --product sluice-bench --scratch-path .build-static >/dev/null 2>&1
repo=$(pwd)
exec 9>/tmp/sluice-build.lock
flock 9
work=$(mktemp -d /tmp/sluice-multiline.XXXXXX); trap 'rm -rf "$work"' EXIT
lines=${LINES:-2000000}
rounds=${ROUNDS:-7}
"$repo/.build-static/release/sluice-bench" generate --lines "$lines" > "$work/plain.log"
# The same lines with a 9-line CPython traceback after every 100th.
awk '{ print } NR % 100 == 0 {
  print "Traceback (most recent call last):"
  print "  File \"/app/pipeline/inference.py\", line 88, in run"
  print "    result = model.generate(prompt, max_tokens=512)"
  print "  File \"/app/pipeline/model.py\", line 41, in generate"
  print "    raise TimeoutError(\"model did not answer in 30 s\")"
  print "TimeoutError: model did not answer in 30 s"
}' "$work/plain.log" > "$work/tracebacks.log"
for mode in without with; do
  for input in plain tracebacks; do
    {
      echo "data_dir: $work/data-$mode-$input"
      echo "sources:"
      echo "  app:"
      echo "    type: file"
      echo "    include: [\"$work/$input.log\"]"
      [ $mode = with ] && echo "    multiline: python"
      echo "stages:"
      echo "  - type: parse_json"
      echo "outputs:"
      echo "  count: { type: blackhole }"
    } > "$work/$mode-$input.yaml"
  done
done
cat "$work/plain.log" "$work/tracebacks.log" > /dev/null
run() { rm -rf "$work/data-$1"; /usr/bin/time -f "%U %S" -o "$work/t" "$repo/.build-static/release/sluice" run --once -c "$work/$1.yaml" --log-level warning 2>/dev/null; awk '{printf "%.3f\n", $1+$2}' "$work/t"; }
for _ in $(seq "$rounds"); do
  run without-plain >> "$work/a"; run with-plain >> "$work/b"; run without-tracebacks >> "$work/c"; run with-tracebacks >> "$work/d"
done
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
a=$(med < "$work/a"); b=$(med < "$work/b"); c=$(med < "$work/c"); d=$(med < "$work/d")
echo "no tracebacks  without: $(paste -sd' ' "$work/a") | with multiline: $(paste -sd' ' "$work/b")"
echo "tracebacks     without: $(paste -sd' ' "$work/c") | with multiline: $(paste -sd' ' "$work/d")"
awk -v a="$a" -v b="$b" -v n="$lines" 'BEGIN{printf "no tracebacks: %.3f CPU-s/M lines without, %.3f with multiline: python (%+.1f%%; target at most +5%%)\n", a/n*1e6, b/n*1e6, (b/a-1)*100}'
awk -v c="$c" -v d="$d" -v n="$lines" 'BEGIN{printf "a traceback every 100 lines: %.3f CPU-s/M JSON lines without (each traceback line an event), %.3f with (one event per traceback)\n", c/n*1e6, d/n*1e6}'
