#!/bin/bash
# Self-test for deploy/lib/podman-sim.sh: starts podman + registry in a fresh
# temporary state dir, builds and pushes the demo images, then drives the
# Docker Engine API on the podman socket with curl the way the update agent
# (docker-java) will: pull, create with labels, rename, start, inspect, list by
# label, health status, stop, remove. Prints step timings and ends with the
# line "podman-sim-selftest: N passed, N failed".
#
# Usage: deploy/test/podman-sim-selftest.sh [--keep]
#   --keep   leave the state dir and daemons running (prints how to stop them)
# Env: SELFTEST_REGISTRY_PORT (default: first free port from 5000 up)
# shellcheck disable=SC2016  # bash -c '...' snippets get their arguments as $1, $2
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SIM=$(cd "$HERE/../lib" && pwd)/podman-sim.sh
KEEP=0
[ "${1:-}" = --keep ] && KEEP=1

PASS=0 FAIL=0
ok()   { PASS=$((PASS + 1)); echo "ok   - $*"; }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL - $*"; }
check() {  # description, command...
  local d=$1; shift
  if "$@"; then ok "$d"; else bad "$d"; fi
}
now() { echo "$EPOCHREALTIME"; }
since() { awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.2f", e - s }'; }
timed() {  # label, command... ; runs command, records its wall time
  local label=$1 t rc=0; shift
  t=$(now)
  "$@" || rc=$?
  printf '%-34s %6ss\n' "$label" "$(since "$t")" >> "$STATE/selftest-timings"
  return $rc
}

command -v jq >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
REG_PORT=${SELFTEST_REGISTRY_PORT:-}
if [ -z "$REG_PORT" ]; then
  for p in $(seq 5000 5100); do port_free "$p" && { REG_PORT=$p; break; }; done
fi
APP_PORT=18080
for p in $(seq 18080 18180); do port_free "$p" && { APP_PORT=$p; break; }; done

STATE=$(mktemp -d /tmp/podman-sim-test.XXXXXX)
export PODMAN_SIM_STATE=$STATE
cleanup() {
  local rc=$?
  if [ "$KEEP" = 1 ]; then
    echo "kept: $SIM --state $STATE destroy   # to clean up"
  else
    "$SIM" destroy >/dev/null 2>&1 || true
  fi
  return $rc
}
trap cleanup EXIT

SOCK=$STATE/podman.sock
API=http://d/v1.41
api() {  # METHOD PATH [JSON]; prints body, then HTTP code on the last line
  local m=$1 p=$2
  if [ $# -ge 3 ]; then
    curl -s --unix-socket "$SOCK" -X "$m" -H 'Content-Type: application/json' -d "$3" -w '\n%{http_code}' "$API$p"
  else
    curl -s --unix-socket "$SOCK" -X "$m" -w '\n%{http_code}' "$API$p"
  fi
}
code() { tail -n 1 <<<"$1"; }
body() { sed '$d' <<<"$1"; }
inspect() { curl -s --unix-socket "$SOCK" "$API/containers/$1/json"; }
urlenc() { jq -rn --arg v "$1" '$v|@uri'; }

echo "# state dir $STATE, registry port $REG_PORT"

# ------------------------------------------------------------------ start
OUT=$(timed "start (registry + podman service)" "$SIM" start --registry-port "$REG_PORT")
echo "# ${OUT//$'\n'/$'\n'# }"
check "start prints DOCKER_HOST" grep -qx "DOCKER_HOST=unix://$SOCK" <<<"$OUT"
check "start prints REGISTRY" grep -qx "REGISTRY=127.0.0.1:$REG_PORT" <<<"$OUT"
REG=127.0.0.1:$REG_PORT
check "_ping answers OK" test "$(curl -s --unix-socket "$SOCK" http://d/_ping)" = OK
check "registry answers /v2/" curl -sf "http://$REG/v2/" -o /dev/null
R=$(curl -s --unix-socket "$SOCK" http://d/version)
check "API version is 1.41" test "$(jq -r .ApiVersion <<<"$R")" = 1.41
echo "# podman $(jq -r .Version <<<"$R"), API $(jq -r .ApiVersion <<<"$R") (min $(jq -r .MinAPIVersion <<<"$R"))"
OUT2=$("$SIM" start --registry-port "$REG_PORT")
check "start is idempotent" test "$OUT" = "$OUT2"

# ------------------------------------------------------------------ images
timed "images (build + push, cold)" "$SIM" images > "$STATE/images.out"
IMGS=$(cat "$STATE/images.out")
for t in demo/app:v1 demo/app:v2 demo/app:v2-crash demo/app:v2-unhealthy demo/app:v2-healthy library/hello-world:latest; do
  check "images lists $REG/$t" grep -qx "$REG/$t" <<<"$IMGS"
done
TAGS=$(curl -s "http://$REG/v2/demo/app/tags/list" | jq -r '.tags[]' | sort | tr '\n' ' ')
check "registry has demo/app tags ($TAGS)" test "$TAGS" = "v1 v2 v2-crash v2-healthy v2-unhealthy "
timed "images (again, up to date)" "$SIM" images > /dev/null 2> "$STATE/images2.err"
check "images is idempotent" grep -q "up to date" "$STATE/images2.err"

# ------------------------------------------------------------------ pull
R=$(timed "API pull demo/app:v1" api POST "/images/create?fromImage=$(urlenc "$REG/demo/app")&tag=v1")
check "pull v1: HTTP 200" test "$(code "$R")" = 200
check "pull v1: progress stream without error" bash -c '! grep -q "\"error\"" <<<"$1"' _ "$(body "$R")"
R=$(api GET "/images/$REG/demo/app:v1/json")
check "image v1 present after pull" test "$(code "$R")" = 200
R=$(api POST "/images/create?fromImage=$(urlenc "$REG/demo/app")&tag=does-not-exist")
check "pull of missing tag: HTTP 200 with error object in stream (podman quirk)" \
  bash -c '[ "$(tail -n1 <<<"$1")" = 200 ] && grep -q "manifest unknown" <<<"$1"' _ "$R"

# ------------------------------------------------------------------ create / rename / start
CREATE=$(jq -nc --arg img "$REG/demo/app:v1" --arg port "$APP_PORT" '{
  Image: $img, Env: ["GREETING=hi"],
  Labels: {"vehicle-update.managed": "true", "vehicle-update.container": "selftest-app"},
  ExposedPorts: {"8080/tcp": {}},
  HostConfig: {RestartPolicy: {Name: "unless-stopped"},
               PortBindings: {"8080/tcp": [{HostIp: "127.0.0.1", HostPort: $port}]}}}')
R=$(timed "API create" api POST "/containers/create?name=selftest-app-new" "$CREATE")
check "create: HTTP 201" test "$(code "$R")" = 201
CID=$(body "$R" | jq -r .Id)
R=$(timed "API rename" api POST "/containers/$CID/rename?name=selftest-app")
check "rename: HTTP 204" test "$(code "$R")" = 204
R=$(timed "API start" api POST "/containers/selftest-app/start")
check "start: HTTP 204" test "$(code "$R")" = 204
R=$(api POST "/containers/selftest-app/start")
check "start again: HTTP 304" test "$(code "$R")" = 304
J=$(inspect selftest-app)
check "inspect: running" test "$(jq -r .State.Status <<<"$J")" = running
check "inspect: Name is /selftest-app" test "$(jq -r .Name <<<"$J")" = /selftest-app
check "inspect: label kept" test "$(jq -r '.Config.Labels["vehicle-update.managed"]' <<<"$J")" = true
check "inspect: Config.Image is the reference" test "$(jq -r .Config.Image <<<"$J")" = "$REG/demo/app:v1"
check "inspect: env has APP_VERSION=v1 and GREETING" \
  bash -c 'jq -e ".Config.Env | index(\"APP_VERSION=v1\") and index(\"GREETING=hi\")" <<<"$1" >/dev/null' _ "$J"
check "inspect: RestartPolicy unless-stopped" test "$(jq -r .HostConfig.RestartPolicy.Name <<<"$J")" = unless-stopped
check "inspect: PortBindings round-trip" \
  test "$(jq -c '.HostConfig.PortBindings["8080/tcp"]' <<<"$J")" = "[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"$APP_PORT\"}]"
check "inspect: no healthcheck -> State.Health.Status is empty string (podman quirk)" \
  test "$(jq -r '.State.Health.Status' <<<"$J")" = ""
V=""
for _ in $(seq 40); do V=$(curl -s -m 1 "http://127.0.0.1:$APP_PORT/version.txt" || true); [ -n "$V" ] && break; sleep 0.1; done
check "published port serves version v1" test "$V" = v1
LOGS=$(curl -s --unix-socket "$SOCK" "$API/containers/selftest-app/logs?stdout=1&stderr=1" | tr -d '\000-\010')
check "logs show version" grep -q "demo app v1 starting" <<<"$LOGS"
F=$(urlenc '{"label":["vehicle-update.managed=true"]}')
L=$(curl -s --unix-socket "$SOCK" "$API/containers/json?all=1&filters=$F")
check "list with label filter finds it" test "$(jq -r '.[].Names[0]' <<<"$L")" = /selftest-app

# ------------------------------------------------------------------ health
for v in healthy unhealthy; do
  api POST "/images/create?fromImage=$(urlenc "$REG/demo/app")&tag=v2-$v" >/dev/null
  R=$(api POST "/containers/create?name=selftest-$v" \
    "$(jq -nc --arg img "$REG/demo/app:v2-$v" '{Image: $img, Labels: {"vehicle-update.managed": "true"}}')")
  check "create v2-$v: HTTP 201" test "$(code "$R")" = 201
  api POST "/containers/selftest-$v/start" >/dev/null
done
J=$(inspect selftest-healthy)
check "image healthcheck reaches container Config.Healthcheck" \
  test "$(jq -r '.Config.Healthcheck.Test[0]' <<<"$J")" = CMD
T0=$(now)
for v in healthy unhealthy; do
  S=""
  for _ in $(seq 200); do
    S=$(inspect "selftest-$v" | jq -r .State.Health.Status)
    [ "$S" = "$v" ] && break
    sleep 0.1
  done
  check "State.Health.Status becomes $v (got '$S' after $(since "$T0")s)" test "$S" = "$v"
done
F=$(urlenc '{"health":["unhealthy"],"label":["vehicle-update.managed=true"]}')
L=$(curl -s --unix-socket "$SOCK" "$API/containers/json?filters=$F")
check "list with health filter" test "$(jq -r '[.[].Names[0]]|join(",")' <<<"$L")" = /selftest-unhealthy

# ------------------------------------------------------------------ crash + hello-world
api POST "/images/create?fromImage=$(urlenc "$REG/demo/app")&tag=v2-crash" >/dev/null
api POST "/containers/create?name=selftest-crash" \
  "$(jq -nc --arg img "$REG/demo/app:v2-crash" '{Image: $img, Labels: {"vehicle-update.managed": "true"}}')" >/dev/null
api POST "/containers/selftest-crash/start" >/dev/null
R=$(api POST "/containers/selftest-crash/wait?condition=not-running")
check "v2-crash exits with code 3" test "$(body "$R" | jq -r .StatusCode)" = 3

R=$(api POST "/images/create?fromImage=$(urlenc docker.io/library/hello-world)&tag=latest")
check "pull docker.io/library/hello-world:latest is served by the local registry" \
  bash -c '[ "$(tail -n1 <<<"$1")" = 200 ] && ! grep -q "\"error\"" <<<"$1"' _ "$R"
api POST "/containers/create?name=selftest-hello" \
  '{"Image":"docker.io/library/hello-world:latest","Labels":{"vehicle-update.managed":"true"}}' >/dev/null
api POST "/containers/selftest-hello/start" >/dev/null
R=$(api POST "/containers/selftest-hello/wait?condition=not-running")
LOGS=$(curl -s --unix-socket "$SOCK" "$API/containers/selftest-hello/logs?stdout=1" | tr -d '\000-\010')
check "hello-world exits 0 and prints hello" \
  bash -c '[ "$(sed "\$d" <<<"$1" | jq -r .StatusCode)" = 0 ] && grep -q "Hello from the vehicle-update demo" <<<"$2"' _ "$R" "$LOGS"

# ------------------------------------------------------------------ stop / remove
R=$(timed "API stop (t=10)" api POST "/containers/selftest-app/stop?t=10")
check "stop: HTTP 204" test "$(code "$R")" = 204
check "stopped: exited" test "$(inspect selftest-app | jq -r .State.Status)" = exited
R=$(timed "API remove" api DELETE "/containers/selftest-app")
check "remove: HTTP 204" test "$(code "$R")" = 204
R=$(api GET "/containers/selftest-app/json")
check "inspect after remove: HTTP 404" test "$(code "$R")" = 404

timed "purge-containers" "$SIM" purge-containers 2>/dev/null
F=$(urlenc '{"label":["vehicle-update.managed=true"]}')
L=$(curl -s --unix-socket "$SOCK" "$API/containers/json?all=1&filters=$F")
check "purge-containers leaves no labelled container" test "$(jq length <<<"$L")" = 0

if [ "$KEEP" = 0 ]; then
  timed "stop (daemons)" "$SIM" stop 2>/dev/null
  check "status reports not running after stop" bash -c '! "$1" status >/dev/null' _ "$SIM"
  check "socket removed" test ! -e "$SOCK"
fi

echo "# timings"
sed 's/^/#   /' "$STATE/selftest-timings"
echo "podman-sim-selftest: $PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
