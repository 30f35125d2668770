#!/bin/sh
# Writes /config.js from RECEIVER_URL and OPENQOE_API_KEY when the container starts (run by the
# nginx image's entrypoint before nginx). Values are escaped for a JavaScript string.
set -eu
escape() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }
receiver=$(escape "${RECEIVER_URL:-http://localhost:8788}")
key=$(escape "${OPENQOE_API_KEY:-openqoe-dev-key}")
printf 'window.OPENQOE_CONFIG = {"receiverUrl":"%s","apiKey":"%s"};\n' "$receiver" "$key" \
  > "${OPENQOE_SITE_DIR:-/usr/share/nginx/html}/config.js"
