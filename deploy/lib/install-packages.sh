#!/usr/bin/env bash
# Installs the Debian packages the project needs when any is missing (as root). Sourced or run.
# Usage: install-packages.sh [PACKAGE...]   (default: everything the tests and the virtual vehicle need)
set -euo pipefail

vu_packages=(maven openjdk-17-jdk-headless mosquitto mosquitto-clients rauc dbus squashfs-tools podman runc
             netavark aardvark-dns iptables docker-registry busybox-static curl openssl)

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
