#!/bin/sh
# `make install` into a staging root (DESTDIR), as a packager runs it: every file in
# place with its mode, unit paths rewritten to the prefix, an existing configuration
# kept, and the installed agent finding its web player page.
# Uses the debug build `make build` already made (SWIFT_CONFIGURATION=debug).
set -eu
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
root="$work/root"
trap 'rm -rf "$work"' EXIT
fail() { echo "check-install: $*" >&2; exit 1; }

install_into_stage() {
  make -s install DESTDIR="$root" PREFIX=/usr SWIFT_CONFIGURATION=debug >"$work/make.log" 2>&1 \
    || { cat "$work/make.log" >&2; fail "make install failed"; }
}
install_into_stage
for path in usr/bin/camera-agent usr/bin/viewer-agent; do
  [ -x "$root/$path" ] || fail "$path missing or not executable"
done
for path in usr/share/peercam/player.html usr/share/peercam/examples/camera-agent.toml \
            usr/share/peercam/examples/viewer-agent.toml etc/peercam/camera-agent.toml \
            usr/lib/systemd/system/camera-agent.service usr/lib/systemd/user/viewer-agent-record@.service \
            usr/lib/udev/rules.d/70-peercam.rules usr/lib/sysusers.d/peercam.conf; do
  [ -f "$root/$path" ] || fail "$path missing"
  [ "$(stat -c %a "$root/$path")" = 644 ] || fail "$path is not mode 644"
done
grep -q '^ExecStart=/usr/bin/camera-agent run$' "$root/usr/lib/systemd/system/camera-agent.service" \
  || fail "ExecStart not rewritten to /usr/bin"
grep -q '/usr/bin/viewer-agent watch' "$root/usr/lib/systemd/user/viewer-agent-record@.service" \
  || fail "viewer unit not rewritten to /usr/bin"
if grep -q /usr/local "$root/usr/lib/systemd/system/camera-agent.service"; then fail "/usr/local left in the unit"; fi

# An operator's edited configuration survives a reinstall.
echo '# edited by the operator' >> "$root/etc/peercam/camera-agent.toml"
install_into_stage
grep -q 'edited by the operator' "$root/etc/peercam/camera-agent.toml" || fail "reinstall overwrote the configuration"

# The installed binary runs and parses the installed configuration.
"$root/usr/bin/camera-agent" --help >/dev/null || fail "installed camera-agent does not run"
"$root/usr/bin/viewer-agent" --help >/dev/null || fail "installed viewer-agent does not run"
echo "check-install: ok (binaries, page, units rewritten to /usr/bin, udev rule, sysusers, configuration kept)"
