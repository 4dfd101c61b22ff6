#!/usr/bin/env bash
# The udev rule on a real kernel: boots Debian's kernel under qemu (TCG) with
# an initramfs holding busybox, the vivid V4L2 test driver, systemd-udevd with
# Debian's 60-persistent-v4l.rules and our 70-peercam.rules, and checks that
# vivid's capture node gets its /dev/peercam/ name, group video, mode 0660 and
# SYSTEMD_WANTS=camera-agent.service from the real udevd.
#
#   udev-vivid-vm.sh            exit 0 pass, 1 fail, 77 prerequisites missing
#
# Needs qemu-system-x86, linux-image-amd64, busybox-static (scripts/bootstrap)
# and read access to /boot/vmlinuz-*. ~10-30 s on a shared 2-core machine.
# 50-udev-default.rules is deliberately left out: it would set GROUP="video"
# itself, and then the test could not tell whether our rule did.
set -euo pipefail
cd "$(dirname "$0")/../.."

kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1 || true)
version=${kernel#/boot/vmlinuz-}
for need in qemu-system-x86_64 cpio gzip modprobe; do
    command -v "$need" >/dev/null || { echo "udev-vivid-vm: $need missing" >&2; exit 77; }
done
[[ -n $kernel && -r $kernel && -x /bin/busybox ]] || { echo "udev-vivid-vm: kernel or busybox missing" >&2; exit 77; }
modules=$(modprobe -S "$version" --show-depends vivid 2>/dev/null | awk '$1 == "insmod" { print $2 }')
[[ -n $modules ]] || { echo "udev-vivid-vm: no vivid module for $version" >&2; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/peercam-vivid.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{usr/bin,usr/lib/udev/rules.d,usr/lib64,usr/lib/systemd,dev,proc,sys,run,etc,tmp,modules}
ln -s usr/bin "$root/bin"
ln -s usr/bin "$root/sbin"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"

# Programs and every shared library they load, at their host paths.
copy_program() { # host-path
    cp -L "$1" "$root$1"
    ldd "$1" | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }' | while read -r library; do
        mkdir -p "$root$(dirname "$library")"
        cp -L "$library" "$root$library"
    done
}
cp /bin/busybox "$root/usr/bin/busybox"
for applet in sh mount insmod ls stat cat poweroff sleep mkdir echo grep; do
    ln -s busybox "$root/usr/bin/$applet"
done
copy_program /usr/bin/udevadm
ln -s ../../bin/udevadm "$root/usr/lib/systemd/systemd-udevd"
copy_program /usr/lib/udev/v4l_id
cp /usr/lib/udev/rules.d/60-persistent-v4l.rules udev/70-peercam.rules "$root/usr/lib/udev/rules.d/"
printf 'root:x:0:\nvideo:x:44:\naudio:x:29:\n' > "$root/etc/group"
printf 'root:x:0:0:root:/:/bin/sh\n' > "$root/etc/passwd"

for module in $modules; do
    cp "$module" "$root/modules/"
    basename "$module" >> "$root/modules/order"
done

cat > "$root/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /run
for module in $(cat /modules/order); do insmod /modules/$module || echo "PEERCAM insmod $module failed"; done
/usr/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add --subsystem-match=video4linux
udevadm settle --timeout=30
echo PEERCAM-BEGIN
for link in /dev/peercam/*; do echo "LINK $link -> $(readlink "$link")"; done
for node in /dev/video*; do
    echo "NODE $node $(stat -c '%G %a' "$node") $(udevadm info -q property -n "$node" | grep -E '^(ID_V4L_CAPABILITIES|SYSTEMD_WANTS)=' | tr '\n' ' ')"
done
echo PEERCAM-END
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initramfs.gz"

output=$(timeout 240 qemu-system-x86_64 -accel tcg -cpu max -m 512M -nographic -no-reboot \
    -kernel "$kernel" -initrd "$work/initramfs.gz" -append "console=ttyS0 quiet panic=-1" 2>&1 | tr -d '\r' || true)
report=$(sed -n '/^PEERCAM-BEGIN$/,/^PEERCAM-END$/p' <<<"$output")
if [[ -z $report ]]; then
    tail -40 <<<"$output" >&2
    echo "udev-vivid-vm: the VM gave no report" >&2
    exit 1
fi
printf '%s\n' "$report"

# vivid has no serial, so the name is by path: platform-vivid_0. Its capture
# node must carry our settings; nodes without capture must be left alone.
failed=0
link=$(grep -m1 '^LINK /dev/peercam/platform-vivid_0 -> ' <<<"$report" || true)
[[ -n $link ]] || { echo "FAIL: no /dev/peercam/platform-vivid_0" >&2; failed=1; }
target=/dev/$(basename "${link##* -> }")
if ! grep -q "^NODE $target video 660 .*ID_V4L_CAPABILITIES=:capture:.*SYSTEMD_WANTS=camera-agent.service" <<<"$report"; then
    echo "FAIL: $target lacks group video / mode 0660 / SYSTEMD_WANTS" >&2
    failed=1
fi
if grep "^NODE " <<<"$report" | grep -v ":capture:" | grep -q "SYSTEMD_WANTS=camera-agent"; then
    echo "FAIL: a node without capture wants the agent" >&2
    failed=1
fi
if [[ $(grep -c '^LINK ' <<<"$report") != 1 ]]; then
    echo "FAIL: expected exactly one /dev/peercam name for one vivid instance" >&2
    failed=1
fi
exit $failed
