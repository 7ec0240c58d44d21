#!/bin/bash
# check-image.sh - run a service image the way the Kanto manifests do (host
# network, MQTT_URL to a broker on loopback) against a Mosquitto of its own, and
# check that it starts, stays up, (optionally) connects, and stops on SIGTERM.
#
# Usage: check-image.sh [--state DIR] [--require-mqtt] [--client-id ID] [--up SECONDS] IMAGE
#   --state         podman-sim state dir (default: $PODMAN_SIM_STATE or /tmp/vu-images)
#   --require-mqtt  fail unless the service connects to the broker (a service
#                   without MQTT code, e.g. a module skeleton, only has to start)
#   --client-id     MQTT client id to look for (default: the image's repository name)
#   --up            how long it must stay up before it is stopped (default 5)
# Extra environment for the container: CHECK_ENV="K=V K2=V2"; extra `podman run`
# arguments (mounts, names): CHECK_RUN_ARGS="-v /a:/b --name x" (split on spaces).
# Exit 0 when every check passed; each check prints one line.
set -euo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
die() { echo "check-image: $*" >&2; exit 1; }

STATE=${PODMAN_SIM_STATE:-/tmp/vu-images} REQUIRE_MQTT=0 CLIENT_ID="" UP=5 IMAGE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --state) [ $# -ge 2 ] || die "--state needs a directory"; STATE=$2; shift 2 ;;
    --require-mqtt) REQUIRE_MQTT=1; shift ;;
    --client-id) [ $# -ge 2 ] || die "--client-id needs a value"; CLIENT_ID=$2; shift 2 ;;
    --up) [ $# -ge 2 ] || die "--up needs seconds"; UP=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$SELF" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ -z "$IMAGE" ] || die "one image only"; IMAGE=$1; shift ;;
  esac
done
[ -n "$IMAGE" ] || die "no image given (see --help)"
[ -f "$STATE/env.sh" ] || die "no $STATE/env.sh - start podman-sim first (build-images.sh does)"
# shellcheck disable=SC1091
. "$STATE/env.sh"
command -v mosquitto >/dev/null || die "mosquitto is not installed"
if [ -z "$CLIENT_ID" ]; then CLIENT_ID=${IMAGE##*/}; CLIENT_ID=${CLIENT_ID%%:*}; fi

WORK=$(mktemp -d /tmp/check-image.XXXXXX)
NAME=check-image-$$
MOSQ_PID=""
cleanup() {
  podman rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
  if [ -n "$MOSQ_PID" ]; then kill "$MOSQ_PID" 2>/dev/null || true; wait "$MOSQ_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

FAILED=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; FAILED=1; }
wait_for() {  # seconds, command...
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do [ "$(date +%s)" -lt "$deadline" ] || return 1; sleep 0.2; done
}

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mosquitto -p "$PORT" -v > "$WORK/mosquitto.log" 2>&1 &
MOSQ_PID=$!
broker_up() { grep -q "Opening ipv4 listen socket on port $PORT" "$WORK/mosquitto.log"; }
wait_for 5 broker_up || die "mosquitto did not start: $(tail -n 3 "$WORK/mosquitto.log")"

ENV_ARGS=(-e "MQTT_URL=tcp://127.0.0.1:$PORT")
for kv in ${CHECK_ENV:-}; do ENV_ARGS+=(-e "$kv"); done
podman pull -q --tls-verify=false "$IMAGE" >/dev/null || die "cannot pull $IMAGE"
# shellcheck disable=SC2086
podman run -d --name "$NAME" --network host "${ENV_ARGS[@]}" ${CHECK_RUN_ARGS:-} "$IMAGE" >/dev/null
logs() { podman logs "$NAME" 2>&1; }
started() { logs | grep -q 'started in'; }
connected() { grep -q "New client connected from .* as $CLIENT_ID " "$WORK/mosquitto.log"; }

if wait_for 60 started; then pass "started: $(logs | grep -m1 'started in' | sed 's/.*INFO *//')"
else fail "no 'started in' line within 60 s"; fi
subscriptions() { grep -c "^[0-9]*: $CLIENT_ID [0-2] " "$WORK/mosquitto.log" || true; }
if wait_for 15 connected; then sleep 1; pass "connected to the broker as $CLIENT_ID, $(subscriptions) subscription(s)"
elif [ "$REQUIRE_MQTT" = 1 ]; then fail "no MQTT connection as $CLIENT_ID within 15 s"
else echo "note no MQTT connection as $CLIENT_ID (not required)"; fi

sleep "$UP"
state=$(podman inspect --format '{{.State.Status}}' "$NAME")
if [ "$state" = running ]; then pass "still running after ${UP} s"; else fail "state after ${UP} s: $state"; fi

t0=$(date +%s%N)
podman stop -t 10 "$NAME" >/dev/null
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
code=$(podman inspect --format '{{.State.ExitCode}}' "$NAME")
# A JVM that ran its shutdown hooks after SIGTERM exits with 128+15.
if [ "$code" = 0 ] || [ "$code" = 143 ]; then pass "stopped on SIGTERM in $ms ms, exit code $code"
else fail "exit code $code after SIGTERM ($ms ms)"; fi
if logs | grep -q 'stopped in'; then pass "shutdown logged: $(logs | grep -m1 'stopped in' | sed 's/.*INFO *//')"
else fail "no 'stopped in' line (shutdown hooks did not run?)"; fi
if connected; then
  if grep -q "Client $CLIENT_ID disconnected\." "$WORK/mosquitto.log"; then pass "disconnected cleanly (MQTT DISCONNECT)"
  else fail "connection dropped without DISCONNECT: $(grep "$CLIENT_ID" "$WORK/mosquitto.log" | tail -n 1)"; fi
fi
if [ "$FAILED" != 0 ]; then
  echo "--- container log"; logs | tail -n 30
  exit 1
fi
