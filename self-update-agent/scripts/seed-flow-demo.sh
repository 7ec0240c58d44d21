#!/usr/bin/env bash
# seed-flow-demo.sh - the Leda self-update tutorial (seed 4.1) end to end against a real RAUC:
# rauc-sim (file-backed A/B slots), Mosquitto, a plain HTTP bundle server, the packaged agent
# (target/quarkus-app/quarkus-run.jar), and the seed's messages published with mosquitto_pub.
# Usage: scripts/seed-flow-demo.sh [WORKDIR]   (run from the self-update-agent module, as root, after `mvn package`)
set -euo pipefail
MODULE=$(cd "$(dirname "$0")/.." && pwd)
SIM=$MODULE/../deploy/lib/rauc-sim.sh
W=${1:-/tmp/sua-demo}
PORT_MQTT=${PORT_MQTT:-18883}
PORT_HTTP=${PORT_HTTP:-18080}
ID=demo-$(date +%s)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; "$SIM" --state "$W/sim" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
step() { printf '\n=== %s\n' "$*"; }

rm -rf "$W" && mkdir -p "$W/www"
"$SIM" --state "$W/sim" setup 2>/dev/null
eval "$("$SIM" --state "$W/sim" start | sed 's/^/export /')"
"$SIM" --state "$W/sim" bundle --version 2.0 --size-mib 16 --out "$W/www/sdv-rauc-bundle-qemux86-64.raucb" >/dev/null
mosquitto -p "$PORT_MQTT" >"$W/mosquitto.log" 2>&1 & PIDS+=($!)
(cd "$W/www" && exec python3 -m http.server --bind 127.0.0.1 "$PORT_HTTP") >"$W/http.log" 2>&1 & PIDS+=($!)
for _ in $(seq 50); do mosquitto_pub -p "$PORT_MQTT" -t probe -n 2>/dev/null && break; sleep 0.1; done
mosquitto_sub -p "$PORT_MQTT" -v -t 'selfupdate/#' >"$W/mqtt.txt" & PIDS+=($!)

start_agent() {
	MQTT_URL=tcp://127.0.0.1:$PORT_MQTT SELFUPDATE_DATA_DIR=$W/data SELFUPDATE_DBUS_ADDRESS=$DBUS_SYSTEM_BUS_ADDRESS \
		SELFUPDATE_DOWNLOAD_ALLOWED_SCHEMES=http,https SELFUPDATE_BOOT_ID_FILE=$W/sim/run/rauc.pid \
		java -jar "$MODULE/target/quarkus-app/quarkus-run.jar" >>"$W/agent.log" 2>&1 &
	AGENT=$!
	PIDS+=("$AGENT")
	for _ in $(seq 100); do grep -q 'self-update agent running' "$W/agent.log" && break; sleep 0.1; done
	sleep 1 # let it subscribe
}
wait_for() { # STATUS
	for _ in $(seq 600); do
		[ "$(grep -c "\"status\":\"$1\"" "$W/mqtt.txt")" -gt "${2:-0}" ] && return 0
		sleep 0.1
	done
	echo "timeout waiting for $1" >&2
	exit 1
}
command() { # COMMAND
	mosquitto_pub -p "$PORT_MQTT" -t selfupdate/desiredstate/command -m "{\"activityId\":\"$ID\",\"timestamp\":1687510087,\"payload\":{\"baseline\":\"BASELINE NAME\",\"command\":\"$1\"}}"
}

start_agent
step "desired state (start-update-example.json, VERSION_ID=2.0)"
mosquitto_pub -p "$PORT_MQTT" -t selfupdate/desiredstate -m "{\"activityId\":\"$ID\",\"timestamp\":123456789,\"payload\":{\"domains\":[{\"id\":\"self-update\",\"components\":[{\"id\":\"os-image\",\"version\":\"2.0\",\"config\":[{\"key\":\"image\",\"value\":\"http://127.0.0.1:$PORT_HTTP/sdv-rauc-bundle-qemux86-64.raucb\"}]}]}]}}"
wait_for IDENTIFIED
step DOWNLOAD; command DOWNLOAD; wait_for DOWNLOAD_SUCCESS
step UPDATE; command UPDATE; wait_for UPDATE_SUCCESS
step ACTIVATE; command ACTIVATE; wait_for ACTIVATION_SUCCESS
step CLEANUP; command CLEANUP; wait_for COMPLETED
echo "slot B holds version: $("$SIM" --state "$W/sim" slot-version B); primary (boots next): $(cat "$W/sim/boot/primary")"

step "reboot (simulated) and restart of the agent"
kill "$AGENT"; wait "$AGENT" 2>/dev/null || true
eval "$("$SIM" --state "$W/sim" reboot | sed 's/^/export /')"
echo "booted: $RAUC_SIM_BOOTED"
start_agent
wait_for ACTIVATION_SUCCESS 1
step "CLEANUP after the reboot (commit)"; command CLEANUP; wait_for COMPLETED 1
echo "slot B boot state: $(cat "$W/sim/boot/B.state"); primary: $(cat "$W/sim/boot/primary")"

step "feedback statuses received"
grep desiredstatefeedback "$W/mqtt.txt" | sed 's/.*"payload":{"status":"\([A-Z_]*\)".*/\1/' | uniq | tr '\n' ' '
echo
