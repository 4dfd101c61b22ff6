#!/bin/sh
# Runs `udevadm test` on a synthetic V4L2 device, with only the given rules
# file loaded, inside the private mount namespace the caller made
# (`unshare --mount`). Used by check-deployment.sh; not meant to run alone.
#
#   udev-sandbox.sh RULES-FILE ACTION INDEX PROPERTY=VALUE...
#
# Everything udevadm would touch is a tmpfs of this namespace only:
#   /run                       (udev database, /run/udev/rules.d)
#   /etc/udev/rules.d, /usr/lib/udev/rules.d   (so only RULES-FILE is read)
#   /sys                       (the fake device)
#   /dev                       (symlinks udevadm test really creates; /dev/null
#                              is bind-mounted back in)
# The fake device's uevent file carries the properties that
# 60-persistent-v4l.rules would import from v4l_id/usb_id/path_id on a real
# box (ID_V4L_CAPABILITIES, ID_BUS, ID_SERIAL, ID_PATH_TAG). sd-device refuses
# a /sys that is not sysfs unless SYSTEMD_DEVICE_VERIFY_SYSFS=0, its test hook.
set -eu
rules=$1 action=$2 index=$3
shift 3

mount -t tmpfs peercam-run /run
touch /run/null && mount --bind /dev/null /run/null
mount -t tmpfs peercam-dev /dev
touch /dev/null && mount --bind /run/null /dev/null
mkdir -p /run/udev/rules.d
for directory in /etc/udev/rules.d /usr/lib/udev/rules.d /lib/udev/rules.d; do
    [ -d "$directory" ] && mount -t tmpfs peercam-rules "$directory"
done
cp "$rules" /run/udev/rules.d/

mount -t tmpfs peercam-sys /sys
device=/sys/devices/virtual/video4linux/video7
mkdir -p "$device" /sys/class/video4linux
ln -s ../../../../class/video4linux "$device/subsystem"
ln -s ../../devices/virtual/video4linux/video7 /sys/class/video4linux/video7
{
    printf 'MAJOR=81\nMINOR=7\nDEVNAME=video7\n'
    for property in "$@"; do printf '%s\n' "$property"; done
} > "$device/uevent"
echo 81:7 > "$device/dev"
echo "$index" > "$device/index"
echo "PeerCam test camera" > "$device/name"

SYSTEMD_DEVICE_VERIFY_SYSFS=0 udevadm test --action="$action" "$device" 2>&1
