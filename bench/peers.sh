#!/usr/bin/env bash
# Peer benchmark: Sluice against syslog-ng on the same machine, file and loopback sink.
#
#   bench/peers.sh                           # 1,000,000 lines, 3 rounds (~1 min here with blackhole)
#   LINES=200000 ROUNDS=1 bench/peers.sh     # quick look
#   SLUICE_OUTPUT=blackhole bench/peers.sh   # Sluice ships to a `type: blackhole` output instead
#                                            # (a stand-in while a binary has no elasticsearch/loki)
#
# Environment: LINES (1000000), ROUNDS (3), SHIPPING (1: finish with sluice-bench --mode shipping), STATIC (1: the agent built with the Swift runtime
# linked statically, as docker/Dockerfile builds it; 0: shared libraries), COMPRESSION (gzip | none: Sluice's request bodies;
# syslog-ng sends them uncompressed; for the loki run gzip means JSON bodies, none its default, protobuf + snappy),
# LOKI_ENCODING (protobuf | json: the loki run's encoding; unset: the output's default), RUNS (which runs and their order:
# "es trace loki syslog-ng"; otlp is also known), SLUICE_OUTPUT (http | blackhole), SYSLOG_NG_WORKERS (1: one HTTP
# connection; 2 was slower on a 2-core box), NO_BUILD=1 (use the binaries in .build/release as
# they are), VERIFY=0 (skip the delivery check below), VERIFY_LINES (20000), HOLD_BUILD_LOCK=1
# (hold /tmp/sluice-build.lock while measuring, so nobody's `flock`-wrapped swift build competes
# for the CPU), KEEP=1 (keep the work directory).
#
# What it does: generates LINES AI-workflow JSON lines (~300 bytes) with `sluice-bench generate`,
# starts nginx (Debian's) as a foreground child on a free loopback port as an Elasticsearch/Loki
# sink that never is the bottleneck (bench/nginx.conf: reads and discards every body, answers
# `_bulk` with a no-error JSON, Loki pushes with 204), then, ROUNDS times, runs one after another
# each as a fresh process with a fresh data directory:
#   es         sluice: file -> parse_json -> elasticsearch
#   trace      sluice: file -> parse_json, trace, redact (all detectors), sample (1.0) -> elasticsearch
#   loki       sluice: file -> parse_json -> loki
#   otlp       sluice: file -> parse_json -> otlp (protobuf, to an OpenTelemetry Collector's /v1/logs)
#   syslog-ng  syslog-ng 3.38: file -> json-parser -> http() to _bulk (bench/syslog-ng.conf)
# Completion: Sluice runs as `sluice run --once`, which must exit only once every line was read
# and delivered (acknowledged by the sink); its "stopped" log line must say
# sluice_pipeline_events_out_total == LINES.
# Before the timed rounds, a delivery check holds Sluice to that: each Sluice run, on the first
# VERIFY_LINES lines, ships to bench/count-sink.py (python3: decodes gzip and snappy, counts `_bulk`
# documents and Loki entries), which must have every line when `--once` exits. syslog-ng runs in
# the foreground (-F) with its own control socket; it is done when `syslog-ng-ctl stats` shows its
# http destination's `written` counter at LINES, and is then stopped by PID.
# CPU time (user+sys) and peak RSS come from the kernel's accounting via /usr/bin/time.
# Prints each run, then medians over the rounds as a markdown table, with each run's events per
# CPU-second relative to syslog-ng's. The sink's access log gives each run's requests and bytes
# on the wire (Content-Length: compressed bytes when the body is gzip).
#
# Needs nginx, syslog-ng-core, syslog-ng-mod-http, time, curl and python3 (Debian); installs them
# when missing and run as root, without letting them run as system services.
set -euo pipefail
cd "$(dirname "$0")/.."
compression=${COMPRESSION:-none}
repo=$(pwd)
lines=${LINES:-1000000}
rounds=${ROUNDS:-3}
runs=${RUNS:-"es trace loki syslog-ng"}
sluice_output=${SLUICE_OUTPUT:-http}
sng_workers=${SYSLOG_NG_WORKERS:-1}
case "$sluice_output" in http | blackhole) ;; *) echo "SLUICE_OUTPUT must be http or blackhole" >&2; exit 2 ;; esac

# --- tools -------------------------------------------------------------------------------------
need_pkgs=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_pkgs+=(nginx-light)
[ -x /usr/sbin/syslog-ng ] || need_pkgs+=(syslog-ng-core)
[ -e /usr/lib/syslog-ng/3.38/libhttp.so ] || ls /usr/lib/syslog-ng/*/libhttp.so >/dev/null 2>&1 || need_pkgs+=(syslog-ng-mod-http)
[ -x /usr/bin/time ] || need_pkgs+=(time)
command -v curl >/dev/null || need_pkgs+=(curl)
command -v python3 >/dev/null || need_pkgs+=(python3)
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

# --- sink ---------------------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for _ in $(seq 50); do
  candidate=$(( 20000 + RANDOM % 40000 ))
  if port_free "$candidate"; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free loopback port found" >&2; exit 1; }
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
sluice_config() { # name input url file
  local name=$1 in=$2 url=$3 file=$4
  {
    echo "data_dir: $work/data-$name"
    echo "sources:"
    echo "  app: { type: file, include: [\"$in\"], start_at: beginning }"
    echo "stages:"
    echo "  - type: parse_json"
    if [ "$name" = trace ]; then
      echo "  - type: trace"
      echo "  - type: redact"
      echo "    detectors: [email, credit_card, ipv4, ipv6, phone, us_ssn, iban, jwt, bearer_token, api_key]"
      echo "  - type: sample"
      echo "    rate: 1.0"
    fi
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
for run in $runs; do
  case "$run" in
    es | trace | loki | otlp)
      sluice_config "$run" "$input" "$url" "$work/$run.yaml"
      if ! "$sluice" validate -c "$work/$run.yaml" > "$work/validate.txt" 2>&1; then
        echo "sluice rejects the configuration of run '$run':" >&2; cat "$work/validate.txt" >&2
        echo "(a binary without the elasticsearch/loki outputs can be measured with SLUICE_OUTPUT=blackhole)" >&2
        exit 1
      fi ;;
    syslog-ng)
      sed -e "s|@INPUT@|$input|g" -e "s|@URL@|$url|g" -e "s|@WORKERS@|$sng_workers|g" bench/syslog-ng.conf > "$work/syslog-ng.conf"
      "$sng_bin" --syntax-only -f "$work/syslog-ng.conf" ;;
    *) echo "unknown run '$run' in RUNS (es, trace, loki, otlp, syslog-ng)" >&2; exit 2 ;;
  esac
done

# --- runs -----------------------------------------------------------------------------------------
# Each run appends "name wall user sys rss_kib requests body_bytes" to $work/results.
: > "$work/results"
record() { echo "$*" >> "$work/results"; }
now() { date +%s.%N; }

run_sluice() {
  local name=$1 before wall user sys rss requests body
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
  if ! grep -q "\"sluice_pipeline_events_out_total\":\"$lines\"" "$work/$name.log"; then
    echo "sluice ($name) did not ship every line:" >&2; tail -1 "$work/$name.log" >&2; exit 1
  fi
  sleep 0.3; access_quiet 0.5
  read -r requests body < <(access_since "$before")
  if [ "$sluice_output" = http ] && [ "$requests" = 0 ]; then
    echo "sluice ($name) sent nothing to the sink" >&2; exit 1
  fi
  record "$name $wall $user $sys $rss $requests $body"
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
  record "syslog-ng $wall $user $sys $rss $requests $body"
}

# --- delivery check ---------------------------------------------------------------------------------
# Before timing anything: each Sluice run, on the first VERIFY_LINES lines, against a sink that
# decodes the bodies and counts the documents/entries that arrived (bench/count-sink.py), must
# have delivered every line by the time `sluice run --once` exits.
verify_lines=${VERIFY_LINES:-20000}
[ "$verify_lines" -gt "$lines" ] && verify_lines=$lines
if [ "$sluice_output" = http ] && [ "${VERIFY:-1}" = 1 ] && [ "$verify_lines" -gt 0 ]; then
  head -n "$verify_lines" "$input" > "$work/verify.log"
  vport=""
  for _ in $(seq 50); do
    candidate=$(( 20000 + RANDOM % 40000 ))
    if [ "$candidate" != "$port" ] && port_free "$candidate"; then vport=$candidate; break; fi
  done
  [ -n "$vport" ] || { echo "no free loopback port found" >&2; exit 1; }
  python3 bench/count-sink.py "$vport" 2> "$work/count-sink.err" &
  verify_pid=$!
  child_pids=("$verify_pid")
  vurl=http://127.0.0.1:$vport
  for _ in $(seq 100); do curl -sf -o /dev/null "$vurl/" && break; sleep 0.05; done
  for run in $runs; do
    case "$run" in es | trace | loki | otlp) ;; *) continue ;; esac
    sluice_config "$run" "$work/verify.log" "$vurl" "$work/verify-$run.yaml"
    rm -rf "$work/data-$run"
    curl -sf -o /dev/null -X POST "$vurl/reset"
    if ! "$sluice" run --once -c "$work/verify-$run.yaml" 2> "$work/verify-$run.log"; then
      echo "delivery check: sluice ($run) failed:" >&2; tail -5 "$work/verify-$run.log" >&2; exit 1
    fi
    read -r bulk loki reqs otlp < <(curl -sf "$vurl/count")
    got=$bulk; [ "$run" = loki ] && got=$loki; [ "$run" = otlp ] && got=$otlp
    if [ "$got" != "$verify_lines" ]; then
      echo "delivery check: when sluice run --once ($run) exited, the sink had $got of $verify_lines lines ($reqs requests)" >&2
      exit 1
    fi
    echo "delivery check: sluice ($run) delivered $got of $verify_lines lines in $reqs requests before --once exited" >&2
  done
  kill "$verify_pid"; wait "$verify_pid" 2>/dev/null || true
  child_pids=()
fi

printf 'input: %d lines, %.1f MB (%.0f bytes a line); sink: nginx on %s; sluice outputs: %s; rounds: %d\n' \
  "$lines" "$(awk -v b="$bytes" 'BEGIN {print b/1e6}')" "$(awk -v b="$bytes" -v l="$lines" 'BEGIN {print b/l}')" "$url" "$sluice_output" "$rounds"
printf '%-10s %5s %8s %10s %8s %11s %8s %7s %9s\n' run round wall_s events/s MB/s cpu_s/Mev rss_MB reqs sent_MB
for round in $(seq "$rounds"); do
  for run in $runs; do
    case "$run" in syslog-ng) run_syslog_ng ;; *) run_sluice "$run" ;; esac
    tail -1 "$work/results" | awk -v l="$lines" -v b="$bytes" -v r="$round" '{
      cpu = $3 + $4
      printf "%-10s %5d %8.2f %10.0f %8.1f %11.2f %8.1f %7d %9.1f\n", $1, r, $2, l/$2, b/1e6/$2, cpu/l*1e6, $5/1024, $6, $7/1e6 }'
  done
done

# --- medians and the table --------------------------------------------------------------------------
echo
label() {
  [ "$sluice_output" = blackhole ] && case "$1" in es | trace | loki | otlp) echo "sluice ($1 stages) → blackhole"; return ;; esac
  case "$1" in
    es) echo "sluice → elasticsearch" ;;
    trace) echo "sluice + trace, redact, sample → elasticsearch" ;;
    loki) echo "sluice → loki" ;;
    otlp) echo "sluice → otlp (protobuf)" ;;
    syslog-ng) echo "syslog-ng 3.38 → elasticsearch (http)" ;;
  esac
}
[ "$sluice_output" = blackhole ] && echo "(sluice runs ship to type: blackhole, not to the sink)"
awk -v l="$lines" -v b="$bytes" -v order="$runs" '
  function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return a[int((n + 1) / 2)]
  }
  { wall[$1] = wall[$1] " " $2; cpu[$1] = cpu[$1] " " ($3 + $4); rss[$1] = rss[$1] " " $5; req[$1] = req[$1] " " $6; sent[$1] = sent[$1] " " $7 }
  END {
    n = split(order, names, " ")
    if ("syslog-ng" in wall) { peer_eff = l / median(cpu["syslog-ng"]); peer_wall = median(wall["syslog-ng"]) }
    print "| run | wall s | events/s | input MB/s | CPU-s per M events | peak RSS MB | events per CPU-s | vs syslog-ng (events per CPU-s) | vs syslog-ng (events/s) | requests | sent MB |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      r = names[i]; w = median(wall[r]); c = median(cpu[r]); m = median(rss[r])
      eff = l / c
      if (peer_eff > 0) { ratio = sprintf("%.2fx", eff / peer_eff); tput = sprintf("%.2fx", peer_wall / w) } else { ratio = "n/a"; tput = "n/a" }
      printf "| %s | %.2f | %.0f | %.1f | %.2f | %.1f | %.0f | %s | %s | %d | %.1f |\n", r, w, l / w, b / 1e6 / w, c / l * 1e6, m / 1024, eff, ratio, tput, median(req[r]), median(sent[r]) / 1e6
    }
  }' "$work/results" | while IFS= read -r row; do
    name=$(echo "$row" | awk -F'|' '{gsub(/ /, "", $2); print $2}')
    case "$name" in es | trace | loki | otlp | syslog-ng) echo "${row/| $name |/| $(label "$name") |}" ;; *) echo "$row" ;; esac
  done
echo
echo "medians of $rounds round(s); CPU = user + sys of the process (kernel accounting, /usr/bin/time); syslog-ng's wall time runs from its start to its stats showing all $lines lines written."

# --- the libcurl path against /dev/null (issue: at most +20% CPU), same sink ------------------
if [ "${SHIPPING:-1}" = 1 ]; then
  echo
  echo "libcurl path: the same encoded and gzipped bodies POSTed to the sink vs written to /dev/null (sluice-bench --mode shipping):"
  "$repo/.build/release/sluice-bench" --mode shipping --url "$url" --lines "$(( lines < 500000 ? lines : 500000 ))" --rounds 3 | sed 1d
fi
