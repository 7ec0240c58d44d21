#!/usr/bin/env bash
# Clears the activity journals of all three services together, for a vehicle that is provisioned anew or whose
# journals belong to an earlier provisioning: an old open activity must never block the updates to come.
# Stop the services first (systemctl stop update-manager self-update-agent container-update-agent); the
# journals are moved into a reset-<time> folder beside each, not deleted, so nothing is lost for a later look.
# Trust state (docs/trust.md): the update-manager's last accepted sequence is journaled in its journal and goes with
# it, so the vehicle takes any signed desired state whose sequence is above 0 again; the trust root
# stays: the provisioned one (/etc/vehicle-update/trust/root.json) and one installed by rotation (<data>/trust/
# root.journal), so that a reset never brings back keys a rotation retired.
# Usage: reset-journals.sh [--update-manager-data DIR] [--self-update-data DIR] [--containers-journal FILE]
# (defaults: the paths in config/*.properties)
set -euo pipefail

um_data=/var/lib/vehicle-update/update-manager
sua_data=/data/selfupdates
cua_journal=/var/lib/vehicle-update/container-update-agent/container-update-agent.journal
while (($#)); do
  case "$1" in
    --update-manager-data) um_data=$2; shift 2 ;;
    --self-update-data) sua_data=$2; shift 2 ;;
    --containers-journal) cua_journal=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "reset-journals: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

for service in update-manager self-update-agent container-update-agent; do
  if pgrep -f "$service/quarkus-run.jar" >/dev/null; then
    echo "reset-journals: $service is running; stop the services first" >&2
    exit 1
  fi
done

stamp=$(date -u +%Y%m%dT%H%M%SZ)
moved=0
# the journals, and the files of the format before the journal of records (which a service refuses to start on
# while they hold an open activity)
agent_journals=("$sua_data/self-update-agent.journal" "$sua_data/self-update-journal.json" "$cua_journal"
  "$(dirname "$cua_journal")/operation.json" "$(dirname "$cua_journal")/applied-specs.json")
for journal in "$um_data/update-manager.journal" "$um_data/update-manager.journal.json" \
    "${agent_journals[@]}"; do
  if [[ -f "$journal" ]]; then
    aside="$(dirname "$journal")/reset-$stamp"
    mkdir -p "$aside"
    mv "$journal" "$aside/"
    echo "moved $journal to $aside/"
    moved=$((moved + 1))
  fi
done
sync
echo "reset-journals: $moved journal(s) cleared; the services start without an open activity"
