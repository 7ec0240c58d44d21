#!/bin/bash
# podman-sim.sh - run a real, rootful Podman with its Docker-compatible API socket
# plus a local plain-HTTP registry (Debian's docker-registry) on loopback, with
# small demo images built from busybox-static. Used by the container update
# agent's integration tests (docker-java against $DOCKER_HOST) and by the
# virtual-vehicle demo.
#
# Usage: podman-sim.sh [--state DIR] <command> [options]
#   start [--registry-port P] [--health-interval S]
#                         start registry + podman API service (+ health ticker),
#                         print DOCKER_HOST=... and REGISTRY=...
#   images [--force]      build demo images and push them to the registry
#   status                show what is running
#   purge-containers      remove all containers labelled vehicle-update.managed=true
#   stop [--purge]        stop the daemons (with --purge: purge-containers first)
#   destroy               remove ALL containers/images of this state dir, stop, delete it
#   env                   print shell exports for this state dir (source it)
# The state dir comes from --state or $PODMAN_SIM_STATE (default: ./state).
#
# Isolation: podman keeps its storage (graphroot, runroot), libpod tmp dir,
# network configs and event log under $STATE, selected through
# CONTAINERS_CONF / CONTAINERS_STORAGE_CONF / CONTAINERS_REGISTRIES_CONF,
# so tests never see or touch containers of the machine's default podman
# storage (/var/lib/containers). Nothing under /etc is written. What stays
# host-global: the netavark bridge "podman0" (10.88.0.0/16), iptables rules
# for published ports, the host ports themselves, and podman's network run
# dir /run/containers/networks (shared IPAM db). One instance per machine is
# the intended use; a second one on another registry port does work.
#
# Health checks: podman 4.3 runs HEALTHCHECKs from systemd timers, which do not
# exist without systemd as PID 1. `start` therefore also runs a small "health
# ticker" loop that calls `podman healthcheck run` for every running container
# with a health check every --health-interval seconds (default 2; 0 disables).
set -euo pipefail

MANAGED_LABEL_KEY=vehicle-update.managed
MANAGED_LABEL="${MANAGED_LABEL_KEY}=true"
SELF=$(readlink -f "${BASH_SOURCE[0]}")

die() { echo "podman-sim: $*" >&2; exit 1; }
log() { echo "podman-sim: $*" >&2; }

# ---------------------------------------------------------------- arguments
STATE=${PODMAN_SIM_STATE:-}
CMD=""
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --state) [ $# -ge 2 ] || die "--state needs a directory"; STATE=$2; shift 2 ;;
    --state=*) STATE=${1#--state=}; shift ;;
    -h|--help|help) CMD=help; shift ;;
    *) if [ -z "$CMD" ]; then CMD=$1; else ARGS+=("$1"); fi; shift ;;
  esac
done
[ -n "$CMD" ] || CMD=help
STATE=${STATE:-$PWD/state}
STATE=$(readlink -m "$STATE")

SOCK=$STATE/podman.sock
REG_PORT_FILE=$STATE/registry.port

usage() { sed -n '2,/^set -euo/p' "$SELF" | sed -e '$d' -e 's/^# \{0,1\}//'; }

# ---------------------------------------------------------------- packages
APT_UPDATED=0
apt_install() {
  [ "$(id -u)" = 0 ] || die "need root to install $*"
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    apt-get update -qq -o DPkg::Lock::Timeout=300 >&2
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >&2
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

ensure_packages() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v runc >/dev/null || missing+=(runc)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v curl >/dev/null || missing+=(curl)
  # netavark + aardvark-dns are only Recommends of podman; without them podman
  # falls back to CNI and loses container-name DNS.
  [ -x /usr/lib/podman/netavark ] || missing+=(netavark)
  [ -x /usr/lib/podman/aardvark-dns ] || missing+=(aardvark-dns)
  pkg_installed busybox-static || missing+=(busybox-static)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

# ---------------------------------------------------------------- config
registry_port() {
  if [ -f "$REG_PORT_FILE" ]; then cat "$REG_PORT_FILE"; else echo 5000; fi
}

write_configs() {
  local port=$1 nofile
  mkdir -p "$STATE"/{storage,run,networks,registry-data,build,logs}
  nofile=$(ulimit -Hn)
  [ "$nofile" = unlimited ] && nofile=1048576
  [ "$nofile" -gt 1048576 ] && nofile=1048576
  echo "$port" > "$REG_PORT_FILE"
  # runc: crun 1.8 refuses hybrid cgroup layouts. default_ulimits: podman 4.3
  # asks for nofile=1048576 and the bounding set may lack CAP_SYS_RESOURCE;
  # nproc must not exceed the podman process' own hard limit.
  cat > "$STATE/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$STATE/run/libpod"

[network]
network_backend = "netavark"
network_config_dir = "$STATE/networks"
EOF
  cat > "$STATE/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$STATE/storage"
runroot = "$STATE/run/storage"
EOF
  # docker.io/library/hello-world is rewritten to the local registry so that
  # Kanto's seed example reference works offline.
  cat > "$STATE/registries.conf" <<EOF
unqualified-search-registries = []
short-name-mode = "permissive"

[[registry]]
location = "127.0.0.1:$port"
insecure = true

[[registry]]
location = "localhost:$port"
insecure = true

[[registry]]
prefix = "docker.io/library/hello-world"
location = "127.0.0.1:$port/library/hello-world"
insecure = true
EOF
  cat > "$STATE/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $STATE/registry-data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: $(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
EOF
  cat > "$STATE/env.sh" <<EOF
export PODMAN_SIM_STATE=$STATE
export CONTAINERS_CONF=$STATE/containers.conf
export CONTAINERS_STORAGE_CONF=$STATE/storage.conf
export CONTAINERS_REGISTRIES_CONF=$STATE/registries.conf
export DOCKER_HOST=unix://$SOCK
export REGISTRY=127.0.0.1:$port
EOF
}

load_env() {
  [ -f "$STATE/env.sh" ] || die "no $STATE/env.sh - run '$0 --state $STATE start' first"
  # shellcheck disable=SC1091
  . "$STATE/env.sh"
}

# podman CLI always bound to this state dir (never the machine's default storage)
pm() {
  CONTAINERS_CONF=$STATE/containers.conf \
  CONTAINERS_STORAGE_CONF=$STATE/storage.conf \
  CONTAINERS_REGISTRIES_CONF=$STATE/registries.conf \
    podman "$@"
}

# ---------------------------------------------------------------- processes
# alive = pid file, process exists, not a zombie, and its command line names
# our state dir (guards against PIDs reused after a reboot or crash)
pid_alive() {
  local f=$STATE/$1.pid pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$STATE"
}

spawn() {  # name, command... ; detached from our session so it outlives us
  local name=$1; shift
  setsid nohup "$@" >> "$STATE/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$STATE/$name.pid"
}

kill_pid() {  # name
  local f=$STATE/$1.pid pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      # a killed daemon may linger as a zombie until PID 1 reaps it
      [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] && break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null && [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != Z ]; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$f"
}

ping_api() { curl -sf -m 2 --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1; }
ping_registry() { curl -sf -m 2 "http://127.0.0.1:$(registry_port)/v2/" >/dev/null 2>&1; }

wait_for() {  # seconds, check-fn, name
  local deadline=$(( $(date +%s) + $1 ))
  while ! "$2"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

health_ticker() {  # loop body of the health ticker process
  local interval=$1 ids id
  while :; do
    ids=$(pm ps -q --filter health=starting --filter health=healthy --filter health=unhealthy 2>/dev/null | sort -u || true)
    for id in $ids; do pm healthcheck run "$id" >/dev/null 2>&1 || true; done
    sleep "$interval"
  done
}

# ---------------------------------------------------------------- commands
cmd_start() {
  local port="" interval=2
  while [ ${#ARGS[@]} -gt 0 ]; do
    case "${ARGS[0]}" in
      --registry-port) port=${ARGS[1]:?--registry-port needs a value}; ARGS=("${ARGS[@]:2}") ;;
      --registry-port=*) port=${ARGS[0]#*=}; ARGS=("${ARGS[@]:1}") ;;
      --health-interval) interval=${ARGS[1]:?--health-interval needs a value}; ARGS=("${ARGS[@]:2}") ;;
      --health-interval=*) interval=${ARGS[0]#*=}; ARGS=("${ARGS[@]:1}") ;;
      *) die "start: unknown option ${ARGS[0]}" ;;
    esac
  done
  [ -n "$port" ] || port=$(registry_port)
  [ "${#SOCK}" -lt 100 ] || die "state dir path too long for a unix socket: $SOCK"
  ensure_packages
  mkdir -p "$STATE"
  if pid_alive registry && [ "$(registry_port)" != "$port" ]; then
    die "registry already running on port $(registry_port); stop first"
  fi
  write_configs "$port"

  if ! pid_alive registry; then
    if curl -s -m 1 -o /dev/null "http://127.0.0.1:$port/v2/"; then
      die "port 127.0.0.1:$port is already in use by another process"
    fi
    spawn registry docker-registry serve "$STATE/registry.yml"
  fi
  if ! pid_alive podman-service; then
    rm -f "$SOCK"
    spawn podman-service env CONTAINERS_CONF="$STATE/containers.conf" \
      CONTAINERS_STORAGE_CONF="$STATE/storage.conf" \
      CONTAINERS_REGISTRIES_CONF="$STATE/registries.conf" \
      podman system service --time=0 "unix://$SOCK"
  fi
  wait_for 15 ping_registry || { tail -n 20 "$STATE/logs/registry.log" >&2; die "registry did not answer on 127.0.0.1:$port"; }
  wait_for 30 ping_api || { tail -n 20 "$STATE/logs/podman-service.log" >&2; die "podman API did not answer on $SOCK"; }
  if [ "$interval" != 0 ] && ! pid_alive health-ticker; then
    spawn health-ticker "$SELF" --state "$STATE" __health-ticker "$interval"
  fi
  echo "DOCKER_HOST=unix://$SOCK"
  echo "REGISTRY=127.0.0.1:$port"
}

cmd_stop() {
  if [ "${ARGS[0]:-}" = --purge ]; then cmd_purge; fi
  kill_pid health-ticker
  kill_pid podman-service
  kill_pid registry
  rm -f "$SOCK"
  log "stopped (containers, if any, keep running under conmon; see purge-containers)"
}

cmd_purge() {
  [ -f "$STATE/storage.conf" ] || { log "nothing to purge"; return 0; }
  local ids
  ids=$(pm ps -a -q --filter "label=$MANAGED_LABEL" 2>/dev/null || true)
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086
    pm rm -f -t 0 $ids 2>&1 >/dev/null | grep -v 'unable to get systemd connection' >&2 || true
    log "removed $(echo "$ids" | wc -w) container(s) labelled $MANAGED_LABEL"
  else
    log "no containers labelled $MANAGED_LABEL"
  fi
}

cmd_status() {
  local rc=0 port; port=$(registry_port)
  echo "state: $STATE"
  if pid_alive podman-service && ping_api; then
    echo "podman-service: running pid $(cat "$STATE/podman-service.pid") DOCKER_HOST=unix://$SOCK"
  else echo "podman-service: not running"; rc=3; fi
  if pid_alive registry && ping_registry; then
    echo "registry: running pid $(cat "$STATE/registry.pid") REGISTRY=127.0.0.1:$port"
    echo "registry catalog: $(curl -s -m 2 "http://127.0.0.1:$port/v2/_catalog" | tr -d '\n')"
  else echo "registry: not running"; rc=3; fi
  if pid_alive health-ticker; then echo "health-ticker: running pid $(cat "$STATE/health-ticker.pid")"
  else echo "health-ticker: not running"; fi
  if [ -f "$STATE/storage.conf" ]; then
    echo "containers ($MANAGED_LABEL):"
    pm ps -a --filter "label=$MANAGED_LABEL" --format '  {{.Names}} {{.Image}} {{.Status}}' 2>/dev/null || true
  fi
  return $rc
}

cmd_env() {
  [ -f "$STATE/env.sh" ] || die "no $STATE/env.sh - run start first"
  cat "$STATE/env.sh"
}

cmd_destroy() {
  if [ -f "$STATE/storage.conf" ]; then
    local root
    root=$(pm info --format '{{.Store.GraphRoot}}' 2>/dev/null || true)
    if [ "$root" = "$STATE/storage" ]; then
      pm rm -a -f -t 0 >/dev/null 2>&1 || true
      kill_pid health-ticker; kill_pid podman-service; kill_pid registry
      pm system reset -f >/dev/null 2>&1 || true
    else
      die "refusing to reset: podman graphroot is '$root', expected $STATE/storage"
    fi
  fi
  kill_pid health-ticker; kill_pid podman-service; kill_pid registry
  # anything still mounted below the state dir (overlay layers, netns) must go first
  { findmnt -rn -o TARGET | grep -F "$STATE/" || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$STATE"
  log "destroyed $STATE"
}

# ---------------------------------------------------------------- images
IMAGE_TAGS=(demo/app:v1 demo/app:v2 demo/app:v2-crash demo/app:v2-unhealthy demo/app:v2-healthy library/hello-world:latest)

write_build_context() {  # dir
  local b=$1 a v
  rm -rf "$b"; mkdir -p "$b/rootfs"/{bin,etc,tmp,proc,sys,dev,root,www}
  cp /bin/busybox "$b/rootfs/bin/busybox"
  for a in $("$b/rootfs/bin/busybox" --list); do
    [ "$a" = busybox ] || ln -sf busybox "$b/rootfs/bin/$a"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$b/rootfs/etc/passwd"
  echo 'root:x:0:' > "$b/rootfs/etc/group"
  chmod 1777 "$b/rootfs/tmp"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$b/rootfs" -cf "$b/rootfs.tar" .
  rm -rf "$b/rootfs"

  cat > "$b/Containerfile.base" <<'EOF'
FROM scratch
ADD rootfs.tar /
CMD ["/bin/sh"]
EOF
  # hello-world stand-in: prints and exits 0
  mkdir -p "$b/hello"
  cat > "$b/hello/hello" <<'EOF'
#!/bin/sh
echo "Hello from the vehicle-update demo!"
echo "This is the local stand-in for docker.io/library/hello-world:latest."
EOF
  chmod 755 "$b/hello/hello"
  cat > "$b/Containerfile.hello" <<'EOF'
FROM localhost/podman-sim/base:latest
COPY hello/hello /hello
CMD ["/hello"]
EOF
  # demo app: prints its version, serves it over HTTP (busybox httpd, port
  # $APP_PORT, default 8080), exits 0 quickly on SIGTERM.
  for v in v1 v2; do
    mkdir -p "$b/app-$v/app" "$b/app-$v/www"
    echo "$v" > "$b/app-$v/VERSION"
    echo "$v" > "$b/app-$v/www/version.txt"
    echo "<html><body>demo app $v</body></html>" > "$b/app-$v/www/index.html"
    cat > "$b/app-$v/app/run.sh" <<'EOF'
#!/bin/sh
echo "demo app $APP_VERSION starting (version file: $(cat /VERSION))"
httpd -p "${APP_PORT:-8080}" -h /www
trap 'echo "demo app $APP_VERSION stopping"; exit 0' TERM INT
while :; do sleep 3600 & wait $!; done
EOF
    chmod 755 "$b/app-$v/app/run.sh"
    cat > "$b/Containerfile.app-$v" <<EOF
FROM localhost/podman-sim/base:latest
COPY app-$v/ /
ENV APP_VERSION=$v APP_PORT=8080
LABEL org.opencontainers.image.version="$v" vehicle-update.demo="app"
EXPOSE 8080
CMD ["/app/run.sh"]
EOF
  done
  cat > "$b/Containerfile.v2-crash" <<'EOF'
FROM localhost/podman-sim/app:v2
LABEL vehicle-update.demo.variant="crash"
CMD ["/bin/sh", "-c", "echo \"demo app $APP_VERSION crashing on purpose\"; exit 3"]
EOF
  cat > "$b/Containerfile.v2-unhealthy" <<'EOF'
FROM localhost/podman-sim/app:v2
LABEL vehicle-update.demo.variant="unhealthy"
HEALTHCHECK --interval=2s --timeout=2s --retries=1 CMD ["/bin/sh", "-c", "echo unhealthy on purpose; exit 1"]
EOF
  cat > "$b/Containerfile.v2-healthy" <<'EOF'
FROM localhost/podman-sim/app:v2
LABEL vehicle-update.demo.variant="healthy"
HEALTHCHECK --interval=2s --timeout=2s --retries=1 CMD ["/bin/sh", "-c", "wget -q -O /dev/null http://127.0.0.1:${APP_PORT}/version.txt"]
EOF
}

recipe_hash() {  # over everything that shapes the images
  { sed -n '/^write_build_context()/,/^}/p' "$SELF"; sha256sum /bin/busybox; } | sha256sum | cut -c1-16
}

registry_has_all() {  # registry
  local t repo tag
  for t in "${IMAGE_TAGS[@]}"; do
    repo=${t%%:*}; tag=${t##*:}
    curl -sf -m 5 -o /dev/null -I \
      -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      "http://$1/v2/$repo/manifests/$tag" || return 1
  done
}

cmd_images() {
  local force=0 reg b hash t
  [ "${ARGS[0]:-}" = --force ] && force=1
  load_env
  reg=$REGISTRY
  ping_registry || die "registry $reg not answering - run start first"
  hash=$(recipe_hash)
  if [ "$force" = 0 ] && [ "$(cat "$STATE/images.stamp" 2>/dev/null)" = "$hash" ] && registry_has_all "$reg"; then
    log "images up to date in $reg"
  else
    b=$STATE/build
    write_build_context "$b"
    # --format docker: the OCI image format has no HEALTHCHECK; buildah drops it.
    # --timestamp: fixed creation times. The digests still differ per build: the Docker format's image config holds
    # the build container's id and host name.
    local common=(build -q --format docker --timestamp 1700000000)
    pm "${common[@]}" -f "$b/Containerfile.base" -t localhost/podman-sim/base:latest "$b" >/dev/null
    pm "${common[@]}" -f "$b/Containerfile.hello" -t "$reg/library/hello-world:latest" "$b" >/dev/null
    pm "${common[@]}" -f "$b/Containerfile.app-v1" -t "$reg/demo/app:v1" "$b" >/dev/null
    pm "${common[@]}" -f "$b/Containerfile.app-v2" -t "$reg/demo/app:v2" -t localhost/podman-sim/app:v2 "$b" >/dev/null
    for t in v2-crash v2-unhealthy v2-healthy; do
      pm "${common[@]}" -f "$b/Containerfile.$t" -t "$reg/demo/app:$t" "$b" >/dev/null
    done
    for t in "${IMAGE_TAGS[@]}"; do
      pm push -q --tls-verify=false --format v2s2 "$reg/$t" >/dev/null
    done
    # drop local copies so that tests really pull from the registry
    for t in "${IMAGE_TAGS[@]}"; do pm rmi -f "$reg/$t" >/dev/null 2>&1 || true; done
    pm rmi -f localhost/podman-sim/app:v2 localhost/podman-sim/base:latest >/dev/null 2>&1 || true
    pm image prune -f >/dev/null 2>&1 || true
    echo "$hash" > "$STATE/images.stamp"
    log "built and pushed ${#IMAGE_TAGS[@]} images to $reg"
  fi
  for t in "${IMAGE_TAGS[@]}"; do echo "$reg/$t"; done
}

# ---------------------------------------------------------------- main
case "$CMD" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  images) cmd_images ;;
  purge-containers) cmd_purge ;;
  destroy) cmd_destroy ;;
  env) cmd_env ;;
  __health-ticker) health_ticker "${ARGS[0]:-2}" ;;
  help) usage ;;
  *) usage >&2; exit 2 ;;
esac
