#!/usr/bin/env sh
# Creates deploy/mosquitto/passwd with the `core` and `healthcheck` users from the environment
# (the same values docker compose passes to the containers). Add gateways afterwards with
# `mosquitto_passwd passwd <vehicleId>` (README.md). Uses a local mosquitto_passwd if there is
# one, else the eclipse-mosquitto:2 image.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
: "${FEIJIU_CORE_MQTT_PASSWORD:?set FEIJIU_CORE_MQTT_PASSWORD}"
: "${FEIJIU_MQTT_HEALTHCHECK_PASSWORD:?set FEIJIU_MQTT_HEALTHCHECK_PASSWORD}"
if command -v mosquitto_passwd >/dev/null 2>&1; then
  run() { mosquitto_passwd "$@"; }
  file="$here/passwd"
else
  run() { docker run --rm -v "$here:/m" eclipse-mosquitto:2 mosquitto_passwd "$@"; }
  file=/m/passwd
fi
[ -e "$here/passwd" ] && { echo "$here/passwd exists; add users with mosquitto_passwd instead" >&2; exit 1; }
run -c -b "$file" core "$FEIJIU_CORE_MQTT_PASSWORD"
run -b "$file" healthcheck "$FEIJIU_MQTT_HEALTHCHECK_PASSWORD"
# the broker runs as uid 1883 in the image and wants the file private
chmod 0600 "$here/passwd"
chown 1883:1883 "$here/passwd" 2>/dev/null || echo "note: chown 1883:1883 $here/passwd as root so the broker can read it" >&2
echo "wrote $here/passwd (core, healthcheck)"
