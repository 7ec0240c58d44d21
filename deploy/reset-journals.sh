#!/usr/bin/env bash
# Clears the activity journals of all three services together, for a vehicle that is provisioned anew or whose
# journals belong to an earlier provisioning: an old open activity must never block the updates to come.
# Stop the services first (systemctl stop update-manager self-update-agent container-update-agent); the
# journals are moved into a reset-<time> folder beside each, not deleted, so nothing is lost for a later look.
# Usage: reset-journals.sh [--update-manager-data DIR] [--self-update-data DIR] [--containers-journal FILE]
# (defaults: the paths in config/*.properties)
set -euo pipefail

um_data=/var/lib/vehicle-update/update-manager
sua_data=/data/selfupdates
cua_journal=/var/lib/vehicle-update/container-update-agent/operation.json
while (($#)); do
  case "$1" in
    --update-manager-data) um_data=$2; shift 2 ;;
    --self-update-data) sua_data=$2; shift 2 ;;
    --containers-journal) cua_journal=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
# update-manager.journal.json: the manager's journal before it became an append-only file
for journal in "$um_data/update-manager.journal" "$um_data/update-manager.journal.json" \
    "$sua_data/self-update-journal.json" "$cua_journal"; do
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
