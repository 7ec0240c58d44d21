#!/usr/bin/env bash
# Installs the Debian packages the project needs when any is missing (as root). Sourced or run.
# Usage: install-packages.sh [PACKAGE...]   (default: everything the tests and the virtual vehicle need)
# Installs use --no-install-recommends: whatever a command needs at run time must be in this list or in the
# Depends of a package in it (Debian's essential and "required" packages aside). What calls what:
#   java, javac, mvn: openjdk-17-jdk-headless, maven.   mosquitto, mosquitto_passwd: mosquitto; mosquitto_pub/sub:
#   mosquitto-clients.   rauc (Depends: dbus, systemd for busctl, which Depends: mount for RAUC's mounts);
#   mksquashfs: squashfs-tools; openssl.   podman (Depends: conmon, golang-github-containers-common), runc, and what Debian's
#   podman only recommends: netavark, aardvark-dns; netavark runs iptables and does not declare it.
#   docker-registry, busybox (busybox-static: demo images, bundle server), curl.   ps, pgrep, kill: procps.
# deploy/lib/preflight.sh checks the same commands at the start of the virtual vehicle and of the tests.
set -euo pipefail

vu_packages=(maven openjdk-17-jdk-headless mosquitto mosquitto-clients rauc dbus squashfs-tools podman runc
             netavark aardvark-dns iptables docker-registry busybox-static curl openssl procps)

vu_install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing packages: ${missing[*]} (run as root to install them)" >&2
    return 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  if (($#)); then vu_install_missing "$@"; else vu_install_missing "${vu_packages[@]}"; fi
fi
