# PeerCam. `make demo` and `make test` do their own set-up.
SWIFT ?= swift

# Installation layout (packagers: PREFIX=/usr, SYSCONFDIR=/etc, DESTDIR=staging root).
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
DESTDIR ?=
# release for real installs; the install check uses the debug build it already has.
SWIFT_CONFIGURATION ?= release
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/peercam
UNITDIR = $(PREFIX)/lib/systemd/system
USERUNITDIR = $(PREFIX)/lib/systemd/user
UDEVRULESDIR = $(PREFIX)/lib/udev/rules.d
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d

.PHONY: all bootstrap build demo test test-deployment test-drivers install post-install clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build --build-tests

# A camera-agent streaming to a viewer-agent on loopback for ~10 s (scripts/demo).
demo: bootstrap
	$(SWIFT) build --product camera-agent
	$(SWIFT) build --product viewer-agent
	scripts/demo

# Every test target, including the interop tests against independent peers, one target at
# a time (scripts/run-swift-tests says why).
test: build test-deployment test-drivers
	scripts/run-swift-tests

# systemd units, udev rules and sysusers file checked by systemd's own tools, and
# `make install` into a staging root.
test-deployment: bootstrap
	@Tests/Deployment/check-deployment.sh
	@Tests/Deployment/check-install.sh

# V4L2 and ALSA capture against real kernel drivers (vivid, snd-aloop) in a qemu VM.
test-drivers: bootstrap
	scripts/test-capture-vm

# Binaries, web player, units, udev rule, sysusers entry and example configs under
# $(DESTDIR)$(PREFIX). An existing /etc/peercam/*.toml is never overwritten. Run
# `make post-install` (as root, without DESTDIR) or its steps in a package's postinst.
install:
	$(SWIFT) build -c $(SWIFT_CONFIGURATION) --product camera-agent
	$(SWIFT) build -c $(SWIFT_CONFIGURATION) --product viewer-agent
	@bin=$$($(SWIFT) build -c $(SWIFT_CONFIGURATION) --show-bin-path) && \
	install -D -m 0755 "$$bin/camera-agent" "$(DESTDIR)$(BINDIR)/camera-agent" && \
	install -D -m 0755 "$$bin/viewer-agent" "$(DESTDIR)$(BINDIR)/viewer-agent"
	install -D -m 0644 Sources/WebPlayer/Resources/player.html "$(DESTDIR)$(DATADIR)/player.html"
	install -D -m 0644 config/camera-agent.toml "$(DESTDIR)$(DATADIR)/examples/camera-agent.toml"
	install -D -m 0644 config/viewer-agent.toml "$(DESTDIR)$(DATADIR)/examples/viewer-agent.toml"
	@for file in camera-agent.toml; do \
	  target="$(DESTDIR)$(SYSCONFDIR)/peercam/$$file"; \
	  if [ -e "$$target" ]; then echo "kept existing $$target"; \
	  else install -D -m 0644 "config/$$file" "$$target"; fi; \
	done
	install -d "$(DESTDIR)$(UNITDIR)" "$(DESTDIR)$(USERUNITDIR)"
	sed 's|/usr/local/bin/|$(BINDIR)/|g' systemd/camera-agent.service > "$(DESTDIR)$(UNITDIR)/camera-agent.service"
	sed 's|/usr/local/bin/|$(BINDIR)/|g' systemd/viewer-agent-record@.service > "$(DESTDIR)$(USERUNITDIR)/viewer-agent-record@.service"
	chmod 0644 "$(DESTDIR)$(UNITDIR)/camera-agent.service" "$(DESTDIR)$(USERUNITDIR)/viewer-agent-record@.service"
	install -D -m 0644 udev/70-peercam.rules "$(DESTDIR)$(UDEVRULESDIR)/70-peercam.rules"
	install -D -m 0644 systemd/peercam.sysusers "$(DESTDIR)$(SYSUSERSDIR)/peercam.conf"
	@echo "Installed under $(DESTDIR)$(PREFIX). Next, as root: make post-install (creates the peercam user, reloads systemd and udev)."

# What a package's postinst does: create the service user, pick up units and rules.
post-install:
	systemd-sysusers "$(SYSUSERSDIR)/peercam.conf"
	systemctl daemon-reload
	udevadm control --reload
	udevadm trigger --subsystem-match=video4linux --action=add
	@echo "Start now with: systemctl enable --now camera-agent.service"

clean:
	rm -rf .build
