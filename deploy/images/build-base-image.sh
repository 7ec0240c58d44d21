#!/bin/bash
# build-base-image.sh - the Java 17 runtime base image of the services, made
# from Debian packages only (no Docker Hub, no other registry): a minbase
# debootstrap of Debian bookworm plus openjdk-17-jre-headless (no recommends),
# turned into an image with podman (FROM scratch + ADD rootfs.tar) and pushed
# to a plain-HTTP registry as <registry>/vehicle-update/java17-runtime:bookworm.
#
# Usage: build-base-image.sh [--registry HOST:PORT] [--state DIR] [--force]
#   --registry  registry to push to (default: $REGISTRY from the podman-sim env)
#   --state     podman-sim state dir whose storage podman uses
#               (default: $PODMAN_SIM_STATE; its env.sh is sourced)
#   --force     rebuild even if the image is already in the registry
# Prints the image reference on stdout; progress, time and sizes on stderr.
#
# The Debian mirror is the one apt on this machine uses (read at run time with
# `apt-get indextargets`), so the image needs exactly the network access apt
# already has. Needs root (debootstrap, chroot); installs debootstrap if missing.
# Nothing under /etc of the host is written.
set -euo pipefail

SUITE=bookworm
IMAGE_PATH=vehicle-update/java17-runtime:$SUITE
JAVA_PACKAGE=openjdk-17-jre-headless
SELF=$(readlink -f "${BASH_SOURCE[0]}")

die() { echo "build-base-image: $*" >&2; exit 1; }
log() { echo "build-base-image: $*" >&2; }

REG="" STATE=${PODMAN_SIM_STATE:-} FORCE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) [ $# -ge 2 ] || die "--registry needs HOST:PORT"; REG=$2; shift 2 ;;
    --registry=*) REG=${1#*=}; shift ;;
    --state) [ $# -ge 2 ] || die "--state needs a directory"; STATE=$2; shift 2 ;;
    --state=*) STATE=${1#*=}; shift ;;
    --force) FORCE=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$SELF" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

if [ -n "$STATE" ]; then
  [ -f "$STATE/env.sh" ] || die "no $STATE/env.sh - start podman-sim first: deploy/lib/podman-sim.sh --state $STATE start"
  # shellcheck disable=SC1091
  . "$STATE/env.sh"
fi
REG=${REG:-${REGISTRY:-}}
[ -n "$REG" ] || die "no registry: give --registry HOST:PORT or --state of a running podman-sim"
[ -n "${CONTAINERS_STORAGE_CONF:-}" ] \
  || die "no podman-sim environment (CONTAINERS_STORAGE_CONF unset): give --state DIR or source its env.sh"
IMAGE=$REG/$IMAGE_PATH

registry_has() {  # repo tag
  curl -sf -m 5 -o /dev/null -I \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$REG/v2/$1/manifests/$2"
}

compressed_size() {  # repo tag -> bytes of config + layers as stored in the registry
  curl -sf -m 5 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REG/v2/$1/manifests/$2" \
    | python3 -c 'import json,sys; m=json.load(sys.stdin); print(m["config"]["size"]+sum(l["size"] for l in m["layers"]))'
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

curl -sf -m 5 -o /dev/null "http://$REG/v2/" || die "registry http://$REG/v2/ does not answer"
if [ "$FORCE" = 0 ] && registry_has "${IMAGE_PATH%%:*}" "${IMAGE_PATH##*:}"; then
  log "$IMAGE already in the registry ($(mib "$(compressed_size "${IMAGE_PATH%%:*}" "${IMAGE_PATH##*:}")") compressed); --force rebuilds"
  echo "$IMAGE"
  exit 0
fi

[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot)"
if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap"
  apt-get update -qq -o DPkg::Lock::Timeout=300 >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 debootstrap >&2
fi

# The machine's own mirrors for the suite, its updates and its security fixes.
repo_uri() {  # release
  # shellcheck disable=SC2016 # $(...) are apt's format fields
  apt-get indextargets --format '$(RELEASE) $(COMPONENT) $(REPO_URI)' 'Identifier: Packages' 2>/dev/null \
    | awk -v r="$1" '$1 == r && $2 == "main" { print $3; exit }'
}
MIRROR=$(repo_uri "$SUITE")
[ -n "$MIRROR" ] || die "apt on this machine has no '$SUITE main' source (apt-get indextargets); cannot pick a mirror"
UPDATES_MIRROR=$(repo_uri "$SUITE-updates")
SECURITY_MIRROR=$(repo_uri "$SUITE-security")
ARCH=$(dpkg --print-architecture)
log "mirror $MIRROR (updates: ${UPDATES_MIRROR:-none}, security: ${SECURITY_MIRROR:-none}), arch $ARCH"

START=$(date +%s)
WORK=$(mktemp -d /var/tmp/java17-runtime.XXXXXX)
ROOT=$WORK/rootfs
cleanup() {
  local m
  for m in "$ROOT/proc" "$ROOT/sys" "$ROOT/dev/pts"; do
    if mountpoint -q "$m" 2>/dev/null; then umount -l "$m" || true; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Documentation, manuals and translations are of no use in a service image;
# copyright files stay (licences). The same rules keep them out of the rootfs
# for the packages installed after the bootstrap.
mkdir -p "$ROOT/etc/dpkg/dpkg.cfg.d"
cat > "$ROOT/etc/dpkg/dpkg.cfg.d/01-slim-image" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
path-exclude=/usr/share/lintian/*
EOF

log "debootstrap --variant=minbase $SUITE"
debootstrap --variant=minbase --arch="$ARCH" "$SUITE" "$ROOT" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 \
  || { tail -n 20 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log above)"; }

{
  echo "Types: deb"
  echo "URIs: $MIRROR"
  echo "Suites: $SUITE${UPDATES_MIRROR:+ $SUITE-updates}"
  echo "Components: main"
  echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
  if [ -n "$SECURITY_MIRROR" ]; then
    echo
    echo "Types: deb"
    echo "URIs: $SECURITY_MIRROR"
    echo "Suites: $SUITE-security"
    echo "Components: main"
    echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
  fi
} > "$ROOT/etc/apt/sources.list.d/debian.sources"
rm -f "$ROOT/etc/apt/sources.list"
# No daemon may start inside the chroot during package installation.
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"

mount -t proc proc "$ROOT/proc"
log "installing $JAVA_PACKAGE (no recommends) from $SUITE, $SUITE-updates, $SUITE-security"
chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
  /bin/sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $JAVA_PACKAGE && apt-get clean" \
  > "$WORK/apt.log" 2>&1 || { tail -n 20 "$WORK/apt.log" >&2; die "apt-get in the chroot failed (log above)"; }
# shellcheck disable=SC2016
JAVA_VERSION=$(chroot "$ROOT" dpkg-query -W -f='${Version}' "$JAVA_PACKAGE")
chroot "$ROOT" java -version 2>&1 | sed 's/^/build-base-image:   /' >&2
umount "$ROOT/proc"

# Caches, logs and leftovers of the build; documentation installed by debootstrap
# before the dpkg rules above applied.
rm -f "$ROOT/usr/sbin/policy-rc.d" "$ROOT/etc/resolv.conf" "$ROOT/etc/hostname"
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/* "$ROOT"/var/cache/debconf/*-old \
  "$ROOT"/var/cache/ldconfig/aux-cache "$ROOT"/var/log/* "$ROOT"/tmp/* "$ROOT"/var/tmp/* \
  "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/* "$ROOT"/usr/share/lintian/*
find "$ROOT/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$ROOT/usr/share/doc" -mindepth 1 -type d -empty -delete
find "$ROOT/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +

# Device nodes, /proc and /sys come from the container runtime.
tar --numeric-owner --xattrs --sort=name --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
  -C "$ROOT" -cf "$WORK/rootfs.tar" .
ROOTFS_BYTES=$(du -sb --exclude=./proc "$ROOT" | cut -f1)
rm -rf "$ROOT"

JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$ARCH
cat > "$WORK/Containerfile" <<EOF
FROM scratch
ADD rootfs.tar /
ENV LANG=C.UTF-8 JAVA_HOME=$JAVA_HOME
LABEL org.opencontainers.image.title="java17-runtime" \\
      org.opencontainers.image.description="Debian $SUITE minbase + $JAVA_PACKAGE $JAVA_VERSION (no recommends)" \\
      org.opencontainers.image.base.name="debian:$SUITE (debootstrap --variant=minbase)" \\
      org.vehicleupdate.java.package="$JAVA_PACKAGE=$JAVA_VERSION"
CMD ["java", "-version"]
EOF
log "podman build $IMAGE"
podman build -q --format docker -f "$WORK/Containerfile" -t "$IMAGE" "$WORK" >/dev/null
LOCAL_BYTES=$(podman image inspect --format '{{.Size}}' "$IMAGE")
podman push -q --tls-verify=false --format v2s2 "$IMAGE" >/dev/null
# The registry is the source of truth: Jib and `podman run` pull from it.
podman rmi -f "$IMAGE" >/dev/null 2>&1 || true
podman image prune -f >/dev/null 2>&1 || true
registry_has "${IMAGE_PATH%%:*}" "${IMAGE_PATH##*:}" || die "pushed $IMAGE but the registry does not list it"

log "pushed $IMAGE in $(( $(date +%s) - START )) s: rootfs $(mib "$ROOTFS_BYTES"), image $(mib "$LOCAL_BYTES") uncompressed, $(mib "$(compressed_size "${IMAGE_PATH%%:*}" "${IMAGE_PATH##*:}")") compressed in the registry; $JAVA_PACKAGE $JAVA_VERSION"
echo "$IMAGE"
