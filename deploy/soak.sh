#!/usr/bin/env bash
# The soak (not part of CI): N sequential updates (default 10,000) through the real update-manager jar with the
# scripted agents (update-manager's testing.ScriptedAgentsMain: containers and self-update, containers failing
# UPDATE in every 10th update) on a private Mosquitto on a free loopback port. Prints every 1,000 updates the count
# of each final status, updates without a final status, extra final statuses, crashes of the manager (expected 0)
# and its resident memory. Exit 0 when nothing went wrong.
#
# Usage: deploy/soak.sh [--updates N] [--fail-every N] [--no-build]     (run it under the heavy lock on shared machines)
set -euo pipefail
cd "$(dirname "$0")/.."

updates=10000
fail_every=10
build=1
while (($#)); do
  case "$1" in
    --updates) updates=$2; shift 2 ;;
    --fail-every) fail_every=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "soak: unknown argument '$1' (usage: deploy/soak.sh [--updates N] [--fail-every N] [--no-build])" >&2; exit 2 ;;
  esac
done

if ((build)) || [[ ! -f update-manager/target/soak.classpath ]]; then
  echo "soak: building update-manager and its test classes"
  mvn -B -q -ntp -Dstyle.color=never -pl update-manager -am package -DskipTests \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/soak.classpath
fi
classpath=update-manager/target/test-classes:update-manager/target/classes:$(cat update-manager/target/soak.classpath)

work=$(mktemp -d /tmp/vu-soak.XXXXXX)
port=0
for candidate in $(shuf -i 20000-60000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
((port)) || { echo "soak: no free port found" >&2; exit 1; }
cat >"$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
user root
max_queued_messages 100000
message_size_limit 1048576
CONF
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
mosquitto_pid=$!
trap 'kill "$mosquitto_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  mosquitto_pub -h 127.0.0.1 -p "$port" -t soak/ping -m up 2>/dev/null && break
  sleep 0.1
done

echo "soak: broker tcp://127.0.0.1:$port, logs in $work"
# the manager runs as deployed (deploy/jvm/run-service.sh: jvm.options and a class-data archive, trained here)
VU_CDS_DIR="$work/cds" deploy/jvm/run-service.sh --train update-manager/target/quarkus-app/quarkus-run.jar
java -XX:+UseSerialGC -cp "$classpath" org.vehicleupdate.updatemanager.bench.SoakMain "tcp://127.0.0.1:$port" \
  update-manager/target/quarkus-app/quarkus-run.jar "$work" "$updates" "$fail_every"
