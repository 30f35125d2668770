#!/usr/bin/env bash
# Printed by `make up` once every service reports healthy.
set -euo pipefail
cat <<URLS
OpenQoE is up:
  Grafana    http://localhost:${GRAFANA_PORT:-3000}
  Demo page  http://localhost:${DEMO_PORT:-8080}
  Receiver   http://localhost:${RECEIVER_PORT:-8788}  (POST /v1/traces, /v1/logs; GET /health)
URLS
