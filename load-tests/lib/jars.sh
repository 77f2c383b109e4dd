# Where the kit finds the programs it starts: the one place to change when the jars move.
# Sourced by load-tests/run.sh from the repository root. Sets two arrays, each what follows `java [opts]`:
#   FLEET_LAUNCH    the simulated fleet (io.aisle.simulator.FleetMain, --name=value options), its own jar
#   GATEWAY_LAUNCH  the gateway in production mode (`start`, then --config FILE): the lean production jar,
#                   the one the Docker image runs (no simulator, no embedded server)
kit_find_jars() {
  FLEET_LAUNCH=(-jar adapters/simulator/target/aisle-fleet.jar)
  GATEWAY_LAUNCH=(-jar gateway/target/aisle-gateway-server.jar start)
  # the kit's own tools and the Gatling scenarios: load-tests' classes and test classpath
  KIT_CP="load-tests/target/test-classes:load-tests/target/classes:$(cat load-tests/target/kit-classpath.txt 2>/dev/null)"
}

# The jars the build must have produced (for the freshness check).
kit_built_files() {
  echo gateway/target/aisle-gateway-server.jar adapters/simulator/target/aisle-fleet.jar load-tests/target/kit-classpath.txt \
    load-tests/target/test-classes/io/aisle/loadtest/gatling/OrderStorm.class
}
