#!/usr/bin/env bash
# Peer benchmark and the performance issue's targets, in one run: Sluice against syslog-ng on
# the same machine, file and loopback sink, plus large events, many files, Sluice at rest and
# the binary's size; ends with a table of every target, its limit, this run's figure, pass/fail.
#
#   bench/peers.sh                           # the default runs below, 3 rounds (~7 min on 2 cores)
#   LINES=200000 ROUNDS=1 IDLE_SECONDS=10 bench/peers.sh   # quick look
#   RUNS="es trace" bench/peers.sh           # some runs only (the targets table says n/a for the rest)
#   SLUICE_OUTPUT=blackhole bench/peers.sh   # Sluice ships to a `type: blackhole` output instead
#                                            # (a stand-in while a binary has no elasticsearch/loki)
#
# Environment: LINES (1000000), ROUNDS (3), SHIPPING (1: finish with sluice-bench --mode shipping), STATIC (1: the agent built with the Swift runtime
# linked statically, as docker/Dockerfile builds it; 0: shared libraries), COMPRESSION (gzip | none: Sluice's request bodies;
# syslog-ng sends them uncompressed; for the loki run gzip means JSON bodies, none its default, protobuf + snappy),
# LOKI_ENCODING (protobuf | json: the loki run's encoding; unset: the output's default), RUNS (which runs and their order:
# "es trace loki syslog-ng large files1 files500 idle"; otlp is also known), SLUICE_OUTPUT (http | blackhole), SYSLOG_NG_WORKERS (1: one HTTP
# connection; 2 was slower on a 2-core box), NO_BUILD=1 (use the binaries in .build/release as
# they are), VERIFY=0 (skip the delivery check below), VERIFY_LINES (20000), HOLD_BUILD_LOCK=1
# (hold /tmp/sluice-build.lock while measuring, so nobody's `flock`-wrapped swift build competes
# for the CPU), KEEP=1 (keep the work directory).
# Large events: LARGE_LINES (2000 events, ~445 MB), LARGE_BYTES (20000-200000: each event's prompt
# and completion size range), LARGE_ROUNDS (ROUNDS). Many files: FILES_COUNT (500), FILES_LINES
# (200000 in all), FILES_RATE (10000 lines a second in all), FILES_ROUNDS (ROUNDS). At rest:
# IDLE_SECONDS (60; measured once, not per round).
#
# What it does: generates LINES AI-workflow JSON lines (~300 bytes) with `sluice-bench generate`,
# starts nginx (Debian's) as a foreground child on a free loopback port as an Elasticsearch/Loki
# sink that never is the bottleneck (bench/nginx.conf: reads and discards every body, answers
# `_bulk` with a no-error JSON, Loki pushes with 204), then, ROUNDS times, runs one after another
# each as a fresh process with a fresh data directory:
#   es         sluice: file -> parse_json -> elasticsearch
#   trace      sluice: file -> parse_json, trace, redact (no `detectors:` key: all detectors),
#              sample (rate 1.0) -> elasticsearch
#   loki       sluice: file -> parse_json -> loki
#   otlp       sluice: file -> parse_json -> otlp (protobuf, to an OpenTelemetry Collector's /v1/logs)
#   syslog-ng  syslog-ng 3.38: file -> json-parser -> http() to _bulk (bench/syslog-ng.conf)
#   large      sluice, the trace run's pipeline, on LARGE_LINES large events instead
#              (`sluice-bench generate --large`: one LLM call a line, prompt and completion
#              each 20–200 KB of text with code, JSON in strings, escapes and some personal data)
#   files1     sluice live (`run`, not --once), following `include: [dir/*.log]`, file ->
#              parse_json -> elasticsearch, while `sluice-bench trickle` appends FILES_LINES lines
#              at FILES_RATE lines a second, one write(2) a line, to ONE file
#   files500   the same, the same lines at the same total rate, round-robin over FILES_COUNT files
#              (500: each written slowly, 20 lines a second)
# then once, after the rounds:
#   idle       bench/idle.sh (SHIPPED_ONLY=1): the stripped static binary, as the image ships it,
#              following an empty directory with an elasticsearch output for IDLE_SECONDS, backend
#              unreachable and reachable, then syslog-ng on an empty file beside it
# and always: the size of the agent stripped (`strip`, as docker/Dockerfile's `install -s`).
# Completion: Sluice runs as `sluice run --once`, which must exit only once every line was read
# and delivered (acknowledged by the sink); its "stopped" log line must say
# sluice_pipeline_events_out_total == LINES (LARGE_LINES for large).
# Before the timed rounds, a delivery check holds Sluice to that: each Sluice run, on the first
# VERIFY_LINES lines (large: the first 100 events), ships to bench/count-sink.py (python3: decodes gzip and snappy, counts `_bulk`
# documents and Loki entries), which must have every line when `--once` exits. syslog-ng runs in
# the foreground (-F) with its own control socket; it is done when `syslog-ng-ctl stats` shows its
# http destination's `written` counter at LINES, and is then stopped by PID.
# The files runs serve Sluice's HTTP API on a free loopback port: the writer starts once
# /metrics shows every file followed; the run is done when sluice_output_events_delivered_total
# reaches FILES_LINES (polled every 0.2 s, deadline 120 s), then Sluice is stopped by PID
# (SIGTERM) and its "stopped" line must say FILES_LINES events out. Their CPU is the whole
# process's (start, the trickle, the drain): CPU per million lines at a slow rate, not at full speed.
# CPU time (user+sys) and peak RSS come from the kernel's accounting via /usr/bin/time.
# Prints each run, then medians over the rounds as a markdown table, with each run's events per
# CPU-second relative to syslog-ng's (the runs on the same LINES lines only). The sink's access log gives each run's requests and bytes
# on the wire (Content-Length: compressed bytes when the body is gzip). Then the targets table
# (ratios between runs of this same process; memory in MiB, 2^20 bytes, the issue's MB read as MiB).
#
# Needs nginx, syslog-ng-core, syslog-ng-mod-http, time, curl, python3 and binutils (strip) (Debian); installs them
# when missing and run as root, without letting them run as system services.
set -euo pipefail
cd "$(dirname "$0")/.."
compression=${COMPRESSION:-none}
repo=$(pwd)
lines=${LINES:-1000000}
rounds=${ROUNDS:-3}
runs=${RUNS:-"es trace loki syslog-ng large files1 files500 idle"}
sluice_output=${SLUICE_OUTPUT:-http}
sng_workers=${SYSLOG_NG_WORKERS:-1}
large_lines=${LARGE_LINES:-2000}
large_bytes=${LARGE_BYTES:-20000-200000}
large_rounds=${LARGE_ROUNDS:-$rounds}
files_count=${FILES_COUNT:-500}
files_lines=${FILES_LINES:-200000}
files_rate=${FILES_RATE:-10000}
files_rounds=${FILES_ROUNDS:-$rounds}
idle_seconds=${IDLE_SECONDS:-60}
has_run() { case " $runs " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
case "$sluice_output" in http | blackhole) ;; *) echo "SLUICE_OUTPUT must be http or blackhole" >&2; exit 2 ;; esac

# --- tools -------------------------------------------------------------------------------------
need_pkgs=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_pkgs+=(nginx-light)
[ -x /usr/sbin/syslog-ng ] || need_pkgs+=(syslog-ng-core)
[ -e /usr/lib/syslog-ng/3.38/libhttp.so ] || ls /usr/lib/syslog-ng/*/libhttp.so >/dev/null 2>&1 || need_pkgs+=(syslog-ng-mod-http)
[ -x /usr/bin/time ] || need_pkgs+=(time)
command -v curl >/dev/null || need_pkgs+=(curl)
command -v python3 >/dev/null || need_pkgs+=(python3)
command -v strip >/dev/null || need_pkgs+=(binutils)
command -v bc >/dev/null || need_pkgs+=(bc)   # bench/idle.sh
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing: ${need_pkgs[*]}; install with: apt-get install --no-install-recommends ${need_pkgs[*]}" >&2; exit 2
  fi
  echo "installing ${need_pkgs[*]} (services are kept from starting)" >&2
  # policy-rc.d 101: the packages' maintainer scripts must not start nginx or syslog-ng.
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; own_policy=1; fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  for svc in nginx syslog-ng; do   # had one started anyway, stop that service only
    if service "$svc" status >/dev/null 2>&1; then service "$svc" stop >/dev/null 2>&1 || true; fi
  done
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
sng_bin=/usr/sbin/syslog-ng
sng_ctl=/usr/sbin/syslog-ng-ctl

# The agent as the Docker image ships it: Swift runtime linked statically (STATIC=0: shared).
if [ "${NO_BUILD:-0}" != 1 ]; then
  timeout 1800 flock /tmp/sluice-build.lock swift build -c release --product sluice-bench >/dev/null
  if [ "${STATIC:-1}" = 1 ]; then
    timeout 1800 flock /tmp/sluice-build.lock swift build -c release --product sluice --static-swift-stdlib --scratch-path .build-static >/dev/null
  else
    timeout 1800 flock /tmp/sluice-build.lock swift build -c release --product sluice >/dev/null
  fi
fi
if [ "${STATIC:-1}" = 1 ]; then sluice=$repo/.build-static/release/sluice; else sluice=$repo/.build/release/sluice; fi
# A binary just linked has its pages dirty in the page cache; an installed one does not. The
# agent gives back its start-up pages (MADV_PAGEOUT), which the kernel skips while dirty.
sync "$sluice"

# --- work directory, children, cleanup --------------------------------------------------------
work=$(mktemp -d /tmp/sluice-peers.XXXXXX)
nginx_pid=""
child_pids=()
cleanup() {
  local pid
  for pid in "${child_pids[@]}" $nginx_pid; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${child_pids[@]}" $nginx_pid; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${HOLD_BUILD_LOCK:-0}" = 1 ]; then
  exec 9>/tmp/sluice-build.lock
  echo "waiting for /tmp/sluice-build.lock (held while measuring)" >&2
  flock 9
fi

# --- input ------------------------------------------------------------------------------------
input=$work/app.log
"$repo/.build/release/sluice-bench" generate --lines "$lines" > "$input"
bytes=$(stat -c %s "$input")
have=$(wc -l < "$input")
[ "$have" = "$lines" ] || { echo "generator wrote $have lines, not $lines" >&2; exit 1; }
cat "$input" > /dev/null   # page cache warm for every run
large_input=$work/large-input.log
large_size=0
if has_run large; then
  "$repo/.build/release/sluice-bench" generate --large --prompt-bytes "$large_bytes" --lines "$large_lines" > "$large_input"
  large_size=$(stat -c %s "$large_input")
  have=$(wc -l < "$large_input")
  [ "$have" = "$large_lines" ] || { echo "generator wrote $have large lines, not $large_lines" >&2; exit 1; }
  cat "$large_input" > /dev/null
fi
# The agent as the image ships it: stripped (docker/Dockerfile: install -s).
strip -o "$work/sluice-stripped" "$sluice"
binary_bytes=$(stat -c %s "$sluice")
stripped_bytes=$(stat -c %s "$work/sluice-stripped")

# --- sink ---------------------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { # prints a free loopback port other than $@
  local candidate taken
  for _ in $(seq 50); do
    candidate=$(( 20000 + RANDOM % 40000 ))
    taken=0
    for other in "$@"; do [ "$candidate" = "$other" ] && taken=1; done
    if [ "$taken" = 0 ] && port_free "$candidate"; then echo "$candidate"; return 0; fi
  done
  echo "no free loopback port found" >&2; return 1
}
port=$(pick_port)
sink=$work/sink
mkdir -p "$sink"
sed -e "s|@DIR@|$sink|g" -e "s|@PORT@|$port|g" bench/nginx.conf > "$sink/nginx.conf"
"$nginx_bin" -p "$sink" -c "$sink/nginx.conf" 2>>"$sink/stderr" &
nginx_pid=$!
url=http://127.0.0.1:$port
for _ in $(seq 100); do
  curl -sf -o /dev/null "$url/" && break
  kill -0 "$nginx_pid" 2>/dev/null || { echo "nginx did not start:" >&2; cat "$sink/stderr" "$sink/error.log" >&2 2>/dev/null; exit 1; }
  sleep 0.05
done
curl -sf -o /dev/null "$url/" || { echo "nginx does not answer on $url" >&2; exit 1; }
access=$sink/access.log

# Waits until the access log has not grown for $1 seconds (nginx flushes its buffer every 200 ms).
access_quiet() {
  local quiet=$1 last=-1 size stable=0
  while :; do
    size=$(stat -c %s "$access" 2>/dev/null || echo 0)
    if [ "$size" = "$last" ]; then
      stable=$(awk -v s="$stable" 'BEGIN {print s + 0.1}')
      awk -v s="$stable" -v q="$quiet" 'BEGIN {exit !(s >= q)}' && return 0
    else
      stable=0; last=$size
    fi
    sleep 0.1
  done
}
# Requests and body bytes (Content-Length) in the access log from line $1 on: "requests bytes".
access_since() {
  awk -v from="$1" 'NR > from { n++; if ($5 != "-") b += $5 } END { printf "%d %d\n", n, b }' "$access"
}
access_lines() { wc -l < "$access" 2>/dev/null || echo 0; }

# --- configurations ---------------------------------------------------------------------------
sluice_config() { # name input(a file or a glob) url file
  local name=$1 in=$2 url=$3 file=$4
  {
    echo "data_dir: $work/data-$name"
    echo "sources:"
    echo "  app: { type: file, include: [\"$in\"], start_at: beginning }"
    echo "stages:"
    echo "  - type: parse_json"
    if [ "$name" = trace ] || [ "$name" = large ]; then
      echo "  - type: trace"
      echo "  - type: redact   # no detectors: key: every detector"
      echo "  - type: sample"
      echo "    rate: 1.0"
    fi
    case "$name" in files*) echo "api: { listen: \"127.0.0.1:$api_port\" }" ;; esac
    echo "outputs:"
    if [ "$sluice_output" = blackhole ]; then
      echo "  count: { type: blackhole }"
    elif [ "$name" = otlp ]; then
      echo "  otlp:"
      echo "    type: otlp"
      echo "    url: $url"
      echo "    resource: { service.name: ai-workflow }"
      echo "    compression: $compression"
    elif [ "$name" = loki ]; then
      echo "  loki:"
      echo "    type: loki"
      echo "    url: $url"
      echo "    labels: { app: ai-workflow, level: \"%{[level]}\" }"
      # The generated lines start on 2026-11-24: keep them sendable whenever the bench runs
      # (Loki's default max_age, 168h, would have the agent dead-letter them as too old).
      echo "    max_age: 87600h"
      echo "    compression: $compression"
      [ -z "${LOKI_ENCODING:-}" ] || echo "    encoding: $LOKI_ENCODING"
    else
      echo "  es:"
      echo "    type: elasticsearch"
      echo "    url: $url"
      echo "    index: \"ai-workflow-logs-%{+YYYY.MM.dd}\""
      echo "    compression: $compression"
    fi
  } > "$file"
}
api_port=""
if has_run files1 || has_run files500; then api_port=$(pick_port "$port"); fi
for run in $runs; do
  case "$run" in
    es | trace | loki | otlp | large | files1 | files500)
      case "$run" in
        large) sluice_config "$run" "$large_input" "$url" "$work/$run.yaml" ;;
        files*) sluice_config "$run" "$work/dir-$run/*.log" "$url" "$work/$run.yaml" ;;
        *) sluice_config "$run" "$input" "$url" "$work/$run.yaml" ;;
      esac
      if ! "$sluice" validate -c "$work/$run.yaml" > "$work/validate.txt" 2>&1; then
        echo "sluice rejects the configuration of run '$run':" >&2; cat "$work/validate.txt" >&2
        echo "(a binary without the elasticsearch/loki outputs can be measured with SLUICE_OUTPUT=blackhole)" >&2
        exit 1
      fi ;;
    syslog-ng)
      sed -e "s|@INPUT@|$input|g" -e "s|@URL@|$url|g" -e "s|@WORKERS@|$sng_workers|g" bench/syslog-ng.conf > "$work/syslog-ng.conf"
      "$sng_bin" --syntax-only -f "$work/syslog-ng.conf" ;;
    idle) ;;
    *) echo "unknown run '$run' in RUNS (es, trace, loki, otlp, syslog-ng, large, files1, files500, idle)" >&2; exit 2 ;;
  esac
done

# --- runs -----------------------------------------------------------------------------------------
# Each run appends "name wall user sys rss_kib requests body_bytes lines input_bytes" to $work/results.
: > "$work/results"
record() { echo "$*" >> "$work/results"; }
now() { date +%s.%N; }

run_sluice() {
  local name=$1 n=$lines size=$bytes before wall user sys rss requests body
  [ "$name" = large ] && { n=$large_lines; size=$large_size; }
  rm -rf "$work/data-$name"
  access_quiet 0.5
  before=$(access_lines)
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$sluice" run --once -c "$work/$name.yaml" 2> "$work/$name.log" &
  child_pids=($!)
  if ! wait "${child_pids[0]}"; then
    child_pids=(); echo "sluice ($name) failed:" >&2; tail -5 "$work/$name.log" >&2; exit 1
  fi
  child_pids=()
  read -r wall user sys rss < "$work/time"
  if ! grep -q "\"sluice_pipeline_events_out_total\":\"$n\"" "$work/$name.log"; then
    echo "sluice ($name) did not ship every line:" >&2; tail -1 "$work/$name.log" >&2; exit 1
  fi
  sleep 0.3; access_quiet 0.5
  read -r requests body < <(access_since "$before")
  if [ "$sluice_output" = http ] && [ "$requests" = 0 ]; then
    echo "sluice ($name) sent nothing to the sink" >&2; exit 1
  fi
  record "$name $wall $user $sys $rss $requests $body $n $size"
}

# The files runs: Sluice live, following $work/dir-NAME/*.log (FILES_COUNT files, or one), while
# sluice-bench trickle appends FILES_LINES lines at FILES_RATE lines a second in all.
metric_sum() { # family: sums its series in /metrics (empty when the API does not answer)
  curl -sf --max-time 2 "http://127.0.0.1:$api_port/metrics" 2>/dev/null |
    awk -v f="$1" '$1 == f || index($1, f "{") == 1 { s += $2; n++ } END { if (n) printf "%.0f\n", s }' || true
}
run_files() {
  local name=$1 count=1 dir=$work/dir-$1 before t0 t1 wall user sys rss requests body tpid spid="" deadline got="" size
  [ "$name" = files500 ] && count=$files_count
  rm -rf "$work/data-$name" "$dir"; mkdir -p "$dir"
  for i in $(seq 0 $(( count - 1 ))); do : > "$dir/$(printf 'app-%03d.log' "$i")"; done
  access_quiet 0.5
  before=$(access_lines)
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$sluice" run -c "$work/$name.yaml" 2> "$work/$name.log" &
  tpid=$!
  child_pids=("$tpid")
  deadline=$(( $(date +%s) + 30 ))
  while :; do   # the agent (time's child), then every file followed
    [ -n "$spid" ] || spid=$(awk '{print $1}' "/proc/$tpid/task/$tpid/children" 2>/dev/null || true)
    [ -n "$spid" ] && [ "$(metric_sum sluice_tailer_files_followed)" = "$count" ] && break
    kill -0 "$tpid" 2>/dev/null || { echo "sluice ($name) exited:" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    [ "$(date +%s)" -gt "$deadline" ] && { echo "sluice ($name) did not follow $count files within 30 s" >&2; exit 1; }
    sleep 0.05
  done
  child_pids=("$spid" "$tpid")
  t0=$(now)
  "$repo/.build/release/sluice-bench" trickle --dir "$dir" --files "$count" --lines "$files_lines" --rate "$files_rate" 2> "$work/trickle.err" ||
    { cat "$work/trickle.err" >&2; exit 1; }
  deadline=$(( $(date +%s) + 120 ))
  while :; do
    got=$(metric_sum sluice_output_events_delivered_total)
    if [ "${got:-0}" -ge "$files_lines" ] 2>/dev/null; then t1=$(now); break; fi
    kill -0 "$spid" 2>/dev/null || { echo "sluice ($name) exited:" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    [ "$(date +%s)" -gt "$deadline" ] && { echo "sluice ($name): ${got:-0} of $files_lines lines delivered 120 s after the writer finished" >&2; exit 1; }
    sleep 0.2
  done
  kill -TERM "$spid"
  wait "$tpid" || { child_pids=(); echo "sluice ($name) failed:" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
  child_pids=()
  read -r _ user sys rss < "$work/time"
  if ! grep -q "\"sluice_pipeline_events_out_total\":\"$files_lines\"" "$work/$name.log"; then
    echo "sluice ($name) did not ship exactly $files_lines lines:" >&2; tail -1 "$work/$name.log" >&2; exit 1
  fi
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  size=$(cat "$dir"/*.log | wc -c)
  sleep 0.3; access_quiet 0.5
  read -r requests body < <(access_since "$before")
  if [ "$sluice_output" = http ] && [ "$requests" = 0 ]; then
    echo "sluice ($name) sent nothing to the sink" >&2; exit 1
  fi
  record "$name $wall $user $sys $rss $requests $body $files_lines $size"
}

sng_written() {
  "$sng_ctl" stats -c "$work/sng/ctl" 2>/dev/null | awk -F';' '$1 == "dst.http" && $5 == "written" {print $6; exit}'
}
run_syslog_ng() {
  local before t0 t1 wall user sys rss requests body written="" deadline pid=""
  rm -rf "$work/sng"; mkdir -p "$work/sng"
  access_quiet 0.5
  before=$(access_lines)
  t0=$(now)
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$sng_bin" -F --no-caps -f "$work/syslog-ng.conf" \
    -R "$work/sng/persist" -p "$work/sng/pid" -c "$work/sng/ctl" > "$work/sng/out" 2>&1 &
  child_pids=($!)
  deadline=$(( $(date +%s) + 900 ))
  while :; do
    written=$(sng_written || true)
    if [ "${written:-0}" -ge "$lines" ] 2>/dev/null; then t1=$(now); break; fi
    if ! kill -0 "${child_pids[0]}" 2>/dev/null; then echo "syslog-ng exited:" >&2; tail -5 "$work/sng/out" >&2; exit 1; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then echo "syslog-ng: only ${written:-0} of $lines written after 900 s" >&2; exit 1; fi
    sleep 0.05
  done
  pid=$(cat "$work/sng/pid")
  kill "$pid"
  wait "${child_pids[0]}" || true
  child_pids=()
  read -r _ user sys rss < <(tail -1 "$work/time")
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  sleep 0.3; access_quiet 0.5
  read -r requests body < <(access_since "$before")
  record "syslog-ng $wall $user $sys $rss $requests $body $lines $bytes"
}

# --- delivery check ---------------------------------------------------------------------------------
# Before timing anything: each Sluice run, on the first VERIFY_LINES lines, against a sink that
# decodes the bodies and counts the documents/entries that arrived (bench/count-sink.py), must
# have delivered every line by the time `sluice run --once` exits.
verify_lines=${VERIFY_LINES:-20000}
[ "$verify_lines" -gt "$lines" ] && verify_lines=$lines
if [ "$sluice_output" = http ] && [ "${VERIFY:-1}" = 1 ] && [ "$verify_lines" -gt 0 ]; then
  head -n "$verify_lines" "$input" > "$work/verify.log"
  has_run large && head -n 100 "$large_input" > "$work/verify-large-input.log"
  vport=$(pick_port "$port" "$api_port")
  python3 bench/count-sink.py "$vport" 2> "$work/count-sink.err" &
  verify_pid=$!
  child_pids=("$verify_pid")
  vurl=http://127.0.0.1:$vport
  for _ in $(seq 100); do curl -sf -o /dev/null "$vurl/" && break; sleep 0.05; done
  for run in $runs; do
    case "$run" in es | trace | loki | otlp | large) ;; *) continue ;; esac
    want=$verify_lines; vinput=$work/verify.log
    [ "$run" = large ] && { want=$(wc -l < "$work/verify-large-input.log"); vinput=$work/verify-large-input.log; }
    sluice_config "$run" "$vinput" "$vurl" "$work/verify-$run.yaml"
    rm -rf "$work/data-$run"
    curl -sf -o /dev/null -X POST "$vurl/reset"
    if ! "$sluice" run --once -c "$work/verify-$run.yaml" 2> "$work/verify-$run.log"; then
      echo "delivery check: sluice ($run) failed:" >&2; tail -5 "$work/verify-$run.log" >&2; exit 1
    fi
    read -r bulk loki reqs otlp < <(curl -sf "$vurl/count")
    got=$bulk; [ "$run" = loki ] && got=$loki; [ "$run" = otlp ] && got=$otlp
    if [ "$got" != "$want" ]; then
      echo "delivery check: when sluice run --once ($run) exited, the sink had $got of $want lines ($reqs requests)" >&2
      exit 1
    fi
    echo "delivery check: sluice ($run) delivered $got of $want lines in $reqs requests before --once exited" >&2
  done
  kill "$verify_pid"; wait "$verify_pid" 2>/dev/null || true
  child_pids=()
fi

printf 'input: %d lines, %.1f MB (%.0f bytes a line); sink: nginx on %s; sluice outputs: %s; rounds: %d\n' \
  "$lines" "$(awk -v b="$bytes" 'BEGIN {print b/1e6}')" "$(awk -v b="$bytes" -v l="$lines" 'BEGIN {print b/l}')" "$url" "$sluice_output" "$rounds"
if has_run large; then
  printf 'large: %d events, %.1f MB (%.0f bytes a line; prompt and completion %s bytes each); rounds: %d\n' \
    "$large_lines" "$(awk -v b="$large_size" 'BEGIN {print b/1e6}')" "$(awk -v b="$large_size" -v l="$large_lines" 'BEGIN {print b/l}')" \
    "$large_bytes" "$(( large_rounds < rounds ? large_rounds : rounds ))"
fi
if has_run files1 || has_run files500; then
  printf 'files1/files500: %d lines at %d lines/s in all into 1 / %d files (sluice run, live, API on 127.0.0.1:%s); rounds: %d\n' \
    "$files_lines" "$files_rate" "$files_count" "$api_port" "$(( files_rounds < rounds ? files_rounds : rounds ))"
fi
printf '%-10s %5s %8s %10s %8s %11s %8s %7s %9s\n' run round wall_s events/s MB/s cpu_s/Mev rss_MB reqs sent_MB
for round in $(seq "$rounds"); do
  for run in $runs; do
    case "$run" in
      idle) continue ;;
      syslog-ng) run_syslog_ng ;;
      large) [ "$round" -le "$large_rounds" ] || continue; run_sluice large ;;
      files1 | files500) [ "$round" -le "$files_rounds" ] || continue; run_files "$run" ;;
      *) run_sluice "$run" ;;
    esac
    tail -1 "$work/results" | awk -v r="$round" '{
      cpu = $3 + $4; l = $8; b = $9
      printf "%-10s %5d %8.2f %10.0f %8.1f %11.2f %8.1f %7d %9.1f\n", $1, r, $2, l/$2, b/1e6/$2, cpu/l*1e6, $5/1024, $6, $7/1e6 }'
  done
done

# --- medians and the table --------------------------------------------------------------------------
# $work/medians: "name wall cpu rss_kib requests sent_bytes lines input_bytes rounds" per run.
awk '
  function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return a[int((n + 1) / 2)]
  }
  !($1 in wall) { order[++k] = $1 }
  { wall[$1] = wall[$1] " " $2; cpu[$1] = cpu[$1] " " ($3 + $4); rss[$1] = rss[$1] " " $5; req[$1] = req[$1] " " $6; sent[$1] = sent[$1] " " $7; n[$1] = $8; b[$1] = $9; r[$1]++ }
  END { for (i = 1; i <= k; i++) { x = order[i]; print x, median(wall[x]), median(cpu[x]), median(rss[x]), median(req[x]), median(sent[x]), n[x], b[x], r[x] } }
' "$work/results" > "$work/medians"

echo
label() {
  [ "$sluice_output" = blackhole ] && case "$1" in es | trace | loki | otlp | large | files1 | files500) echo "sluice ($1 stages) → blackhole"; return ;; esac
  case "$1" in
    es) echo "sluice → elasticsearch" ;;
    trace) echo "sluice + trace, redact (all detectors), sample (rate 1) → elasticsearch" ;;
    loki) echo "sluice → loki" ;;
    otlp) echo "sluice → otlp (protobuf)" ;;
    syslog-ng) echo "syslog-ng 3.38 → elasticsearch (http)" ;;
    large) echo "large events: sluice + trace, redact (all), sample → elasticsearch" ;;
    files1) echo "1 file written at $files_rate lines/s: sluice live → elasticsearch" ;;
    files500) echo "$files_count files, $files_rate lines/s in all: sluice live → elasticsearch" ;;
  esac
}
[ "$sluice_output" = blackhole ] && echo "(sluice runs ship to type: blackhole, not to the sink)"
awk -v order="$runs" '
  { wall[$1] = $2; cpu[$1] = $3; rss[$1] = $4; req[$1] = $5; sent[$1] = $6; l[$1] = $7; b[$1] = $8 }
  END {
    n = split(order, names, " ")
    if ("syslog-ng" in wall) { peer_eff = l["syslog-ng"] / cpu["syslog-ng"]; peer_wall = wall["syslog-ng"] }
    print "| run | wall s | events/s | input MB/s | CPU-s per M events | peak RSS MB | events per CPU-s | vs syslog-ng (events per CPU-s) | vs syslog-ng (events/s) | requests | sent MB |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      r = names[i]
      if (!(r in wall)) continue
      eff = l[r] / cpu[r]
      # Only the runs over the same lines as syslog-ng compare with it.
      if (peer_eff > 0 && l[r] == l["syslog-ng"] && b[r] == b["syslog-ng"] && r !~ /^files/) {
        ratio = sprintf("%.2fx", eff / peer_eff); tput = sprintf("%.2fx", peer_wall / wall[r])
      } else { ratio = "n/a"; tput = "n/a" }
      printf "| %s | %.2f | %.0f | %.1f | %.2f | %.1f | %.0f | %s | %s | %d | %.1f |\n", r, wall[r], l[r] / wall[r], b[r] / 1e6 / wall[r], cpu[r] / l[r] * 1e6, rss[r] / 1024, eff, ratio, tput, req[r], sent[r] / 1e6
    }
  }' "$work/medians" | while IFS= read -r row; do
    name=$(echo "$row" | awk -F'|' '{gsub(/ /, "", $2); print $2}')
    case "$name" in es | trace | loki | otlp | syslog-ng | large | files1 | files500) echo "${row/| $name |/| $(label "$name") |}" ;; *) echo "$row" ;; esac
  done
echo
echo "medians over the rounds (ROUNDS=$rounds; large: $(( large_rounds < rounds ? large_rounds : rounds )), files runs: $(( files_rounds < rounds ? files_rounds : rounds ))); CPU = user + sys of the process (kernel accounting, /usr/bin/time); syslog-ng's wall time runs from its start to its stats showing all $lines lines written; a files run's from the writer's start (it writes for $(awk -v l="$files_lines" -v r="$files_rate" 'BEGIN {printf "%.0f", l / r}') s) to every line delivered, its CPU the whole process's."

# --- the libcurl path against /dev/null (issue: at most +20% CPU), same sink ------------------
if [ "${SHIPPING:-1}" = 1 ]; then
  echo
  echo "libcurl path: the same encoded and gzipped bodies POSTed to the sink vs written to /dev/null (sluice-bench --mode shipping):"
  "$repo/.build/release/sluice-bench" --mode shipping --url "$url" --lines "$(( lines < 500000 ? lines : 500000 ))" --rounds 3 | sed 1d
fi

# --- at rest: bench/idle.sh on the stripped static binary, syslog-ng beside it ----------------------
: > "$work/idle"
if has_run idle; then
  echo
  echo "at rest (bench/idle.sh, $idle_seconds s each after 3 s to settle; the agent stripped, as the image ships it):"
  IDLE_SECONDS=$idle_seconds NO_BUILD=1 SHIPPED_ONLY=1 SLUICE=$sluice RESULTS=$work/idle bash bench/idle.sh
fi

# --- the targets (the performance issue), all from this run ------------------------------------------
echo
echo "targets (release build, static as the image ships it; ratios between runs of this same invocation):"
echo
awk -v lines="$lines" -v stripped="$stripped_bytes" -v built="$binary_bytes" -v static="${STATIC:-1}" \
    -v output="$sluice_output" -v files_count="$files_count" -v runs=" $runs " '
  function mib(kib) { return kib / 1024 }
  function row(target, limit, figure, verdict) { printf "| %s | %s | %s | %s |\n", target, limit, figure, verdict }
  function pf(ok) { return ok ? "**pass**" : "**FAIL**" }
  function missing(names) { return "n/a (needs RUNS with " names ")" }
  FNR == NR { wall[$1] = $2; cpu[$1] = $3; rss[$1] = $4; l[$1] = $7; b[$1] = $8; next }
  { idle_rss[$1] = $2; idle_cpu[$1] = $5; idle_s[$1] = $6 }
  END {
    print "| target | limit | this run | verdict |"
    print "|---|---|---|---|"
    note = (static == 1 ? "" : " (STATIC=0: shared Swift runtime, not as shipped)") (output == "http" ? "" : " (blackhole output, not ES)")
    # CPU: trace pipeline against plain parse -> ES.
    if (("trace" in cpu) && ("es" in cpu)) {
      t = cpu["trace"] / l["trace"] * 1e6; e = cpu["es"] / l["es"] * 1e6
      row("trace + redact (all detectors) + sample → ES: CPU per million lines" note, "(reported)", sprintf("%.2f CPU-s (plain parse → ES: %.2f)", t, e), "")
      row("… its cost over plain parse → ES, same run", "≤ +35% (1.35x)", sprintf("%+.0f%% (%.2fx)", (t / e - 1) * 100, t / e), pf(t / e <= 1.35))
    } else row("trace pipeline vs plain parse → ES, CPU per million lines", "≤ +35%", missing("es and trace"), "")
    # Peak RSS on the backlog: the highest of the Sluice runs over the LINES lines.
    worst = ""; each = ""
    split("es trace loki otlp", cand, " ")
    for (i = 1; i <= 4; i++) if (cand[i] in rss) {
      each = each (each == "" ? "" : ", ") sprintf("%s %.1f", cand[i], mib(rss[cand[i]]))
      if (worst == "" || rss[cand[i]] > rss[worst]) worst = cand[i]
    }
    if (worst != "") {
      row(sprintf("Peak RSS on the %d-line backlog, the highest of the Sluice runs%s", lines, lines == 1000000 ? "" : " (the issue: 1M lines)"), "≤ 32 MiB",
          sprintf("%.1f MiB (%s)", mib(rss[worst]), each), pf(mib(rss[worst]) <= 32))
    } else row("Peak RSS on the 1M-line backlog", "≤ 32 MiB", missing("es or trace"), "")
    # At rest.
    peer = ("syslog-ng" in idle_rss) ? sprintf("; syslog-ng 3.38: %.1f MiB", mib(idle_rss["syslog-ng"])) : ""
    if ("stripped-reachable" in idle_rss) {
      row("Idle RSS, elasticsearch output, backend reachable (" idle_s["stripped-reachable"] " s)", "≤ 12 MB (Fluent Bit ≈12 MB, per the issue; not measured here)",
          sprintf("%.1f MiB%s", mib(idle_rss["stripped-reachable"]), peer), pf(mib(idle_rss["stripped-reachable"]) <= 12))
      row("Idle RSS, backend unreachable", "≤ 12 MB (as above)", sprintf("%.1f MiB", mib(idle_rss["stripped-unreachable"])), pf(mib(idle_rss["stripped-unreachable"]) <= 12))
      pc = ("syslog-ng" in idle_cpu) ? sprintf(" (syslog-ng 3.38: %.3f)", idle_cpu["syslog-ng"] * 60 / idle_s["syslog-ng"]) : ""
      row("Idle CPU, backend reachable / unreachable", "(reported)", sprintf("%.3f / %.3f CPU-s a minute%s",
          idle_cpu["stripped-reachable"] * 60 / idle_s["stripped-reachable"], idle_cpu["stripped-unreachable"] * 60 / idle_s["stripped-unreachable"], pc), "")
    } else {
      row("Idle RSS with an HTTP output", "≤ 12 MB", missing("idle"), "")
      row("Idle CPU", "(reported)", missing("idle"), "")
    }
    row("Binary size, stripped (docker/Dockerfile: install -s)" (static == 1 ? "" : " (STATIC=0)"), "≤ 40 MiB",
        sprintf("%.1f MiB (%.1f MiB as built)", stripped / 1048576, built / 1048576), pf(stripped / 1048576 <= 40))
    # Large events against the 300-byte lines, same pipeline.
    if (("large" in wall) && ("trace" in wall)) {
      lm = b["large"] / 1e6 / wall["large"]; tm = b["trace"] / 1e6 / wall["trace"]
      row(sprintf("Large events (%.0f KB a line on average), trace pipeline → ES: throughput", b["large"] / l["large"] / 1e3), "≥ 0.5x the 300-byte lines (trace run)",
          sprintf("%.1f MB/s vs %.1f MB/s: %.2fx", lm, tm, lm / tm), pf(lm / tm >= 0.5))
    } else row("Large events: throughput vs 300-byte lines", "≥ 0.5x", missing("trace and large"), "")
    # Many files.
    if (("files500" in cpu) && ("files1" in cpu)) {
      f5 = cpu["files500"] / l["files500"] * 1e6; f1 = cpu["files1"] / l["files1"] * 1e6
      row(sprintf("Many files: %d files written slowly, CPU per million lines", files_count), "≤ 1.2x one file",
          sprintf("%.2f vs %.2f CPU-s: %.2fx", f5, f1, f5 / f1), pf(f5 / f1 <= 1.2))
    } else row("Many files: CPU per million lines vs one file", "≤ 1.2x", missing("files1 and files500"), "")
    if ("files500" in rss) row(sprintf("Many files: peak RSS (%d files)", files_count), "≤ 48 MiB", sprintf("%.1f MiB (one file: %s)", mib(rss["files500"]),
        ("files1" in rss) ? sprintf("%.1f MiB", mib(rss["files1"])) : "n/a"), pf(mib(rss["files500"]) <= 48))
    else row("Many files: peak RSS", "≤ 48 MiB", missing("files500"), "")
  }' "$work/medians" "$work/idle"
