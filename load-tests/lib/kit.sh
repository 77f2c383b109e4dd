# The load-test kit's process pieces, shared by load-tests/run.sh (scenarios) and
# load-tests/reliability.sh (crashes, outages, faults): PostgreSQL and Redis (embedded or the machine's),
# the simulated fleet as its own process, gateways in start mode from a config file the kit writes,
# onboarding, and stopping everything that was started. Sourced from the repository root after
# lib/jars.sh; the caller sets the variables each function names (run.sh's options) and RUN (its
# run directory), and defines log() and fact().

# --- what was started, and stopping it ---------------------------------------------------------------
PIDS=(); NAMES=(); SUMMARY_LINE=""
# Ports that must be free again once everything stopped (the caller adds its own).
KIT_PORTS=()
started() { PIDS+=("$1"); NAMES+=("$2"); echo "$2 $1" >> "$RUN/pids"; }
# The pid of the last process started under a name (a restarted gateway has several).
pid_of() { awk -v n="$1" '$1 == n { p = $2 } END { print p }' "$RUN/pids"; }
stop_pid() {
  local pid=$1 name=$2
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  echo "[kit] $name ($pid) did not stop within 20 s: killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}
port_busy() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }
pid_on_port() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

# The EXIT trap: stops what was started (newest first), drops the run's database and Redis db on the
# machine's servers, and fails the run when anything is left running. A caller's kit_before_stop runs first.
kit_cleanup() {
  local rc=$?
  set +e
  declare -F kit_before_stop >/dev/null && kit_before_stop
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}" "${NAMES[$i]}"; done
  wait 2>/dev/null
  if [[ "$PG" == local ]]; then
    java -cp "$KIT_CP" io.aisle.loadtest.kit.Sql "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres" \
      "drop database if exists $DB with (force)" >/dev/null 2>&1
  fi
  [[ "$REDIS" == local ]] && redis-cli -h 127.0.0.1 -p 6379 -n $REDIS_DB flushdb >/dev/null 2>&1
  local left
  left=$(pgrep -f -- "-Dkit.run=$RUN" || true)
  for p in ${PG_PORT_EMBEDDED:-} ${REDIS_PORT_EMBEDDED:-} "${KIT_PORTS[@]}"; do
    port_busy "$p" && left="$left port:$p"
  done
  if [[ -n "${left// /}" ]]; then
    echo "[kit] LEFT RUNNING: $left" >&2
    [[ $rc -eq 0 ]] && rc=1
  fi
  if [[ -n "$SUMMARY_LINE" ]]; then
    echo "$SUMMARY_LINE"
  fi
  exit $rc
}

# --- build ---------------------------------------------------------------------------------------------
# BUILD=auto: package when a source is newer than a jar the kit runs.
kit_build() {
  if [[ "$BUILD" == auto ]]; then
    local stale=no f
    for f in $(kit_built_files); do
      [[ -f "$f" ]] || { stale=yes; break; }
      # any pom or source of any module, at any depth (adapters/simulator/...), newer than what was built
      if [[ -n "$(find . \( -name target -o -name .git \) -prune -o -type f \( -name pom.xml -o -path '*/src/*' \) -newer "$f" -print -quit 2>/dev/null)" ]]; then
        stale=yes; break
      fi
    done
    if [[ $stale == yes ]]; then
      log "building (mvn -B -q -DskipTests package)"
      mvn -B -q -o -DskipTests package </dev/null >"$RUN/build.log" 2>&1 || mvn -B -q -DskipTests package </dev/null >"$RUN/build.log" 2>&1 \
        || { cat "$RUN/build.log"; exit 1; }
    fi
  fi
  kit_find_jars
}

# --- PostgreSQL and Redis ------------------------------------------------------------------------------
# PG, REDIS: embedded | local; DB, REDIS_DB. Sets PG_PORT, PG_URL, PG_ADMIN, PG_VERSION, PG_PM (embedded
# postmaster), REDIS_PORT, REDIS_URL, REDIS_PID, and sql(). PostgreSQL runs with fsync and synchronous_commit on.
sql() { java -cp "$KIT_CP" io.aisle.loadtest.kit.Sql "$@"; }
kit_start_servers() {
  PG_PORT=5432; REDIS_PORT=6379; PG_PM=""; REDIS_PID=""
  if [[ "$PG" == embedded || "$REDIS" == embedded ]]; then
    local flags=(); [[ "$PG" == embedded ]] && flags+=(--pg); [[ "$REDIS" == embedded ]] && flags+=(--redis)
    log "starting embedded ${flags[*]}"
    java -Dkit.run="$RUN" -cp "$KIT_CP" io.aisle.loadtest.kit.EmbeddedServers "${flags[@]}" --out "$RUN/servers.env" >"$RUN/servers.log" 2>&1 &
    started $! embedded-servers
    for _ in $(seq 1 480); do [[ -f "$RUN/servers.env" ]] && break; kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$RUN/servers.log"; exit 1; }; sleep 0.5; done
    [[ -f "$RUN/servers.env" ]] || { echo "embedded servers did not start" >&2; cat "$RUN/servers.log"; exit 1; }
    # shellcheck disable=SC1090
    source "$RUN/servers.env"
    [[ "$PG" == embedded ]] && PG_PORT_EMBEDDED=$PG_PORT
    [[ "$REDIS" == embedded ]] && REDIS_PORT_EMBEDDED=$REDIS_PORT
  fi
  PG_ADMIN="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
  PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB?user=postgres"
  sql "$PG_ADMIN" "drop database if exists $DB with (force)" "create database $DB" "alter database $DB set synchronous_commit = on"
  local fsync sync
  fsync=$(sql "$PG_URL" "show fsync"); sync=$(sql "$PG_URL" "show synchronous_commit"); PG_VERSION=$(sql "$PG_URL" "show server_version")
  fact fsync "$fsync"; fact synchronous_commit "$sync"
  log "PostgreSQL $PG_VERSION ($PG) on 127.0.0.1:$PG_PORT, database $DB: fsync=$fsync synchronous_commit=$sync"
  if [[ "$fsync" != on || "$sync" != on ]]; then echo "the kit measures with fsync=on and synchronous_commit=on" >&2; exit 1; fi
  [[ "$PG" == embedded ]] && PG_PM=$(pid_on_port "$PG_PORT")
  if [[ "$REDIS" == local ]]; then
    redis-cli -h 127.0.0.1 -p 6379 -n $REDIS_DB flushdb >/dev/null
    REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB"
  else
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  fi
  REDIS_PID=$(pid_on_port "$REDIS_PORT")
  fact servers "PostgreSQL $PG_VERSION ($PG, port $PG_PORT, database $DB), Redis ($REDIS, $REDIS_URL)"
  fact "postgres counted" "${PG_PM:+postmaster $PG_PM and all its backends}${PG_PM:-the machine's server: only $DB's backends}"
}

# --- the fleet ------------------------------------------------------------------------------------------
# FLEET_PORT, GATEWAY_PORT0 (or CALLBACKS), STORES, SEED, FAULTS, PICK_BASE, PICK_PER_LINE, RIDER_STEP,
# PUSH_PERIOD. Sets GATEWAY1, FLEET, CALLBACKS.
kit_start_fleet() {
  GATEWAY1="http://127.0.0.1:$GATEWAY_PORT0"
  FLEET="http://127.0.0.1:$FLEET_PORT"
  CALLBACKS=${CALLBACKS:-$GATEWAY1}   # where the fleet calls the gateway back: stock pushes, pick results, rider events
  log "starting the fleet: $STORES stores, faults ${FAULTS:-none}"
  java -Dkit.run="$RUN" ${FLEET_JAVA_OPTS:-} "${FLEET_LAUNCH[@]}" --port=$FLEET_PORT --stores="$STORES" --seed="$SEED" \
    --gateway-url="$CALLBACKS" --faults="${FAULTS:-none}" --pick-base="$PICK_BASE" --pick-per-line="$PICK_PER_LINE" \
    --rider-step="$RIDER_STEP" --push-period="$PUSH_PERIOD" >"$RUN/fleet.log" 2>&1 &
  started $! fleet
  # up to 4 minutes: on a busy shared machine a JVM's start-up alone can take minutes
  for _ in $(seq 1 480); do grep -q "fleet simulator ready" "$RUN/fleet.log" && break; kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$RUN/fleet.log"; exit 1; }; sleep 0.5; done
  grep -q "fleet simulator ready" "$RUN/fleet.log" || { echo "the fleet did not start" >&2; cat "$RUN/fleet.log"; exit 1; }
}

# --- the gateways ---------------------------------------------------------------------------------------
ms() { local v=$1; case "$v" in *ms) echo "${v%ms}" ;; *s) echo $(( ${v%s} * 1000 )) ;; *m) echo $(( ${v%m} * 60000 )) ;; *) echo "$v" ;; esac; }

# kit_gateway_config N PORT: writes $RUN/gateway-N.yaml, production mode against the kit's servers and
# fleet. Callers may add settings: KIT_YAML_PICKING (lines under picking:), KIT_YAML_RIDERS (under riderDispatch:), KIT_YAML_SECTIONS (whole
# top-level sections, e.g. orders:), KIT_YAML_CLIENT (lines under the client, e.g. its webhookUrl).
kit_gateway_config() {
  local n=$1 port=$2
  cat > "$RUN/gateway-$n.yaml" <<YAML
# written by load-tests for run $RUN_ID: production mode against the kit's servers and fleet
http:
  host: 127.0.0.1
  port: $port
postgres:
  host: 127.0.0.1
  port: $PG_PORT
  database: $DB
  user: postgres
  password: ""
  # the default 2 s is too short on a shared 2-core machine: start-up blocks the event loop for seconds (JIT, class loading)
  connectTimeoutMs: 5000
redis:
  url: $REDIS_URL
quote:
  maxCandidates: $K
picking:
  # the fleet's pickers and riders are fast: waves and expectations to match, so orders deliver within a minute
  waveWindowMs: 3000
  pickBaseMs: $(ms "$PICK_BASE")
  pickPerLineMs: $(ms "$PICK_PER_LINE")
  checkPeriodMs: 500
  redispatchBackoffMs: 2000
${KIT_YAML_PICKING:-}
riderDispatch:
  baseUrl: $FLEET/rider-dispatch
  apiKey: dev-rider-key
  signingSecret: dev-rider-signing-secret
  # the fleet's riders take one --rider-step to be assigned and one to reach the store: requested that long ahead
  approachMs: $(( 2 * $(ms "$RIDER_STEP") ))
${KIT_YAML_RIDERS:-}
chains:
  - chainId: aisle-mart
    kind: AISLE_PARTNER_API
    baseUrl: $FLEET/aisle-partner
    apiKey: dev-key-aisle-mart
    signingSecret: dev-secret-aisle-mart
    maxConnections: 64
    maxWaitQueue: 512
  - chainId: jiuzhou-legacy
    kind: LEGACY_XML
    baseUrl: $FLEET/legacy-xml
    apiKey: dev-key-jiuzhou-legacy
    signingSecret: dev-secret-jiuzhou-legacy
    maxConnections: 64
    maxWaitQueue: 512
  - chainId: pushfresh
    kind: PUSH_ONLY
    signingSecret: dev-secret-pushfresh
auth:
  operatorKey: $OPERATOR_KEY
clients:
  - clientId: kit-superapp
    name: Load-test kit
    apiKey: $CLIENT_KEY
    # the kit measures what the gateway can serve, not this client's limit (still counted in Redis per request)
    requestsPerWindow: 1000000
    windowMs: 1000
${KIT_YAML_CLIENT:-}
${KIT_YAML_SECTIONS:-}
YAML
}

# kit_start_gateway N URL: starts gateway N from its config and waits until it is ready. A gateway that fails
# its start-up is started once more, and the run says so (a finding, not noise).
kit_start_gateway() {
  local n=$1 url=$2 attempt gpid failure
  for attempt in 1 2; do
    log "starting gateway $n on ${url##*:} (start mode$([[ $attempt == 2 ]] && echo ", second attempt"))"
    java -Dkit.run="$RUN" ${GATEWAY_JAVA_OPTS:-} "${GATEWAY_LAUNCH[@]}" --config "$RUN/gateway-$n.yaml" >>"$RUN/gateway-$n.log" 2>&1 &
    gpid=$!
    started $gpid "gateway-$n"
    for _ in $(seq 1 480); do
      [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready")" == 200 ]] && return 0
      kill -0 "$gpid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$gpid" 2>/dev/null && break
    failure=$(grep -m1 "start-up failed:" "$RUN/gateway-$n.log" || echo "exited")
    fact "check gateway $n start-up" "attempt $attempt failed: $failure"
    log "gateway $n failed to start (attempt $attempt): $failure"
    [[ $attempt == 2 ]] && { tail -30 "$RUN/gateway-$n.log"; exit 1; }
    sleep 2
  done
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready")" == 200 ]] || { echo "gateway $n not ready" >&2; tail -30 "$RUN/gateway-$n.log"; exit 1; }
}

# --- onboarding -------------------------------------------------------------------------------------------
# Through gateway 1's admin API, every store open all day (the fleet keeps Wuhan hours otherwise); the simulated
# chains get far more than a real chain's quota (as dev mode registers them): the gateway is what gets measured.
kit_onboard() {
  log "onboarding the fleet through $GATEWAY1/v1/admin/onboarding"
  curl -sf "$FLEET/sim/onboarding?openAllDay=true" -o "$RUN/onboarding.json"
  curl -sf -X POST -H "Authorization: Bearer $OPERATOR_KEY" -H 'Content-Type: application/json' --data-binary @"$RUN/onboarding.json" \
    "$GATEWAY1/v1/admin/onboarding" > "$RUN/onboarded.json" || { echo "onboarding failed" >&2; tail -20 "$RUN/gateway-1.log"; exit 1; }
  rm -f "$RUN/onboarding.json"
  log "onboarded: $(cat "$RUN/onboarded.json")"
  PUSHED_AT_ONBOARDING=$(curl -s "$FLEET/sim/stats" | jq '.stockSnapshotsPushed')
  sql "$PG_URL" "update chains set rate_limit_per_second = 20000, max_concurrent_calls = 512"
  sleep 6   # every instance re-reads the chains' quotas every 5 s
}

# Waits until the push-only chain's first snapshots after onboarding reached the gateway (its stores have no
# stock before).
kit_wait_for_pushes() {
  local stores
  stores=$(jq '[.stores[] | select(.chainId == "pushfresh")] | length' <(curl -s "$FLEET/sim/stores?chainId=pushfresh"))
  log "waiting for the push-only chain's snapshots of $stores stores (every $PUSH_PERIOD)"
  for _ in $(seq 1 90); do
    (( $(curl -s "$FLEET/sim/stats" | jq '.stockSnapshotsPushed') - ${PUSHED_AT_ONBOARDING:-0} >= stores )) && break
    sleep 1
  done
}
