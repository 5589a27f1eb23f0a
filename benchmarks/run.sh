#!/usr/bin/env bash
# Builds the launcher and the benchmarks, runs every benchmark end to end on this machine (about 10 minutes on 2
# cores) and rewrites the results table of BENCHMARKS.md. Loopback only; every loop is bounded.
#   benchmarks/run.sh                              everything
#   benchmarks/run.sh --parts dispatch,http        some parts: dispatch, http, deploy, swap, scale, coldstart, triggers, bulkhead, openapi, cluster
#   benchmarks/run.sh --quick                      shorter runs, to try the script (figures not comparable)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load before: $(uptime)"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q package -DskipTests -pl launcher,benchmarks -am
fi
java -jar benchmarks/target/benchmarks.jar --root . --command "benchmarks/run.sh${*:+ $*}" "$@"
echo "load after: $(uptime)"
