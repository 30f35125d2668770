#!/usr/bin/env bash
# Printed by `make up` once every service reports healthy. The ports are those compose.yaml
# publishes (test/make-up.test.ts checks that they agree).
set -euo pipefail
cat <<URLS
OpenQoE is up:
  Grafana    http://localhost:3000
  Demo page  http://localhost:8080
  Receiver   http://localhost:8788  (POST /v1/traces, /v1/logs; GET /health)

Synthetic viewers for live dashboards: COMPOSE_PROFILES=traffic make up
URLS
