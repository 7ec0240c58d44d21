#!/usr/bin/env bash
# Checks in about a second that this machine has what the virtual vehicle or the tests need at run time, so that
# a missing piece stops them at once with one line that names it and how to get it, instead of failing minutes
# later inside a test or an update (it happened: without iptables every container with a published port failed
# in ACTIVATE with "netavark: No such file or directory").
#
# Usage: deploy/lib/preflight.sh vehicle [--state DIR] [--build]   what deploy/virtual-vehicle.sh needs
#                                                                   (--build: the services' jars must be built)
#        deploy/lib/preflight.sh tests                             what deploy/run-tests.sh needs
# Exit 0 and no output when everything is there; exit 3 and one line on stderr naming every problem otherwise.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PURPOSE=${1:-}
STATE=/var/tmp/vehicle-update
BUILD=0
shift || true
while (($#)); do
  case "$1" in
    --state) STATE=${2:?--state needs a directory}; shift 2 ;;
    --build) BUILD=1; shift ;;
    *) echo "preflight: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
case "$PURPOSE" in
  vehicle|tests) ;;
  *) echo "usage: preflight.sh vehicle [--state DIR] [--build] | tests" >&2; exit 2 ;;
esac

problems=()     # what is wrong, one phrase each
packages=()     # the Debian packages that bring what is missing

missing() { # what, package, why
  problems+=("$1 is missing ($3; Debian package $2)")
  packages+=("$2")
}

need_command() { # command, package, why
  command -v "$1" >/dev/null 2>&1 || missing "'$1'" "$2" "$3"
}

need_file() { # path, package, why
  [[ -x "$1" ]] || missing "$1" "$2" "$3"
}

# the commands (and the helpers Podman runs by path) that the scripts, RAUC, Podman and the tests call
check_commands() {
  need_command java openjdk-17-jdk-headless "it runs the services"
  need_command mosquitto mosquitto "the vehicle's MQTT broker"
  need_command mosquitto_pub mosquitto-clients "the scripts publish with it"
  need_command rauc rauc "A/B updates of the OS"
  need_command dbus-daemon dbus "RAUC's D-Bus"
  need_command busctl systemd "the RAUC simulation talks to RAUC with it"
  need_command mksquashfs squashfs-tools "RAUC bundles are squashfs images"
  need_command openssl openssl "it signs the demo bundles"
  need_command podman podman "the container runtime"
  need_command runc runc "Podman's OCI runtime here"
  need_command conmon conmon "Podman's container monitor"
  need_file /usr/lib/podman/netavark netavark "Podman's network backend"
  need_file /usr/lib/podman/aardvark-dns aardvark-dns "container name resolution"
  need_command iptables iptables "netavark runs it to publish container ports"
  need_command docker-registry docker-registry "the local container registry"
  need_file /bin/busybox busybox-static "the demo images and the bundle server"
  need_command curl curl "the scripts ask the registry and Podman's API with it"
  need_command ps procps "the scripts tell stopped processes with it"
  need_command setsid util-linux "the scripts start daemons with it"
  if [[ $PURPOSE == tests || $BUILD == 1 ]]; then
    need_command mvn maven "it builds the project"
    need_command javac openjdk-17-jdk-headless "it compiles the project"
  fi
  [[ $PURPOSE == tests ]] && need_command mosquitto_passwd mosquitto "the broker security test"
}

check_root() {
  [[ $(id -u) -eq 0 ]] || problems+=("not root (run as root: RAUC mounts bundles on loop devices and Podman runs rootful)")
}

check_java() {
  command -v java >/dev/null 2>&1 || return 0
  local version major
  version=$(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)
  major=${version%%.*}
  [[ $major == 1 ]] && major=$(cut -d. -f2 <<<"$version") # 1.8.0_x is Java 8
  if ! [[ $major =~ ^[0-9]+$ ]] || ((major < 17)); then
    problems+=("Java 17 or newer is needed, $(command -v java) is ${version:-unknown} (Debian package openjdk-17-jdk-headless)")
    packages+=(openjdk-17-jdk-headless)
  fi
}

filesystem_known() { # name: the kernel has it, or can load it
  grep -qw "$1" /proc/filesystems 2>/dev/null && return 0
  modprobe "$1" >/dev/null 2>&1 && grep -qw "$1" /proc/filesystems 2>/dev/null
}

check_kernel() {
  [[ -c /dev/loop-control ]] ||
    problems+=("/dev/loop-control is missing (RAUC mounts bundles on loop devices: modprobe loop, or give a container --device /dev/loop-control and /dev/loopN)")
  filesystem_known squashfs || problems+=("the kernel has no squashfs (RAUC bundles are squashfs images: modprobe squashfs)")
  filesystem_known overlay || problems+=("the kernel has no overlay filesystem (Podman's storage driver: modprobe overlay)")
}

check_port_publishing() { # what netavark needs to publish a container's port
  command -v iptables >/dev/null 2>&1 || return 0
  local err
  if ! err=$(iptables -w 5 -t nat -n -L POSTROUTING 2>&1 >/dev/null); then
    problems+=("iptables cannot use the nat table ($(head -1 <<<"$err")), so netavark cannot publish container ports: load the kernel's netfilter modules or choose the other backend (update-alternatives --config iptables)")
  fi
  if [[ $(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null) != 1 && ! -w /proc/sys/net/ipv4/ip_forward ]]; then
    problems+=("IPv4 forwarding is off and /proc/sys/net/ipv4/ip_forward is read-only, so netavark cannot route to containers (sysctl -w net.ipv4.ip_forward=1 on the host)")
  fi
}

existing_dir() { # the path, or its nearest existing parent
  local d=$1
  while [[ ! -d $d ]]; do d=$(dirname "$d"); done
  printf '%s' "$d"
}

check_space() { # path, MiB needed, for what
  local dir free
  dir=$(existing_dir "$1")
  free=$(df -Pk "$dir" 2>/dev/null | awk 'NR == 2 {print int($4 / 1024)}')
  [[ -n $free ]] || return 0
  ((free >= $2)) || problems+=("only $free MiB free at $dir ($3 needs $2 MiB: free some space$4)")
}

check_disk() {
  if [[ $PURPOSE == vehicle ]]; then
    check_space "$STATE" 512 "the virtual vehicle's state" " or use --state DIR on another disk"
    ((BUILD)) && check_space "$HOME/.m2" 1024 "the first build" ""
    ((BUILD)) && check_space "$REPO" 512 "the first build" ""
  else
    check_space "$HOME/.m2" 1024 "Maven's repository" ""
    check_space "$REPO" 1024 "the build" ""
    check_space /tmp 1024 "the tests' vehicles, RAUC slots and containers" ""
  fi
}

check_root
check_commands
check_java
check_kernel
check_port_publishing
check_disk

((${#problems[@]})) || exit 0
line=$(printf '%s; ' "${problems[@]}")
line=${line%; }
if ((${#packages[@]})); then
  line+=". Install with: deploy/lib/install-packages.sh (as root), or apt-get install --no-install-recommends $(printf '%s\n' "${packages[@]}" | sort -u | tr '\n' ' ')"
  line=${line% }
fi
echo "preflight: $line" >&2
exit 3
