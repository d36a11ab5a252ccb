package io.github.asyncgraalpy;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.asyncgraalpy.runtime.internal.Plumbing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering the build enforces: the library (runtime, coroutine, bridge) and its tests name none of the code built
 * on it, its packages form no cycle, and what is built on it reaches none of its {@code internal} packages and calls
 * none of its {@link Plumbing} members.
 */
class ArchitectureTest {

    /** The code built on the library: in this project, beside it, but kept out of its artifact. */
    private static final String[] CONSUMERS = {"io.github.asyncgraalpy.examples..", "io.github.asyncgraalpy.runner..",
        "io.github.asyncgraalpy.bench..", "io.github.asyncgraalpy.launcher.."};

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.asyncgraalpy");

    /** The library's tests, and the test fixtures they share: compiled to test-classes, which MAIN leaves out. */
    private static final JavaClasses TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("io.github.asyncgraalpy");

    @Test
    void theLibrarysTestsNameNoneOfItsConsumers() {
        noClasses().that().resideInAnyPackage("io.github.asyncgraalpy.runtime..", "io.github.asyncgraalpy.coroutine..",
                        "io.github.asyncgraalpy.bridge..", "io.github.asyncgraalpy.testing..")
                .should().dependOnClassesThat().resideInAnyPackage(CONSUMERS)
                .because("the library's tests run in the tests' own runtime (TestRuntime) with classes of their own: they"
                        + " must build and pass with the examples, the runner, the benchmarks and the launcher gone")
                .check(TESTS);
    }

    @Test
    void theLibraryNamesNoneOfItsConsumers() {
        noClasses().that().resideInAnyPackage("io.github.asyncgraalpy.runtime..", "io.github.asyncgraalpy.coroutine..",
                        "io.github.asyncgraalpy.bridge..")
                .should().dependOnClassesThat().resideInAnyPackage(CONSUMERS)
                .because("a library that names its consumers cannot be taken without them")
                .check(MAIN);
    }

    @Test
    void thePackagesFormNoCycle() {
        // Every package its own slice: an API package and its internal one must not name each other both ways either.
        slices().matching("io.github.asyncgraalpy.(**)").should().beFreeOfCycles()
                .because("a layer that its lower layers name cannot change on its own; the bootstrap's parts are found"
                        + " with ServiceLoader so that the runtime names none of them")
                .check(MAIN);
    }

    @Test
    void theCodeBuiltOnTheLibraryUsesNoneOfItsInternals() {
        noClasses().that().resideInAnyPackage(CONSUMERS)
                .should().dependOnClassesThat().resideInAPackage("..internal..")
                .because("internal packages carry no contract: the examples, the runner and the benchmarks use the library"
                        + " as any application would")
                .check(MAIN);
    }

    @Test
    void theCodeBuiltOnTheLibraryCallsNoneOfItsPlumbing() {
        noClasses().that().resideInAnyPackage(CONSUMERS)
                .should().accessTargetWhere(describe("the target is marked @Plumbing", access -> access.getTarget().resolveMember()
                        .map(member -> member.isAnnotatedWith(Plumbing.class) || member.getOwner().isAnnotatedWith(Plumbing.class))
                        .orElse(false)))
                .because("@Plumbing members are public only so that the library's Python half can call them")
                .check(MAIN);
    }

    /** The library's API packages: what users extend, hold and call. */
    private static final List<String> API_PACKAGES = List.of("io.github.asyncgraalpy.runtime", "io.github.asyncgraalpy.coroutine",
            "io.github.asyncgraalpy.bridge");

    private static boolean isPublicApiType(JavaClass type) {
        return API_PACKAGES.contains(type.getPackageName()) && type.getModifiers().contains(JavaModifier.PUBLIC)
                && (type.getEnclosingClass().isEmpty() || isPublicApiType(type.getEnclosingClass().get()));
    }

    private static boolean isVisibleToUsers(JavaMember member) {
        return member.getModifiers().contains(JavaModifier.PUBLIC) || member.getModifiers().contains(JavaModifier.PROTECTED)
                && !member.getOwner().getModifiers().contains(JavaModifier.FINAL);
    }

    @Test
    void theApiNamesNoInternalTypeInWhatUsersSee() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass type : MAIN) {
            if (!isPublicApiType(type)) {
                continue;
            }
            Stream.concat(type.getRawSuperclass().stream(), type.getRawInterfaces().stream())
                    .filter(ArchitectureTest::isInternal)
                    .forEach(internal -> leaks.add(type.getName() + " extends or implements " + internal.getName()));
            for (JavaMember member : type.getMembers()) {
                if (!isVisibleToUsers(member) || member.getOwner() != type) {
                    continue;
                }
                List<JavaClass> named = new ArrayList<>();
                if (member instanceof JavaField field) {
                    named.add(field.getRawType());
                } else if (member instanceof JavaCodeUnit code) {
                    named.add(code.getRawReturnType());
                    named.addAll(code.getRawParameterTypes());
                }
                named.stream().filter(ArchitectureTest::isInternal)
                        .forEach(internal -> leaks.add(member.getFullName() + " names " + internal.getName()));
            }
        }
        assertEquals(List.of(), leaks, "internal types carry no contract: an API signature that names one makes it API");
    }

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().contains(".internal");
    }

    @Test
    void theTypesUsersExtendOrHoldShowNoPlumbing() {
        List<String> shown = new ArrayList<>();
        for (JavaClass type : MAIN) {
            if (!isPublicApiType(type)) {
                continue;
            }
            if (type.isAnnotatedWith(Plumbing.class)) {
                // A top-level @Plumbing type is the Python half's as a whole, and users never get one; nested in a type
                // users hold, it is part of what they see.
                if (type.getEnclosingClass().isPresent()) {
                    shown.add(type.getName());
                }
                continue;
            }
            type.getMembers().stream()
                    .filter(member -> member.getOwner() == type && isVisibleToUsers(member) && member.isAnnotatedWith(Plumbing.class))
                    .filter(member -> !PLUMBING_USERS_HOLD.contains(member.getFullName()))
                    .forEach(member -> shown.add(member.getFullName()));
        }
        assertEquals(List.of(), shown, "what only the library's Python half calls stays out of the types users extend or hold");
    }

    /**
     * The plumbing left on a type users hold, each with its reason; this list only shrinks. PythonContext's module: the
     * library's other packages reach a context's Python half through it, and a package of the library may not name the
     * runtime's internal one's way in without the runtime naming it back.
     */
    private static final Set<String> PLUMBING_USERS_HOLD = Set.of(
            "io.github.asyncgraalpy.runtime.PythonContext.module()",
            "io.github.asyncgraalpy.runtime.PythonContext.loopThreadFunction()");

    @Test
    void everyPackageSaysWhatItIsAndEveryPublicLibraryTypeHasJavadoc() throws IOException {
        Path main = Path.of("src/main/java/io/github/asyncgraalpy");
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(main)) {
            dirs.filter(Files::isDirectory).filter(dir -> hasJavaFiles(dir) && !Files.isRegularFile(dir.resolve("package-info.java")))
                    .forEach(dir -> missing.add("no package-info.java in " + dir));
        }
        for (String library : List.of("runtime", "coroutine", "bridge")) {
            try (Stream<Path> files = Files.walk(main.resolve(library))) {
                for (Path file : files.filter(file -> file.toString().endsWith(".java") && !file.endsWith("package-info.java")).toList()) {
                    Matcher type = PUBLIC_TYPE.matcher(Files.readString(file));
                    if (type.find() && !type.group(1).strip().endsWith("*/")) {
                        missing.add("no Javadoc on the public type in " + file);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    /** A public top-level type's declaration, with what comes before it up to its annotations. */
    private static final Pattern PUBLIC_TYPE = Pattern.compile("(?s)^(.*?)(?:^@\\w+[^\\n]*\\n)*^public [^\\n]*?(?:class|interface|enum|record) ", Pattern.MULTILINE);

    private static boolean hasJavaFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(file -> file.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
