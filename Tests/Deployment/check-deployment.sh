#!/usr/bin/env bash
# Checks the deployment files with systemd's and udev's own tools:
#   1. systemd-analyze verify on every unit;
#   2. systemd-analyze security --offline=yes on the camera unit: the exposure
#      score is printed and must be <= 2.5 (issue 7);
#   3. udev/70-peercam.rules run by udevd's rules engine (`udevadm test`) on
#      synthetic cameras in a private mount namespace, then by systemd-udevd
#      on the vivid driver in a qemu VM (udev-vivid-vm.sh);
#   4. systemd/peercam.sysusers applied by systemd-sysusers --dry-run to an
#      empty root.
# Each check also runs on a deliberately broken copy, which must fail, so a
# tool that silently accepts everything cannot make this script pass.
#
# Needs: systemd and udev (Debian 12: systemd 252; scripts/bootstrap installs
# them) and, for the udev check, root or unprivileged user namespaces.
#
# Stand-in binaries: the agents do not exist yet (issue 6), and verify refuses
# a unit whose ExecStart= binary is missing. The units are verified as temp
# copies whose /usr/local/bin/{camera,viewer}-agent paths are replaced by
# $PEERCAM_STANDIN (default /usr/bin/true). Once `make install` puts the real
# agents there, PEERCAM_STANDIN can point at them.
set -euo pipefail
cd "$(dirname "$0")/../.."

max_exposure=2.5
standin=${PEERCAM_STANDIN:-/usr/bin/true}
work=$(mktemp -d "${TMPDIR:-/tmp}/peercam-deployment.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

pass() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*" >&2; failures=$((failures + 1)); }

for tool in systemd-analyze udevadm systemd-sysusers unshare; do
    command -v "$tool" >/dev/null || { echo "check-deployment: $tool missing (run scripts/bootstrap)" >&2; exit 2; }
done
[[ -x $standin ]] || { echo "check-deployment: stand-in $standin is not executable" >&2; exit 2; }

# --- 1. systemd-analyze verify ------------------------------------------------
# verify exits 0 on many problems (unknown keys, bad values are "ignoring"
# warnings), so any line it prints about the unit counts as a failure.
standin_copy() { # unit-file target-name
    mkdir -p "$work/units"
    sed -e "s|/usr/local/bin/camera-agent|$standin|g" -e "s|/usr/local/bin/viewer-agent|$standin|g" \
        "$1" > "$work/units/$2"
    printf '%s\n' "$work/units/$2"
}

verify_unit() { # path [--user]
    local unit=$1 output
    shift
    if output=$(systemd-analyze "$@" verify "$unit" 2>&1) && ! grep -q "$unit" <<<"$output"; then
        return 0
    fi
    printf '%s\n' "$output" >&2
    return 1
}

camera_unit=$(standin_copy systemd/camera-agent.service camera-agent.service)
if verify_unit "$camera_unit"; then pass "systemd-analyze verify camera-agent.service"
else fail "systemd-analyze verify camera-agent.service"; fi

# A template is verified as an instance; it is a user unit, but verify reads
# the same directives, and --user needs a running user manager.
record_unit=$(standin_copy "systemd/viewer-agent-record@.service" "viewer-agent-record@front-door.service")
if verify_unit "$record_unit"; then pass "systemd-analyze verify viewer-agent-record@.service"
else fail "systemd-analyze verify viewer-agent-record@.service"; fi

broken_unit="$work/units/broken.service"
sed 's/^WatchdogSec=.*/WatchdogSecs=20s/' "$camera_unit" > "$broken_unit"
if verify_unit "$broken_unit" 2>/dev/null; then fail "verify accepted a unit with an unknown key"
else pass "verify rejects a unit with an unknown key (control)"; fi

# The settings the agent's behaviour relies on, so they cannot be lost in an edit.
for setting in Type=notify WatchdogSec= Restart=on-failure User=peercam "SupplementaryGroups=video audio" \
        StateDirectory=peercam RuntimeDirectory=peercam ConfigurationDirectory=peercam DevicePolicy=closed \
        "DeviceAllow=char-video4linux rw" "DeviceAllow=char-alsa rw" \
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK" "SystemCallFilter=@system-service" \
        "CapabilityBoundingSet=" NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes; do
    grep -qxF -- "$setting" systemd/camera-agent.service \
        || grep -qx -- "${setting}.*" systemd/camera-agent.service \
        || fail "camera-agent.service lacks $setting"
done
pass "camera-agent.service carries the required settings"

# --- 2. exposure score ----------------------------------------------------------
security=$(systemd-analyze security --offline=yes --no-pager "$camera_unit" 2>&1) || true
score=$(sed -n 's/.*Overall exposure level for camera-agent\.service: \([0-9.]*\).*/\1/p' <<<"$security")
if [[ -z $score ]]; then
    printf '%s\n' "$security" >&2
    fail "no exposure score from systemd-analyze security"
else
    echo "camera-agent.service exposure score: $score (limit $max_exposure)"
    if awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s <= m) }'; then
        pass "exposure score $score <= $max_exposure"
    else
        printf '%s\n' "$security" | grep '✗' >&2 || true
        fail "exposure score $score > $max_exposure"
    fi
fi

# --- 3. udev rules --------------------------------------------------------------
# systemd 252 has no `udevadm verify` (added in 253). Instead udevd's own rules
# engine runs through `udevadm test` on a synthetic camera in a private mount
# namespace (Tests/Deployment/udev-sandbox.sh: /run, /dev, /sys and the rules
# directories are tmpfs there, so the host is untouched and only our file is
# loaded). That both parses the file — diagnostics are logged as
# "FILE:LINE problem" while loading — and shows what the rule does to a
# capture node: its symlink, group, mode and SYSTEMD_WANTS.
# Then Tests/Deployment/udev-vivid-vm.sh repeats it on a real kernel.
namespace=(unshare --mount)
((EUID == 0)) || namespace=(unshare --mount --map-root-user)
video_gid=$(getent group video | cut -d: -f3)

udev_run() { # rules-file action index property=value...
    "${namespace[@]}" Tests/Deployment/udev-sandbox.sh "$@" 2>&1 || true
}

udev_case() { # description expected-link(or -) action index property=value...
    local description=$1 expected=$2 output diagnostics
    shift 2
    output=$(udev_run udev/70-peercam.rules "$@")
    diagnostics=$(grep -E "^/.*70-peercam\.rules:[0-9]+" <<<"$output" || true)
    if ! grep -q "^Reading rules file: /run/udev/rules.d/70-peercam.rules$" <<<"$output" || [[ -n $diagnostics ]]; then
        printf '%s\n' "$output" >&2
        fail "udev: $description: rules file not loaded cleanly"
        return
    fi
    local links wants
    links=$(sed -n 's/^DEVLINKS=//p' <<<"$output")
    wants=$(sed -n 's/^SYSTEMD_WANTS=//p' <<<"$output")
    if [[ $expected == - ]]; then
        if [[ -z $links && -z $wants ]]; then pass "udev: $description: left alone"
        else fail "udev: $description: expected no link, got '$links' wants '$wants'"; fi
        return
    fi
    if [[ $links == "$expected" && $wants == camera-agent.service ]] \
            && grep -q "^TAGS=.*:systemd:" <<<"$output" \
            && grep -q "70-peercam.rules:[0-9]* GROUP $video_gid$" <<<"$output" \
            && grep -q "70-peercam.rules:[0-9]* MODE 0660$" <<<"$output"; then
        pass "udev: $description: $links, group video, 0660, wants camera-agent.service"
    else
        printf '%s\n' "$output" | grep -E "peercam|^DEVLINKS|^SYSTEMD|^TAGS" >&2 || true
        fail "udev: $description: expected $expected"
    fi
}

udev_case "USB camera with a serial" /dev/peercam/usb-Acme_Cam_1234 add 0 \
    ID_V4L_CAPABILITIES=:capture: ID_BUS=usb ID_SERIAL=Acme_Cam_1234 ID_PATH_TAG=pci-0000_00_14_0-usb-0_1_1_0
udev_case "camera without a serial (vivid, CSI)" /dev/peercam/platform-vivid_0 add 0 \
    ID_V4L_CAPABILITIES=:capture: ID_PATH_TAG=platform-vivid_0
udev_case "UVC metadata node" - add 1 \
    ID_V4L_CAPABILITIES=: ID_BUS=usb ID_SERIAL=Acme_Cam_1234 ID_PATH_TAG=pci-0000_00_14_0-usb-0_1_1_0
udev_case "output-only node" - add 0 ID_V4L_CAPABILITIES=:video_output: ID_PATH_TAG=platform-vivid_0
udev_case "second capture node of one device" - add 1 \
    ID_V4L_CAPABILITIES=:capture: ID_BUS=usb ID_SERIAL=Acme_Cam_1234
udev_case "remove event" - remove 0 ID_V4L_CAPABILITIES=:capture: ID_BUS=usb ID_SERIAL=Acme_Cam_1234

mkdir -p "$work/udev"
sed 's/GROUP="video"/GRUOP="video"/' udev/70-peercam.rules > "$work/udev/70-peercam.rules"
if grep -qE "^/.*70-peercam\.rules:[0-9]+ " <<<"$(udev_run "$work/udev/70-peercam.rules" add 0 ID_V4L_CAPABILITIES=:capture:)"; then
    pass "udev: a misspelt key in a broken copy is reported (control)"
else
    fail "udev: a misspelt key went unreported: the udev check proves nothing"
fi

# The same rule on a real kernel: vivid + systemd-udevd in a qemu VM.
vm_status=0
vm_output=$(Tests/Deployment/udev-vivid-vm.sh 2>&1) || vm_status=$?
case $vm_status in
    0) pass "udev in a VM: vivid's capture node gets $(grep -o '/dev/peercam/[^ ]*' <<<"$vm_output" | head -1), group video, 0660, wants the agent" ;;
    77) echo "skip  udev in a VM: $vm_output" ;;
    *) printf '%s\n' "$vm_output" >&2; fail "udev in a VM with vivid" ;;
esac

# --- 4. sysusers ------------------------------------------------------------------
# An empty root stands for a fresh box; its /etc/group already has Debian's
# video and audio groups, as a real Debian install does.
sysroot="$work/sysroot"
mkdir -p "$sysroot/etc"
printf 'root:x:0:\naudio:x:29:\nvideo:x:44:\n' > "$sysroot/etc/group"
printf 'root:x:0:0:root:/root:/bin/bash\n' > "$sysroot/etc/passwd"
if sysusers=$(systemd-sysusers --dry-run --root="$sysroot" "$PWD/systemd/peercam.sysusers" 2>&1) \
        && grep -q "Creating user 'peercam'" <<<"$sysusers" \
        && ! grep -q "Creating group '\(video\|audio\)'" <<<"$sysusers" \
        && ! grep -q "peercam.sysusers:[0-9]" <<<"$sysusers"; then
    pass "systemd-sysusers creates user peercam, joins existing video/audio"
else
    printf '%s\n' "$sysusers" >&2
    fail "systemd-sysusers on peercam.sysusers"
fi

if ((failures)); then
    echo "check-deployment: $failures check(s) failed" >&2
    exit 1
fi
echo "check-deployment: all checks passed"
