package io.aisle.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The shape of the code, kept by tests: the canonical model and the domain core are plain Java,
 * dependencies between the gateway's packages point one way (no cycles, nothing but the composition
 * root reaches into the HTTP edge), and the production path never reaches dev-mode or simulator code.
 */
@AnalyzeClasses(packages = "io.aisle", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRuleTest {

    /** The domain core: allocation, the planning of waves, pick lists and trips, and the order's own rules. */
    static final List<String> DOMAIN_CORE = List.of(
            "io.aisle.gateway.allocation..", "io.aisle.gateway.planning..", "io.aisle.gateway.order.model..");

    /** The HTTP edge: the one place that knows requests, responses and problem+json. */
    static final String HTTP_EDGE = "io.aisle.gateway.api..";

    /** Metrics, traces and log context: used by the services, knowing none of them. */
    static final String OBSERVABILITY = "io.aisle.gateway.observability..";

    @ArchTest
    static final ArchRule contractsKnowNothingOfVertx = noClasses()
            .that().resideInAPackage("io.aisle.contracts..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "io.aisle.adapters..", "io.aisle.gateway..");

    @ArchTest
    static final ArchRule domainCoreIsPlainJava = noClasses()
            .that().resideInAnyPackage(DOMAIN_CORE.toArray(String[]::new))
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "io.github.resilience4j..", "java.sql..");

    @ArchTest
    static final ArchRule gatewayPackagesAreFreeOfCycles = slices()
            .matching("io.aisle.gateway.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheCompositionRootReachesIntoTheHttpEdge = noClasses()
            .that().resideInAPackage("io.aisle.gateway..")
            .and().resideOutsideOfPackage(HTTP_EDGE)
            .and().haveNameNotMatching("io\\.aisle\\.gateway\\.(Gateway|Main)(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage(HTTP_EDGE)
            .because("services and the domain fail with exceptions of their own, which the edge maps to problem+json");

    /** Services report to observability; observability reads breakers (isolation) and settings, never a service or the edge. */
    @ArchTest
    static final ArchRule observabilityKnowsNoServiceNorTheEdge = noClasses()
            .that().resideInAPackage(OBSERVABILITY)
            .should().dependOnClassesThat().resideInAnyPackage(HTTP_EDGE, "io.aisle.gateway.quote..", "io.aisle.gateway.order..",
                    "io.aisle.gateway.picking..", "io.aisle.gateway.dispatch..", "io.aisle.gateway.outbox..",
                    "io.aisle.gateway.webhook..", "io.aisle.gateway.store..")
            .because("the services depend on it: the other way would be a cycle, and a meter would know the SQL behind it");

    @ArchTest
    static final ArchRule domainCoreIsNotMeasuredFromInside = noClasses()
            .that().resideInAnyPackage(DOMAIN_CORE.toArray(String[]::new))
            .should().dependOnClassesThat().resideInAnyPackage(OBSERVABILITY, "io.micrometer..", "io.opentelemetry..")
            .because("the services around the domain core measure what it decided");

    /** What the production jar holds (gateway, adapters, contracts) never reaches dev mode, simulators, embedded servers or test support. */
    @ArchTest
    static final ArchRule productionPathNeverLoadsDevModeOrSimulators = noClasses()
            .that().resideInAnyPackage("io.aisle.gateway..", "io.aisle.adapters..", "io.aisle.contracts..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.aisle.gateway.dev..", "io.aisle.simulator..", "io.aisle.testing..", "io.zonky..", "redis.embedded..");

    @ArchTest
    static final ArchRule adaptersDoNotReachIntoTheGateway = noClasses()
            .that().resideInAnyPackage("io.aisle.adapters..", "io.aisle.simulator..")
            .should().dependOnClassesThat().resideInAPackage("io.aisle.gateway..");

    /** A rule over a package that does not exist keeps nothing: every package the rules name holds classes. */
    @ArchTest
    static void everyPackageTheRulesNameExists(JavaClasses classes) {
        for (String pattern : concat(DOMAIN_CORE, List.of(HTTP_EDGE, OBSERVABILITY))) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals(prefix) || c.getPackageName().startsWith(prefix + ".")),
                    "the dependency rules name " + pattern + ", which holds no class");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
