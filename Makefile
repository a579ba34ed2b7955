# g3-design — rules:
#   make setup   install the system libraries (libgsl-dev, libsqlite3-dev) with apt-get, only when missing
#   make build   build the g3-design binary (release)
#   make test    setup, then build and run every test (what CI runs)
#   make demo    setup, build, and run the demo: power of the G3 rollout (why d = 0.064 was wrong),
#                then validate the designs, randomize the rollout on the fixture accounts, and analyze the
#                simulated observational panel
#   make bench   setup, then time the benchmarks in bench/ (results in bench/results/)
#   make clean   remove build products

SWIFT        ?= swift
SYSTEM_PKGS  := libgsl-dev libsqlite3-dev
BIN          := .build/release/g3-design
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup build test demo bench clean

setup:
	@missing=""; for p in $(SYSTEM_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: setup
	$(SWIFT) build -c release --product g3-design

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

DEMO_OUT := .build/demo

demo: build
	@mkdir -p $(DEMO_OUT)
	@echo "== The original G3 analysis fed a 6.4% revenue lift to the power formula as Cohen's d = 0.064:"
	@$(BIN) power --effect 0.064 --power 0.8
	@echo
	@echo "== But d = lift x mean / SD = lift / CV. Revenue per account: mean 46,313, CV about 2, so d = 0.032:"
	@$(BIN) power --lift 0.064 --baseline-mean 46313 --cv 2 --power 0.8
	@echo
	@echo "== With the 234 engaged accounts (and as many controls), the power to detect that 6.4% lift:"
	@$(BIN) power --n 234 --lift 0.064 --baseline-mean 46313 --cv 2
	@echo
	@echo "== ...and the smallest lift 234 accounts per arm detect with 80% power (curve: $(DEMO_OUT)/g3-mde.svg):"
	@$(BIN) power --n 234 --baseline-mean 46313 --cv 2 --power 0.8 --curve $(DEMO_OUT)/g3-mde.svg
	@echo
	@echo "== Sample size against power for the true d = 0.032: $(DEMO_OUT)/g3-sample-size.svg"
	@$(BIN) power --lift 0.064 --baseline-mean 46313 --cv 2 --power 0.8 --curve $(DEMO_OUT)/g3-sample-size.svg --format csv
	@echo
	@echo "== The design files in designs/ are checked:"
	@$(BIN) validate designs/*.yaml
	@echo
	@echo "== The stratified rollout, randomized on 2,400 fixture accounts (registry: $(DEMO_OUT)/registry.sqlite):"
	@rm -f $(DEMO_OUT)/registry.sqlite*
	@$(BIN) randomize designs/g3-rollout-2026.yaml --units Fixtures/units/g3-accounts.csv --registry $(DEMO_OUT)/registry.sqlite --out $(DEMO_OUT)/assignment.csv
	@echo
	@echo "== Running it again changes nothing:"
	@$(BIN) randomize designs/g3-rollout-2026.yaml --units Fixtures/units/g3-accounts.csv --registry $(DEMO_OUT)/registry.sqlite 2>/dev/null
	@echo
	@$(BIN) registry show g3-rollout-2026 --registry $(DEMO_OUT)/registry.sqlite
	@echo
	@echo "== The observational analysis of a simulated customer-month panel (true effect +1,500 security revenue a month;"
	@echo "   charts and tables in $(DEMO_OUT)/panel, estimates stored in the registry):"
	@$(BIN) analyze --data Fixtures/panel/g3-panel-small.csv --design designs/g3-observational.yaml --out $(DEMO_OUT)/panel \
	  --registry $(DEMO_OUT)/registry.sqlite

bench: setup
	@bash bench/run.sh

clean:
	rm -rf .build
