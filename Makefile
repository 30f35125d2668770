# OpenQoE — one entry point for people and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPM ?= npm
COMPOSE ?= docker compose
# k6 for the load scripts, built by `make k6` at the version pinned in load/k6-version.
K6 ?= $(shell go env GOPATH 2>/dev/null || echo $$HOME/go)/bin/k6
TIER ?= S
SCENARIO ?= sustained
TARGET ?= http://127.0.0.1:8788
OPENQOE_API_KEY ?= openqoe-dev-key
# Seconds `make up` waits for every service to be healthy before it gives up.
UP_TIMEOUT ?= 300
export npm_config_update_notifier = false

.PHONY: help install build generate check-generated dashboards lint format typecheck test test-unit bench up down logs clean accuracy rules-check k6 load demo

help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-16s %s\n", $$1, $$2 }'

node_modules/.package-lock.json: package-lock.json
	$(NPM) ci --no-audit --no-fund

install: node_modules/.package-lock.json ## install the npm workspaces (npm ci)

build: install ## build every workspace (SDK to sdk/dist, receiver to receiver/dist)
	$(NPM) run build

generate: install ## regenerate SDK types, receiver schemas, docs/telemetry.md and alloy/contract.alloy from contract/telemetry.yaml
	npx tsx contract/src/generate.ts
	npx tsx alloy/generate-contract.ts
	npx tsx dashboards/src/generate.ts

check-generated: install ## fail when a file generated from the contract is stale
	npx tsx contract/src/generate.ts --check
	npx tsx alloy/generate-contract.ts --check
	npx tsx dashboards/src/generate.ts --check

dashboards: install ## regenerate grafana/dashboards/*.json from the TypeScript in dashboards/
	npx tsx dashboards/src/generate.ts

rules-check: ## promtool check + unit tests of the Mimir rules; amtool check of the Alertmanager config
	promtool check rules mimir/rules/default/*.yaml
	promtool test rules mimir/tests/*.test.yaml
	amtool check-config mimir/alertmanager/alertmanager.yaml

lint: install ## eslint and prettier, as the tests run them
	npx eslint .
	npx prettier --check .

format: install ## rewrite sources with prettier and eslint --fix
	npx prettier --write .
	npx eslint --fix .

typecheck: install ## tsc --noEmit on every workspace, tests included
	$(NPM) run typecheck

test: install k6 ## every test: lint, types, generated files, unit and real-browser tests
	$(MAKE) --no-print-directory lint typecheck check-generated
	npx mocha

demo: install ## serve the demo page (five players, one SDK) on http://localhost:8080; RECEIVER_URL, OPENQOE_API_KEY
	PORT=$${PORT:-8080} $(NPM) run demo

bench: install ## run the benchmarks and record their figures in BENCHMARKS.md
	npx tsx bench/run.ts

accuracy: install ## play every player through every scenario in Chromium; write docs/ACCURACY.md
	npx tsx sdk/test/accuracy/run.ts

k6: ## build the pinned k6 (load/k6-version) into $(go env GOPATH)/bin when missing
	load/install-k6.sh

load: k6 ## load the receiver at TARGET (loopback only): make load TIER=S|M|L SCENARIO=sustained|burst|soak|mixed-bad-input|legacy
	$(K6) run -e TIER=$(TIER) -e SCENARIO=$(SCENARIO) -e TARGET=$(TARGET) -e API_KEY=$(OPENQOE_API_KEY) load/ingest.ts

up: ## start the whole stack with docker compose and print its URLs (COMPOSE_PROFILES=traffic adds synthetic viewers)
	@scripts/require-docker.sh
	$(COMPOSE) up --detach --wait --wait-timeout $(UP_TIMEOUT) --build
	@scripts/print-urls.sh

down: ## stop the stack (data volumes are kept)
	@scripts/require-docker.sh
	$(COMPOSE) down

logs: ## follow the stack's logs
	@scripts/require-docker.sh
	$(COMPOSE) logs --follow --tail=100

clean: ## remove build output and test caches (media fixtures are rebuilt on demand)
	rm -rf sdk/dist receiver/dist .cache
