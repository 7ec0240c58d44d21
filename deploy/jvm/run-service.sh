#!/usr/bin/env bash
# run-service.sh - starts a service (its Quarkus quarkus-run.jar) with the project's JVM flags and, when there is
# one, its class-data archive; the JVM replaces this script (same PID, signals go straight to it).
#
# Usage: run-service.sh [--train] [JAVA-OPTION...] [-jar] JAR [ARG...]
#   JAR             the service's quarkus-run.jar (the first argument that ends in .jar)
#   --train         creates the class-data archive for this JVM and this build of the service if there is none,
#                   then returns (the service does not stay running; see below)
# Environment:
#   JAVA            the java command (default: java on the PATH); Java 17 or newer
#   VU_CDS_DIR      where the archives are kept (default: the jar's directory)
#   VU_JVM_OPTIONS  more JVM flags, after the shipped ones (they win)
#
# Flags: jvm.options beside this script.
# Class data: a service loads, verifies and links some 4,000 classes at every start. With an archive made by a
# training run the JVM maps them instead: a dynamic AppCDS archive on Java 17 to 24, an AOT cache on Java 25 and
# newer. An archive fits exactly one JVM build, one set of flags and one build of the service, so its file name
# carries a checksum of those; an archive that does not fit is never used (the JVM would refuse it anyway).
# The training run starts the service against a closed broker port, with throw-away data directories and no
# D-Bus or container engine, lets it go through its start, stops it, and the JVM writes the archive at exit.
# Figures and what each flag buys: docs/footprint-and-speed.md.
set -euo pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
die() { echo "run-service: $*" >&2; exit 2; }

TRAIN=0
if [[ ${1:-} == --train ]]; then TRAIN=1; shift; fi
OPTIONS=()
# "-jar" before the jar is taken too, so that the script can stand in for "java" in a command line
while (($#)) && [[ $1 != *.jar ]]; do [[ $1 == -jar ]] || OPTIONS+=("$1"); shift; done
(($#)) || die "no JAR given (usage: run-service.sh [--train] [JAVA-OPTION...] JAR [ARG...])"
JAR=$(readlink -f "$1"); shift
[[ -f $JAR ]] || die "no such jar: $JAR"
APP=$(dirname "$JAR")
# <service>/quarkus-run.jar when installed, <service>/target/quarkus-app/quarkus-run.jar in the source tree
SERVICE=$(basename "$APP")
if [[ $SERVICE == quarkus-app ]]; then
  SERVICE=$(basename "$(dirname "$APP")")
  [[ $SERVICE == target ]] && SERVICE=$(basename "$(dirname "$(dirname "$APP")")")
fi

JAVA_BIN=$(command -v "${JAVA:-java}") || die "no java command '${JAVA:-java}'"
JAVA_HOME_DIR=$(dirname "$(dirname "$(readlink -f "$JAVA_BIN")")")
RUNTIME=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JAVA_HOME_DIR/release" 2>/dev/null || true)
FEATURE=${RUNTIME%%[.+-]*}
[[ $FEATURE =~ ^[0-9]+$ ]] || FEATURE=17

FLAGS=("@$HERE/jvm.options")
# shellcheck disable=SC2206 # word splitting is what VU_JVM_OPTIONS is for
EXTRA=(${VU_JVM_OPTIONS:-})

# the archive's name: service, JVM build and flags, the service's jars (names, sizes, times)
KEY=$( { echo "$JAVA_HOME_DIR $RUNTIME ${EXTRA[*]:-} ${OPTIONS[*]:-}"; for f in "${FLAGS[@]}"; do cat "${f#@}"; done
         find "$APP" -name '*.jar' -printf '%P %s %T@\n' | sort; } | cksum | cut -d' ' -f1)
CDS_DIR=${VU_CDS_DIR:-$APP}
if ((FEATURE >= 25)); then ARCHIVE=$CDS_DIR/$SERVICE-java$FEATURE-$KEY.aot; else ARCHIVE=$CDS_DIR/$SERVICE-java$FEATURE-$KEY.jsa; fi

if ((TRAIN)); then
  [[ -s $ARCHIVE ]] && exit 0
  mkdir -p "$CDS_DIR"
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/vu-train-$SERVICE.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  if ((FEATURE >= 25)); then DUMP=(-XX:AOTCacheOutput="$WORK/archive"); else DUMP=(-XX:ArchiveClassesAtExit="$WORK/archive"); fi
  # every service's keys at once: each reads its own; nothing reaches a broker, a bus or a container engine
  # (environment variables win over the configuration files)
  env MQTT_URL=tcp://127.0.0.1:9 MQTT_CLIENT_ID="vu-train-$SERVICE-$$" MQTT_CONNECT_TIMEOUT=1s \
      UM_DATA_DIR="$WORK/um" UM_REBOOT_ENABLED=false SELFUPDATE_DATA_DIR="$WORK/su" \
      SELFUPDATE_DBUS_ADDRESS="unix:path=$WORK/no-bus" SELFUPDATE_BOOT_ID_FILE="$WORK/boot-id" \
      CONTAINERS_JOURNAL="$WORK/cua/operation.json" CONTAINERS_DOCKER_HOST="unix://$WORK/no-engine.sock" \
      DOCKER_HOST="unix://$WORK/no-engine.sock" \
      "$JAVA_BIN" "${FLAGS[@]}" "${EXTRA[@]}" "${OPTIONS[@]}" "${DUMP[@]}" -jar "$JAR" "$@" \
      >"$WORK/service.log" 2>&1 &
  pid=$!
  # through the start (Quarkus says "started in") and its first connection attempts, then stopped
  for _ in $(seq 300); do grep -q "started in" "$WORK/service.log" 2>/dev/null && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  sleep 3
  kill -TERM $pid 2>/dev/null || true
  wait $pid || true
  if [[ ! -s $WORK/archive ]]; then
    tail -n 20 "$WORK/service.log" >&2
    die "training run of $SERVICE wrote no archive (log above)"
  fi
  # older archives of this service for this Java version are of another JVM build, flags or service build
  rm -f "$CDS_DIR/$SERVICE-java$FEATURE"-*.jsa "$CDS_DIR/$SERVICE-java$FEATURE"-*.aot
  mv "$WORK/archive" "$ARCHIVE"
  echo "run-service: $SERVICE: class-data archive $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1))" >&2
  exit 0
fi

CDS=()
if [[ -s $ARCHIVE ]]; then
  if ((FEATURE >= 25)); then CDS=(-XX:AOTCache="$ARCHIVE"); else CDS=(-XX:SharedArchiveFile="$ARCHIVE"); fi
fi
exec "$JAVA_BIN" "${FLAGS[@]}" "${EXTRA[@]}" "${OPTIONS[@]}" "${CDS[@]}" -jar "$JAR" "$@"
