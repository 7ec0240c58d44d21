#!/bin/bash
# build-images.sh - container images of the three services and of the single layout's
# all-in-one process (the three in one JVM, docs/layouts.md), built by Quarkus'
# Jib integration (no Docker daemon, no Dockerfile) on top of the Debian-made
# Java 17 runtime image (build-base-image.sh), pushed to the podman-sim registry.
#
# Usage: build-images.sh [--state DIR] [--registry-port P] [--tag TAG]
#                        [--modules "update-manager ..."] [--offline]
#   --state          podman-sim state dir (default: $PODMAN_SIM_STATE or /tmp/vu-images);
#                    podman-sim is started on it if it is not running
#   --registry-port  registry port when podman-sim has to be started
#                    (default: the state's previous port, else the first free one from 5100,
#                    leaving podman-sim's own default 5000 to the tests)
#   --tag            image tag (default: the Maven project version)
#   --modules        which services (default: update-manager self-update-agent
#                    container-update-agent all-in-one)
#   --offline        run Maven with -o
# Prints one line per image: reference, compressed size (registry), size of
# the service's own layers, uncompressed size (podman).
#
# Images: <registry>/vehicle-update/<module>:<tag>; the registry keeps running
# afterwards (stop it with deploy/lib/podman-sim.sh --state DIR stop).
set -euo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
HERE=$(dirname "$SELF")
REPO=$(cd "$HERE/../.." && pwd)
PODMAN_SIM=$REPO/deploy/lib/podman-sim.sh
GROUP=vehicle-update
BASE_PATH=vehicle-update/java17-runtime:bookworm

die() { echo "build-images: $*" >&2; exit 1; }
log() { echo "build-images: $*" >&2; }

STATE=${PODMAN_SIM_STATE:-/tmp/vu-images} PORT="" TAG="" OFFLINE=()
MODULES="update-manager self-update-agent container-update-agent all-in-one"
while [ $# -gt 0 ]; do
  case "$1" in
    --state) [ $# -ge 2 ] || die "--state needs a directory"; STATE=$2; shift 2 ;;
    --registry-port) [ $# -ge 2 ] || die "--registry-port needs a port"; PORT=$2; shift 2 ;;
    --tag) [ $# -ge 2 ] || die "--tag needs a value"; TAG=$2; shift 2 ;;
    --modules) [ $# -ge 2 ] || die "--modules needs a list"; MODULES=$2; shift 2 ;;
    --offline) OFFLINE=(-o); shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$SELF" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done
STATE=$(readlink -m "$STATE")
for m in $MODULES; do [ -f "$REPO/$m/pom.xml" ] || die "no module $m in $REPO"; done

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }

START=$(date +%s)
if ! "$PODMAN_SIM" --state "$STATE" status >/dev/null 2>&1; then
  if [ -z "$PORT" ]; then
    if [ -f "$STATE/registry.port" ]; then PORT=$(cat "$STATE/registry.port")
    else PORT=5100; while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
    fi
  fi
  log "starting podman-sim on $STATE (registry port $PORT)"
  # No health ticker: nothing here runs containers with health checks.
  "$PODMAN_SIM" --state "$STATE" start --registry-port "$PORT" --health-interval 0 >/dev/null
fi
# shellcheck disable=SC1091
. "$STATE/env.sh"
REG=$REGISTRY

"$HERE/build-base-image.sh" --state "$STATE" >/dev/null
BASE_DONE=$(date +%s)

# shellcheck disable=SC2016 # ${quarkus.*} below are for Quarkus, not for bash
PROPS=(
  -Dquarkus.container-image.build=true
  -Dquarkus.container-image.push=true
  -Dquarkus.container-image.registry="$REG"
  -Dquarkus.container-image.insecure=true
  -Dquarkus.container-image.group="$GROUP"
  -Dquarkus.jib.base-jvm-image="$REG/$BASE_PATH"
  # Same inputs, same image digest: no build time in the image config or in file times.
  -Dquarkus.jib.use-current-timestamp=false
  -Dquarkus.jib.use-current-timestamp-file-modification=false
  -Dquarkus.jib.working-directory=/opt/vehicle-update
  # the JVM flags of every service, from the one file the systemd units and the virtual vehicle read too
  "-Dquarkus.jib.jvm-additional-arguments=$(grep -v -e '^#' -e '^[[:space:]]*$' "$REPO/deploy/jvm/jvm.options" | paste -sd, -)"
  # Expressions are expanded per module by Quarkus' configuration.
  '-Dquarkus.container-image.labels."org.opencontainers.image.title"=${quarkus.application.name}'
  '-Dquarkus.container-image.labels."org.opencontainers.image.version"=${quarkus.application.version}'
  '-Dquarkus.container-image.labels."org.opencontainers.image.description"=vehicle-update ${quarkus.application.name} (Quarkus fast-jar on Java 17, Debian bookworm)'
  -Dquarkus.container-image.labels.\"org.opencontainers.image.base.name\"="$REG/$BASE_PATH"
)
if [ -n "$TAG" ]; then PROPS+=(-Dquarkus.container-image.tag="$TAG"); fi
if REV=$(git -C "$REPO" rev-parse HEAD 2>/dev/null); then
  git -C "$REPO" diff --quiet HEAD 2>/dev/null || REV=$REV-dirty
  # Jar entries carry the commit's time instead of the build's (Maven and Quarkus
  # both honour project.build.outputTimestamp), so the layers are reproducible too.
  PROPS+=(-Dquarkus.container-image.labels.\"org.opencontainers.image.revision\"="$REV"
          -Dproject.build.outputTimestamp="$(git -C "$REPO" log -1 --format=%cI)")
fi

PL=$(echo "$MODULES" | tr ' ' ',')
log "mvn package -pl $PL -am with the Jib container image build (push to $REG)"
# -am builds messages-schema and service-kit from this tree instead of taking ~/.m2's copies.
(cd "$REPO" && mvn -B -q -ntp -Dstyle.color=never "${OFFLINE[@]}" -pl "$PL" -am package -DskipTests "${PROPS[@]}" >&2) \
  || die "maven build failed"
MVN_DONE=$(date +%s)

registry_manifest() {  # repo tag
  curl -sf -m 10 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$REG/v2/$1/manifests/$2"
}
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

BASE_LAYERS=$(registry_manifest "${BASE_PATH%%:*}" "${BASE_PATH##*:}" \
  | python3 -c 'import json,sys; print(" ".join(l["digest"] for l in json.load(sys.stdin)["layers"]))')
for m in $MODULES; do
  # The image reference Quarkus used is in the module's build output.
  # shellcheck disable=SC1003 # tr deletes the backslashes of the properties-file escapes
  ref=$(sed -n 's/^metadata\.container-image=//p' "$REPO/$m/target/quarkus-artifact.properties" 2>/dev/null | tr -d '\\' || true)
  [ -n "$ref" ] || die "$m/target/quarkus-artifact.properties names no container image: did Jib run?"
  path=${ref#"$REG"/}
  manifest=$(registry_manifest "${path%:*}" "${path##*:}") || die "$ref is not in the registry"
  read -r total own < <(echo "$manifest" | BASE="$BASE_LAYERS" python3 -c '
import json, os, sys
m = json.load(sys.stdin); base = set(os.environ["BASE"].split())
total = m["config"]["size"] + sum(l["size"] for l in m["layers"])
own = sum(l["size"] for l in m["layers"] if l["digest"] not in base)
print(total, own)')
  podman pull -q --tls-verify=false "$ref" >/dev/null
  size=$(podman image inspect --format '{{.Size}}' "$ref")
  podman rmi -f "$ref" >/dev/null 2>&1 || true
  printf '%s  compressed %s (own layers %s), uncompressed %s\n' "$ref" "$(mib "$total")" "$(mib "$own")" "$(mib "$size")"
done
podman image prune -f >/dev/null 2>&1 || true
log "done in $(( $(date +%s) - START )) s (base image $(( BASE_DONE - START )) s, maven + jib $(( MVN_DONE - BASE_DONE )) s)"
