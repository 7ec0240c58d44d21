#!/usr/bin/env bash
# Runs every test of the project: unit tests, integration tests against an embedded broker, a real
# `rauc service`, real Podman and a local registry, and the end-to-end tests of the virtual vehicle.
# On a fresh Debian machine, run as root, it first installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/install-packages.sh
source deploy/lib/install-packages.sh
vu_install_missing "${vu_packages[@]}"
deploy/lib/preflight.sh tests

mvn -B -ntp -Dstyle.color=never verify "$@"
