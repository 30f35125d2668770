#!/usr/bin/env bash
# Stops `make up/down/logs` with a clear message when Docker cannot run the stack here.
set -euo pipefail
if ! command -v docker >/dev/null 2>&1; then
  echo "make: Docker is not installed. Install Docker Engine with the compose plugin to run the OpenQoE stack." >&2
  exit 1
fi
if ! docker info >/dev/null 2>&1; then
  echo "make: no Docker engine is reachable (docker info failed). Start the Docker daemon, or run the stack on a machine that has one." >&2
  exit 1
fi
if ! docker compose version >/dev/null 2>&1; then
  echo "make: the docker compose plugin is missing. Install docker-compose-plugin (Compose v2)." >&2
  exit 1
fi
