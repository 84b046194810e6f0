#!/usr/bin/env bash
# Runs the certmap sample: builds what it needs, then starts an embedded Tomcat on HTTPS
# (https://localhost:8443/) with a demo PKI made on first start in ./certmap-demo.
# Options: --port 8443 --http-port 8080 (-1 for none) --dir certmap-demo
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl sample-webapp -am package -DskipTests
exec java -jar sample-webapp/target/certmap-sample.jar "$@"
