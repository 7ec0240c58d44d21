#!/usr/bin/env bash
# End-to-end self-test of deploy/lib/rauc-sim.sh against the real rauc service.
# Needs root (RAUC mounts plain bundles through loop devices).
# Env: KEEP_STATE=1 keeps the temporary state dir; RAUC_SIM_SELFTEST_DIR=DIR uses DIR.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd -P)
SIM=$HERE/../lib/rauc-sim.sh
RAUC_BUS=de.pengutronix.rauc
RAUC_IFACE=de.pengutronix.rauc.Installer

[ "$(id -u)" = 0 ] || { echo "rauc-sim-selftest: must run as root" >&2; exit 1; }

S=${RAUC_SIM_SELFTEST_DIR:-$(mktemp -d /tmp/rauc-sim-selftest.XXXXXX)}
export RAUC_SIM_STATE=$S
PASSED=0
FAILED=0

cleanup() {
	"$SIM" stop || true
	if [ "${KEEP_STATE:-0}" = 1 ]; then echo "state kept in $S"; else rm -rf "$S"; fi
}
trap cleanup EXIT

ok() { PASSED=$((PASSED + 1)); echo "ok   - $*"; }
nok() { FAILED=$((FAILED + 1)); echo "FAIL - $*"; }
check_eq() { # DESCRIPTION EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then ok "$1"; else nok "$1: expected '$2', got '$3'"; fi
}
check_contains() { # DESCRIPTION NEEDLE HAYSTACK
	case "$3" in *"$2"*) ok "$1" ;; *) nok "$1: '$2' not in: $3" ;; esac
}
now_ms() { date +%s%3N; }
timed() { # VAR CMD... : runs CMD, stores its stdout in VAR, prints duration
	local _var=$1 _t0 _t1 _out
	shift
	_t0=$(now_ms)
	_out=$("$@")
	_t1=$(now_ms)
	printf -v "$_var" '%s' "$_out"
	echo "time - rauc-sim.sh ${*:2}: $((_t1 - _t0)) ms"
}
kv() { # KEY TEXT -> value of KEY=VALUE line
	sed -n "s/^$1=//p" <<<"$2"
}
bus() { busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" "$@"; }
prop() { bus get-property "$RAUC_BUS" / "$RAUC_IFACE" "$1"; }
slot_field() { # BOOTNAME FIELD -> value from `rauc status --output-format=shell` (FIELD e.g. STATE)
	local sh
	sh=$(rauc status --detailed --output-format=shell 2>/dev/null)
	(
		eval "$sh"
		for i in $RAUC_SLOTS; do
			bn=RAUC_SLOT_BOOTNAME_$i
			v=RAUC_SLOT_${2}_$i
			if [ "${!bn}" = "$1" ]; then echo "${!v}"; fi
		done
	)
}
wait_idle() {
	local i
	for i in $(seq 600); do
		[ "$(prop Operation)" = 's "idle"' ] && return 0
		sleep 0.1
	done
	return 1
}

# --- setup ----------------------------------------------------------------------
timed out "$SIM" setup --max-tries 2
sha_before=$(sha256sum "$S/pki/test-ca.pem")
timed out "$SIM" setup
check_eq "setup is idempotent (keyring kept)" "$sha_before" "$(sha256sum "$S/pki/test-ca.pem")"
check_eq "initial image in slot A" "1.0" "$("$SIM" slot-version A)"
DBUS_SYSTEM_BUS_ADDRESS=$(sed -n 's/^DBUS_SYSTEM_BUS_ADDRESS=//p' "$S/env")
export DBUS_SYSTEM_BUS_ADDRESS

timed out "$SIM" bundle --version 2.0 --out "$S/bundles/v2.0.raucb"
check_eq "bundle prints its path" "$S/bundles/v2.0.raucb" "$out"
timed out "$SIM" bundle --version 3.0 --out "$S/bundles/v3.0.raucb"
timed out "$SIM" bundle --version 6.6.6 --rogue --out "$S/bundles/rogue.raucb"
timed out "$SIM" bundle --version 2.1 --compatible other-vehicle --out "$S/bundles/incompatible.raucb"
timed out "$SIM" bundle --version 9.0 --size-mib 64 --out "$S/bundles/big.raucb"
echo "info - 64 MiB bundle is $(stat -c %s "$S/bundles/big.raucb") bytes"
info=$(rauc --keyring="$S/pki/test-ca.pem" info --output-format=shell "$S/bundles/v2.0.raucb" 2>/dev/null)
check_contains "rauc info with keyring shows version" "RAUC_MF_VERSION='2.0'" "$info"

# --- first boot -----------------------------------------------------------------------
timed out "$SIM" start
check_eq "start prints bus address" "$DBUS_SYSTEM_BUS_ADDRESS" "$(kv DBUS_SYSTEM_BUS_ADDRESS "$out")"
check_eq "first start boots A" "A" "$(kv RAUC_SIM_BOOTED "$out")"
check_eq "start is idempotent" "$out" "$("$SIM" start)"
check_eq "BootSlot property" 's "A"' "$(prop BootSlot)"
check_eq "Compatible property" 's "leda-vehicle"' "$(prop Compatible)"
check_eq "D-Bus Info(s) -> (ss)" 'ss "leda-vehicle" "2.0"' "$(bus call "$RAUC_BUS" / "$RAUC_IFACE" Info s "$S/bundles/v2.0.raucb")"
check_contains "GetSlotStatus: booted slot carries initial version" '"bundle.version" s "1.0"' \
	"$(bus call "$RAUC_BUS" / "$RAUC_IFACE" GetSlotStatus)"

# --- install v2.0 via the rauc CLI (a D-Bus client honouring DBUS_SYSTEM_BUS_ADDRESS) ---------
t0=$(now_ms)
if rauc install "$S/bundles/v2.0.raucb" >"$S/install-v2.log" 2>&1; then ok "rauc install v2.0"; else nok "rauc install v2.0: $(cat "$S/install-v2.log")"; fi
echo "time - rauc install v2.0 (1 MiB): $(($(now_ms) - t0)) ms"
check_eq "slot B holds v2.0" "2.0" "$("$SIM" slot-version B)"
check_eq "GetPrimary after install" 's "rootfs.1"' "$(bus call "$RAUC_BUS" / "$RAUC_IFACE" GetPrimary)"
check_contains "GetSlotStatus records bundle.version 2.0" '"bundle.version" s "2.0"' \
	"$(bus call "$RAUC_BUS" / "$RAUC_IFACE" GetSlotStatus)"

# --- reboot into B, mark good ----------------------------------------------------------------
timed out "$SIM" reboot
check_eq "reboot boots new primary B" "B" "$(kv RAUC_SIM_BOOTED "$out")"
check_eq "BootSlot after reboot" 's "B"' "$(prop BootSlot)"
check_contains "rauc status: booted from rootfs.1" "Booted from: rootfs.1 (B)" "$(rauc status 2>&1)"
check_eq "slot B state booted" "booted" "$(slot_field B STATE)"
check_eq "slot B bundle version" "2.0" "$(slot_field B STATUS_BUNDLE_VERSION)"
check_contains "status subcommand shows booted slot" 'booted: B (BootSlot="B")' "$("$SIM" status)"
check_contains "rauc passthrough subcommand" "Booted from: rootfs.1 (B)" "$("$SIM" rauc status 2>/dev/null)"
check_eq "Mark(good, booted)" 'ss "rootfs.1" "marked slot rootfs.1 as good"' \
	"$(bus call "$RAUC_BUS" / "$RAUC_IFACE" Mark ss good booted)"
check_eq "backend recorded B good" "good" "$(cat "$S/boot/B.state")"

# --- forced fallback, then normal boot ------------------------------------------------------
timed out "$SIM" reboot --fallback
check_eq "reboot --fallback boots A" "A" "$(kv RAUC_SIM_BOOTED "$out")"
check_eq "primary still rootfs.1 after fallback" 's "rootfs.1"' "$(bus call "$RAUC_BUS" / "$RAUC_IFACE" GetPrimary)"
timed out "$SIM" reboot
check_eq "plain reboot boots good primary B" "B" "$(kv RAUC_SIM_BOOTED "$out")"

# --- bad signature / incompatible bundles ------------------------------------------------------
if bus call "$RAUC_BUS" / "$RAUC_IFACE" Info s "$S/bundles/rogue.raucb" >/dev/null 2>"$S/info-rogue.err"; then
	nok "Info refuses rogue bundle"
else
	check_contains "Info refuses rogue bundle" "rauc info error" "$(cat "$S/info-rogue.err")"
fi
if rauc install "$S/bundles/rogue.raucb" >"$S/install-rogue.log" 2>&1; then
	nok "rauc install refuses rogue bundle"
else
	check_contains "rauc install refuses rogue bundle" \
		"signature verification failed: Verify error: unable to get local issuer certificate" "$(cat "$S/install-rogue.log")"
fi
bus call "$RAUC_BUS" / "$RAUC_IFACE" InstallBundle 'sa{sv}' "$S/bundles/incompatible.raucb" 0
wait_idle || nok "install of incompatible bundle did not finish"
# (busctl prints the quotes inside the string as \')
check_contains "InstallBundle incompatible -> LastError" \
	"Installation error: Compatible mismatch: Expected \\'leda-vehicle\\' but bundle manifest has \\'other-vehicle\\'" \
	"$(prop LastError)"
check_eq "failed installs left slot A alone" "1.0" "$("$SIM" slot-version A)"

# --- trial boots: install v3.0 into A, never mark it good -> falls back to B ------------------
if rauc install "$S/bundles/v3.0.raucb" >/dev/null 2>&1; then ok "install v3.0 into A"; else nok "install v3.0 into A"; fi
check_eq "slot A holds v3.0" "3.0" "$("$SIM" slot-version A)"
out=$("$SIM" reboot)
check_eq "trial boot 1 of A" "A" "$(kv RAUC_SIM_BOOTED "$out")"
out=$("$SIM" reboot)
check_eq "trial boot 2 of A" "A" "$(kv RAUC_SIM_BOOTED "$out")"
out=$("$SIM" reboot 2>/dev/null)
check_eq "A out of tries -> bootloader falls back to B" "B" "$(kv RAUC_SIM_BOOTED "$out")"
check_eq "A reported boot-status bad" "bad" "$(slot_field A BOOT_STATUS)"
check_eq "GetPrimary follows the bootable slot" 's "rootfs.1"' "$(bus call "$RAUC_BUS" / "$RAUC_IFACE" GetPrimary)"

# --- big bundle ---------------------------------------------------------------------------------
t0=$(now_ms)
if rauc install "$S/bundles/big.raucb" >/dev/null 2>&1; then ok "install 64 MiB bundle"; else nok "install 64 MiB bundle"; fi
echo "time - rauc install 64 MiB: $(($(now_ms) - t0)) ms"
check_eq "slot A holds 9.0" "9.0" "$("$SIM" slot-version A)"

# --- stop -----------------------------------------------------------------------------------------
rauc_pid=$(cat "$S/run/rauc.pid")
dbus_pid=$(cat "$S/run/dbus.pid")
timed out "$SIM" stop
gone() { [ ! -e "/proc/$1/exe" ] || [ -z "$(readlink "/proc/$1/exe" 2>/dev/null)" ]; }
if gone "$rauc_pid" && gone "$dbus_pid"; then ok "stop ended rauc and dbus-daemon"; else nok "processes left after stop"; fi
check_eq "socket removed" "no" "$([ -e "$S/run/system_bus_socket" ] && echo yes || echo no)"
check_eq "no mounts left below state dir" "0" "$(grep -c " $S/" /proc/self/mountinfo || true)"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
