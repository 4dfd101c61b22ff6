# PeerCam. `make test` and (once the agents exist) `make demo` do their own set-up.
SWIFT ?= swift

.PHONY: all bootstrap build test test-deployment test-drivers clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build --build-tests

# Every test target, including the interop tests against independent peers, one target at
# a time (scripts/run-swift-tests says why).
test: build test-deployment test-drivers
	scripts/run-swift-tests

# systemd units, udev rules and sysusers file checked by systemd's own tools.
test-deployment: bootstrap
	@Tests/Deployment/check-deployment.sh

# V4L2 and ALSA capture against real kernel drivers (vivid, snd-aloop) in a qemu VM.
test-drivers: bootstrap
	scripts/test-capture-vm

clean:
	rm -rf .build
