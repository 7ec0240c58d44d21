#!/usr/bin/env bash
# bench.sh - builds the services and runs their benchmarks; prints the figures (the lines that start with BENCH).
#
# Usage: deploy/bench.sh [NAME...]      (default: update-manager self-update-agent container-update-agent)
#   update-manager          start, resident memory idle / after 100 / after 1,000 updates, publish -> COMPLETED, CPU
#   self-update-agent       start, resident memory idle / after 100 / after 1,000 desired states (rauc-sim; root)
#   container-update-agent  the same on Podman (podman-sim; root)
#   download                256 MiB bundle: the agent's download and install against curl -o and rauc install (root)
#   ten-containers          ten new containers through the agent against a podman script (root)
#   all-in-one              the single layout: the three services in one JVM, start, resident memory idle / after
#                           100 / after 1,000 updates through all three (rauc-sim and podman-sim; root)
# Environment: BENCH_JAVA (the java command, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java), BENCH_JVM (more JVM
# flags after deploy/jvm/jvm.options), BENCH_CDS=false (no class-data archive). The services run as deployed:
# deploy/jvm/run-service.sh with deploy/jvm/jvm.options. On a shared machine run it under the heavy lock.
# Figures and how to read them: docs/footprint-and-speed.md.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
(($#)) || set -- update-manager self-update-agent container-update-agent

MODULES=() TESTS=()
for name in "$@"; do
  case "$name" in
    update-manager) MODULES+=(update-manager); TESTS+=(UpdateManagerBenchmark) ;;
    self-update-agent) MODULES+=(self-update-agent); TESTS+=(SelfUpdateAgentFootprintBenchmark) ;;
    container-update-agent) MODULES+=(container-update-agent); TESTS+=(ContainerAgentFootprintBenchmark) ;;
    download) MODULES+=(self-update-agent); TESTS+=(DownloadAndInstallBenchmark) ;;
    ten-containers) MODULES+=(container-update-agent); TESTS+=(TenContainersBenchmarkTest) ;;
    all-in-one) MODULES+=(all-in-one); TESTS+=(AllInOneFootprintBenchmark) ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown benchmark '$name' (see --help)" >&2; exit 2 ;;
  esac
done
PL=$(printf '%s\n' "${MODULES[@]}" | sort -u | paste -sd, -)
PROPS=(-Dgroups=bench -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false
       -Dsurefire.rerunFailingTestsCount=0 "-Dtest=$(IFS=,; echo "${TESTS[*]}")")
[[ -n ${BENCH_JAVA:-} ]] && PROPS+=("-Dbench.java=$BENCH_JAVA")
[[ -n ${BENCH_JVM:-} ]] && PROPS+=("-Dbench.jvm=$BENCH_JVM")
[[ -n ${BENCH_CDS:-} ]] && PROPS+=("-Dbench.cds=$BENCH_CDS")

cd "$REPO"
echo "bench: building $PL" >&2
mvn -B -q -ntp -Dstyle.color=never -pl "$PL" -am package -DskipTests >&2
echo "bench: running ${TESTS[*]} (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
# the test phase only: the benchmarks start the jars the package above built
LOG=$(mktemp -t vu-bench.XXXXXX)
if ! mvn -B -ntp -Dstyle.color=never -pl "$PL" -am test "${PROPS[@]}" >"$LOG" 2>&1; then
  grep -E "^BENCH|^  " "$LOG" || true
  echo "bench: a benchmark failed; Maven's output: $LOG" >&2
  exit 1
fi
grep -E "^BENCH|^  " "$LOG" | grep -v -e "^[[:space:]]*at " || true
rm -f "$LOG"
