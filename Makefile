# PeerCam. `make test` and (once the agents exist) `make demo` do their own set-up.
SWIFT ?= swift

.PHONY: all bootstrap build test test-deployment clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build --build-tests

# Every test target, including the interop tests against independent peers.
test: build test-deployment
	$(SWIFT) test --skip-build

# systemd units, udev rules and sysusers file checked by systemd's own tools.
test-deployment: bootstrap
	@Tests/Deployment/check-deployment.sh

clean:
	rm -rf .build
