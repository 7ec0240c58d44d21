#!/usr/bin/env bash
# The virtual vehicle: the whole update system on one Debian machine, for trying it and for the end-to-end
# tests. Mosquitto, a private D-Bus with a real `rauc service` on two file-backed A/B slots, Podman's Docker API
# with a local registry and demo images, an HTTP server with demo RAUC bundles, and the three services.
#
# Usage: deploy/virtual-vehicle.sh [--state DIR] [COMMAND]
#   run            (default) start everything, print what to try, stay in the foreground; Ctrl-C stops it all
#   start          the same in the background; returns when the vehicle is ready
#   stop           stops a vehicle started on the same state directory
#   reboot         simulated reboot: stops the services, lets the simulated bootloader pick the slot,
#                  restarts `rauc service` and the services (this is the update-manager's reboot command)
#   fail-next-boot the next reboot falls back to the old slot, as a bootloader does when the new OS fails
#   reset-journals stops the services, clears their activity journals together (deploy/reset-journals.sh), starts them
#   status         what runs, which slot is booted, which containers run
# Options (or environment): --state DIR (VV_STATE, default /var/tmp/vehicle-update), --mqtt-port N (VV_MQTT_PORT,
# 1883), --http-port N (VV_HTTP_PORT, 8088), --registry-port N (VV_REGISTRY_PORT, 5000).
# A second start on the same state directory continues where the last one stopped: slots, boot state, journals
# and containers are kept.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
STATE=${VV_STATE:-/var/tmp/vehicle-update}
MQTT_PORT=${VV_MQTT_PORT:-1883}
HTTP_PORT=${VV_HTTP_PORT:-8088}
REGISTRY_PORT=${VV_REGISTRY_PORT:-5000}
COMMAND=run
SERVICES=(update-manager self-update-agent container-update-agent)

while (($#)); do
  case "$1" in
    --state) STATE=$2; shift 2 ;;
    --mqtt-port) MQTT_PORT=$2; shift 2 ;;
    --http-port) HTTP_PORT=$2; shift 2 ;;
    --registry-port) REGISTRY_PORT=$2; shift 2 ;;
    run|start|stop|reboot|fail-next-boot|reset-journals|status) COMMAND=$1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "virtual-vehicle: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd)
RAUC_STATE=$STATE/rauc
PODMAN_STATE=$STATE/podman
LOGS=$STATE/logs
RUN=$STATE/run
mkdir -p "$LOGS" "$RUN"

rauc_sim() { "$REPO/deploy/lib/rauc-sim.sh" --state "$RAUC_STATE" "$@"; }
podman_sim() { "$REPO/deploy/lib/podman-sim.sh" --state "$PODMAN_STATE" "$@"; }
log() { printf '[virtual-vehicle] %s\n' "$*"; }

# A pid file counts only while its process is the one we started: the process's start time (field 22 of
# /proc/PID/stat, clock ticks since boot) is kept in NAME.started next to NAME.pid. After a reboot or a power cut
# the pid may belong to another process, which then is not taken for ours ("already running").
started_at() { # pid -> its start time; fails for a process that is gone or a zombie
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -ra fields <<<"${stat##*) }" # after the command name, which may hold spaces and parentheses
  [[ ${fields[0]} != [ZX] ]] || return 1
  printf '%s\n' "${fields[19]}"
}

record_pid() { # name, pid
  started_at "$2" >"$RUN/$1.started" || true
  echo "$2" >"$RUN/$1.pid"
}

alive() { # name: its pid file names a live process that we started
  local pid
  [[ -f "$RUN/$1.pid" && -f "$RUN/$1.started" ]] || return 1
  pid=$(cat "$RUN/$1.pid")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ "$(started_at "$pid")" == "$(cat "$RUN/$1.started")" ]]
}

stop_pid() {
  local name=$1 pid
  if alive "$name"; then
    pid=$(cat "$RUN/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      # gone, or gone but not reaped (this machine's PID 1 does not reap): stopped
      alive "$name" || break
      sleep 0.1
    done
    alive "$name" && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$name.pid" "$RUN/$name.started"
}

wait_for() { # description, attempts (0.1 s each), command...
  local what=$1 attempts=$2
  shift 2
  for _ in $(seq 1 "$attempts"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "$what did not come up; see $LOGS"
  return 1
}

prepare() {
  # shellcheck source=lib/install-packages.sh
  source "$REPO/deploy/lib/install-packages.sh"
  vu_install_missing "${vu_packages[@]}"
  local jar
  for service in "${SERVICES[@]}"; do
    jar=$REPO/$service/target/quarkus-app/quarkus-run.jar
    if [[ ! -f "$jar" ]]; then
      log "building the project (first start)"
      (cd "$REPO" && mvn -B -q -ntp -Dstyle.color=never -DskipTests package)
      break
    fi
  done
}

check_machine() { # before anything starts: install what is missing, then one line and exit 3 if something still is
  # shellcheck source=lib/install-packages.sh
  source "$REPO/deploy/lib/install-packages.sh"
  vu_install_missing "${vu_packages[@]}"
  local build=() service
  for service in "${SERVICES[@]}"; do
    [[ -f "$REPO/$service/target/quarkus-app/quarkus-run.jar" ]] || build=(--build)
  done
  "$REPO/deploy/lib/preflight.sh" vehicle --state "$STATE" "${build[@]}"
}

start_broker() {
  alive mosquitto && return 0
  mkdir -p "$STATE/mosquitto"
  cat >"$STATE/mosquitto/mosquitto.conf" <<EOF
# the virtual vehicle's broker: loopback only, anonymous, retained messages kept across restarts
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence true
persistence_location $STATE/mosquitto/
max_queued_messages 100000
# the services' own limit (MessageReader, um.max-message-bytes): a bigger payload is dropped by the broker and
# never reaches a service's heap (docs/protocol.md, "Message size")
message_size_limit 1048576
log_dest file $LOGS/mosquitto.log
EOF
  mosquitto -c "$STATE/mosquitto/mosquitto.conf" >>"$LOGS/mosquitto.log" 2>&1 &
  record_pid mosquitto $!
  wait_for "mosquitto" 50 mosquitto_pub -p "$MQTT_PORT" -h 127.0.0.1 -t vv/ping -m up
}

prepare_rauc() {
  rauc_sim setup --initial-version 1.0 >/dev/null
  mkdir -p "$STATE/bundles"
  [[ -f "$STATE/bundles/os-image-2.0.raucb" ]] ||
    rauc_sim bundle --version 2.0 --out "$STATE/bundles/os-image-2.0.raucb" >/dev/null
  [[ -f "$STATE/bundles/os-image-3.0.raucb" ]] ||
    rauc_sim bundle --version 3.0 --out "$STATE/bundles/os-image-3.0.raucb" >/dev/null
  [[ -f "$STATE/bundles/os-image-4.0-bad-signature.raucb" ]] ||
    rauc_sim bundle --version 4.0 --rogue --out "$STATE/bundles/os-image-4.0-bad-signature.raucb" >/dev/null
}

start_bundle_server() {
  alive httpd && return 0
  busybox httpd -f -p "127.0.0.1:$HTTP_PORT" -h "$STATE/bundles" >>"$LOGS/httpd.log" 2>&1 &
  record_pid httpd $!
  wait_for "bundle server" 50 curl -fsI "http://127.0.0.1:$HTTP_PORT/os-image-2.0.raucb"
}

start_containers_runtime() {
  podman_sim start --registry-port "$REGISTRY_PORT" >"$RUN/podman.env"
  podman_sim images >/dev/null
}

podman_cli() { # the podman CLI on this vehicle's storage
  (
    # shellcheck disable=SC1091
    source "$PODMAN_STATE/env.sh"
    podman "$@"
  )
}

stop_containers() { # as at a shutdown: the containers stop, they are not removed
  [[ -f "$PODMAN_STATE/env.sh" ]] || return 0
  # what a container engine brings back at boot: running containers whose policy says so (Docker's behaviour)
  podman_cli ps --quiet --filter restart-policy=always >"$RUN/restart-at-boot" 2>/dev/null || true
  podman_cli ps --quiet --filter restart-policy=unless-stopped >>"$RUN/restart-at-boot" 2>/dev/null || true
  podman_cli stop --all --time 5 >/dev/null 2>&1 || true
}

boot_containers() { # what the engine does at boot: start what was running and should come back
  [[ -s "$RUN/restart-at-boot" ]] || return 0
  # shellcheck disable=SC2046
  podman_cli start $(sort -u "$RUN/restart-at-boot") >/dev/null 2>&1 || true
  rm -f "$RUN/restart-at-boot"
}

setting() { printf '%s=%q\n' "$1" "$2"; }

service_env() { # the configuration of each service, as environment variables (SmallRye Config)
  local service=$1
  setting MQTT_URL "tcp://127.0.0.1:$MQTT_PORT"
  case "$service" in
    update-manager)
      setting UM_DATA_DIR "$STATE/data/update-manager"
      setting UM_REBOOT_COMMAND "$REPO/deploy/virtual-vehicle.sh --state $STATE reboot"
      setting UM_REBOOT_AFTER 2s
      ;;
    self-update-agent)
      setting SELFUPDATE_DATA_DIR "$STATE/data/self-update-agent"
      setting SELFUPDATE_DBUS_ADDRESS "$(grep '^DBUS_SYSTEM_BUS_ADDRESS=' "$RAUC_STATE/env" | cut -d= -f2-)"
      setting SELFUPDATE_DOWNLOAD_ALLOWED_SCHEMES http,https
      # a simulated reboot restarts `rauc service`, not the kernel: its PID is this vehicle's boot id
      setting SELFUPDATE_BOOT_ID_FILE "$RAUC_STATE/run/rauc.pid"
      ;;
    container-update-agent)
      setting CONTAINERS_JOURNAL "$STATE/data/container-update-agent/operation.json"
      setting DOCKER_HOST "$(grep '^DOCKER_HOST=' "$RUN/podman.env" | cut -d= -f2-)"
      ;;
  esac
}

start_services() {
  local service env_file
  for service in "${SERVICES[@]}"; do
    alive "$service" && continue
    touch "$LOGS/$service.log"
    wc -c <"$LOGS/$service.log" >"$RUN/$service.log-offset"
    env_file=$RUN/$service.env
    service_env "$service" >"$env_file"
    (
      set -a
      # shellcheck disable=SC1090
      source "$env_file"
      set +a
      exec java -XX:+UseSerialGC -Xmx128m -jar "$REPO/$service/target/quarkus-app/quarkus-run.jar"
    ) >>"$LOGS/$service.log" 2>&1 &
    record_pid "$service" $!
  done
}

restart_crashed_services() { # what systemd's Restart=always does on a device
  local service
  for service in "${SERVICES[@]}"; do
    if [[ -f "$RUN/$service.pid" ]] && ! alive "$service"; then
      log "$service exited; starting it again"
      rm -f "$RUN/$service.pid" "$RUN/$service.started"
      start_services
    fi
  done
}

connected() { # the service has connected to the broker (and subscribed) since it was last started
  local service=$1
  tail -c +"$(($(cat "$RUN/$service.log-offset") + 1))" "$LOGS/$service.log" 2>/dev/null | grep -q "connected to tcp://"
}

wait_for_services() {
  local service
  for service in "${SERVICES[@]}"; do
    wait_for "$service" 600 connected "$service"
  done
}

stop_services() {
  local service
  for service in "${SERVICES[@]}"; do stop_pid "$service"; done
}

stop_all() {
  rm -f "$RUN/ready"
  stop_services
  stop_pid httpd
  rauc_sim stop >/dev/null 2>&1 || true
  stop_containers
  podman_sim stop >/dev/null 2>&1 || true
  stop_pid mosquitto
  log "stopped; the state is kept in $STATE"
}

simulated_reboot() {
  local fallback=()
  [[ -f "$RUN/fail-next-boot" ]] && fallback=(--fallback) && rm -f "$RUN/fail-next-boot"
  log "rebooting${fallback[*]:+ (the bootloader falls back)}"
  stop_services
  stop_containers
  rauc_sim reboot "${fallback[@]}" | grep RAUC_SIM_BOOTED | sed 's/^/[virtual-vehicle] booted: /'
  boot_containers
  start_services
}

reset_journals() {
  stop_services
  "$REPO/deploy/reset-journals.sh" --update-manager-data "$STATE/data/update-manager" \
    --self-update-data "$STATE/data/self-update-agent" \
    --containers-journal "$STATE/data/container-update-agent/operation.json" | sed 's/^/[virtual-vehicle] /'
  start_services
}

print_examples() {
  cat <<EOF

The virtual vehicle is up (state in $STATE, logs in $LOGS).
  broker      tcp://127.0.0.1:$MQTT_PORT
  bundles     http://127.0.0.1:$HTTP_PORT/  (os-image-2.0.raucb, os-image-3.0.raucb, os-image-4.0-bad-signature.raucb)
  registry    127.0.0.1:$REGISTRY_PORT      (demo/app:v1, demo/app:v2, demo/app:v2-crash, library/hello-world:latest)

Watch everything:
  mosquitto_sub -p $MQTT_PORT -v -t 'vehicleupdate/#' -t 'selfupdate/#' -t 'containersupdate/#'
Try an update of the OS and a container together:
  mosquitto_pub -p $MQTT_PORT -q 1 -t vehicleupdate/desiredstate -f $REPO/examples/combined-update.json
Other examples: $REPO/examples/ (see README). Ctrl-C stops the vehicle.
EOF
}

run_supervisor() {
  record_pid supervisor $$
  trap 'stop_all; rm -f "$RUN/supervisor.pid" "$RUN/supervisor.started"; exit 0' INT TERM
  trap 'simulated_reboot' USR1
  trap 'reset_journals' USR2
  prepare
  start_broker
  prepare_rauc
  rauc_sim start >/dev/null
  start_bundle_server
  start_containers_runtime
  boot_containers
  start_services
  wait_for_services
  touch "$RUN/ready"
  print_examples
  while :; do
    sleep 1 &
    wait $! || true
    restart_crashed_services
  done
}

case "$COMMAND" in
  run)
    if alive supervisor; then log "already running on $STATE"; exit 1; fi
    check_machine
    run_supervisor
    ;;
  start)
    if alive supervisor; then log "already running on $STATE"; exit 0; fi
    check_machine
    rm -f "$RUN/ready"
    nohup "$0" --state "$STATE" --mqtt-port "$MQTT_PORT" --http-port "$HTTP_PORT" --registry-port "$REGISTRY_PORT" \
      run >>"$LOGS/virtual-vehicle.log" 2>&1 &
    for _ in $(seq 1 3000); do
      [[ -f "$RUN/ready" ]] && { log "ready (logs in $LOGS)"; exit 0; }
      kill -0 $! 2>/dev/null || { log "failed to start; see $LOGS/virtual-vehicle.log"; exit 1; }
      sleep 0.1
    done
    log "not ready after 300 s; see $LOGS/virtual-vehicle.log"
    exit 1
    ;;
  stop)
    if alive supervisor; then
      stop_pid supervisor
    else
      stop_all
    fi
    ;;
  reboot)
    alive supervisor || { log "no virtual vehicle runs on $STATE"; exit 1; }
    # the supervisor owns the processes; this may be called by a service that the reboot stops
    kill -USR1 "$(cat "$RUN/supervisor.pid")"
    ;;
  reset-journals)
    alive supervisor || { log "no virtual vehicle runs on $STATE"; exit 1; }
    kill -USR2 "$(cat "$RUN/supervisor.pid")"
    ;;
  fail-next-boot)
    touch "$RUN/fail-next-boot"
    log "the next reboot falls back to the old slot"
    ;;
  status)
    for p in supervisor mosquitto httpd "${SERVICES[@]}"; do
      if alive "$p"; then echo "$p: running (pid $(cat "$RUN/$p.pid"))"; else echo "$p: stopped"; fi
    done
    rauc_sim status 2>/dev/null | head -5 || true
    podman_sim status 2>/dev/null | tail -n +1 || true
    ;;
esac
