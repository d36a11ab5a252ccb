package io.github.asyncgraalpy;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import org.junit.jupiter.api.Test;

/**
 * The layering the build enforces: the library (runtime, coroutine, bridge) names none of the code built on it, and
 * the packages form no cycle. The one known cycle is excepted by name: GraalPyRuntime wires the coroutine and bridge
 * halves into each context it makes, and is itself in the kernel package they use (issue 11 moves the wiring up).
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.asyncgraalpy");

    @Test
    void theLibraryNamesNoneOfItsConsumers() {
        noClasses().that().resideInAnyPackage("io.github.asyncgraalpy.runtime..", "io.github.asyncgraalpy.coroutine..",
                        "io.github.asyncgraalpy.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.asyncgraalpy.examples..", "io.github.asyncgraalpy.runner..",
                        "io.github.asyncgraalpy.bench..", "io.github.asyncgraalpy.launcher..")
                .because("a library that names its consumers cannot be taken without them")
                .check(MAIN);
    }

    @Test
    void thePackagesFormNoCycleBesideTheRuntimesWiring() {
        slices().matching("io.github.asyncgraalpy.(*)..").should().beFreeOfCycles()
                .ignoreDependency(describe("GraalPyRuntime", javaClass -> javaClass.getName().startsWith(GraalPyRuntime.class.getName())),
                        describe("the coroutine and bridge packages", javaClass -> javaClass.getPackageName().startsWith("io.github.asyncgraalpy.coroutine")
                                || javaClass.getPackageName().startsWith("io.github.asyncgraalpy.bridge")))
                .check(MAIN);
    }
}
