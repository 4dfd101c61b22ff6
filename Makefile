# PeerCam. `make test` and (once the agents exist) `make demo` do their own set-up.
SWIFT ?= swift

.PHONY: all bootstrap build test clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build --build-tests

# Every test target, including the interop tests against independent peers.
test: build
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
