#!/usr/bin/env bash
# The load-test kit: one command runs a Gatling scenario (open workload model) against the gateway in
# production mode, each part its own process on loopback, and stops everything it started.
#
#   load-tests/run.sh SCENARIO [--seconds N] [--rate R] [--instances N] [options]
#
# SCENARIO: OrderStorm | QuoteBrowse | DegradedStores | Surge | Soak
# Options (defaults in brackets):
#   --seconds N         main load duration [scenario's: OrderStorm 60, QuoteBrowse 60, DegradedStores 90, Surge 180, Soak 1800]
#   --rate R            main requests/s: the top of a stepped rate, the constant rate, the base of a surge [scenario's]
#   --steps N           levels of a stepped rate up to --rate (1 = constant) [OrderStorm 5, others 1]
#   --instances N       gateways on one PostgreSQL and Redis, arrivals sent round-robin [1]
#   --lb gatling|haproxy   who round-robins: Gatling, arrival by arrival (the fleet calls back gateway 1), or
#                       HAProxy from Debian's packages in front of all (API and fleet callbacks; installed if missing) [gatling]
#   --servers embedded|local   both PostgreSQL and Redis: embedded binaries or the machine's [local]
#   --pg embedded|local / --redis embedded|local   each on its own
#   --faults MIX        fleet faults from the start, e.g. hang=10%,error=5% [none]
#   --degrade MIX       DegradedStores' mid-run fault mix [hang=10%]
#   --stores N          fleet size [7000]    --seed N  fleet, baskets and fault draws [20200123]
#   --k N               candidate stores per quote (quote.maxCandidates) and the baseline's fan-out [20]
#   --baseline on|off   run the bare fan-out baseline first [on]
#   --baseline-rate R / --baseline-steps N / --baseline-seconds N   its stepped rate, after a 10 s warm-up [3000 / 10 / 40]
#   --slo-ms MS         p99 bound of a level that is "kept up" [500]
#   --pick-base D / --pick-per-line D / --rider-step D   fleet pickers and riders [3s / 300ms / 300ms]
#   --poll-share X / --poll-max N / --deliver-within S   orders followed to DELIVERED [0.05 / 200 / 120]
#   --push-period D     how often the push-only chain pushes each store's snapshot [30s]
#   --warmup S          seconds of quotes and orders (3/s each, not counted) before the scenario; 0: a cold gateway [15]
#   --history N         seed N delivered orders (as the saga, picking and riders leave them) after onboarding, then
#                       VACUUM ANALYZE: does an order cost more after a million? (SeedOrders) [0]
#   --port-base P       ports P+70 (baseline), P+78/79 (HAProxy), P+80.. (gateways), P+90 (fleet) [18000]
#   --db NAME / --redis-db N   the machine's PostgreSQL database and Redis db of this run (dropped, flushed) [aisle_kit / 9]
#   --no-build          use the jars as they are
# Figures and Gatling's HTML report land under load-tests/target/ (kit/<run>/report.md, gatling/<run>/index.html).
# The last line printed is: SUMMARY scenario=NAME requests=N ok=N p99_ms=X rate=R baseline_rate=B ratio=X sent_twice=N
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=load-tests/lib/jars.sh
source load-tests/lib/jars.sh
# shellcheck source=load-tests/lib/kit.sh
source load-tests/lib/kit.sh

usage() { sed -n '2,34p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[[ $# -ge 1 ]] || usage
SCENARIO=$1; shift
case "$SCENARIO" in OrderStorm|QuoteBrowse|DegradedStores|Surge|Soak) ;; -h|--help) usage ;; *) echo "unknown scenario $SCENARIO" >&2; usage ;; esac

LOAD_SECONDS=""; RATE=""; STEPS=""; INSTANCES=1; PG=local; REDIS=local; FAULTS=""; DEGRADE="hang=10%"
STORES=7000; SEED=20200123; K=20; BASELINE=on; BASELINE_RATE=3000; BASELINE_STEPS=10; BASELINE_SECONDS=40; SLO_MS=500
PICK_BASE=3s; PICK_PER_LINE=300ms; RIDER_STEP=300ms; POLL_SHARE=0.05; POLL_MAX=200; DELIVER_WITHIN=120; BUILD=auto
PUSH_PERIOD=30s; WARMUP=15; LB=gatling; PORT_BASE=18000; DB=aisle_kit; REDIS_DB=9; HISTORY=0
ORIGINAL_ARGS="$SCENARIO $*"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) LOAD_SECONDS=$2; shift ;;
    --rate) RATE=$2; shift ;;
    --steps) STEPS=$2; shift ;;
    --instances) INSTANCES=$2; shift ;;
    --servers) PG=$2; REDIS=$2; shift ;;
    --pg) PG=$2; shift ;;
    --redis) REDIS=$2; shift ;;
    --faults) FAULTS=$2; shift ;;
    --degrade) DEGRADE=$2; shift ;;
    --stores) STORES=$2; shift ;;
    --seed) SEED=$2; shift ;;
    --k) K=$2; shift ;;
    --baseline) BASELINE=$2; shift ;;
    --baseline-rate) BASELINE_RATE=$2; shift ;;
    --baseline-steps) BASELINE_STEPS=$2; shift ;;
    --baseline-seconds) BASELINE_SECONDS=$2; shift ;;
    --slo-ms) SLO_MS=$2; shift ;;
    --pick-base) PICK_BASE=$2; shift ;;
    --pick-per-line) PICK_PER_LINE=$2; shift ;;
    --rider-step) RIDER_STEP=$2; shift ;;
    --poll-share) POLL_SHARE=$2; shift ;;
    --poll-max) POLL_MAX=$2; shift ;;
    --deliver-within) DELIVER_WITHIN=$2; shift ;;
    --push-period) PUSH_PERIOD=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --history) HISTORY=$2; shift ;;
    --lb) LB=$2; shift ;;
    --port-base) PORT_BASE=$2; shift ;;
    --db) DB=$2; shift ;;
    --redis-db) REDIS_DB=$2; shift ;;
    --no-build) BUILD=no ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
  shift
done
for v in "$PG" "$REDIS"; do [[ "$v" == embedded || "$v" == local ]] || { echo "servers are embedded or local, not $v" >&2; exit 2; }; done
[[ "$INSTANCES" =~ ^[1-9][0-9]*$ ]] || { echo "--instances is a positive number" >&2; exit 2; }
[[ "$LB" == gatling || "$LB" == haproxy ]] || { echo "--lb is gatling or haproxy" >&2; exit 2; }

# --- ports, run directory ---------------------------------------------------------------------------
FLEET_PORT=$((PORT_BASE + 90)); BASELINE_PORT=$((PORT_BASE + 70)); GATEWAY_PORT0=$((PORT_BASE + 80)); LB_PORT=$((PORT_BASE + 79)); LB_STATS_PORT=$((PORT_BASE + 78))
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)-$SCENARIO"
RUN="$ROOT/load-tests/target/kit/$RUN_ID"
mkdir -p "$RUN" "$ROOT/load-tests/target/gatling"
touch "$RUN/.started"
FACTS="$RUN/facts.tsv"; : > "$FACTS"
fact() { printf '%s\t%s\n' "$1" "$2" >> "$FACTS"; }
log() { echo "[kit $(date +%H:%M:%S)] $*"; }
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "--db is a plain lower-case name" >&2; exit 2; }
# --- tools the kit uses, from Debian's packages when missing (apt-get update once) ----------------------
APT_UPDATED=no
need() {  # need COMMAND PACKAGE
  command -v "$1" >/dev/null && return 0
  log "installing $2 from Debian's packages (for $1)"
  if [[ $APT_UPDATED == no ]]; then apt-get update -qq >"$RUN/apt.log" 2>&1 || { cat "$RUN/apt.log"; exit 1; }; APT_UPDATED=yes; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >>"$RUN/apt.log" 2>&1 || { cat "$RUN/apt.log"; exit 1; }
}
need jq jq; need curl curl; need ss iproute2; need pgrep procps; need flock util-linux
[[ "$LB" == haproxy ]] && need haproxy haproxy

# two runs on the same database, Redis db or ports would wreck each other: one at a time per database
if [[ "$PG" == local || "$REDIS" == local ]]; then
  exec 9>"/tmp/aisle-kit-$DB-$REDIS_DB.lock"
  flock -n 9 || { echo "another kit run uses database $DB / Redis db $REDIS_DB: wait for it, or give --db, --redis-db and --port-base of your own" >&2; exit 1; }
fi
OPERATOR_KEY=kit-operator-key; CLIENT_KEY=kit-superapp-key
CLK_TCK=$(getconf CLK_TCK)

for p in $FLEET_PORT $BASELINE_PORT $LB_PORT $LB_STATS_PORT $(seq $GATEWAY_PORT0 $((GATEWAY_PORT0 + INSTANCES - 1))); do
  if port_busy "$p"; then echo "port $p is in use: another kit run (or something else) holds it" >&2; exit 1; fi
done

# --- stopping everything it started (lib/kit.sh), the poller of faulted stores first ---------------------
POLLER=""
KIT_PORTS=($FLEET_PORT $BASELINE_PORT $LB_PORT $LB_STATS_PORT $(seq $GATEWAY_PORT0 $((GATEWAY_PORT0 + INSTANCES - 1))))
kit_before_stop() { [[ -n "$POLLER" ]] && kill "$POLLER" 2>/dev/null && wait "$POLLER" 2>/dev/null; }
trap kit_cleanup EXIT
trap 'exit 130' INT TERM

# --- build -----------------------------------------------------------------------------------------
kit_build
log "fleet: java ${FLEET_LAUNCH[*]}; gateway: java ${GATEWAY_LAUNCH[*]}"

# --- CPU, heap, facts --------------------------------------------------------------------------------
# ticks of one process: user + system, its reaped children's included (fields 14-17 of /proc/PID/stat)
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  # embedded: the postmaster and every backend; local (shared with others): only this run's database's backends
  local total=0 t
  if [[ "$PG" == embedded ]]; then
    total=$(ticks "$PG_PM")
    for c in $(pgrep -P "$PG_PM"); do t=$(ticks "$c"); total=$((total + t)); done
  else
    # backend titles: "postgres: [15/main: ]USER DATABASE HOST(PORT) STATE"
    for c in $(pgrep -f "^postgres: (.*: )?[^ ]+ $DB "); do t=$(ticks "$c"); total=$((total + t)); done
  fi
  echo "$total"
}
snapshot() {  # snapshot FILE: ticks per process now
  : > "$1"
  local i
  for ((i = 0; i < ${#PIDS[@]}; i++)); do
    case "${NAMES[$i]}" in embedded-servers|gatling) continue ;; esac
    kill -0 "${PIDS[$i]}" 2>/dev/null || continue
    echo "${NAMES[$i]} $(ticks "${PIDS[$i]}")" >> "$1"
  done
  echo "postgres $(pg_ticks)" >> "$1"
  [[ -n "${REDIS_PID:-}" ]] && echo "redis $(ticks "$REDIS_PID")" >> "$1"
  date +%s.%N > "$1.time"
}
cpu_phase() {  # cpu_phase NAME BEFORE AFTER
  local wall
  wall=$(awk -v a="$(cat "$2.time")" -v b="$(cat "$3.time")" 'BEGIN { print b - a }')
  printf '%s\twall\t%.1f\n' "$1" "$wall" >> "$RUN/cpu.tsv"
  awk -v phase="$1" -v tck="$CLK_TCK" 'NR == FNR { b[$1] = $2; next } ($1 in b) { printf "%s\t%s\t%.2f\n", phase, $1, ($2 - b[$1]) / tck }' \
    "$2" "$3" >> "$RUN/cpu.tsv"
}

fact date "$(date -u +%Y-%m-%dT%H:%MZ)"
fact command "load-tests/run.sh $ORIGINAL_ARGS"
fact machine "$(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(uname -sr)"
fact load "$(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min load average); busiest processes now: $(top -bn1 -o %CPU 2>/dev/null | awk 'NR > 7 && $9 > 5 { print $9 "% " $12 }' | head -5 | tr '\n' ';')"
fact versions "$(java -version 2>&1 | head -1), Vert.x 5, Gatling 3.13.5"
fact k "$K"

# --- PostgreSQL and Redis ----------------------------------------------------------------------------
kit_start_servers

# --- the fleet ----------------------------------------------------------------------------------------
[[ "$LB" == haproxy ]] && CALLBACKS="http://127.0.0.1:$LB_PORT"
kit_start_fleet

# --- the gateways: one after the other, as a rolling start (the first migrates the schema, the next find it current)
GATEWAYS=()
for n in $(seq 1 "$INSTANCES"); do
  port=$((GATEWAY_PORT0 + n - 1))
  GATEWAYS+=("http://127.0.0.1:$port")
  kit_gateway_config "$n" "$port"
  kit_start_gateway "$n" "${GATEWAYS[$((n - 1))]}"
done

# a real load balancer in front of every gateway, when asked for
TARGETS="$(IFS=,; echo "${GATEWAYS[*]}")"
if [[ "$LB" == haproxy ]]; then
  {
    printf 'global\n  maxconn 4000\ndefaults\n  mode http\n  option http-keep-alive\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s\n'
    printf 'frontend kit\n  bind 127.0.0.1:%s\n  default_backend gateways\nbackend gateways\n  balance roundrobin\n  option httpchk GET /health/ready\n' "$LB_PORT"
    for n in $(seq 1 "$INSTANCES"); do printf '  server gateway-%s 127.0.0.1:%s check inter 2s\n' "$n" $((GATEWAY_PORT0 + n - 1)); done
    printf 'listen stats\n  bind 127.0.0.1:%s\n  stats enable\n  stats uri /stats\n' "$LB_STATS_PORT"
  } > "$RUN/haproxy.cfg"
  haproxy -db -f "$RUN/haproxy.cfg" >"$RUN/haproxy.log" 2>&1 &
  started $! haproxy
  for _ in $(seq 1 40); do [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$LB_PORT/health/ready")" == 200 ]] && break; sleep 0.5; done
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$LB_PORT/health/ready")" == 200 ]] || { echo "HAProxy did not start" >&2; cat "$RUN/haproxy.log"; exit 1; }
  TARGETS="http://127.0.0.1:$LB_PORT"
  log "HAProxy $(haproxy -v 2>/dev/null | head -1 | awk '{ print $3 }') round-robin on :$LB_PORT over $INSTANCES gateways"
fi

# onboarding through the admin API (lib/kit.sh)
kit_onboard
if [[ "$HISTORY" -gt 0 ]]; then
  log "seeding a history of $HISTORY delivered orders"
  java -cp "$KIT_CP" io.aisle.loadtest.kit.SeedOrders "$PG_URL" kit-superapp "$HISTORY" > "$RUN/history.log" 2>&1 \
    || { tail -20 "$RUN/history.log"; exit 1; }
  log "$(tail -1 "$RUN/history.log")"
  fact "history seeded" "$(tail -1 "$RUN/history.log")"
fi

# --- the bare fan-out baseline --------------------------------------------------------------------------
gatling() {  # gatling SIMULATION OUT_JSON [-Dkit.x=y ...]
  local sim=$1 out=$2; shift 2
  java -Dkit.run="$RUN" -Xmx1g ${GATLING_JAVA_OPTS:-} --add-opens=java.base/java.lang=ALL-UNNAMED \
    -Dkit.fleet="$FLEET" -Dkit.apiKey="$CLIENT_KEY" -Dkit.seed="$SEED" -Dkit.out="$out" "$@" \
    -cp "$KIT_CP" io.gatling.app.Gatling -s "io.aisle.loadtest.gatling.$sim" -rf "$ROOT/load-tests/target/gatling" \
    -rd "$RUN_ID" >>"$RUN/gatling.log" 2>&1 &
  local pid=$! rc=0
  started "$pid" gatling
  wait "$pid" || rc=$?
  return $rc
}
# CPU seconds of the shell's reaped children (Gatling's, once it has exited): `times` must run in this shell, not in $(...)
children_cpu() { tail -1 "$1" | awk '{ gsub(/s/, ""); split($1, u, "m"); split($2, s, "m"); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }'; }
if [[ "$BASELINE" == on ]]; then
  log "bare fan-out baseline: $K stores per request, stepped up to $BASELINE_RATE/s over $BASELINE_SECONDS s"
  java -Dkit.run="$RUN" -cp "$KIT_CP" io.aisle.loadtest.kit.BareFanoutServer --port $BASELINE_PORT --fleet "$FLEET" --stores "$K" \
    >"$RUN/baseline.log" 2>&1 &
  started $! baseline
  BASELINE_PID=$!
  for _ in $(seq 1 60); do grep -q "bare fan-out ready" "$RUN/baseline.log" && break; sleep 0.5; done
  grep -q "bare fan-out ready" "$RUN/baseline.log" || { cat "$RUN/baseline.log"; exit 1; }
  snapshot "$RUN/cpu-baseline-before"
  times > "$RUN/times-baseline-before"
  gatling BareFanout "$RUN/baseline.json" -Dkit.baseline="http://127.0.0.1:$BASELINE_PORT" -Dkit.gateways="$GATEWAY1" \
    -Dkit.rate="$BASELINE_RATE" -Dkit.steps="$BASELINE_STEPS" -Dkit.seconds="$BASELINE_SECONDS" || log "the baseline's Gatling run failed (see gatling.log)"
  snapshot "$RUN/cpu-baseline-after"
  times > "$RUN/times-baseline-after"
  cpu_phase baseline "$RUN/cpu-baseline-before" "$RUN/cpu-baseline-after"
  printf 'baseline\tgatling (load generator)\t%.2f\n' "$(awk -v a="$(children_cpu "$RUN/times-baseline-before")" -v b="$(children_cpu "$RUN/times-baseline-after")" 'BEGIN { print b - a }')" >> "$RUN/cpu.tsv"
  stop_pid "$BASELINE_PID" baseline
  sleep 3   # let the fleet's connections settle
fi

# --- the push-only chain's snapshots, a warm-up -----------------------------------------------------------------
# push-only stores have no stock until their chain's first snapshot after onboarding reaches the gateway
kit_wait_for_pushes
if [[ "$WARMUP" -gt 0 ]]; then
  log "warm-up: $WARMUP s of quotes and orders at 3/s each (not counted)"
  gatling Soak "$RUN/warmup.json" -Dkit.gateways="$TARGETS" -Dkit.rate=3 -Dkit.seconds="$WARMUP" -Dkit.pollShare=0 \
    || log "the warm-up's Gatling run failed (see gatling.log)"
fi

# --- the scenario ------------------------------------------------------------------------------------------
: > "$RUN/faulted.txt"
( while true; do curl -s "$FLEET/sim/faults" | jq -r '.stores | keys[]' >> "$RUN/faulted.txt" 2>/dev/null; sleep 2; done ) &
POLLER=$!
curl -s "$FLEET/sim/stats" > "$RUN/fleet-before.json"
COMMITS0=$(sql "$PG_URL" "select xact_commit from pg_stat_database where datname = current_database()")
fact "orders in PostgreSQL before the scenario (warm-up)" "$(sql "$PG_URL" "select count(*) from orders")"
for n in $(seq 1 "$INSTANCES"); do wc -l < "$RUN/gateway-$n.log" > "$RUN/gateway-$n.log.start"; done
snapshot "$RUN/cpu-scenario-before"
PG_STATS="select xact_commit, xact_rollback, tup_returned, tup_fetched from pg_stat_database where datname = current_database()"
PG_BEFORE=$(sql "$PG_URL" "$PG_STATS")
ORDERS_BEFORE=$(sql "$PG_URL" "select count(*) from orders")
log "scenario $SCENARIO: rate ${RATE:-default}, ${LOAD_SECONDS:-default} s, steps ${STEPS:-default}, $INSTANCES gateway(s)"
props=(-Dkit.gateways="$TARGETS" -Dkit.pollShare="$POLL_SHARE" -Dkit.pollMax="$POLL_MAX"
  -Dkit.deliverWithinSeconds="$DELIVER_WITHIN" -Dkit.faults="$DEGRADE")
[[ -n "$RATE" ]] && props+=(-Dkit.rate="$RATE")
[[ -n "$LOAD_SECONDS" ]] && props+=(-Dkit.seconds="$LOAD_SECONDS")
[[ -n "$STEPS" ]] && props+=(-Dkit.steps="$STEPS")
if [[ "$SCENARIO" == Soak ]]; then
  ( while sleep 60; do for n in $(seq 1 "$INSTANCES"); do
      pid=$(awk -v g="gateway-$n" '$1 == g { print $2 }' "$RUN/pids")
      jcmd "$pid" GC.heap_info 2>/dev/null | awk -v g="gateway-$n" -v t="$(date +%H:%M:%S)" '/heap/ && /used/ { gsub(/[K,]/, ""); for (i = 1; i <= NF; i++) if ($i == "used") print t "\t" g "\t" $(i + 1) }' >> "$RUN/heap-minutes.tsv"
    done; done ) &
  HEAP_POLLER=$!
fi
times > "$RUN/times-before"
SCENARIO_START=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
gatling "$SCENARIO" "$RUN/scenario.json" "${props[@]}" || log "the scenario's Gatling run failed (see $RUN/gatling.log)"
times > "$RUN/times-after"
# riders and bags: how long riders waited for bags and bags for riders, over the pickups made during the scenario
curl -s "$FLEET/rider-dispatch/sim/pickups?since=$SCENARIO_START&limit=0" > "$RUN/riders.json" || true
# the same waits as the gateways measured them from the PICKED_UP events (warm-up included), summed over the gateways
for n in $(seq 1 "$INSTANCES"); do
  curl -s -H "Authorization: Bearer $OPERATOR_KEY" "${GATEWAYS[$((n - 1))]}/metrics" | grep -E '^aisle_(rider|bag)_wait_seconds_(count|sum)[ {]' || true
done | awk '{ split($1, k, "{"); v[k[1]] += $NF } END { if (v["aisle_rider_wait_seconds_count"] > 0)
  printf "%d pickups reported; mean rider wait %.3f s, mean bag wait %.3f s\n", v["aisle_rider_wait_seconds_count"],
    v["aisle_rider_wait_seconds_sum"] / v["aisle_rider_wait_seconds_count"], v["aisle_bag_wait_seconds_sum"] / v["aisle_bag_wait_seconds_count"] }' \
  > "$RUN/wait-metrics.txt" || true
[[ -s "$RUN/wait-metrics.txt" ]] && fact "check rider and bag waits (gateways' aisle_rider_wait_seconds, aisle_bag_wait_seconds)" "$(cat "$RUN/wait-metrics.txt")"
GATLING_CPU0=$(children_cpu "$RUN/times-before"); GATLING_CPU1=$(children_cpu "$RUN/times-after")
[[ -n "${HEAP_POLLER:-}" ]] && kill "$HEAP_POLLER" 2>/dev/null
snapshot "$RUN/cpu-scenario-after"
# what PostgreSQL did for the scenario: commits per order stored, and the tables read most by sequential scans
PG_AFTER=$(sql "$PG_URL" "$PG_STATS")
ORDERS_AFTER=$(sql "$PG_URL" "select count(*) from orders")
read -r C0 R0 T0 F0 <<< "$PG_BEFORE"; read -r C1 R1 T1 F1 <<< "$PG_AFTER"
STORED=$((ORDERS_AFTER - ORDERS_BEFORE))
fact "PostgreSQL during the scenario" "$((C1 - C0)) commits, $((R1 - R0)) rollbacks, $((T1 - T0)) rows returned, $((F1 - F0)) rows fetched, for $STORED orders stored$( [[ $STORED -gt 0 ]] && awk -v c=$((C1 - C0)) -v n=$STORED 'BEGIN { printf " (%.1f commits per order, whatever else ran: picking, riders, relay, callbacks)", c / n }')"
fact "PostgreSQL indexes by rows read" "$(sql "$PG_URL" "select indexrelname || ' ' || idx_scan || ' scans ' || idx_tup_read || ' rows' from pg_stat_user_indexes order by idx_tup_read desc limit 6" | paste -sd ';' -)"
fact "PostgreSQL tables by rows read in sequential scans" "$(sql "$PG_URL" "select relname || ' ' || seq_scan || ' scans ' || seq_tup_read || ' rows, ' || coalesce(idx_scan, 0) || ' index scans' from pg_stat_user_tables order by seq_tup_read desc limit 6" | paste -sd ';' -)"
curl -s "$FLEET/sim/stats" > "$RUN/fleet-after.json"
COMMITS1=$(sql "$PG_URL" "select xact_commit from pg_stat_database where datname = current_database()")
fact "pg commits during the scenario" "$((COMMITS1 - COMMITS0)) (pg_stat_database.xact_commit of $DB)"
cpu_phase scenario "$RUN/cpu-scenario-before" "$RUN/cpu-scenario-after"
printf 'scenario\tgatling (load generator)\t%.2f\n' "$(awk -v a="$GATLING_CPU0" -v b="$GATLING_CPU1" 'BEGIN { print b - a }')" >> "$RUN/cpu.tsv"
kill "$POLLER" 2>/dev/null; wait "$POLLER" 2>/dev/null || true; POLLER=""
sort -u -o "$RUN/faulted.txt" "$RUN/faulted.txt"

# heap after a full GC, per gateway
: > "$RUN/heap.tsv"
for n in $(seq 1 "$INSTANCES"); do
  pid=$(awk -v g="gateway-$n" '$1 == g { print $2 }' "$RUN/pids")
  jcmd "$pid" GC.run >/dev/null 2>&1 || true
  jcmd "$pid" GC.heap_info 2>/dev/null | awk -v g="gateway-$n" '/heap/ && /total/ && /used/ { gsub(/[K,]/, ""); for (i = 1; i <= NF; i++) { if ($i == "total") t = $(i + 1); if ($i == "used") u = $(i + 1) } print g "\t" u "\t" t "\t" $1 " " $2; exit }' >> "$RUN/heap.tsv"
done

# breaker openings each gateway made itself during the scenario (its log), per store
: > "$RUN/breakers.tsv"; : > "$RUN/breaker-times.tsv"
for n in $(seq 1 "$INSTANCES"); do
  # the gateway logs JSON lines in start mode ("@timestamp":"2026-...T01:02:03.456...Z"), human-readable ones otherwise (01:02:03.456 ...)
  tail -n +"$(( $(cat "$RUN/gateway-$n.log.start") + 1 ))" "$RUN/gateway-$n.log" | grep 'breaker [A-Z_]* -> OPEN' \
    | sed -n -e 's/.*"@timestamp":"[0-9-]*T\([0-9:]*\.[0-9]\{3\}\)[^"]*".*store \([^ ]*\) breaker .*/\1 \2/p' \
             -e 's/^\([0-9:]*\.[0-9]\{3\}\) .*store \([^ ]*\) breaker .*/\1 \2/p' \
    | awk -v g="gateway-$n" '{ print g "\t" $2 "\t" $1 }' >> "$RUN/breaker-times.tsv" || true
  tail -n +"$(( $(cat "$RUN/gateway-$n.log.start") + 1 ))" "$RUN/gateway-$n.log" | grep -o 'store [^ ]* breaker [A-Z_]* -> OPEN' | awk -v g="gateway-$n" '{ c[$2]++ } END { for (s in c) print g "\t" s "\t" c[s] }' >> "$RUN/breakers.tsv" || true
done

# requests each gateway served behind HAProxy (its stats: total sessions per server)
if [[ "$LB" == haproxy ]]; then
  { curl -s "http://127.0.0.1:$LB_STATS_PORT/stats;csv" || true; } | awk -F, '$1 == "gateways" && $2 ~ /^gateway-/ { print $2 "\t" $8 }' \
    | while IFS=$'\t' read -r g total; do fact "check requests through $g (HAProxy)" "$total"; done
fi

# orders as PostgreSQL has them
while IFS=$'\t' read -r status count; do fact "orders $status (warm-up included)" "$count"; done < <(sql "$PG_URL" "select status, count(*) from orders group by status order by status")

# --- two or more instances: a breaker opened on one hides the store on the others ---------------------------
if [[ "$INSTANCES" -gt 1 ]]; then
  store=$(curl -s "$FLEET/sim/stores?chainId=aisle-mart" | jq -r '.stores[7].storeId')
  loc=$(curl -s "$FLEET/sim/stores/$store" | jq -c '.location')
  echo "$store" >> "$RUN/faulted.txt"
  curl -s -X POST "$FLEET/sim/stores/$store/faults" -d '{"mode": "error"}' >/dev/null
  gtin=$(curl -s "$FLEET/sim/catalog" | jq -r '.items[0].gtin')
  state1=""; tries=0
  for tries in $(seq 1 30); do
    curl -s -o /dev/null -H "Authorization: Bearer $CLIENT_KEY" -H 'Content-Type: application/json' "$GATEWAY1/v1/quotes" \
      -d "{\"deliveryAddress\": $loc, \"lines\": [{\"gtin\": \"$gtin\", \"quantity\": 1}]}"
    state1=$(curl -s -H "Authorization: Bearer $OPERATOR_KEY" "$GATEWAY1/v1/admin/stores/$store/health" | jq -r '.state')
    [[ "$state1" == OPEN ]] && break
    sleep 0.3
  done
  sleep 1
  others=""
  for n in $(seq 2 "$INSTANCES"); do
    s=$(curl -s -H "Authorization: Bearer $OPERATOR_KEY" "${GATEWAYS[$((n - 1))]}/v1/admin/stores/$store/health" | jq -r '.state')
    own=$(grep -c "store $store breaker [A-Z_]* -> OPEN" "$RUN/gateway-$n.log" || true)
    others="$others gateway $n reports $s (opened it itself: $own time(s));"
  done
  curl -s -X POST "$FLEET/sim/stores/$store/faults" -d '{"mode": "none"}' >/dev/null
  fact "check breaker shared" "store $store faulted (error); gateway 1 reports $state1 after $tries quote(s) sent to it alone;$others"
  log "breaker sharing: gateway 1 $state1;$others"
fi

# --- report --------------------------------------------------------------------------------------------------
REPORT_OUT=$(java -cp "$KIT_CP" io.aisle.loadtest.kit.KitReport --run "$RUN" --slo-ms "$SLO_MS")
echo "$REPORT_OUT" | sed '$d'
echo "Gatling's reports: $(find "$ROOT/load-tests/target/gatling" -mindepth 1 -maxdepth 1 -type d -newer "$RUN/.started" | sed 's|$|/index.html|' | tr '\n' ' ')"
echo "This run's files: $RUN (report.md)"
SUMMARY_LINE=$(echo "$REPORT_OUT" | tail -1)
