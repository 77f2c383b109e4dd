package io.aisle.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape of the code, kept by tests: the canonical model and the domain core are plain Java, and
 * the production path never reaches dev-mode or simulator code.
 */
@AnalyzeClasses(packages = "io.aisle", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRuleTest {

    @ArchTest
    static final ArchRule contractsKnowNothingOfVertx = noClasses()
            .that().resideInAPackage("io.aisle.contracts..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "io.aisle.adapters..", "io.aisle.gateway..");

    @ArchTest
    static final ArchRule domainCoreIsPlainJava = noClasses()
            .that().resideInAnyPackage("io.aisle.gateway.allocation..", "io.aisle.gateway.planning..", "io.aisle.gateway.order.model..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "io.github.resilience4j..", "java.sql..")
            .allowEmptyShould(true);

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
}
