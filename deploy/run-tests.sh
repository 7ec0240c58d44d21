#!/usr/bin/env bash
# Runs every test of the project: unit tests, integration tests against an embedded broker, a real
# `rauc service`, real Podman and a local registry, and the end-to-end tests of the virtual vehicle.
# On a fresh Debian machine, run as root, it first installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(maven openjdk-17-jdk-headless mosquitto mosquitto-clients rauc dbus squashfs-tools podman runc
          netavark aardvark-dns docker-registry busybox-static curl openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mvn -B -ntp -Dstyle.color=never verify "$@"
