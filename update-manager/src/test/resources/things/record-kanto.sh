#!/usr/bin/env bash
# Records what Eclipse Kanto's update-manager publishes in things mode for a fixed series of inputs, on a private
# Mosquitto with this project's scripted agents (testing.ScriptedAgentsMain) answering for containers and
# self-update, and a shell loop playing the cloud connector on edge/thing/request.
# Usage: record-kanto.sh KANTO_BINARY TEST_CLASSPATH OUT_DIR
# Writes OUT_DIR/kanto-transcript.jsonl (every message on the broker, mosquitto_sub -F %j, in order) and
# OUT_DIR/kanto-subscriptions.txt (what Kanto subscribed to, from Mosquitto's log). Needs mosquitto, the
# mosquitto clients and python3 (standard library only, to read one header).
set -euo pipefail
KANTO=$(realpath "$1"); CP=$2; OUT=$(realpath "$3")
W=$(mktemp -d -t kanto-things.XXXXXX); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
PORT=$((20000 + RANDOM % 20000))
THING=demo:vehicle-1; THING_TOPIC=demo/vehicle-1
EDGE='{"deviceId":"demo:vehicle-1","tenantId":"demo-tenant","policyId":"demo:policy"}'

printf 'listener %d 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stdout\nlog_type all\n' "$PORT" \
  >"$W/mosquitto.conf"
mosquitto -c "$W/mosquitto.conf" >"$W/mosquitto.log" 2>&1 & PIDS+=($!)
for _ in $(seq 50); do mosquitto_pub -p "$PORT" -t ready -n 2>/dev/null && break; sleep 0.1; done
pub() { mosquitto_pub -p "$PORT" -q 1 "$@"; }
T=$W/transcript.jsonl
mosquitto_sub -p "$PORT" -q 1 -t '#' -F '%j' >"$T" & PIDS+=($!)
# the cloud connector: answers every request for the edge configuration
mosquitto_sub -p "$PORT" -q 1 -t edge/thing/request -F %t > >(while read -r _; do pub -t edge/thing/response -m "$EDGE"; done) &
PIDS+=($!)
java -cp "$CP" org.vehicleupdate.updatemanager.testing.ScriptedAgentsMain "tcp://127.0.0.1:$PORT" containers self-update \
  >"$W/agents.log" 2>&1 & PIDS+=($!)
for _ in $(seq 100); do grep -q 'scripted agents running' "$W/agents.log" && break; sleep 0.2; done
sleep 1

wait_for() { # REGEX [SECONDS]: until a recorded message matches
  for _ in $(seq $((${2:-30} * 10))); do grep -qE "$1" "$T" && return 0; sleep 0.1; done
  echo "timed out waiting for $1" >&2; exit 1
}
# inbox message to the feature: REQUEST_ID SUBJECT THING_TOPIC HEADERS_JSON VALUE_JSON
inbox() {
  pub -t "command///req/$1/$2" -m "{\"topic\":\"$3/things/live/messages/$2\",\"headers\":$4,\"path\":\"/features/UpdateManager/inbox/messages/$2\",\"value\":$5}"
}
json_headers() { echo "{\"correlation-id\":\"$1\",\"response-required\":$2,\"content-type\":\"application/json\"}"; }

cat >"$W/config.json" <<JSON
{"domain":"vehicle","thingsEnabled":true,"rebootEnabled":false,"reportFeedbackInterval":"1m","currentStateDelay":"1s",
 "phaseTimeout":"20s","ownerConsentCommands":["DOWNLOAD"],"ownerConsentTimeout":"1m",
 "connection":{"broker":"tcp://127.0.0.1:$PORT"},"log":{"logLevel":"TRACE","logFile":"$W/kanto.log"},
 "agents":{"containers":{"rebootRequired":false,"readTimeout":"5s"},"self-update":{"rebootRequired":false,"readTimeout":"5s"}}}
JSON
"$KANTO" --config-file "$W/config.json" >"$W/kanto.out" 2>&1 & PIDS+=($!)

# 1. registration after the connector's answer, then the initial current state
wait_for '"topic":"e".*features/UpdateManager/properties'
# 2. apply of the combined desired state; owner consent for DOWNLOAD is asked and approved
DESIRED=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["payload"]))' "$(dirname "$0")/combined-desired-state.json")
inbox req-apply-1 apply "$THING_TOPIC" "$(json_headers corr-apply-1 true)" \
  "{\"activityId\":\"things-combined-1\",\"timestamp\":1700000000000,\"desiredState\":$DESIRED}"
wait_for 'outbox/messages/consent'
CONSENT_ID=$(grep 'outbox/messages/consent' "$T" | head -1 | python3 -c \
  'import json,sys; print(json.loads(json.loads(sys.stdin.readline())["payload"])["headers"]["correlation-id"])')
inbox req-consent-1 consent "$THING_TOPIC" "$(json_headers "$CONSENT_ID" true)" \
  '{"activityId":"things-combined-1","timestamp":1700000001000,"ownerConsentFeedback":{"status":"APPROVED"}}'
wait_for 'COMPLETED'
wait_for 'properties.*things-combined-1'
# 3. refresh, with and without a response wanted
inbox req-refresh-1 refresh "$THING_TOPIC" "$(json_headers corr-refresh-1 true)" '{"activityId":"things-refresh-1","timestamp":1700000002000}'
wait_for 'properties.*things-refresh-1'
inbox req-refresh-2 refresh "$THING_TOPIC" "$(json_headers corr-refresh-2 false)" '{"activityId":"things-refresh-2","timestamp":1700000003000}'
wait_for 'properties.*things-refresh-2'
# 4. malformed apply: no desired state; a desired state of the wrong shape
inbox req-bad-1 apply "$THING_TOPIC" "$(json_headers corr-bad-1 true)" '{"activityId":"things-bad-1","timestamp":1700000004000}'
wait_for 'command///res/req-bad-1/'
inbox req-bad-2 apply "$THING_TOPIC" "$(json_headers corr-bad-2 true)" '{"activityId":"things-bad-2","timestamp":1700000005000,"desiredState":{"domains":"none"}}'
wait_for 'command///res/req-bad-2/'
# 5. a consent nobody asked for
inbox req-consent-2 consent "$THING_TOPIC" "$(json_headers corr-consent-2 true)" \
  '{"activityId":"things-combined-1","timestamp":1700000006000,"ownerConsentFeedback":{"status":"APPROVED"}}'
wait_for 'command///res/req-consent-2/'
# 6. apply for another thing: ignored (the refresh after it shows that nothing came in between)
inbox req-other-1 apply other/vehicle-9 "$(json_headers corr-other-1 true)" \
  "{\"activityId\":\"things-other-1\",\"timestamp\":1700000007000,\"desiredState\":$DESIRED}"
inbox req-refresh-3 refresh "$THING_TOPIC" "$(json_headers corr-refresh-3 true)" '{"activityId":"things-refresh-3","timestamp":1700000008000}'
wait_for 'properties.*things-refresh-3'
# 7. the connector reconnects as another device: the feature is registered on the new thing
pub -t edge/thing/response -m '{"deviceId":"demo:vehicle-2","tenantId":"demo-tenant","policyId":"demo:policy"}'
wait_for '"topic":"e".*demo/vehicle-2/things/twin/commands/modify.*"path\\":\\"/features/UpdateManager\\"'
inbox req-refresh-4 refresh demo/vehicle-2 "$(json_headers corr-refresh-4 true)" '{"activityId":"things-refresh-4","timestamp":1700000009000}'
wait_for 'properties.*things-refresh-4'
sleep 2

mkdir -p "$OUT"
grep -v '"topic":"ready"' "$T" >"$OUT/kanto-transcript.jsonl"
# Kanto's client id is a UUID; its subscriptions are the lines after its SUBSCRIBE in Mosquitto's log
KID=$(grep -oE 'New client connected from .* as [0-9a-f-]{36}' "$W/mosquitto.log" | head -1 | awk '{print $NF}')
awk -v id="$KID" '/Received SUBSCRIBE from/ {on = index($0, id) > 0; next} on && /^[0-9]+: \t/ {sub(/^[0-9]+: \t/, ""); print; next} {on = 0}' \
  "$W/mosquitto.log" >"$OUT/kanto-subscriptions.txt"
echo "recorded $(wc -l <"$OUT/kanto-transcript.jsonl") messages into $OUT; work files in $W"
