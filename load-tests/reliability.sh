#!/usr/bin/env bash
# The reliability suite: the promises under faults, with figures. It runs what the load-test kit runs (the gateway
# in start mode, embedded PostgreSQL and Redis, the simulated fleet, each its own process on loopback), keeps
# orders flowing with an open-model client (OrderFlow: a fixed arrival rate, each order retried with its
# Idempotency-Key after Retry-After or no answer, as a super-app does), and breaks things:
#
#   crash     the gateway killed (SIGKILL) at random moments and restarted, PostgreSQL stopped in immediate mode
#             and restarted on its data directory, Redis killed (SIGKILL) and restarted empty; then ReliabilityCheck
#             reconciles the client's log, PostgreSQL and the fleet's own counts: lost, duplicated, leaked, stuck,
#             money, 5xx (all must be 0)
#   outages   PostgreSQL down (time to 503 with Retry-After, readiness down, recovery after it returns), Redis down,
#             rider dispatch down (orders wait in READY, go out when it returns), a webhook receiver down (every
#             status arrives, in order, when it returns)
#   faults    each fault kind of the fleet (hang slow error reset garbage ratelimit outofstock) on a share of the
#             stores under load: stores isolated, orders elsewhere or refused clearly; threads, descriptors,
#             PostgreSQL connections and heap before and after
#   fuzz      the generated fuzz of malformed requests (MalformedInputFuzzTest, -Daisle.fuzz.requests=N) over every
#             endpoint: no 5xx, problem+json, nothing written for a refused request
#
#   load-tests/reliability.sh [--fast] [--kills N] [--seconds S] [--rate R] [options]
#
# Options (defaults in brackets; --fast: the CI part, in brackets after the slash):
#   --fast               one crash of each kind, short outages, short fault runs, no fuzz (the 1,000-request fuzz
#                        runs in mvn verify)
#   --only LIST          phases to run, comma-separated: crash,outages,faults,fuzz [all]
#   --kills N            gateway SIGKILLs in the crash phase [20 / 1]
#   --pg-stops N         PostgreSQL immediate stops in the crash phase [3 / 1]
#   --redis-kills N      Redis SIGKILLs in the crash phase [3 / 1]
#   --gap S              mean seconds between two crashes (each moment drawn from 0.5 to 1.5 times it) [12 / 6]
#   --seconds S          seconds of orders after the last crash (the pipeline keeps running meanwhile) [20 / 10]
#   --rate R             orders per second of the open-model client [3 / 3]
#   --settle S           seconds every order gets to reach a terminal status after the load [300 / 180]
#   --outage S           seconds PostgreSQL, Redis and rider dispatch each stay down [20 / 8]
#   --webhook-down S     seconds the webhook receiver stays down [600 / 20]
#   --fault-seconds S    seconds of load per fault kind [40 / 6]
#   --fault-share P      share of stores each fault kind hits, in percent [10 / 5]
#   --fuzz N             requests of the fuzz phase [10000 / 0]
#   --stores N           fleet size [1000]       --seed N   fleet, baskets, fault draws and crash moments [20200123]
#   --port-base P        ports P+80 (gateway), P+85 (webhook receiver), P+90 (fleet) [19000]
#   --no-build           use the jars as they are
# Everything lands under load-tests/target/reliability/<run>/ (reliability.md: the figures). The last line printed is
#   RELIABILITY runs=... orders_201=N lost=0 duplicated=0 leaked=0 stuck=0 money=0 fivexx=0 ... verdict=PASS
# and the suite exits non-zero when a must-be-zero figure is not zero.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=load-tests/lib/jars.sh
source load-tests/lib/jars.sh
# shellcheck source=load-tests/lib/kit.sh
source load-tests/lib/kit.sh

usage() { sed -n '2,42p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
FAST=no; ONLY="crash,outages,faults,fuzz"; KILLS=""; PG_STOPS=""; REDIS_KILLS=""; GAP=""; SECONDS_AFTER=""; RATE=3; SETTLE=""
OUTAGE=""; WEBHOOK_DOWN=""; FAULT_SECONDS=""; FAULT_SHARE=""; FUZZ=""; STORES=1000; SEED=20200123; PORT_BASE=19000; BUILD=auto
ORIGINAL_ARGS="$*"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --fast) FAST=yes; shift; continue ;;
    --no-build) BUILD=no; shift; continue ;;
    -h|--help) usage ;;
  esac
  [[ $# -ge 2 ]] || { echo "$1 needs a value" >&2; usage; }
  case "$1" in
    --only) ONLY=$2 ;;
    --kills) KILLS=$2 ;;
    --pg-stops) PG_STOPS=$2 ;;
    --redis-kills) REDIS_KILLS=$2 ;;
    --gap) GAP=$2 ;;
    --seconds) SECONDS_AFTER=$2 ;;
    --rate) RATE=$2 ;;
    --settle) SETTLE=$2 ;;
    --outage) OUTAGE=$2 ;;
    --webhook-down) WEBHOOK_DOWN=$2 ;;
    --fault-seconds) FAULT_SECONDS=$2 ;;
    --fault-share) FAULT_SHARE=$2 ;;
    --fuzz) FUZZ=$2 ;;
    --stores) STORES=$2 ;;
    --seed) SEED=$2 ;;
    --port-base) PORT_BASE=$2 ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
  shift 2
done
if [[ $FAST == yes ]]; then d() { echo "$2"; }; else d() { echo "$1"; }; fi
KILLS=${KILLS:-$(d 20 1)}; PG_STOPS=${PG_STOPS:-$(d 3 1)}; REDIS_KILLS=${REDIS_KILLS:-$(d 3 1)}; GAP=${GAP:-$(d 12 6)}
SECONDS_AFTER=${SECONDS_AFTER:-$(d 20 10)}; SETTLE=${SETTLE:-$(d 300 180)}; OUTAGE=${OUTAGE:-$(d 20 8)}
WEBHOOK_DOWN=${WEBHOOK_DOWN:-$(d 600 20)}; FAULT_SECONDS=${FAULT_SECONDS:-$(d 40 6)}; FUZZ=${FUZZ:-$(d 10000 0)}
FAULT_SHARE=${FAULT_SHARE:-$(d 10 5)}
for n in "$KILLS" "$PG_STOPS" "$REDIS_KILLS" "$GAP" "$SECONDS_AFTER" "$SETTLE" "$OUTAGE" "$WEBHOOK_DOWN" "$FAULT_SECONDS" "$FAULT_SHARE" "$FUZZ" "$STORES" "$PORT_BASE"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "counts and seconds are whole numbers, not $n" >&2; exit 2; }
done
[[ "$RATE" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "--rate is a number" >&2; exit 2; }
phase_on() { [[ ",$ONLY," == *",$1,"* ]]; }

# the kit's settings (lib/kit.sh): both servers embedded, fast pickers and riders so orders deliver within a minute
PG=embedded; REDIS=embedded; DB=aisle_rel; REDIS_DB=0; K=20; FAULTS=""
PICK_BASE=1s; PICK_PER_LINE=100ms; RIDER_STEP=300ms; PUSH_PERIOD=10s
OPERATOR_KEY=kit-operator-key; CLIENT_KEY=kit-superapp-key; HOOK_CLIENT=rel-webhooks; HOOK_KEY=rel-webhooks-key
FLEET_PORT=$((PORT_BASE + 90)); GATEWAY_PORT0=$((PORT_BASE + 80)); HOOK_PORT=$((PORT_BASE + 85))
SUFFIX=""; [[ $FAST == yes ]] && SUFFIX=-fast
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)-reliability$SUFFIX"
RUN="$ROOT/load-tests/target/reliability/$RUN_ID"
mkdir -p "$RUN"
FACTS="$RUN/facts.tsv"; : > "$FACTS"
fact() { printf '%s\t%s\n' "$1" "$2" >> "$FACTS"; }
log() { echo "[reliability $(date +%H:%M:%S)] $*"; }
REPORT="$RUN/reliability.md"
md() { echo "$*" >> "$REPORT"; }
FAILED=()   # must-be-zero figures that were not zero, and phases that could not run
fail() { FAILED+=("$1"); log "FAIL: $1"; }
now_ms() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

APT_UPDATED=no
need() {  # need COMMAND PACKAGE: Debian's package when the command is missing
  command -v "$1" >/dev/null && return 0
  log "installing $2 from Debian's packages (for $1)"
  if [[ $APT_UPDATED == no ]]; then apt-get update -qq >"$RUN/apt.log" 2>&1 || { cat "$RUN/apt.log"; exit 1; }; APT_UPDATED=yes; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >>"$RUN/apt.log" 2>&1 || { cat "$RUN/apt.log"; exit 1; }
}
need jq jq; need curl curl; need ss iproute2; need pgrep procps; need unshare util-linux
for p in $FLEET_PORT $GATEWAY_PORT0 $HOOK_PORT; do
  if port_busy "$p"; then echo "port $p is in use: another run holds it (give --port-base of your own)" >&2; exit 1; fi
done
KIT_PORTS=($FLEET_PORT $GATEWAY_PORT0 $HOOK_PORT)
kit_before_stop() {
  # PostgreSQL restarted by the suite is not the embedded servers' child: a fast shutdown (SIGINT), once the gateway stopped
  if [[ "${PG_RESTARTED:-no}" == yes ]]; then
    local g; g=$(pid_of gateway-1); [[ -n "$g" ]] && stop_pid "$g" gateway-1
    local pm; pm=$(postmaster_pid)
    if [[ -n "$pm" ]]; then kill -INT "$pm" 2>/dev/null; for _ in $(seq 1 100); do kill -0 "$pm" 2>/dev/null || break; sleep 0.2; done; fi
  fi
  return 0
}
trap kit_cleanup EXIT
trap 'exit 130' INT TERM

kit_build
# this run's own copies of the programs it starts, so a build meanwhile (mvn verify) does not change them under it
mkdir -p "$RUN/jars"
cp gateway/target/aisle-gateway-server.jar adapters/simulator/target/aisle-fleet.jar "$RUN/jars/"
cp -r load-tests/target/classes "$RUN/jars/kit-classes"
GATEWAY_LAUNCH=(-jar "$RUN/jars/aisle-gateway-server.jar" start)
FLEET_LAUNCH=(-jar "$RUN/jars/aisle-fleet.jar")
KIT_CP="$RUN/jars/kit-classes"
for entry in $(tr ':' ' ' < load-tests/target/kit-classpath.txt); do
  # the reactor's own jars (this checkout's target directories) copied too; the local repository's stay where they are
  if [[ "$entry" == "$ROOT"/* && -f "$entry" ]]; then cp "$entry" "$RUN/jars/"; entry="$RUN/jars/$(basename "$entry")"; fi
  KIT_CP="$KIT_CP:$entry"
done
fact date "$(date -u +%Y-%m-%dT%H:%MZ)"
fact command "load-tests/reliability.sh $ORIGINAL_ARGS"
fact machine "$(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(uname -sr); load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- servers, fleet, gateway (the fuzz alone runs its own) -----------------------------------------------------
SYSTEM=no
if phase_on crash || phase_on outages || phase_on faults; then SYSTEM=yes; fi
if [[ $SYSTEM == yes ]]; then
kit_start_servers
PG_BIN_CMD=()
while IFS= read -r -d '' part; do PG_BIN_CMD+=("$part"); done < "/proc/$PG_PM/cmdline"
PG_DATA=$(sql "$PG_URL" "show data_directory")
PG_CTL="$(dirname "$(readlink "/proc/$PG_PM/exe")")/pg_ctl"
cp "$(readlink "/proc/$REDIS_PID/exe")" "$RUN/redis-server"
log "PostgreSQL data in $PG_DATA ($PG_CTL); Redis $RUN/redis-server on $REDIS_PORT"
kit_start_fleet
KIT_YAML_CLIENT="  - clientId: $HOOK_CLIENT
    name: Reliability suite's webhook receiver
    apiKey: $HOOK_KEY
    webhookUrl: http://127.0.0.1:$HOOK_PORT/hooks
    webhookSecret: rel-webhook-secret"
# a pick list whose result never comes (lost with Redis, or while the gateway was down) is sent again 30 s after
# it was due, and its wave times out 30 s later (the production default is 10 minutes: the suite's pickers are fast)
KIT_YAML_PICKING="  overdueMarginMs: 30000"
# a trip with no rider event for 20 s is asked of rider dispatch: the fleet's riders take a step every 300 ms,
# and an event the fleet gave up on while the gateway was down is read back (production: 2 minutes)
KIT_YAML_RIDERS="  reaskAfterMs: 20000"
GATEWAY="http://127.0.0.1:$GATEWAY_PORT0"
kit_gateway_config 1 "$GATEWAY_PORT0"
kit_start_gateway 1 "$GATEWAY"
kit_onboard
kit_wait_for_pushes
fi

gateway_pid() { pid_of gateway-1; }
ready_code() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$GATEWAY/health/ready"; }
pg_up() { sql "$PG_URL" "select 1" >/dev/null 2>&1; }
postmaster_pid() { head -1 "$PG_DATA/postmaster.pid" 2>/dev/null; }
# PostgreSQL and pg_ctl refuse to run as root (CI runs as root): as the embedded server does, run them in a user
# namespace of their own (util-linux's unshare), where root is an unprivileged user
as_pg_user() { if [[ $EUID == 0 ]]; then unshare -U "$@"; else "$@"; fi; }
# an immediate-mode stop: every backend quits at once, nothing is checkpointed, the next start recovers from the WAL
pg_stop() {
  local pm; pm=$(postmaster_pid)
  as_pg_user "$PG_CTL" -D "$PG_DATA" stop -m immediate -w >>"$RUN/pg-ctl.log" 2>&1 \
    || { echo "pg_ctl stop -m immediate failed" >&2; tail -5 "$RUN/pg-ctl.log" >&2; exit 1; }
  for _ in $(seq 1 100); do kill -0 "$pm" 2>/dev/null || return 0; sleep 0.1; done
}
pg_start() {
  ( cd /; as_pg_user "${PG_BIN_CMD[@]}" >>"$RUN/postgres-restarted.log" 2>&1 ) &
  disown
  PG_RESTARTED=yes
  for _ in $(seq 1 120); do pg_up && return 0; sleep 0.5; done
  echo "PostgreSQL did not come back" >&2; tail -20 "$RUN/postgres-restarted.log"; exit 1
}
redis_kill() {
  kill -KILL "$REDIS_PID" 2>/dev/null || true
  wait "$REDIS_PID" 2>/dev/null || true   # a Redis this shell restarted: reaped quietly
  for _ in $(seq 1 50); do kill -0 "$REDIS_PID" 2>/dev/null || return 0; sleep 0.1; done
}
redis_start() {
  "$RUN/redis-server" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --maxmemory-policy noeviction \
    >>"$RUN/redis-restarted.log" 2>&1 &
  REDIS_PID=$!
  started "$REDIS_PID" redis
  for _ in $(seq 1 50); do port_busy "$REDIS_PORT" && return 0; sleep 0.1; done
  echo "Redis did not come back" >&2; exit 1
}
gateway_kill() { local g; g=$(gateway_pid); kill -KILL "$g"; wait "$g" 2>/dev/null || true; }
# one order, a fresh key: "status retry-after seconds"
probe_order() {
  local client=${1:-$CLIENT_KEY} key="probe-$(date +%s%N)" out
  out=$(curl -s -o "$RUN/probe.json" -m 15 -D - -w '\n%{http_code} %{time_total}' -H "Authorization: Bearer $client" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $key" --data-binary @"$RUN/probe-order.json" "$GATEWAY/v1/orders" || true)
  local last; last=$(tail -1 <<<"$out")
  local retry; retry=$(grep -i '^retry-after:' <<<"$out" | tr -d '\r' | awk '{ print $2 }')
  echo "${last%% *} ${retry:--} ${last##* }"
}
probe_quote() {
  curl -s -o "$RUN/probe-quote.json" -m 15 -w '%{http_code} %{time_total}' -H "Authorization: Bearer $CLIENT_KEY" \
    -H 'Content-Type: application/json' --data-binary @"$RUN/probe-quote-body.json" "$GATEWAY/v1/quotes" || echo "0 15"
}
# a basket every store of the first chain carries, at the city centre
[[ $SYSTEM == yes ]] && GTIN=$(curl -s -m 10 "$FLEET/sim/catalog" | jq -r '.items[0].gtin')
printf '{"deliveryAddress": {"lat": 30.5928, "lon": 114.3055}, "lines": [{"gtin": "%s", "quantity": 1}], "customerRef": "probe", "acceptPartial": true}' \
  "${GTIN:-}" > "$RUN/probe-order.json"
printf '{"deliveryAddress": {"lat": 30.5928, "lon": 114.3055}, "lines": [{"gtin": "%s", "quantity": 1}]}' "${GTIN:-}" > "$RUN/probe-quote-body.json"
flow() {  # flow NAME KEY RATE SECONDS [STOP_FILE]: an OrderFlow in the background, its log $RUN/NAME.log
  java -Dkit.run="$RUN" -cp "$KIT_CP" io.aisle.loadtest.kit.OrderFlow --gateway "$GATEWAY" --fleet "$FLEET" --api-key "$2" \
    --rate "$3" --seconds "$4" --log "$RUN/$1.log" --seed "$SEED" --key-prefix "$1" ${5:+--stop-file "$5"} >"$RUN/$1.out" 2>&1 &
  started $! "flow-$1"
}
check() {  # check NAME LOGS RUNS: ReliabilityCheck, its figures to the report; returns its verdict
  local rc=0
  java -cp "$KIT_CP" io.aisle.loadtest.kit.ReliabilityCheck --log "$2" --pg "$PG_URL" --fleet "$FLEET" \
    --redis "127.0.0.1:$REDIS_PORT" --settle "$SETTLE" --runs "$3" > "$RUN/check-$1.txt" 2>&1 || rc=$?
  cat "$RUN/check-$1.txt"
  { echo '```'; cat "$RUN/check-$1.txt"; echo '```'; } >> "$REPORT"
  return $rc
}
: > "$REPORT"
md "# Reliability run $RUN_ID"
md ""
md "Command: \`load-tests/reliability.sh $ORIGINAL_ARGS\` on $(nproc) cores ($(date -u +%Y-%m-%dT%H:%MZ)); fleet of $STORES stores, orders at $RATE/s."
md "Commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')."
md ""
RANDOM=$((SEED % 32768))
CRASH_LINE=""

# --- crashes ---------------------------------------------------------------------------------------------------
if phase_on crash; then
  md "## Crashes"
  EVENTS=()
  for _ in $(seq 1 "$KILLS"); do EVENTS+=(gateway); done
  for _ in $(seq 1 "$PG_STOPS"); do EVENTS+=(postgres); done
  for _ in $(seq 1 "$REDIS_KILLS"); do EVENTS+=(redis); done
  # shuffled with the seed
  for ((i = ${#EVENTS[@]} - 1; i > 0; i--)); do j=$((RANDOM % (i + 1))); t=${EVENTS[$i]}; EVENTS[$i]=${EVENTS[$j]}; EVENTS[$j]=$t; done
  log "crash phase: ${#EVENTS[@]} crashes (${KILLS} gateway SIGKILLs, ${PG_STOPS} PostgreSQL immediate stops, ${REDIS_KILLS} Redis SIGKILLs), orders at $RATE/s"
  rm -f "$RUN/crash.stop"
  flow crash "$CLIENT_KEY" "$RATE" 100000 "$RUN/crash.stop"
  CRASH_FLOW=$!
  : > "$RUN/crashes.tsv"
  sleep 5
  n=0
  for ev in "${EVENTS[@]}"; do
    n=$((n + 1))
    wait_ms=$(( GAP * 500 + (RANDOM * 32768 + RANDOM) % (GAP * 1000 + 1) ))
    sleep "$(secs "$wait_ms")"
    t0=$(now_ms)
    case "$ev" in
      gateway)
        gateway_kill
        sleep "$(secs $((RANDOM % 2000)))"
        kit_start_gateway 1 "$GATEWAY" >/dev/null
        ;;
      postgres)
        pg_stop
        sleep 3
        pg_start
        until [[ "$(ready_code)" == 200 ]]; do sleep 0.2; done
        ;;
      redis)
        redis_kill
        sleep 2
        redis_start
        until [[ "$(ready_code)" == 200 ]]; do sleep 0.2; [[ $(( $(now_ms) - t0 )) -gt 60000 ]] && break; done
        ;;
    esac
    back=$(( $(now_ms) - t0 ))
    printf '%s\t%s\t%s\n' "$n" "$ev" "$back" >> "$RUN/crashes.tsv"
    log "crash $n/${#EVENTS[@]}: $ev, ready again after $(secs "$back") s"
  done
  log "crashes done; $SECONDS_AFTER s more of orders"
  sleep "$SECONDS_AFTER"
  touch "$RUN/crash.stop"
  wait "$CRASH_FLOW" || true
  tail -1 "$RUN/crash.out"
  GW_KILLED=$(awk '$2 == "gateway"' "$RUN/crashes.tsv" | wc -l); PG_STOPPED=$(awk '$2 == "postgres"' "$RUN/crashes.tsv" | wc -l)
  REDIS_KILLED=$(awk '$2 == "redis"' "$RUN/crashes.tsv" | wc -l)
  RUNS="gateway_kills=$GW_KILLED,pg_immediate_stops=$PG_STOPPED,redis_kills=$REDIS_KILLED"
  restart_ms=$(awk '$2 == "gateway" { s += $3; if ($3 > m) m = $3; n++ } END { if (n) printf "mean %.1f s, max %.1f s", s / n / 1000, m / 1000 }' "$RUN/crashes.tsv")
  md ""
  md "Crashes: $RUNS at random moments about $GAP s apart while orders arrived at $RATE/s; gateway ready again after a SIGKILL: $restart_ms."
  md "Client: $(tail -1 "$RUN/crash.out")"
  md ""
  log "reconciling (up to $SETTLE s for every order to reach a terminal status)"
  if check crash "$RUN/crash.log" "$RUNS"; then :; else fail "crash: a must-be-zero figure is not zero (check-crash.txt)"; fi
  CRASH_LINE=$(grep '^RELIABILITY' "$RUN/check-crash.txt" || true)
  md ""
fi

# --- outages ---------------------------------------------------------------------------------------------------
if phase_on outages; then
  md "## Outages"
  md ""
  java -Dkit.run="$RUN" -cp "$KIT_CP" io.aisle.loadtest.kit.WebhookSink serve --port "$HOOK_PORT" --log "$RUN/webhooks.tsv" >>"$RUN/webhook-sink.log" 2>&1 &
  started $! webhook-sink
  for _ in $(seq 1 40); do port_busy "$HOOK_PORT" && break; sleep 0.25; done
  log "outages: orders of a webhook client at 1/s throughout; the receiver goes down for $WEBHOOK_DOWN s"
  rm -f "$RUN/hooks.stop"
  flow hooks "$HOOK_KEY" 1 100000 "$RUN/hooks.stop"
  HOOK_FLOW=$!
  sleep 5
  kill -KILL "$(pid_of webhook-sink)"
  HOOK_DOWN_AT=$(now_ms)
  log "webhook receiver killed"

  # PostgreSQL down
  log "PostgreSQL: immediate stop for $OUTAGE s"
  t0=$(now_ms); pg_stop
  first503=""; notready=""; worst=0; statuses=""; bad=0
  while (( $(now_ms) - t0 < OUTAGE * 1000 )); do
    read -r code retry took <<<"$(probe_order)"
    statuses="$statuses $code"
    ms=$(awk -v t="$took" 'BEGIN { printf "%d", t * 1000 }'); (( ms > worst )) && worst=$ms
    [[ -z "$first503" && "$code" == 503 && "$retry" != - ]] && first503=$(( $(now_ms) - t0 ))
    [[ "$code" -ge 500 && ! ( "$code" == 503 && "$retry" != - ) ]] && bad=$((bad + 1))
    [[ "$code" == 000 || "$code" == 0 ]] && bad=$((bad + 1))
    [[ -z "$notready" && "$(ready_code)" != 200 ]] && notready=$(( $(now_ms) - t0 ))
    sleep 0.3
  done
  t1=$(now_ms); pg_start; pg_back=$(( $(now_ms) - t1 ))
  t2=$(now_ms); resumed=""
  while (( $(now_ms) - t2 < 60000 )); do
    read -r code _ _ <<<"$(probe_order)"
    [[ "$code" == 201 ]] && { resumed=$(( $(now_ms) - t2 )); break; }
    sleep 0.2
  done
  ready_back=""; while (( $(now_ms) - t2 < 60000 )); do [[ "$(ready_code)" == 200 ]] && { ready_back=$(( $(now_ms) - t2 )); break; }; sleep 0.2; done
  summary=$(tr ' ' '\n' <<<"$statuses" | grep . | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')
  md "- PostgreSQL down ($OUTAGE s, \`pg_ctl stop -m immediate\`): first 503 with Retry-After after $(secs "${first503:-0}") s, readiness down after $(secs "${notready:-0}") s; order answers while down: $summary(slowest $(secs "$worst") s); wrong answers (5xx but 503 with Retry-After, or none): $bad; PostgreSQL accepting again $(secs "$pg_back") s after the restart, then orders created again after **$(secs "${resumed:-60000}") s**, readiness up after $(secs "${ready_back:-60000}") s."
  fact "outage postgres" "first_503_ms=${first503:-none} not_ready_ms=${notready:-none} bad=$bad resumed_ms=${resumed:-none} ready_ms=${ready_back:-none}"
  [[ -n "$first503" ]] || fail "PostgreSQL down: no 503 with Retry-After"
  [[ -n "$notready" ]] || fail "PostgreSQL down: readiness stayed up"
  [[ "$bad" == 0 ]] || fail "PostgreSQL down: $bad answers were not 503 with Retry-After"
  [[ -n "$resumed" && "$resumed" -le 5000 ]] || fail "PostgreSQL back: orders did not resume within 5 s (${resumed:-never} ms)"
  PG_OUTAGE_LINE="pg_first_503_s=$(secs "${first503:-0}") pg_resume_s=$(secs "${resumed:-60000}") pg_bad=$bad"

  # Redis down
  log "Redis: SIGKILL for $OUTAGE s"
  t0=$(now_ms); redis_kill
  qs=""; os=""; rbad=0; rstate=""
  while (( $(now_ms) - t0 < OUTAGE * 1000 )); do
    read -r code took <<<"$(probe_quote)"; qs="$qs $code"
    read -r ocode retry _ <<<"$(probe_order)"; os="$os $ocode"
    for c in "$code:" "$ocode:$retry"; do
      s=${c%%:*}; r=${c#*:}
      [[ "$s" -ge 500 && ! ( "$s" == 503 ) ]] && rbad=$((rbad + 1))
      [[ "$s" == 000 ]] && rbad=$((rbad + 1))
    done
    rstate=$(curl -s -m 5 "$GATEWAY/health/ready" | jq -r '.status + " (redis " + ((.checks.redis | if type == "object" then .status else . end) // "?") + ")"' 2>/dev/null || echo "?")
    sleep 0.5
  done
  t1=$(now_ms); redis_start
  rresumed=""
  while (( $(now_ms) - t1 < 60000 )); do
    read -r code _ <<<"$(probe_quote)"
    read -r ocode _ _ <<<"$(probe_order)"
    [[ "$code" == 200 && "$ocode" == 201 ]] && { rresumed=$(( $(now_ms) - t1 )); break; }
    sleep 0.3
  done
  qsum=$(tr ' ' '\n' <<<"$qs" | grep . | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')
  osum=$(tr ' ' '\n' <<<"$os" | grep . | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')
  md "- Redis down ($OUTAGE s, SIGKILL, restarted empty): quotes answered $qsum; orders answered $osum; readiness said $rstate; 5xx but 503: $rbad; quotes and orders served again **$(secs "${rresumed:-60000}") s** after Redis returned."
  fact "outage redis" "quotes=$qsum orders=$osum readiness=$rstate bad=$rbad resumed_ms=${rresumed:-none}"
  [[ "$rbad" == 0 ]] || fail "Redis down: $rbad answers were 5xx other than 503"
  [[ -n "$rresumed" ]] || fail "Redis back: quotes and orders did not resume within 60 s"
  REDIS_OUTAGE_LINE="redis_quotes=\"$(echo $qsum)\" redis_orders=\"$(echo $osum)\" redis_resume_s=$(secs "${rresumed:-60000}")"

  # rider dispatch down
  log "rider dispatch: every call answered 503 for $OUTAGE s (and as long as orders take to reach READY)"
  curl -s -m 10 -X POST -H 'Content-Type: application/json' "$FLEET/rider-dispatch/sim/faults" -d '{"mode": "error"}' > "$RUN/rider-fault.json"
  if grep -q '/problems/' "$RUN/rider-fault.json"; then fail "rider dispatch fault not set: $(cat "$RUN/rider-fault.json")"; fi
  created_before=$(curl -s -m 10 "$FLEET/sim/stats" | jq '.tripsCreated')
  sleep "$OUTAGE"
  ready_waiting=$(sql "$PG_URL" "select count(*) from orders where status = 'READY'")
  for _ in $(seq 1 60); do
    ready_waiting=$(sql "$PG_URL" "select count(*) from orders where status = 'READY'")
    [[ "$ready_waiting" -gt 0 ]] && break
    sleep 1
  done
  created_during=$(( $(curl -s -m 10 "$FLEET/sim/stats" | jq '.tripsCreated') - created_before ))
  cleared_at=$(sql "$PG_URL" "select now()")
  curl -s -m 10 -X POST -H 'Content-Type: application/json' "$FLEET/rider-dispatch/sim/faults" -d '{"mode": "none"}' >/dev/null
  t1=$(now_ms); left_ready=""
  while (( $(now_ms) - t1 < 120000 )); do
    n=$(sql "$PG_URL" "select count(*) from orders where status = 'READY' and updated_at < '$cleared_at'")
    [[ "$n" == 0 ]] && { left_ready=$(( $(now_ms) - t1 )); break; }
    sleep 0.5
  done
  md "- Rider dispatch down ($OUTAGE s and more, every call 503): $ready_waiting order(s) waiting in READY, trips accepted meanwhile: $created_during; every order READY before it returned had gone out **$(secs "${left_ready:-120000}") s** after it returned."
  fact "outage riders" "ready_waiting=$ready_waiting trips_during=$created_during left_ready_ms=${left_ready:-none}"
  [[ "$ready_waiting" -gt 0 ]] || fail "rider dispatch down: no order waited in READY"
  [[ "$created_during" == 0 ]] || fail "rider dispatch down: trips were created while it was down"
  [[ -n "$left_ready" ]] || fail "rider dispatch back: orders stayed in READY"
  RIDER_OUTAGE_LINE="rider_ready_waiting=$ready_waiting rider_resume_s=$(secs "${left_ready:-120000}")"

  # the webhook receiver returns
  down_for=$(( ($(now_ms) - HOOK_DOWN_AT) / 1000 ))
  if (( down_for < WEBHOOK_DOWN )); then log "webhook receiver down for $down_for s so far; $((WEBHOOK_DOWN - down_for)) s more"; sleep $((WEBHOOK_DOWN - down_for)); fi
  touch "$RUN/hooks.stop"
  java -Dkit.run="$RUN" -cp "$KIT_CP" io.aisle.loadtest.kit.WebhookSink serve --port "$HOOK_PORT" --log "$RUN/webhooks.tsv" >>"$RUN/webhook-sink.log" 2>&1 &
  started $! webhook-sink
  HOOK_UP_AT=$(now_ms)
  log "webhook receiver back after $(( (HOOK_UP_AT - HOOK_DOWN_AT) / 1000 )) s; waiting for the orders to finish and their webhooks"
  wait "$HOOK_FLOW" || true
  for _ in $(seq 1 "$SETTLE"); do
    open=$(sql "$PG_URL" "select count(*) from orders where status not in ('DELIVERED', 'CANCELLED', 'REJECTED', 'FAILED')")
    pending=$(sql "$PG_URL" "select count(*) from outbox where topic = 'order.webhook' and status = 'PENDING'")
    [[ "$open" == 0 && "$pending" == 0 ]] && break
    sleep 1
  done
  hooks_done=$(( ($(now_ms) - HOOK_UP_AT) / 1000 ))
  java -cp "$KIT_CP" io.aisle.loadtest.kit.WebhookSink verify --log "$RUN/webhooks.tsv" --pg "$PG_URL" --client "$HOOK_CLIENT" > "$RUN/webhooks-check.txt" 2>&1 \
    || fail "webhook receiver: statuses missing or out of order (webhooks-check.txt)"
  cat "$RUN/webhooks-check.txt"
  md "- Webhook receiver down $(( (HOOK_UP_AT - HOOK_DOWN_AT) / 1000 )) s while its client's orders went on (through the outages above): \`$(tail -1 "$RUN/webhooks-check.txt")\`, all delivered within $hooks_done s of its return."
  WEBHOOK_LINE="webhook_down_s=$(( (HOOK_UP_AT - HOOK_DOWN_AT) / 1000 )) $(tail -1 "$RUN/webhooks-check.txt" | sed 's/^WEBHOOKS //; s/\([a-z_]*\)=/webhook_\1=/g')"
  if check outages "$RUN/hooks.log" "postgres_down=${OUTAGE}s,redis_down=${OUTAGE}s,riders_down=${OUTAGE}s,webhooks_down=$(( (HOOK_UP_AT - HOOK_DOWN_AT) / 1000 ))s" >/dev/null; then :; else
    fail "outages: a must-be-zero figure is not zero (check-outages.txt)"; fi
  OUTAGE_CHECK=$(grep '^RELIABILITY' "$RUN/check-outages.txt" || true)
  log "outages: $(tail -1 "$RUN/check-outages.txt")"
  md ""
fi

# --- partner faults --------------------------------------------------------------------------------------------
resources() {  # "threads fds pg_connections heap_used_kb" of the gateway now (heap after a full GC)
  local g; g=$(gateway_pid)
  jcmd "$g" GC.run >/dev/null 2>&1 || true
  local heap; heap=$(jcmd "$g" GC.heap_info 2>/dev/null | awk '/heap/ && /used/ { gsub(/[K,]/, ""); for (i = 1; i <= NF; i++) if ($i == "used") { print $(i + 1); exit } }')
  echo "$(awk '/^Threads:/ { print $2 }' "/proc/$g/status") $(ls "/proc/$g/fd" | wc -l) $(sql "$PG_URL" "select count(*) from pg_stat_activity where datname = current_database() and application_name <> 'PostgreSQL JDBC Driver'") ${heap:-0}"
}
if phase_on faults; then
  md "## Partner faults"
  md ""
  md "Each kind on $FAULT_SHARE% of the stores for $FAULT_SECONDS s of orders at $RATE/s. Isolated: faulted stores whose breaker is not CLOSED (GET /v1/admin/stores/{id}/health) of those the orders asked."
  md ""
  md "| fault | stores faulted | asked | isolated | orders 201 | refused 4xx | 503 | 5xx (not 503) | threads | fds | pg conns | heap KiB |"
  md "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |"
  curl -s -m 10 -X DELETE "$FLEET/sim/faults" >/dev/null
  sleep 2
  read -r T0 F0 C0 H0 <<<"$(resources)"
  md "| (before) | | | | | | | | $T0 | $F0 | $C0 | $H0 |"
  FAULT_5XX=0
  for kind in hang slow error reset garbage ratelimit outofstock; do
    log "fault $kind on $FAULT_SHARE% of the stores, $FAULT_SECONDS s of orders"
    curl -s -m 10 -X POST -H 'Content-Type: application/json' "$FLEET/sim/faults" -d "{\"mix\": \"$kind=$FAULT_SHARE%\", \"seed\": $SEED}" > "$RUN/fault-$kind.json"
    jq -r '.stores[]' "$RUN/fault-$kind.json" > "$RUN/fault-$kind.stores"
    before_calls=$(curl -s -m 10 "$FLEET/sim/stats" | jq '.calls')
    flow "fault-$kind" "$CLIENT_KEY" "$RATE" "$FAULT_SECONDS"
    fpid=$!
    # quotes beside the orders: the fan-out that meets the faulted stores
    ( end=$(( $(now_ms) + FAULT_SECONDS * 1000 )); while (( $(now_ms) < end )); do
        lat=$(awk -v r=$RANDOM 'BEGIN { printf "%.4f", 30.50 + (r % 200) / 1000 }'); lon=$(awk -v r=$RANDOM 'BEGIN { printf "%.4f", 114.20 + (r % 200) / 1000 }')
        curl -s -o /dev/null -m 15 -w '%{http_code}\n' -H "Authorization: Bearer $CLIENT_KEY" -H 'Content-Type: application/json' \
          -d "{\"deliveryAddress\": {\"lat\": $lat, \"lon\": $lon}, \"lines\": [{\"gtin\": \"$GTIN\", \"quantity\": 1}]}" "$GATEWAY/v1/quotes" >> "$RUN/fault-$kind.quotes"
        sleep 0.2
      done ) &
    qpid=$!
    wait "$fpid" || true; wait "$qpid" || true
    asked=0; isolated=0
    while read -r store; do
      calls=$(curl -s -m 10 "$FLEET/sim/stores/$store" | jq '.stats.calls')
      [[ "$calls" -gt 0 ]] || continue
      asked=$((asked + 1))
      state=$(curl -s -m 10 -H "Authorization: Bearer $OPERATOR_KEY" "$GATEWAY/v1/admin/stores/$store/health" | jq -r '.state')
      [[ "$state" != CLOSED ]] && isolated=$((isolated + 1))
    done < "$RUN/fault-$kind.stores"
    c201=$(awk -F'\t' '$4 == 201' "$RUN/fault-$kind.log" | wc -l)
    c4xx=$(awk -F'\t' '$4 >= 400 && $4 < 500' "$RUN/fault-$kind.log" | wc -l)
    c503=$(awk -F'\t' '$4 == 503' "$RUN/fault-$kind.log" | wc -l)
    c5xx=$(awk -F'\t' '$4 >= 500 && !($4 == 503 && $6 != "")' "$RUN/fault-$kind.log" | wc -l)
    q5xx=$(awk '$1 >= 500 && $1 != 503' "$RUN/fault-$kind.quotes" 2>/dev/null | wc -l)
    c5xx=$((c5xx + q5xx))
    FAULT_5XX=$((FAULT_5XX + c5xx))
    curl -s -m 10 -X DELETE "$FLEET/sim/faults" >/dev/null
    sleep 3
    read -r T F C H <<<"$(resources)"
    md "| $kind | $(wc -l < "$RUN/fault-$kind.stores") | $asked | $isolated | $c201 | $c4xx | $c503 | $c5xx | $T | $F | $C | $H |"
    log "fault $kind: asked $asked faulted stores, $isolated isolated; orders 201 $c201, 4xx $c4xx, 503 $c503, 5xx $c5xx; threads $T fds $F pg $C heap ${H}K"
    [[ "$c201" -gt 0 ]] || fail "fault $kind: no order was created"
  done
  sleep 10
  read -r T1 F1 C1 H1 <<<"$(resources)"
  md "| (after, 10 s later) | | | | | | | | $T1 | $F1 | $C1 | $H1 |"
  md ""
  [[ "$FAULT_5XX" == 0 ]] || fail "partner faults: $FAULT_5XX answers were 5xx other than 503 with Retry-After"
  (( T1 <= T0 + 10 )) || fail "partner faults: gateway threads grew from $T0 to $T1"
  (( F1 <= F0 + 50 )) || fail "partner faults: gateway file descriptors grew from $F0 to $F1"
  (( C1 <= C0 + 2 )) || fail "partner faults: PostgreSQL connections grew from $C0 to $C1"
  FAULT_LINE="fault_kinds=7 fault_fivexx=$FAULT_5XX threads=$T0/$T1 fds=$F0/$F1 pg_conns=$C0/$C1 heap_kb=$H0/$H1"
  md "Before → after the seven fault runs: threads $T0 → $T1, file descriptors $F0 → $F1, PostgreSQL connections $C0 → $C1, heap after a full GC $H0 → $H1 KiB."
  md ""
  md "Every order of the fault runs, reconciled:"
  logs=$(ls "$RUN"/fault-*.log | paste -sd, -)
  if check faults "$logs" "fault_kinds=7" >/dev/null; then :; else fail "faults: a must-be-zero figure is not zero (check-faults.txt)"; fi
  log "faults: $(tail -1 "$RUN/check-faults.txt")"
  md ""
fi

# --- fuzz --------------------------------------------------------------------------------------------------------
if phase_on fuzz && [[ "$FUZZ" -gt 0 ]]; then
  md "## Bad input"
  md ""
  log "fuzz: $FUZZ generated malformed requests (MalformedInputFuzzTest against a gateway on real PostgreSQL and Redis with the fleet)"
  rc=0
  # the test phase only: packaging would replace the jar of the gateway this run still has running
  mvn -B -o -pl gateway/dev -am test -Dtest=MalformedInputFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Daisle.fuzz.requests="$FUZZ" -Djacoco.skip=true </dev/null > "$RUN/fuzz.log" 2>&1 || rc=$?
  # the test's own lines (surefire keeps a test's output in its report directory)
  out=gateway/dev/target/surefire-reports/io.aisle.gateway.api.MalformedInputFuzzTest-output.txt
  { grep '^fuzz:' "$out" 2>/dev/null || true; } > "$RUN/fuzz-figures.txt"
  cut -c1-2000 "$RUN/fuzz-figures.txt"
  { echo '```'; cut -c1-4000 "$RUN/fuzz-figures.txt"; echo '```'; } >> "$REPORT"
  [[ $rc == 0 ]] || fail "fuzz: MalformedInputFuzzTest failed (fuzz.log)"
  first=$(grep -m1 ' requests (seed' "$RUN/fuzz-figures.txt" || true)
  [[ -n "$first" ]] || fail "fuzz: no figures in $out"
  FUZZ_5XX=$( { grep -o '5[0-9][0-9]=[0-9]*' <<<"$first" || true; } | awk -F= '{ s += $2 } END { print s + 0 }')
  FUZZ_REFUSED=$(sed -n 's/.*), \([0-9]*\) refused.*/\1/p' <<<"$first")
  FUZZ_VIOLATIONS=$(sed -n 's/^fuzz: \([0-9]*\) violation.*/\1/p' "$RUN/fuzz-figures.txt")
  FUZZ_LINE="fuzz_requests=$FUZZ fuzz_refused=${FUZZ_REFUSED:-?} fuzz_fivexx=$FUZZ_5XX fuzz_violations=${FUZZ_VIOLATIONS:-?}"
  [[ "$FUZZ_5XX" == 0 ]] || fail "fuzz: $FUZZ_5XX answers 5xx"
  md ""
fi

# --- verdict ------------------------------------------------------------------------------------------------------
VERDICT=PASS; [[ ${#FAILED[@]} -eq 0 ]] || VERDICT=FAIL
md "## Verdict: $VERDICT"
for f in "${FAILED[@]}"; do md "- $f"; done
cp "$REPORT" "$ROOT/load-tests/target/reliability/last.md"
log "report: $REPORT"
line="${CRASH_LINE:-RELIABILITY}"
for extra in "${PG_OUTAGE_LINE:-}" "${REDIS_OUTAGE_LINE:-}" "${RIDER_OUTAGE_LINE:-}" "${WEBHOOK_LINE:-}" "${FAULT_LINE:-}" "${FUZZ_LINE:-}"; do
  [[ -n "$extra" ]] && line="$line $extra"
done
for f in "${FAILED[@]}"; do echo "FAILED: $f"; done
SUMMARY_LINE="$line verdict=$VERDICT"
[[ $VERDICT == PASS ]]
