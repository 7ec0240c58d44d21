#!/usr/bin/env bash
# rauc-sim.sh - run a real `rauc service` (Debian 12: rauc 1.8) on file-backed A/B
# slots with a private "system" D-Bus and a file-based custom bootloader backend.
#
# Everything lives in one state directory (--state DIR or $RAUC_SIM_STATE).
# Nothing is written outside of it (apart from apt-get installing missing tools).
# Needs root (RAUC mounts plain bundles via loop devices), squashfs in the kernel.
#
# Usage: rauc-sim.sh [--state DIR] <command> [options]     (see `rauc-sim.sh help`)
set -euo pipefail

PROG=${0##*/}
STATE=${RAUC_SIM_STATE:-}
RAUC_BUS=de.pengutronix.rauc
RAUC_IFACE=de.pengutronix.rauc.Installer
APT_UPDATED=0

usage() {
	cat <<'EOF'
Usage: rauc-sim.sh [--state DIR] <command> [options]
State dir: --state DIR (anywhere on the command line) or env RAUC_SIM_STATE.

Commands:
  setup [--slot-size SIZE] [--compatible C] [--initial-version V] [--max-tries N]
        Idempotent. Creates slots (plain files, SIZE as for truncate, default 32M;
        only ever grown - note rauc 1.8 writes a raw image into a regular file
        without a size check, so a bigger image simply grows the file),
        system.conf, bus config, bootloader backend, test CA + signing key and an
        unrelated "rogue" CA + signing key, and STATE/env. Existing keys, slot
        contents and boot state are kept; configuration files are rewritten.
        --max-tries N: trial boots of a newly activated slot (default 3).
  bundle --version V --out FILE [--size-mib N] [--rogue] [--compatible C]
        Builds a plain RAUC bundle with a raw image for slot class "rootfs" (N MiB,
        default 1; starts with a text marker naming the version). --rogue signs it
        with the rogue key (not in the keyring). Prints the bundle path.
  start [--booted A|B]
        Starts dbus-daemon + `rauc service`. Without --booted the simulated
        bootloader picks the slot (see reboot). Prints KEY=VALUE lines:
        DBUS_SYSTEM_BUS_ADDRESS=unix:path=... and RAUC_SIM_BOOTED=A|B.
  stop  Stops rauc and dbus-daemon by PID, unmounts leftovers below STATE/mnt.
  reboot [--fallback]
        stop, let the simulated bootloader choose a slot, start. Prints the same
        lines as start. Choice: the primary if it is bootable (state good, or
        trial boots left - a trial boot uses one try), else the other slot.
        --fallback boots the non-primary slot regardless (primary "failed").
  status
        Booted slot, primary, operation, `rauc status --detailed`, bootloader
        state and the version marker found in each slot image.
  slot-version A|B
        Prints the version marker stored in the slot image (empty if none).
  rauc ARGS...
        Runs the rauc CLI against this simulation (private bus, --conf, --mount).
  env   Prints STATE/env (KEY=VALUE lines).
  hold set-primary|mark-good
        For tests that cut the power at a precise point: the bootloader backend
        stops right after it wrote the next "set-primary" (RAUC activating the slot
        it installed, or a Mark active) or "set-state X good" (a Mark good: the
        commit in CLEANUP) and waits until released. Kept in STATE/hold/.
  held set-primary|mark-good
        Exit 0 once the backend is waiting at that point.
  release
        Lets a waiting backend go on and clears every hold.
EOF
}

die() {
	printf '%s: error: %s\n' "$PROG" "$*" >&2
	exit 1
}

log() {
	printf '%s: %s\n' "$PROG" "$*" >&2
}

# --- dependencies -----------------------------------------------------------

ensure_cmd() { # ensure_cmd COMMAND DEBIAN_PACKAGE
	command -v "$1" >/dev/null 2>&1 && return 0
	command -v apt-get >/dev/null 2>&1 || die "'$1' missing and no apt-get to install package '$2'"
	log "installing missing package '$2' (for '$1')"
	if [ "$APT_UPDATED" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2 || die "apt-get install $2 failed"
	command -v "$1" >/dev/null 2>&1 || die "'$1' still missing after installing '$2'"
}

ensure_runtime_deps() {
	ensure_cmd rauc rauc
	ensure_cmd dbus-daemon dbus-daemon
	ensure_cmd busctl systemd # rauc depends on systemd anyway; busctl works without systemd running
	ensure_cmd setsid util-linux
}

preflight() { # warn early about what RAUC will need to install a plain bundle
	[ "$(id -u)" = 0 ] || log "warning: not root - rauc cannot mount bundles, installs will fail"
	[ -e /dev/loop-control ] || log "warning: /dev/loop-control missing - rauc cannot mount bundles"
	grep -qw squashfs /proc/filesystems 2>/dev/null || modprobe squashfs 2>/dev/null ||
		log "warning: squashfs not listed in /proc/filesystems - bundle mounts may fail"
}

ensure_build_deps() {
	ensure_cmd rauc rauc
	ensure_cmd mksquashfs squashfs-tools
	ensure_cmd unsquashfs squashfs-tools
	ensure_cmd openssl openssl
}

# --- state layout -------------------------------------------------------------

init_paths() {
	[ -n "$STATE" ] || die "no state directory: use --state DIR or RAUC_SIM_STATE"
	mkdir -p "$STATE"
	STATE=$(cd "$STATE" && pwd -P)
	case "$STATE" in
	*[!A-Za-z0-9_./+-]*) die "state dir '$STATE' must only contain [A-Za-z0-9_./+-] (it ends up in a D-Bus address)" ;;
	esac
	SIM_CONF=$STATE/sim.conf
	ENV_FILE=$STATE/env
	SYSTEM_CONF=$STATE/system.conf
	BUS_CONF=$STATE/bus.conf
	BACKEND=$STATE/bootloader-backend.sh
	PKI=$STATE/pki
	SLOTS=$STATE/slots
	BOOT=$STATE/boot
	DATA=$STATE/data
	MNT=$STATE/mnt
	RUN=$STATE/run
	LOGS=$STATE/log
	TMPD=$STATE/tmp
	SOCKET=$RUN/system_bus_socket
	BUS_ADDRESS=unix:path=$SOCKET
	DBUS_PID_FILE=$RUN/dbus.pid
	RAUC_PID_FILE=$RUN/rauc.pid
	BOOTED_FILE=$RUN/booted
	[ "${#SOCKET}" -le 107 ] || die "socket path too long for AF_UNIX (${#SOCKET} > 107): $SOCKET"
}

load_sim_conf() {
	[ -f "$SIM_CONF" ] || die "'$STATE' is not set up: run '$PROG --state $STATE setup' first"
	COMPATIBLE=$(sed -n 's/^COMPATIBLE=//p' "$SIM_CONF")
	MAX_TRIES=$(sed -n 's/^MAX_TRIES=//p' "$SIM_CONF")
}

slot_file() { # A|B -> image file
	case "$1" in
	A) printf '%s/rootfs-0' "$SLOTS" ;;
	B) printf '%s/rootfs-1' "$SLOTS" ;;
	*) die "unknown slot '$1' (expected A or B)" ;;
	esac
}

other_slot() {
	if [ "$1" = A ]; then echo B; else echo A; fi
}

# --- setup ----------------------------------------------------------------------

write_marker_image() { # FILE VERSION COMPATIBLE SIZE_BYTES
	local file=$1 version=$2 compatible=$3 size=$4
	# 4 KiB text header (zero padded), then random (incompressible) filler
	printf 'RAUC-SIM-ROOTFS\nversion=%s\ncompatible=%s\n' "$version" "$compatible" >"$file"
	[ "$(stat -c %s "$file")" -le 4096 ] || die "version/compatible too long for the image header"
	truncate -s 4096 "$file"
	if [ "$size" -gt 4096 ]; then
		head -c $((size - 4096)) /dev/urandom >>"$file"
	fi
}

make_ca() { # PREFIX CN_PREFIX -> PREFIX-ca.pem/key, PREFIX-signing.pem/key
	local p=$1 cn=$2
	[ -s "$p-ca.pem" ] && [ -s "$p-signing.pem" ] && [ -s "$p-signing.key" ] && return 0
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 3650 \
		-keyout "$p-ca.key" -out "$p-ca.pem" -subj "/O=rauc-sim/CN=$cn CA" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
		-keyout "$p-signing.key" -out "$p-signing.csr" -subj "/O=rauc-sim/CN=$cn signing" 2>/dev/null
	printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >"$p-signing.ext"
	openssl x509 -req -sha256 -days 3650 -in "$p-signing.csr" -CA "$p-ca.pem" -CAkey "$p-ca.key" \
		-set_serial "0x$(openssl rand -hex 8)" -extfile "$p-signing.ext" -out "$p-signing.pem" 2>/dev/null
	rm -f "$p-signing.csr" "$p-signing.ext"
	chmod 600 "$p-ca.key" "$p-signing.key"
}

write_backend() {
	# Bootloader model (close to RAUC's U-Boot/barebox integrations):
	#   boot/primary      bootname of the primary slot
	#   boot/<bn>.state   good|bad   (confirmed state, set by `rauc mark good|bad`)
	#   boot/<bn>.tries   trial boots left (reset to MAX_TRIES by set-primary / mark good)
	# A slot is bootable (get-state prints good) if its state is good or it has tries left.
	cat >"$BACKEND" <<EOF
#!/bin/sh
# RAUC custom bootloader backend of rauc-sim (generated; do not edit).
set -eu
B='$BOOT'
H='$STATE/hold'
MAX_TRIES='$MAX_TRIES'
put() { printf '%s\n' "\$2" > "\$B/\$1.tmp" && mv -f "\$B/\$1.tmp" "\$B/\$1"; }
get() { cat "\$B/\$1" 2>/dev/null || true; }
chk() { case "\$1" in A|B) ;; *) echo "unknown bootname '\$1'" >&2; exit 2 ;; esac; }
bootable() { [ "\$(get "\$1.state")" = good ] || [ "\$(get "\$1.tries")" -gt 0 ] 2>/dev/null; }
# rauc-sim hold NAME: wait here, after the write, until released (a test cuts the power meanwhile)
hold() { [ -e "\$H/\$1" ] || return 0; : > "\$H/\$1.reached"; while [ -e "\$H/\$1" ]; do sleep 0.1; done; }
echo "\$(date -u +%FT%TZ) \$*" >> "\$B/backend.log"
case "\${1:-}" in
get-primary)
	p=\$(get primary); o=A; [ "\$p" = A ] && o=B
	if bootable "\$p" || ! bootable "\$o"; then echo "\$p"; else echo "\$o"; fi ;;
set-primary)
	chk "\${2:-}"; put primary "\$2"; put "\$2.tries" "\$MAX_TRIES"; hold set-primary ;;
get-state)
	chk "\${2:-}"; if bootable "\$2"; then echo good; else echo bad; fi ;;
set-state)
	chk "\${2:-}"
	case "\${3:-}" in
	good) put "\$2.state" good; put "\$2.tries" "\$MAX_TRIES"; hold mark-good ;;
	bad) put "\$2.state" bad; put "\$2.tries" 0 ;;
	*) echo "bad state '\${3:-}'" >&2; exit 2 ;;
	esac ;;
*) echo "usage: \$0 get-primary|set-primary BN|get-state BN|set-state BN good|bad" >&2; exit 2 ;;
esac
EOF
	chmod 755 "$BACKEND"
}

write_system_conf() {
	cat >"$SYSTEM_CONF" <<EOF
# generated by rauc-sim.sh setup
[system]
compatible=$COMPATIBLE
bootloader=custom
data-directory=$DATA
bundle-formats=plain

[handlers]
bootloader-custom-backend=$BACKEND

[keyring]
path=$PKI/test-ca.pem

[slot.rootfs.0]
device=$SLOTS/rootfs-0
type=raw
bootname=A

[slot.rootfs.1]
device=$SLOTS/rootfs-1
type=raw
bootname=B
EOF
}

write_bus_conf() {
	cat >"$BUS_CONF" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- generated by rauc-sim.sh setup: private bus with system-bus semantics -->
<busconfig>
  <type>system</type>
  <listen>$BUS_ADDRESS</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
  </policy>
  <policy user="root">
    <allow own="$RAUC_BUS"/>
  </policy>
</busconfig>
EOF
}

write_env_file() {
	cat >"$ENV_FILE" <<EOF
DBUS_SYSTEM_BUS_ADDRESS=$BUS_ADDRESS
RAUC_SIM_STATE=$STATE
RAUC_SIM_CONF=$SYSTEM_CONF
RAUC_SIM_MOUNT=$MNT
RAUC_SIM_COMPATIBLE=$COMPATIBLE
RAUC_SIM_KEYRING=$PKI/test-ca.pem
RAUC_SIM_SIGNING_CERT=$PKI/test-signing.pem
RAUC_SIM_SIGNING_KEY=$PKI/test-signing.key
RAUC_SIM_ROGUE_KEYRING=$PKI/rogue-ca.pem
RAUC_SIM_ROGUE_SIGNING_CERT=$PKI/rogue-signing.pem
RAUC_SIM_ROGUE_SIGNING_KEY=$PKI/rogue-signing.key
RAUC_SIM_SLOT_A=$SLOTS/rootfs-0
RAUC_SIM_SLOT_B=$SLOTS/rootfs-1
EOF
}

cmd_setup() {
	local slot_size="" compatible="" initial_version=1.0 max_tries=""
	while [ $# -gt 0 ]; do
		case "$1" in
		--slot-size) slot_size=${2:?--slot-size needs a value}; shift 2 ;;
		--compatible) compatible=${2:?--compatible needs a value}; shift 2 ;;
		--initial-version) initial_version=${2:?--initial-version needs a value}; shift 2 ;;
		--max-tries) max_tries=${2:?--max-tries needs a value}; shift 2 ;;
		*) die "setup: unknown option '$1'" ;;
		esac
	done
	ensure_runtime_deps
	ensure_build_deps
	init_paths
	if [ -f "$SIM_CONF" ]; then
		[ -n "$compatible" ] || compatible=$(sed -n 's/^COMPATIBLE=//p' "$SIM_CONF")
		[ -n "$max_tries" ] || max_tries=$(sed -n 's/^MAX_TRIES=//p' "$SIM_CONF")
		[ -n "$slot_size" ] || slot_size=$(sed -n 's/^SLOT_SIZE=//p' "$SIM_CONF")
	fi
	COMPATIBLE=${compatible:-leda-vehicle}
	MAX_TRIES=${max_tries:-3}
	slot_size=${slot_size:-32M}
	case "$MAX_TRIES" in '' | *[!0-9]*) die "--max-tries must be a number" ;; esac
	case "$COMPATIBLE" in *[![:print:]]* | '') die "invalid compatible string" ;; esac

	mkdir -p "$PKI" "$SLOTS" "$BOOT" "$DATA" "$MNT" "$RUN" "$LOGS" "$TMPD"
	printf 'COMPATIBLE=%s\nMAX_TRIES=%s\nSLOT_SIZE=%s\n' "$COMPATIBLE" "$MAX_TRIES" "$slot_size" >"$SIM_CONF"

	make_ca "$PKI/test" "rauc-sim test"
	make_ca "$PKI/rogue" "rauc-sim rogue"

	# Slots: plain files used as raw slot devices. Slot A carries the initial version.
	local a b size_bytes
	a=$(slot_file A)
	b=$(slot_file B)
	if [ ! -e "$a" ]; then
		write_marker_image "$a" "$initial_version" "$COMPATIBLE" 4096
	fi
	[ -e "$b" ] || : >"$b"
	truncate -s "$slot_size" "$TMPD/size-probe"
	size_bytes=$(stat -c %s "$TMPD/size-probe")
	rm -f "$TMPD/size-probe"
	for f in "$a" "$b"; do
		if [ "$(stat -c %s "$f")" -lt "$size_bytes" ]; then truncate -s "$size_bytes" "$f"; fi
	done

	# Bootloader state: A primary and good; B empty, not bootable.
	if [ ! -f "$BOOT/primary" ]; then
		echo A >"$BOOT/primary"
		echo good >"$BOOT/A.state"
		echo "$MAX_TRIES" >"$BOOT/A.tries"
		echo bad >"$BOOT/B.state"
		echo 0 >"$BOOT/B.tries"
	fi
	# RAUC central status file: give the initially installed slot a bundle version.
	if [ ! -f "$DATA/central.raucs" ]; then
		printf '[slot.rootfs.0]\nbundle.compatible=%s\nbundle.version=%s\nstatus=ok\n' \
			"$COMPATIBLE" "$initial_version" >"$DATA/central.raucs"
	fi

	write_backend
	write_system_conf
	write_bus_conf
	write_env_file
	log "state ready in $STATE (compatible '$COMPATIBLE', slots $slot_size)"
}

# --- bundle -----------------------------------------------------------------------

cmd_bundle() {
	local version="" out="" size_mib=1 rogue=0 compatible=""
	while [ $# -gt 0 ]; do
		case "$1" in
		--version) version=${2:?--version needs a value}; shift 2 ;;
		--out) out=${2:?--out needs a value}; shift 2 ;;
		--size-mib) size_mib=${2:?--size-mib needs a value}; shift 2 ;;
		--rogue) rogue=1; shift ;;
		--compatible) compatible=${2:?--compatible needs a value}; shift 2 ;;
		*) die "bundle: unknown option '$1'" ;;
		esac
	done
	[ -n "$version" ] || die "bundle: --version is required"
	[ -n "$out" ] || die "bundle: --out is required"
	case "$size_mib" in '' | *[!0-9]* | 0) die "bundle: --size-mib must be a positive integer" ;; esac
	ensure_build_deps
	init_paths
	load_sim_conf
	compatible=${compatible:-$COMPATIBLE}
	local prefix=$PKI/test
	[ "$rogue" = 0 ] || prefix=$PKI/rogue

	mkdir -p "$(dirname "$out")"
	out=$(cd "$(dirname "$out")" && pwd -P)/$(basename "$out")
	local work
	work=$(mktemp -d "$TMPD/bundle.XXXXXX")
	# shellcheck disable=SC2064 # expand now: $work is local
	trap "rm -rf '$work'" EXIT
	mkdir "$work/content"
	write_marker_image "$work/content/rootfs.img" "$version" "$compatible" $((size_mib * 1024 * 1024))
	cat >"$work/content/manifest.raucm" <<EOF
[update]
compatible=$compatible
version=$version
description=rauc-sim test bundle $version
build=$(date -u +%Y%m%d%H%M%S)

[bundle]
format=plain

[image.rootfs]
filename=rootfs.img
EOF
	rm -f "$out"
	# The image is random data after the marker: skip futile compression attempts.
	if ! rauc bundle --cert="$prefix-signing.pem" --key="$prefix-signing.key" \
		--signing-keyring="$prefix-ca.pem" --mksquashfs-args="-noI -noD -noF -noX" \
		"$work/content" "$out" >"$work/rauc-bundle.log" 2>&1; then
		cat "$work/rauc-bundle.log" >&2
		die "rauc bundle failed"
	fi
	chmod 644 "$out"
	printf '%s\n' "$out"
}

# --- processes --------------------------------------------------------------------

pid_alive() { # PIDFILE EXPECTED_EXE_NAME -> prints pid if the process is ours and alive
	local pid exe
	[ -s "$1" ] || return 1
	pid=$(cat "$1")
	case "$pid" in '' | *[!0-9]*) return 1 ;; esac
	[ -d "/proc/$pid" ] || return 1
	exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
	[ "${exe##*/}" = "$2" ] || return 1
	# must be the instance of this state dir
	tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$STATE/" || return 1
	printf '%s' "$pid"
}

stop_pid() { # PIDFILE EXE_NAME
	local pid i
	if pid=$(pid_alive "$1" "$2"); then
		kill -TERM "$pid" 2>/dev/null || true
		for i in $(seq 100); do
			[ -d "/proc/$pid" ] || break
			# reap zombie-free check: a zombie keeps /proc/PID; treat state Z as gone
			[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
			sleep 0.05
			if [ "$i" = 60 ]; then kill -KILL "$pid" 2>/dev/null || true; fi
		done
	fi
	rm -f "$1"
}

unmount_leftovers() {
	local m
	# mountinfo field 5 is the mount point (octal escapes irrelevant: our paths are plain)
	awk -v p="$MNT/" 'index($5, p) == 1 {print $5}' /proc/self/mountinfo | sort -r | while read -r m; do
		log "unmounting leftover $m"
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
}

service_answers() {
	busctl --address="$BUS_ADDRESS" get-property "$RAUC_BUS" / "$RAUC_IFACE" Operation >/dev/null 2>&1
}

bus_answers() {
	busctl --address="$BUS_ADDRESS" call org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus GetId >/dev/null 2>&1
}

# Bootloader decision, as a boot ROM/bootloader would take it. Prints the bootname.
choose_boot_slot() { # FALLBACK(0|1)
	local primary other target state tries
	primary=$(cat "$BOOT/primary")
	other=$(other_slot "$primary")
	bootable() {
		[ "$(cat "$BOOT/$1.state")" = good ] || [ "$(cat "$BOOT/$1.tries")" -gt 0 ]
	}
	if [ "$1" = 1 ]; then
		target=$other
		bootable "$target" || log "warning: fallback slot $target is not bootable (booting it anyway)"
	elif bootable "$primary"; then
		target=$primary
	elif bootable "$other"; then
		target=$other
		log "primary $primary is not bootable: falling back to $other"
	else
		target=$primary
		log "warning: no bootable slot, trying primary $primary"
	fi
	state=$(cat "$BOOT/$target.state")
	tries=$(cat "$BOOT/$target.tries")
	if [ "$state" != good ] && [ "$tries" -gt 0 ]; then
		echo $((tries - 1)) >"$BOOT/$target.tries" # trial boot consumes one try
	fi
	echo "$(date -u +%FT%TZ) boot $target (fallback=$1)" >>"$BOOT/backend.log"
	printf '%s' "$target"
}

print_start_lines() {
	printf 'DBUS_SYSTEM_BUS_ADDRESS=%s\nRAUC_SIM_BOOTED=%s\n' "$BUS_ADDRESS" "$(cat "$BOOTED_FILE")"
}

start_service() { # BOOTNAME
	local booted=$1 i
	mkdir -p "$RUN" "$LOGS" "$MNT"
	rm -f "$SOCKET"
	# dbus-daemon forks itself, detaches from our stdio and prints its PID.
	dbus-daemon --config-file="$BUS_CONF" --fork --nopidfile --print-pid=1 \
		>"$DBUS_PID_FILE" 2>>"$LOGS/dbus.log" </dev/null || die "dbus-daemon failed to start (see $LOGS/dbus.log)"
	for i in $(seq 100); do
		bus_answers && break
		[ "$i" = 100 ] && die "private bus did not come up at $BUS_ADDRESS"
		sleep 0.05
	done
	echo "$booted" >"$BOOTED_FILE"
	printf '\n=== %s rauc service --override-boot-slot=%s\n' "$(date -u +%FT%TZ)" "$booted" >>"$LOGS/rauc.log"
	# New session, no inherited stdio: a caller reading our stdout (e.g. Java) is not blocked.
	# shellcheck disable=SC2016 # $$ and $1 are for the inner shell
	DBUS_SYSTEM_BUS_ADDRESS=$BUS_ADDRESS setsid sh -c 'echo $$ > "$1"; shift; exec "$@"' sh "$RAUC_PID_FILE" \
		rauc --conf="$SYSTEM_CONF" --mount="$MNT" service --override-boot-slot="$booted" \
		</dev/null >>"$LOGS/rauc.log" 2>&1 &
	for i in $(seq 200); do
		if service_answers; then
			print_start_lines
			return 0
		fi
		if [ -s "$RAUC_PID_FILE" ] && [ ! -d "/proc/$(cat "$RAUC_PID_FILE")" ]; then
			tail -n 20 "$LOGS/rauc.log" >&2
			stop_all
			die "rauc service exited during start-up (see $LOGS/rauc.log)"
		fi
		sleep 0.05
	done
	tail -n 20 "$LOGS/rauc.log" >&2
	stop_all
	die "rauc service did not answer on $BUS_ADDRESS within 10 s"
}

stop_all() {
	stop_pid "$RAUC_PID_FILE" rauc
	stop_pid "$DBUS_PID_FILE" dbus-daemon
	unmount_leftovers
	rm -f "$SOCKET" "$BOOTED_FILE"
}

is_running() {
	pid_alive "$RAUC_PID_FILE" rauc >/dev/null && pid_alive "$DBUS_PID_FILE" dbus-daemon >/dev/null
}

cmd_start() {
	local booted=""
	while [ $# -gt 0 ]; do
		case "$1" in
		--booted) booted=${2:?--booted needs A or B}; shift 2 ;;
		*) die "start: unknown option '$1'" ;;
		esac
	done
	case "$booted" in '' | A | B) ;; *) die "start: --booted must be A or B" ;; esac
	ensure_runtime_deps
	init_paths
	load_sim_conf
	if is_running; then
		if [ -n "$booted" ] && [ "$booted" != "$(cat "$BOOTED_FILE")" ]; then
			die "already running (booted $(cat "$BOOTED_FILE")); use stop or reboot"
		fi
		print_start_lines
		return 0
	fi
	stop_all # clear half-started leftovers
	preflight
	[ -n "$booted" ] || booted=$(choose_boot_slot 0)
	start_service "$booted"
}

cmd_stop() {
	[ $# -eq 0 ] || die "stop: unexpected argument '$1'"
	init_paths
	stop_all
}

cmd_reboot() {
	local fallback=0
	while [ $# -gt 0 ]; do
		case "$1" in
		--fallback) fallback=1; shift ;;
		*) die "reboot: unknown option '$1'" ;;
		esac
	done
	ensure_runtime_deps
	init_paths
	load_sim_conf
	stop_all
	preflight
	start_service "$(choose_boot_slot "$fallback")"
}

rauc_cli() {
	DBUS_SYSTEM_BUS_ADDRESS=$BUS_ADDRESS rauc --conf="$SYSTEM_CONF" --mount="$MNT" "$@"
}

cmd_slot_version() {
	[ $# -eq 1 ] || die "usage: slot-version A|B"
	init_paths
	local f
	f=$(slot_file "$1")
	head -c 4096 "$f" 2>/dev/null | tr -d '\0' | awk 'NR == 1 && $0 != "RAUC-SIM-ROOTFS" {exit} /^version=/ {sub(/^version=/, ""); print; exit}'
}

cmd_status() {
	init_paths
	load_sim_conf
	local s
	if is_running; then
		echo "service: running (rauc pid $(cat "$RAUC_PID_FILE"), dbus pid $(cat "$DBUS_PID_FILE"))"
		echo "bus: $BUS_ADDRESS"
		echo "booted: $(cat "$BOOTED_FILE") (BootSlot=$(busctl --address="$BUS_ADDRESS" get-property "$RAUC_BUS" / "$RAUC_IFACE" BootSlot | cut -d' ' -f2-))"
		echo "primary (GetPrimary): $(busctl --address="$BUS_ADDRESS" call "$RAUC_BUS" / "$RAUC_IFACE" GetPrimary | cut -d' ' -f2-)"
		echo "operation: $(busctl --address="$BUS_ADDRESS" get-property "$RAUC_BUS" / "$RAUC_IFACE" Operation | cut -d' ' -f2-)"
		echo "--- rauc status --detailed"
		rauc_cli status --detailed 2>&1 || true
	else
		echo "service: stopped"
	fi
	echo "--- bootloader backend: primary=$(cat "$BOOT/primary")"
	for s in A B; do
		echo "slot $s: state=$(cat "$BOOT/$s.state") tries=$(cat "$BOOT/$s.tries") image-version=$(cmd_slot_version "$s")"
	done
}

hold_name() {
	case "${1:-}" in
	set-primary | mark-good) ;;
	*) die "expected a hold point: set-primary or mark-good" ;;
	esac
}

cmd_hold() {
	hold_name "${1:-}"
	init_paths
	mkdir -p "$STATE/hold"
	rm -f "$STATE/hold/$1.reached"
	: >"$STATE/hold/$1"
}

cmd_held() {
	hold_name "${1:-}"
	init_paths
	[ -e "$STATE/hold/$1.reached" ]
}

cmd_release() {
	init_paths
	rm -rf "$STATE/hold"
}

main() {
	local args=() cmd=""
	while [ $# -gt 0 ]; do
		if [ "$cmd" = rauc ]; then # pass everything else verbatim to the rauc CLI
			args+=("$@")
			break
		fi
		case "$1" in
		--state) STATE=${2:?--state needs a directory}; shift 2 ;;
		--state=*) STATE=${1#--state=}; shift ;;
		*)
			if [ -z "$cmd" ]; then cmd=$1; else args+=("$1"); fi
			shift
			;;
		esac
	done
	case "$cmd" in
	setup) cmd_setup ${args[@]+"${args[@]}"} ;;
	bundle) cmd_bundle ${args[@]+"${args[@]}"} ;;
	start) cmd_start ${args[@]+"${args[@]}"} ;;
	stop) cmd_stop ${args[@]+"${args[@]}"} ;;
	reboot) cmd_reboot ${args[@]+"${args[@]}"} ;;
	status) cmd_status ${args[@]+"${args[@]}"} ;;
	slot-version) cmd_slot_version ${args[@]+"${args[@]}"} ;;
	env) init_paths; cat "$ENV_FILE" ;;
	hold) cmd_hold ${args[@]+"${args[@]}"} ;;
	held) cmd_held ${args[@]+"${args[@]}"} ;;
	release) cmd_release ;;
	rauc) init_paths; rauc_cli ${args[@]+"${args[@]}"} ;;
	-h | --help | help) usage ;;
	'') usage >&2; return 2 ;;
	*) die "unknown command '$cmd' (try help)" ;;
	esac
}

main "$@"
