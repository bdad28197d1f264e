#!/usr/bin/env bash
# Sluice at rest, as a sidecar spends most of its life: resident memory (total, anonymous,
# file-backed) and CPU over a quiet minute, following an empty log directory with an
# Elasticsearch output, once with the backend unreachable (a closed port) and once reachable
# (nginx as in bench/peers.sh). syslog-ng, the in-run peer, idles beside it on the same files.
#   bench/idle.sh                 # 60 s each (IDLE_SECONDS, or SECONDS_IDLE)
# Static release build, as docker/Dockerfile builds it, and the same binary stripped.
# bench/peers.sh runs it for its targets with NO_BUILD=1 (no build), SLUICE=<binary> (instead of
# .build-static/release/sluice), SHIPPED_ONLY=1 (only the stripped binary, as the image ships it:
# backend unreachable and reachable; then syslog-ng) and RESULTS=<file>, to which each
# measurement appends a line "key rss_kib anon_kib file_kib cpu_s seconds" (keys: unreachable,
# reachable, stripped-unreachable, stripped-reachable, syslog-ng; and "binary built_bytes stripped_bytes").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
idle=${IDLE_SECONDS:-${SECONDS_IDLE:-60}}
results=${RESULTS:-/dev/null}
if [ "${NO_BUILD:-0}" != 1 ]; then
  flock /tmp/sluice-build.lock swift build -c release --product sluice --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1
fi
work=$(mktemp -d /tmp/sluice-idle.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
cp "${SLUICE:-.build-static/release/sluice}" "$work/sluice"
strip -o "$work/sluice-stripped" "$work/sluice"
# Written back to disk before measuring, as an image's files are: the agent hands back the
# start-up pages of its binary (MADV_PAGEOUT), which the kernel cannot do for page-cache pages
# still dirty from the copy (they stayed resident: 14.6 MB file-backed instead of 8.8).
sync "$work/sluice" "$work/sluice-stripped"
mkdir -p "$work/logs" "$work/sink"
# A reachable backend: nginx answering like Elasticsearch.
port=""
for _ in $(seq 50); do
  candidate=$(( 20000 + RANDOM % 40000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free loopback port found" >&2; exit 1; }
sed -e "s|@DIR@|$work/sink|g" -e "s|@PORT@|$port|g" bench/nginx.conf > "$work/sink/nginx.conf"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx_bin" -p "$work/sink" -c "$work/sink/nginx.conf" 2>/dev/null &
pids+=($!)
pipeline() { # name url
  cat > "$work/$1.yaml" <<YAML
data_dir: $work/data-$1
sources:
  app: { type: file, include: ["$work/logs/*.log"] }
stages:
  - type: parse_json
outputs:
  es: { type: elasticsearch, url: "$2", index: "ai-workflow-logs-%{+YYYY.MM.dd}" }
YAML
}
pipeline unreachable "http://127.0.0.1:9"
pipeline reachable "http://127.0.0.1:$port"
measure() { # key label binary config (binary "syslog-ng": the peer, with config as its file)
  local key=$1; shift
  local pid
  if [ "$2" = syslog-ng ]; then
    /usr/sbin/syslog-ng -F --no-caps -f "$3" -R "$work/sng.persist" -p "$work/sng.pid" -c "$work/sng.ctl" >/dev/null 2>&1 &
    pid=$!
  else
    "$2" run -c "$3" --log-level warning 2>/dev/null &
    pid=$!
  fi
  pids+=("$pid")
  sleep 3   # started, opened its files, made its first connection attempt
  local t0
  t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  sleep "$idle"
  local t1 rss anon file hz
  t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  anon=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status")
  file=$(awk '/^RssFile/ {print $2}' "/proc/$pid/status")
  hz=$(getconf CLK_TCK)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$key $rss $anon $file $(echo "($t1-$t0)/$hz" | bc -l) $idle" >> "$results"
  printf '%-34s RSS %6.1f MB (anonymous %5.1f, file-backed %5.1f)  CPU %.3f s over %d s (%.3f CPU-s a minute)\n' \
    "$1" "$(echo "$rss/1024" | bc -l)" "$(echo "$anon/1024" | bc -l)" "$(echo "$file/1024" | bc -l)" \
    "$(echo "($t1-$t0)/$hz" | bc -l)" "$idle" "$(echo "($t1-$t0)/$hz*60/$idle" | bc -l)"
}
printf 'binary: %.1f MB as built, %.1f MB stripped\n' "$(echo "$(stat -c %s "$work/sluice")/1048576" | bc -l)" "$(echo "$(stat -c %s "$work/sluice-stripped")/1048576" | bc -l)"
echo "binary $(stat -c %s "$work/sluice") $(stat -c %s "$work/sluice-stripped")" >> "$results"
if [ "${SHIPPED_ONLY:-0}" = 1 ]; then
  measure stripped-unreachable "sluice stripped, backend unreachable" "$work/sluice-stripped" "$work/unreachable.yaml"
  measure stripped-reachable "sluice stripped, backend reachable" "$work/sluice-stripped" "$work/reachable.yaml"
else
  measure unreachable "sluice, backend unreachable" "$work/sluice" "$work/unreachable.yaml"
  measure reachable "sluice, backend reachable" "$work/sluice" "$work/reachable.yaml"
  measure stripped-reachable "sluice stripped, backend reachable" "$work/sluice-stripped" "$work/reachable.yaml"
fi
if [ -x /usr/sbin/syslog-ng ]; then
  : > "$work/logs/app.log"
  sed -e "s|@INPUT@|$work/logs/app.log|g" -e "s|@URL@|http://127.0.0.1:$port|g" -e "s|@WORKERS@|1|g" bench/syslog-ng.conf > "$work/syslog-ng.conf"
  measure syslog-ng "syslog-ng 3.38, backend reachable" syslog-ng "$work/syslog-ng.conf"
else
  echo "(syslog-ng not installed: bench/peers.sh installs it)"
fi
