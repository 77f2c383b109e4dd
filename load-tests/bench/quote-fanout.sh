#!/usr/bin/env bash
# Measures the quote fan-out on this machine: quotes/s at 20 candidate stores per quote, and the
# latency (p99) when 10% of the stores hang. Starts dev mode (7,000 simulated stores) on ports
# 18080/18090, loads it from a second JVM over loopback, appends the figures to
# load-tests/reports/quote-fanout.md, and stops everything it started.
# Throughput is measured with many concurrent clients (saturating the machine), latency with a few.
#   usage: load-tests/bench/quote-fanout.sh [seconds-per-run] [throughput-workers] [latency-workers]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-20}"
WORKERS="${2:-32}"
LATENCY_WORKERS="${3:-8}"
REPORT=load-tests/reports/quote-fanout.md

# one reactor run: the jars, and the load tests' class path pointing at this build's modules (nothing installed)
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="load-tests/target/classes:$(cat load-tests/target/classpath.txt)"

LOG=load-tests/target/dev-mode.log
# every store registered as open around the clock, so the 20 candidates are really asked whatever the hour
java -jar gateway/target/aisle-gateway.jar dev --port 18080 --fleet-port 18090 --open-all-day > "$LOG" 2>&1 &
DEV=$!
trap 'kill "$DEV" 2>/dev/null; wait "$DEV" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  grep -q "Aisle dev mode ready" "$LOG" && break
  kill -0 "$DEV" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 1
done
grep -q "Aisle dev mode ready" "$LOG" || { echo "dev mode did not start"; exit 1; }

{
  echo
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, ${SECONDS_PER_RUN} s per run, ${WORKERS} workers"
  echo "Command: \`load-tests/bench/quote-fanout.sh ${SECONDS_PER_RUN} ${WORKERS} ${LATENCY_WORKERS}\` (gateway, fleet and load generator share the machine)"
} >> "$REPORT"
java -cp "$CP" io.aisle.loadtest.QuoteLoad --gateway http://127.0.0.1:18080 --seconds "$SECONDS_PER_RUN" \
  --workers "$WORKERS" --report "$REPORT" --label "throughput, all stores healthy, ${WORKERS} clients"
java -cp "$CP" io.aisle.loadtest.QuoteLoad --gateway http://127.0.0.1:18080 --seconds "$SECONDS_PER_RUN" \
  --warmup-seconds 0 --workers "$LATENCY_WORKERS" --report "$REPORT" --label "latency, all stores healthy, ${LATENCY_WORKERS} clients"
java -cp "$CP" io.aisle.loadtest.FleetFaults --fleet http://127.0.0.1:18090 --mode hang --share 0.1
java -cp "$CP" io.aisle.loadtest.QuoteLoad --gateway http://127.0.0.1:18080 --seconds "$SECONDS_PER_RUN" \
  --warmup-seconds 0 --workers "$LATENCY_WORKERS" --report "$REPORT" \
  --label "latency, 10% of stores hanging, first ${SECONDS_PER_RUN} s, ${LATENCY_WORKERS} clients"
java -cp "$CP" io.aisle.loadtest.QuoteLoad --gateway http://127.0.0.1:18080 --seconds "$SECONDS_PER_RUN" \
  --warmup-seconds 0 --workers "$LATENCY_WORKERS" --report "$REPORT" \
  --label "latency, 10% of stores hanging, next ${SECONDS_PER_RUN} s, ${LATENCY_WORKERS} clients"
java -cp "$CP" io.aisle.loadtest.QuoteLoad --gateway http://127.0.0.1:18080 --seconds "$SECONDS_PER_RUN" \
  --warmup-seconds 0 --workers "$WORKERS" --report "$REPORT" --label "throughput, 10% of stores hanging, ${WORKERS} clients"
java -cp "$CP" io.aisle.loadtest.FleetFaults --fleet http://127.0.0.1:18090 --mode none
echo "figures appended to $REPORT"
