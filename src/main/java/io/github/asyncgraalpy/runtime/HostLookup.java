package io.github.asyncgraalpy.runtime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which Java classes a runtime's Python may name with {@code java.type}, and the class loader it finds them in:
 * the project's Python-facing packages and JDK interfaces ({@link Sandbox#mayLookUp}), plus the packages an
 * embedder added through {@link GraalPyRuntime.Builder}.
 */
record HostLookup(List<String> packagePrefixes, Set<String> classNames, Optional<ClassLoader> classLoader) {

    static final HostLookup PROJECT = new HostLookup(List.of(), Set.of(), Optional.empty());

    /** Packages no embedder may open to Python: the platform's, whose members the sandbox does not vouch for. */
    private static final List<String> PLATFORM_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "com.oracle.", "org.graalvm.");
    /** The library's own packages: Python sees of them what the library itself lets it ({@link Sandbox#mayLookUp}). */
    private static final List<String> LIBRARY_PACKAGES = List.of("io.github.asyncgraalpy.runtime.", "io.github.asyncgraalpy.coroutine.",
            "io.github.asyncgraalpy.bridge.", "io.github.asyncgraalpy.internal.");

    HostLookup {
        packagePrefixes = List.copyOf(packagePrefixes);
        classNames = Set.copyOf(classNames);
    }

    boolean mayLookUp(String className) {
        if (Sandbox.mayLookUp(className)) {
            return true;
        }
        // Whatever an embedder opened, the platform's and the library's own classes stay the sandbox's to decide.
        if (PLATFORM_PACKAGES.stream().anyMatch(className::startsWith) || LIBRARY_PACKAGES.stream().anyMatch(className::startsWith)) {
            return false;
        }
        return classNames.contains(className) || packagePrefixes.stream().anyMatch(className::startsWith);
    }

    HostLookup with(List<String> morePackages, List<String> moreClasses, Optional<ClassLoader> loader) {
        List<String> prefixes = new ArrayList<>(packagePrefixes);
        morePackages.stream().map(name -> name + ".").filter(prefix -> !prefixes.contains(prefix)).forEach(prefixes::add);
        Set<String> names = new HashSet<>(classNames);
        names.addAll(moreClasses);
        return new HostLookup(prefixes, names, loader.isPresent() ? loader : classLoader);
    }

    /** {@code name} as a package name, or why it cannot be one Python may look into. */
    static String checkedPackage(String name) {
        if (name == null || !name.matches("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*")) {
            throw new IllegalArgumentException("not a package name: " + (name == null ? "null" : "'" + name + "'"));
        }
        String prefix = name + ".";
        for (String platform : PLATFORM_PACKAGES) {
            if (prefix.startsWith(platform) || platform.startsWith(prefix)) { // the package, or one that holds it
                throw new IllegalArgumentException(name + " is or holds a platform package (" + platform + "*): Python may not look it up;"
                        + " the sandbox lets it name only the JDK interfaces it gives Python methods for");
            }
        }
        for (String library : LIBRARY_PACKAGES) {
            if (prefix.startsWith(library) || library.startsWith(prefix)) {
                throw new IllegalArgumentException(name + " is or holds one of the library's own packages (" + library + "*):"
                        + " Python sees of them what the library lets it");
            }
        }
        return name;
    }
}
