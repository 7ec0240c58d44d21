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
#   power-cut      every process of the vehicle (services, broker, D-Bus and `rauc service`, Podman's API service,
#                  registry, bundle server, containers) dies at once by SIGKILL; `start` boots it again
#   hold POINT     the vehicle stops at POINT until `release` (for power-cut tests): install (RAUC activated the
#                  slot it wrote, its install not finished), reboot (the reboot command was called), booted (the
#                  bootloader booted, the services not started yet), cleanup (RAUC committed the slot)
#   held POINT     exit 0 once the vehicle waits at POINT;   release   lets it go on and clears every hold
# Options (or environment): --state DIR (VV_STATE, default /var/tmp/vehicle-update), --mqtt-port N (VV_MQTT_PORT,
# 1883), --http-port N (VV_HTTP_PORT, 8088), --registry-port N (VV_REGISTRY_PORT, 5000), --java CMD (VV_JAVA:
# the JVM of the services, Java 17 or newer; default java on the PATH).
#   --trust off|enforce (VV_TRUST, off): with enforce the update-manager takes only desired states signed for the
#   vehicle id demo-vehicle under the demo trust root (examples/signed/, demo keys: for the demo only).
#   --things (VV_THINGS=1): the update-manager in Kanto's things mode, reached as the UpdateManager feature of
#   thing VV_THING_ID (default demo:virtual-vehicle); a stand-in cloud connector answers edge/thing/request.
#   --layout separate|single (VV_LAYOUT, separate): the three services each in its own JVM, or all three in one
#   (the all-in-one module, process vehicle-update, log logs/vehicle-update.log; run/<service>.pid and
#   logs/<service>.log then name that one process and its log). Data and journals are the same in both layouts,
#   so a vehicle stopped in one layout can be started in the other.
# A second start on the same state directory continues where the last one stopped: slots, boot state, journals
# and containers are kept.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
STATE=${VV_STATE:-/var/tmp/vehicle-update}
MQTT_PORT=${VV_MQTT_PORT:-1883}
HTTP_PORT=${VV_HTTP_PORT:-8088}
REGISTRY_PORT=${VV_REGISTRY_PORT:-5000}
TRUST=${VV_TRUST:-off}
THINGS=${VV_THINGS:-0}
THING_ID=${VV_THING_ID:-demo:virtual-vehicle}
# Java 17 (Debian's) by default: it holds less memory than Temurin 25 with these flags; 25 starts the services
# sooner (docs/footprint-and-speed.md). --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java picks it.
JAVA_CMD=${VV_JAVA:-java}
LAYOUT=${VV_LAYOUT:-separate}
COMMAND=run
SERVICE_NAMES=(update-manager self-update-agent container-update-agent)

while (($#)); do
  case "$1" in
    --state) STATE=$2; shift 2 ;;
    --mqtt-port) MQTT_PORT=$2; shift 2 ;;
    --http-port) HTTP_PORT=$2; shift 2 ;;
    --registry-port) REGISTRY_PORT=$2; shift 2 ;;
    --trust) TRUST=$2; shift 2 ;;
    --things) THINGS=1; shift ;;
    --java) JAVA_CMD=$2; shift 2 ;;
    --layout) LAYOUT=$2; shift 2 ;;
    run|start|stop|reboot|fail-next-boot|reset-journals|status) COMMAND=$1; shift ;;
    power-cut|release) COMMAND=$1; shift ;;
    hold|held) COMMAND=$1; POINT=${2:?$1 needs a point: install, reboot, booted or cleanup}; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "virtual-vehicle: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$TRUST" == off || "$TRUST" == enforce ]] || { echo "virtual-vehicle: --trust takes off or enforce" >&2; exit 2; }
# the processes this layout runs: the services each on its own, or the one process of the single layout
case "$LAYOUT" in
  separate) SERVICES=("${SERVICE_NAMES[@]}") ;;
  single) SERVICES=(vehicle-update) ;;
  *) echo "virtual-vehicle: --layout takes separate or single" >&2; exit 2 ;;
esac
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
    if alive "$name"; then kill -KILL "$pid" 2>/dev/null || true; fi
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

jar_of() { # process name -> its quarkus-run.jar (the single layout's process is the all-in-one module)
  local module=$1
  [[ $module == vehicle-update ]] && module=all-in-one
  printf '%s\n' "$REPO/$module/target/quarkus-app/quarkus-run.jar"
}

prepare() {
  # shellcheck source=lib/install-packages.sh
  source "$REPO/deploy/lib/install-packages.sh"
  vu_install_missing "${vu_packages[@]}"
  local jar
  for service in "${SERVICES[@]}"; do
    jar=$(jar_of "$service")
    if [[ ! -f "$jar" ]]; then
      log "building the project (first start)"
      (cd "$REPO" && mvn -B -q -ntp -Dstyle.color=never -DskipTests package)
      break
    fi
  done
  train_services
}

train_services() { # the class-data archive of each service for this JVM and build (once; deploy/jvm/run-service.sh)
  local service pids=()
  for service in "${SERVICES[@]}"; do
    # the single layout's services read no configuration files here (service_env), in training neither
    UPDATE_MANAGER_CONFIG_FILE=none SELF_UPDATE_AGENT_CONFIG_FILE=none CONTAINER_UPDATE_AGENT_CONFIG_FILE=none \
      JAVA=$JAVA_CMD VU_CDS_DIR=$STATE/cds "$REPO/deploy/jvm/run-service.sh" --train \
      "$(jar_of "$service")" >>"$LOGS/training.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || log "no class-data archive for one of the services (see $LOGS/training.log): it starts slower"
  done
}

check_machine() { # before anything starts: install what is missing, then one line and exit 3 if something still is
  # shellcheck source=lib/install-packages.sh
  source "$REPO/deploy/lib/install-packages.sh"
  vu_install_missing "${vu_packages[@]}"
  local build=() service
  for service in "${SERVICES[@]}"; do
    [[ -f "$(jar_of "$service")" ]] || build=(--build)
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
# as root like everything here: Mosquitto would drop to its own user, which can write neither the state nor the logs
user root
persistence true
persistence_location $STATE/mosquitto/
# saved on every change, so that a power cut keeps the services' sessions: a command the update-manager sends again
# after the cut waits for an agent that has not connected yet (as in deploy/mosquitto/mosquitto.conf)
autosave_on_changes true
autosave_interval 1
max_queued_messages 100000
set_tcp_nodelay true
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

record_restart_at_boot() { # what a container engine brings back at boot: running containers whose policy says so
  # (Docker's behaviour)
  podman_cli ps --quiet --filter restart-policy=always >"$RUN/restart-at-boot" 2>/dev/null || true
  podman_cli ps --quiet --filter restart-policy=unless-stopped >>"$RUN/restart-at-boot" 2>/dev/null || true
}

stop_containers() { # as at a shutdown: the containers stop, they are not removed
  [[ -f "$PODMAN_STATE/env.sh" ]] || return 0
  record_restart_at_boot
  podman_cli stop --all --time 5 >/dev/null 2>&1 || true
}

drop_torn_containers() { # what a robust engine does when it starts: a create that a power cut interrupted leaves a
  # container in Podman's storage that Podman itself does not know ("Storage" in ps --external); its name stays taken
  local id status
  while read -r id status; do
    [[ $status == Storage ]] || continue
    log "removing container $id, whose creation a power cut interrupted"
    podman_cli rm --storage "$id" >/dev/null 2>&1 || true
  done < <(podman_cli ps --all --external --format '{{.ID}} {{.Status}}' 2>/dev/null)
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
      trust_env
      if [[ $THINGS == 1 ]]; then things_env; fi
      ;;
    self-update-agent)
      setting SELFUPDATE_DATA_DIR "$STATE/data/self-update-agent"
      setting SELFUPDATE_DBUS_ADDRESS "$(grep '^DBUS_SYSTEM_BUS_ADDRESS=' "$RAUC_STATE/env" | cut -d= -f2-)"
      setting SELFUPDATE_DOWNLOAD_ALLOWED_SCHEMES http,https
      # a simulated reboot restarts `rauc service`, not the kernel: its PID is this vehicle's boot id
      setting SELFUPDATE_BOOT_ID_FILE "$RAUC_STATE/run/rauc.pid"
      ;;
    container-update-agent)
      setting CONTAINERS_JOURNAL "$STATE/data/container-update-agent/container-update-agent.journal"
      setting DOCKER_HOST "$(grep '^DOCKER_HOST=' "$RUN/podman.env" | cut -d= -f2-)"
      ;;
    vehicle-update) # the single layout: every service's settings in one environment (their keys do not overlap
      # but for mqtt.*, which are the same for all three here); no configuration files, as in the separate layout
      local name
      for name in "${SERVICE_NAMES[@]}"; do
        service_env "$name" | grep -v '^MQTT_URL='
        setting "$(tr 'a-z-' 'A-Z_' <<<"$name")_CONFIG_FILE" none
      done
      ;;
  esac
}

# --- things mode: the update-manager behind a cloud connector ---------------------------------------------------
things_env() { setting UM_THINGS_ENABLED true; }

edge_configuration() { printf '{"deviceId":"%s","tenantId":"demo-tenant","policyId":"%s"}' "$THING_ID" "$THING_ID"; }

start_connector() { # what a cloud connector does on the local broker: tell the device's thing when asked
  alive connector && return 0
  mosquitto_sub -p "$MQTT_PORT" -h 127.0.0.1 -q 1 -t edge/thing/request -F %t > >(while read -r _; do
    mosquitto_pub -p "$MQTT_PORT" -h 127.0.0.1 -q 1 -t edge/thing/response -m "$(edge_configuration)"
  done) 2>>"$LOGS/connector.log" &
  record_pid connector $!
  log "cloud connector stand-in: the vehicle is thing $THING_ID"
}

print_things_examples() {
  cat <<EOF

The virtual vehicle is up in things mode (state in $STATE, logs in $LOGS): the update-manager is the
UpdateManager feature of thing $THING_ID (Ditto protocol through the cloud connector's topics).
Watch what it sends (feedback, inventory, answers) and the agents:
  mosquitto_sub -p $MQTT_PORT -v -t e -t 'command///res/#' -t 'selfupdate/#' -t 'containersupdate/#'
Try an update of the OS and a container together, as a backend sends it through the connector:
  mosquitto_pub -p $MQTT_PORT -q 1 -t command///req/apply-1/apply -f $REPO/examples/things/apply-combined.json
Ask for the inventory (written to the feature's properties):
  mosquitto_pub -p $MQTT_PORT -q 1 -t command///req/refresh-1/refresh -f $REPO/examples/things/refresh.json
The examples are addressed to demo:virtual-vehicle. Ctrl-C stops the vehicle.
EOF
}
# ---------------------------------------------------------------------------------------------------------------

start_services() {
  local service env_file
  for service in "${SERVICES[@]}"; do
    alive "$service" && continue
    # a service's log that is a link to the single layout's log stays there; this layout writes its own
    if [[ -L "$LOGS/$service.log" ]]; then rm -f "$LOGS/$service.log"; fi
    touch "$LOGS/$service.log"
    wc -c <"$LOGS/$service.log" >"$RUN/$service.log-offset"
    env_file=$RUN/$service.env
    service_env "$service" >"$env_file"
    (
      set -a
      # shellcheck disable=SC1090
      source "$env_file"
      set +a
      # the JVM flags of the deployment (deploy/jvm/jvm.options) and the archive train_services made
      JAVA=$JAVA_CMD VU_CDS_DIR=$STATE/cds exec "$REPO/deploy/jvm/run-service.sh" "$(jar_of "$service")"
    ) >>"$LOGS/$service.log" 2>&1 &
    record_pid "$service" $!
    if [[ $service == vehicle-update ]]; then alias_services; fi
  done
}

alias_services() { # the single layout: each service's pid file and log name the one process and its log, so that
  # whatever looks for a service (status, tests, kill of the update-manager) finds the process that runs it
  local name
  for name in "${SERVICE_NAMES[@]}"; do
    ln -sfn vehicle-update.pid "$RUN/$name.pid"
    ln -sfn vehicle-update.started "$RUN/$name.started"
    # a log of an earlier start in the separate layout is kept aside
    if [[ -f "$LOGS/$name.log" && ! -L "$LOGS/$name.log" ]]; then mv "$LOGS/$name.log" "$LOGS/$name.separate.log"; fi
    ln -sfn vehicle-update.log "$LOGS/$name.log"
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

connected() { # the service (each service of the single layout's process) has connected to the broker (and
  # subscribed) since it was last started
  local service=$1 expected=1
  [[ $service == vehicle-update ]] && expected=${#SERVICE_NAMES[@]}
  (($(tail -c +"$(($(cat "$RUN/$service.log-offset") + 1))" "$LOGS/$service.log" 2>/dev/null |
      grep -c "connected to tcp://") >= expected))
}

wait_for_services() {
  local service
  for service in "${SERVICES[@]}"; do
    wait_for "$service" 600 connected "$service"
  done
}

stop_services() { # of either layout, whichever runs
  local service
  for service in "${SERVICE_NAMES[@]}" vehicle-update; do
    if [[ -L "$RUN/$service.pid" ]]; then rm -f "$RUN/$service.pid" "$RUN/$service.started"; continue; fi
    stop_pid "$service"
  done
}

stop_all() {
  rm -f "$RUN/ready"
  stop_services
  stop_pid connector
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
  hold_point booted
  start_services
}

# ---- trust (docs/trust.md): the demo trust root and the update-manager's trust settings
DEMO_VEHICLE=demo-vehicle

provision_trust() { # installs the demo trust root, as provisioning installs /etc/vehicle-update/trust/root.json
  [[ "$TRUST" == enforce ]] || return 0
  mkdir -p "$STATE/trust"
  # kept once installed: a new root would start the sequence at 0, as a re-provisioned vehicle's does
  [[ -f "$STATE/trust/root.json" ]] || cp "$REPO/examples/signed/root.json" "$STATE/trust/root.json"
  log "trust: enforcing; vehicle id $DEMO_VEHICLE, trust root $STATE/trust/root.json (demo keys in examples/signed/keys)"
}

trust_env() {
  setting TRUST_MODE "$TRUST"
  if [[ "$TRUST" == enforce ]]; then
    setting TRUST_ROOT "$STATE/trust/root.json"
    setting TRUST_VEHICLE_ID "$DEMO_VEHICLE"
  fi
}

print_trust_examples() {
  [[ "$TRUST" == enforce ]] || return 0
  cat <<EOF
Trust is enforced: publish the signed copies, e.g.
  mosquitto_pub -p $MQTT_PORT -q 1 -t vehicleupdate/desiredstate -f $REPO/examples/signed/combined-update.json
Sign your own for this vehicle (demo key, for the demo only):
  $REPO/cli/vehicle-update sign --vehicle $DEMO_VEHICLE --key $REPO/examples/signed/keys/demo-signing.jwk FILE
EOF
}

reset_journals() {
  stop_services
  "$REPO/deploy/reset-journals.sh" --update-manager-data "$STATE/data/update-manager" \
    --self-update-data "$STATE/data/self-update-agent" \
    --containers-journal "$STATE/data/container-update-agent/container-update-agent.journal" | sed 's/^/[virtual-vehicle] /'
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
  print_trust_examples
}

run_supervisor() {
  record_pid supervisor $$
  trap 'stop_all; rm -f "$RUN/supervisor.pid" "$RUN/supervisor.started"; exit 0' INT TERM
  trap 'simulated_reboot' USR1
  trap 'reset_journals' USR2
  prepare
  provision_trust
  start_broker
  if [[ $THINGS == 1 ]]; then start_connector; fi
  prepare_rauc
  rauc_sim start >/dev/null
  start_bundle_server
  start_containers_runtime
  drop_torn_containers
  boot_containers
  hold_point booted
  start_services
  wait_for_services
  touch "$RUN/ready"
  if [[ $THINGS == 1 ]]; then print_things_examples; else print_examples; fi
  while :; do
    sleep 1 &
    wait $! || true
    restart_crashed_services
  done
}

detached() { # command...: runs it without the file descriptors above 2 that this script inherited: a caller's
  # `flock LOCK virtual-vehicle.sh start` would otherwise stay locked by the vehicle's processes until it stops
  local fd
  for fd in /proc/"$BASHPID"/fd/*; do
    fd=${fd##*/}
    if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
  exec "$@"
}

# --- power cut and hold points ---------------------------------------------------------------------------------

vehicle_processes() { # the pids of every live process of this vehicle, one a line
  local -A parent=() ours=()
  local pid ppid stat args name p changed=1
  # whatever names this vehicle's state directory: broker, bundle server, `rauc service` and its D-Bus, Podman's
  # API service, registry, health ticker, the containers' conmon; then the services by their pid files
  while read -r pid ppid stat args; do
    [[ $stat == Z* ]] && continue
    parent[$pid]=$ppid
    [[ $args == *"$STATE/"* ]] && ours[$pid]=1
  done < <(ps -e -o pid=,ppid=,stat=,args=)
  for name in supervisor mosquitto httpd connector "${SERVICE_NAMES[@]}" vehicle-update; do
    alive "$name" && ours[$(cat "$RUN/$name.pid")]=1
  done
  while ((changed)); do # and everything below them: containers, RAUC's handlers, a reboot command, ...
    changed=0
    for pid in "${!parent[@]}"; do
      if [[ -z ${ours[$pid]:-} && -n ${ours[${parent[$pid]}]:-} ]]; then ours[$pid]=1; changed=1; fi
    done
  done
  p=$$ # not this command, its callers, or the subshells it runs now
  while [[ -n ${parent[$p]:-} ]]; do unset "ours[$p]"; p=${parent[$p]}; done
  for pid in "${!parent[@]}"; do [[ ${parent[$pid]} == "$$" ]] && unset "ours[$pid]"; done
  ((${#ours[@]})) && printf '%s\n' "${!ours[@]}"
  return 0
}

power_cut() { # as a power loss: everything dies at once, nothing is shut down in order, the state stays as it is
  local victims=(0) more=()
  [[ -f "$PODMAN_STATE/env.sh" ]] && record_restart_at_boot
  while :; do # freeze what is found, so nothing it starts meanwhile escapes; then kill them all together
    mapfile -t more < <(vehicle_processes | grep -vxF -f <(printf '%s\n' "${victims[@]}"))
    ((${#more[@]})) || break
    kill -STOP "${more[@]}" 2>/dev/null || true
    victims+=("${more[@]}")
  done
  rm -f "$RUN/ready"
  if ((${#victims[@]} > 1)); then
    kill -KILL "${victims[@]:1}" 2>/dev/null || true
    wait_until_dead "${victims[@]:1}"
  fi
  forget_what_ram_held
  log "power cut: $((${#victims[@]} - 1)) processes killed; \`$0 --state $STATE$([[ $LAYOUT == single ]] && echo " --layout single") start\` boots the vehicle again"
}

wait_until_dead() { # pids: gone, or zombies (this machine's PID 1 reaps late)
  local pid stat living
  for _ in $(seq 1 100); do
    living=0
    for pid in "$@"; do
      stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
      read -r stat _ <<<"${stat##*) }"
      [[ $stat == [ZX] ]] || { living=1; break; }
    done
    ((living)) || return 0
    sleep 0.1
  done
  log "power cut: some processes did not die within 10 s: $*"
}

forget_what_ram_held() { # the runtime state that lives in /run (tmpfs) on a real machine and is gone after a power cut
  local dir
  # runc's state of our containers: without it runc would take a not yet reaped container process for a running
  # container; with it gone, Podman sees the container as exited (code -1), as Docker does after a power loss
  for dir in "$PODMAN_STATE"/storage/overlay-containers/*/; do
    [[ -d $dir ]] || continue
    dir=${dir%/}
    rm -rf "/run/runc/${dir##*/}"
  done
  # Podman's tmp_dir (/run/libpod on a device): without its "alive" file Podman knows the machine restarted and
  # resets every container that was running, stopping or paused to "created" before it does anything else
  rm -f "$PODMAN_STATE/run/libpod/alive"
}

hold_point() { # name: a test stops the vehicle here (hold NAME) and cuts the power meanwhile
  [[ -e "$STATE/hold/$1" ]] || return 0
  log "held at $1"
  : >"$STATE/hold/$1.reached"
  while [[ -e "$STATE/hold/$1" ]]; do sleep 0.1; done
}

hold() {
  case "$POINT" in
    install) rauc_sim hold set-primary ;;
    cleanup) rauc_sim hold mark-good ;;
    reboot|booted) mkdir -p "$STATE/hold"; rm -f "$STATE/hold/$POINT.reached"; : >"$STATE/hold/$POINT" ;;
    *) log "unknown point '$POINT': install, reboot, booted or cleanup"; exit 2 ;;
  esac
}

held() {
  case "$POINT" in
    install) rauc_sim held set-primary ;;
    cleanup) rauc_sim held mark-good ;;
    reboot|booted) [[ -e "$STATE/hold/$POINT.reached" ]] ;;
    *) log "unknown point '$POINT': install, reboot, booted or cleanup"; exit 2 ;;
  esac
}

release() {
  rauc_sim release
  rm -rf "$STATE/hold"
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
    detached nohup "$0" --state "$STATE" --mqtt-port "$MQTT_PORT" --http-port "$HTTP_PORT" --registry-port "$REGISTRY_PORT" \
      --trust "$TRUST" $([[ $THINGS == 1 ]] && echo --things) --java "$JAVA_CMD" --layout "$LAYOUT" run >>"$LOGS/virtual-vehicle.log" 2>&1 &
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
    hold_point reboot
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
  power-cut) power_cut ;;
  hold) hold ;;
  held) held ;;
  release) release ;;
  status)
    for p in supervisor mosquitto connector httpd "${SERVICE_NAMES[@]}" vehicle-update; do
      [[ $p == vehicle-update && ! -e "$RUN/$p.pid" ]] && continue
      if alive "$p"; then
        echo "$p: running (pid $(cat "$RUN/$p.pid")$([[ -L "$RUN/$p.pid" ]] && echo ", in vehicle-update"))"
      else echo "$p: stopped"; fi
    done
    rauc_sim status 2>/dev/null | head -5 || true
    podman_sim status 2>/dev/null | tail -n +1 || true
    ;;
esac
