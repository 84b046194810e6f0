#!/usr/bin/env bash
# The whole test suite on a fresh machine (Java 17, Maven, Debian): installs what the end-to-end
# tests need when it is missing, then runs every module's tests with `mvn -B verify`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    echo "missing: ${need[*]} (install them, or run as root to let this script do it)" >&2
    exit 1
  fi
fi

exec mvn -B verify "$@"
