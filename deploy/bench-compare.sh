#!/usr/bin/env bash
# bench-compare.sh - the update-manager next to Eclipse Kanto's, as ../shared/peer/um-compare.sh measures them
# (same private Mosquitto with and without set_tcp_nodelay, the same scripted agents, desired state and latency
# tool, both managers in one run), plus the CPU that the N measured updates cost, without the start and the
# warm-up: /proc/<pid>/stat is read after the 10 warm-up updates and after the N measured ones.
#
# Usage: deploy/bench-compare.sh OUR_JAR [N]
# Environment:
#   PEER_DIR    the peer's directory: kanto-update-manager, agents.py, latency.py, combined.json
#               (default: shared/peer beside the repository or one level up, as for a git worktree)
#   KANTO_BIN   Kanto's update-manager (default: $PEER_DIR/kanto-update-manager; '-' leaves it out)
#   OURS_JAVA   the java command for ours (default: deploy/jvm/run-service.sh, the shipped flags; its class-data
#               archive must be trained first: run-service.sh --train OUR_JAR, with the same VU_CDS_DIR)
#   CONTENDERS  more managers, one a line: "NAME COMMAND..." (the command is given --config-file FILE), e.g. the
#               same jar with other JVM flags
#   MODES       broker configurations (default: "nodelay default")
# Prints one line per broker configuration and manager:
#   <mode> <name> start_ms= rss_idle_mb= rss_after_mb= cpu_ms_total= cpu_ms_per_update= alive= {latency.py's JSON}
# cpu_ms_per_update is (utime + stime after the N updates - after the warm-up) / N, at the kernel's clock-tick
# resolution (10 ms on the whole, so ~0.1 ms per update for N=100). THREADS=1 adds a line per manager with the
# CPU per update of its busiest threads (JVM: mqtt-handler-*, MQTT Call/Rec/Snd, C1 CompilerThre, VM Thread, ...).
set -u
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
REPO=$(dirname "$HERE")
[[ $# -ge 1 ]] || { echo "usage: $0 OUR_JAR [N]" >&2; exit 2; }
JAR=$(realpath "$1"); N=${2:-100}; WARMUP=10
PEER=${PEER_DIR:-}
if [[ -z $PEER ]]; then
  for p in "$(dirname "$REPO")/shared/peer" "$(dirname "$(dirname "$REPO")")/shared/peer"; do
    [[ -f $p/latency.py ]] && { PEER=$p; break; }
  done
fi
[[ -f $PEER/latency.py ]] || { echo "no latency.py in $PEER: set PEER_DIR" >&2; exit 2; }
KANTO=${KANTO_BIN:-$PEER/kanto-update-manager}
OURS_JAVA=${OURS_JAVA:-$HERE/jvm/run-service.sh}
TICKS=$(getconf CLK_TCK)
W=$(mktemp -d -t bench-compare.XXXXXX); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; sleep 0.5
            for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$W"; }
trap cleanup EXIT
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$1/status" 2>/dev/null; }
cpu_ms() { awk -v t="$TICKS" '{print int(($14+$15)*1000/t)}' "/proc/$1/stat" 2>/dev/null; }
# per thread: "<name>=<ms>" for each thread of PID (the name is the thread's, spaces as _)
thread_cpu() {
  local f
  for f in /proc/"$1"/task/*/stat; do
    sed -E 's/^[0-9]+ \((.*)\) . (.*)$/\1\t\2/' "$f" 2>/dev/null
  done | awk -F'\t' -v t="$TICKS" '{split($2, a, " "); n=$1; gsub(/ /, "_", n); c[n]+=(a[11]+a[12])*1000/t}
    END {for (n in c) printf "%s=%d\n", n, c[n]}'
}
# the threads' CPU during the measured updates, the busiest first: "name=ms/update ..."
thread_delta() { # BEFORE AFTER N
  awk -F= -v n="$3" 'NR==FNR {b[$1]=$2; next} {d=$2-b[$1]; if (d>0) printf "%s=%.2f\n", $1, d/n}' "$1" "$2" |
    sort -t= -k2 -rn | head -n 8 | tr '\n' ' '
}
latency() { # PORT PID N WARMUP TAG
  /usr/bin/python3 "$PEER/latency.py" --port "$1" --file "$PEER/combined.json" --pid "$2" --n "$3" --warmup "$4" \
    --tag "$5"
}
run_one() { # BROKER_MODE NAME CMD...
  local mode=$1 name=$2; shift 2
  local port=$((20000 + RANDOM % 20000)) d=$W/$mode-$name; mkdir -p "$d"
  { echo "listener $port 127.0.0.1"; echo "allow_anonymous true"; echo "persistence false"
    echo "max_queued_messages 100000"; [[ $mode == nodelay ]] && echo "set_tcp_nodelay true"; } >"$d/mosq.conf"
  mosquitto -c "$d/mosq.conf" >"$d/mosq.log" 2>&1 & local mq=$!; PIDS+=($mq)
  for _ in $(seq 50); do mosquitto_pub -p $port -t x -m x 2>/dev/null && break; sleep 0.1; done
  cat >"$d/config.json" <<JSON
{"domain":"vehicle","thingsEnabled":false,"rebootEnabled":false,"reportFeedbackInterval":"1s","currentStateDelay":"1s",
 "phaseTimeout":"20s","connection":{"broker":"tcp://127.0.0.1:$port"},
 "agents":{"containers":{"rebootRequired":false,"readTimeout":"5s"},"self-update":{"rebootRequired":false,"readTimeout":"5s"}}}
JSON
  /usr/bin/python3 "$PEER/agents.py" --port $port --log "$d/commands.log" >"$d/agents.log" 2>&1 & local ag=$!
  PIDS+=($ag)
  sleep 1
  local t0; t0=$(date +%s%N)
  (cd "$d" && exec "$@" "$d/config.json") >"$d/um.log" 2>&1 & local um=$!; PIDS+=($um)
  mosquitto_sub -p $port -t vehicleupdate/currentstate -C 1 -W 60 >/dev/null 2>&1
  local start_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  local rss0; rss0=$(rss $um)
  latency $port $um 0 $WARMUP "$name-warmup" >/dev/null
  local cpu0; cpu0=$(cpu_ms $um)
  thread_cpu $um >"$d/threads0"
  local r; r=$(latency $port $um "$N" 0 "$name")
  local cpu1; cpu1=$(cpu_ms $um)
  thread_cpu $um >"$d/threads1"
  local rss1; rss1=$(rss $um)
  local alive=yes per=-
  kill -0 $um 2>/dev/null || alive="no (crashed: $(tail -n 3 "$d/um.log" | tr '\n' ' '))"
  [[ -n $cpu0 && -n $cpu1 ]] && per=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$N" 'BEGIN{printf "%.2f", (b-a)/n}')
  echo "$mode $name start_ms=$start_ms rss_idle_mb=$rss0 rss_after_mb=$rss1 cpu_ms_total=${cpu1:-?}" \
       "cpu_ms_per_update=$per alive=$alive $r"
  [[ -n ${THREADS:-} ]] && echo "$mode $name threads_ms_per_update: $(thread_delta "$d/threads0" "$d/threads1" "$N")"
  kill $um $ag $mq 2>/dev/null; wait $um $ag $mq 2>/dev/null
}
for mode in ${MODES:-nodelay default}; do
  [[ $KANTO == - ]] || run_one "$mode" kanto "$KANTO" --config-file
  # shellcheck disable=SC2086 # OURS_JAVA is a command line
  run_one "$mode" ours $OURS_JAVA -jar "$JAR" --config-file
  while read -r name command; do
    [[ -n ${name:-} ]] || continue
    # shellcheck disable=SC2086
    run_one "$mode" "$name" $command --config-file
  done <<<"${CONTENDERS:-}"
done
