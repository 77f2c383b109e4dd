# Where the kit finds the programs it starts: the one place to change when the jars move.
# Sourced by load-tests/run.sh from the repository root. Sets two arrays, each what follows `java [opts]`:
#   FLEET_LAUNCH    the simulated fleet (io.aisle.simulator.FleetMain, --name=value options)
#   GATEWAY_LAUNCH  the gateway in production mode (`start`, then --config FILE)
# It prefers the dedicated jars (the fleet's own module, the lean production gateway) when they are
# built, and falls back to the full gateway jar, which holds both today.
kit_find_jars() {
  if [[ -f adapters/simulator/target/aisle-fleet.jar ]]; then
    FLEET_LAUNCH=(-jar adapters/simulator/target/aisle-fleet.jar)
  else
    FLEET_LAUNCH=(-cp gateway/target/aisle-gateway.jar io.aisle.simulator.FleetMain)
  fi
  if [[ -f gateway/target/aisle-gateway-server.jar ]]; then
    GATEWAY_LAUNCH=(-jar gateway/target/aisle-gateway-server.jar start)
  else
    GATEWAY_LAUNCH=(-jar gateway/target/aisle-gateway.jar start)
  fi
  # the kit's own tools and the Gatling scenarios: load-tests' classes and test classpath
  KIT_CP="load-tests/target/test-classes:load-tests/target/classes:$(cat load-tests/target/kit-classpath.txt 2>/dev/null)"
}

# The jars the build must have produced (for the freshness check).
kit_built_files() {
  echo gateway/target/aisle-gateway.jar load-tests/target/kit-classpath.txt load-tests/target/test-classes/io/aisle/loadtest/gatling/OrderStorm.class
}
