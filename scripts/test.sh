#!/usr/bin/env bash
# The whole test suite on a fresh machine (Java 17, Maven, Debian): installs what the end-to-end
# and browser tests need when it is missing (curl, openssl, chromium, libnss3-tools), then runs every module's tests with `mvn -B verify`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# The browser test: Debian's Chromium, and certutil/pk12util for its NSS certificate database.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v certutil >/dev/null 2>&1 || need+=(libnss3-tools)
# The directory tests: a real OpenLDAP slapd with Active Directory's schema, and ldapadd.
command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ] || need+=(slapd ldap-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  else
    echo "missing: ${need[*]} (install them, or run as root to let this script do it)" >&2
    exit 1
  fi
fi

exec mvn -B verify "$@"
