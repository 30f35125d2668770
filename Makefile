# OpenQoE — one entry point for people and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPM ?= npm
COMPOSE ?= docker compose
export npm_config_update_notifier = false

.PHONY: help install build generate check-generated lint format typecheck test test-unit bench up down logs clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  make %-16s %s\n", $$1, $$2 }'

node_modules/.package-lock.json: package-lock.json
	$(NPM) ci --no-audit --no-fund

install: node_modules/.package-lock.json ## install the npm workspaces (npm ci)

build: install ## build every workspace (SDK to sdk/dist, receiver to receiver/dist)
	$(NPM) run build

generate: install ## regenerate SDK types, receiver schemas and docs/telemetry.md from contract/telemetry.yaml
	npx tsx contract/src/generate.ts

check-generated: install ## fail when a file generated from the contract is stale
	npx tsx contract/src/generate.ts --check

lint: install ## eslint and prettier, as the tests run them
	npx eslint .
	npx prettier --check .

format: install ## rewrite sources with prettier and eslint --fix
	npx prettier --write .
	npx eslint --fix .

typecheck: install ## tsc --noEmit on every workspace, tests included
	$(NPM) run typecheck

test: install ## every test: lint, types, generated files, unit and real-browser tests
	$(MAKE) --no-print-directory lint typecheck check-generated
	npx mocha

bench: install ## run the benchmarks and record their figures in BENCHMARKS.md
	npx tsx bench/run.ts

up: ## start the whole stack with docker compose and print its URLs
	@scripts/require-docker.sh
	$(COMPOSE) up --detach --wait
	@scripts/print-urls.sh

down: ## stop the stack (data volumes are kept)
	@scripts/require-docker.sh
	$(COMPOSE) down

logs: ## follow the stack's logs
	@scripts/require-docker.sh
	$(COMPOSE) logs --follow --tail=100

clean: ## remove build output and test caches (media fixtures are rebuilt on demand)
	rm -rf sdk/dist receiver/dist .cache
