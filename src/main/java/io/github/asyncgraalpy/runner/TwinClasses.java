package io.github.asyncgraalpy.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Where the Java twins of a folder of scripts are: the project's examples for {@code py-scripts/}, or, for a folder
 * of your own ({@code -Dscripts=DIR}), the {@code .java} files in it, which the runner compiles against its own
 * class path when it starts. {@code my_pair.py} then pairs with {@code MyPair} in the package those files declare
 * ({@code -Dtwins=PACKAGE} names it where they declare several).
 *
 * @param packageName where the twins are looked up by name
 * @param loader the class loader that finds them
 * @param origin where they came from, for the error that names a missing twin (empty: the project's examples)
 */
public record TwinClasses(String packageName, ClassLoader loader, String origin) {

    /** The project's own twins, {@code io.github.asyncgraalpy.examples}. */
    public static final TwinClasses PROJECT = new TwinClasses("io.github.asyncgraalpy.examples", TwinClasses.class.getClassLoader(), "");

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    public TwinClasses {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(origin, "origin");
    }

    /** True for the project's examples, which the project's own runtime already lets Python look up. */
    public boolean isProject() {
        return equals(PROJECT);
    }

    /** {@code " (compiled from DIR)"}, or nothing for the project's examples. */
    String whereFrom() {
        return origin.isEmpty() ? "" : " (" + origin + ")";
    }

    /** Twins that cannot be had: a compile error, or sources that leave the package to look in open. */
    public static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    /**
     * The twins of {@code scriptsDir}: its {@code .java} files (in it or below it) compiled into {@code classesDir}, or,
     * with none there, the project's examples ({@code packageName} given: that package on the class path).
     *
     * @throws Unusable when the sources do not compile (with javac's messages), or declare no package, or several
     *     and {@code packageName} is not given
     */
    public static TwinClasses of(Path scriptsDir, Optional<String> packageName, Path classesDir) throws Unusable {
        List<Path> sources = sources(scriptsDir);
        if (sources.isEmpty()) {
            return packageName.map(name -> new TwinClasses(name, PROJECT.loader(), "looked up on the runner's class path"))
                    .orElse(PROJECT);
        }
        String twinsPackage = packageName.isPresent() ? packageName.get() : declaredPackage(scriptsDir, sources);
        compile(scriptsDir, sources, classesDir);
        try {
            ClassLoader loader = new URLClassLoader("twins", new URL[] {classesDir.toUri().toURL()}, PROJECT.loader());
            return new TwinClasses(twinsPackage, loader, "compiled from " + scriptsDir.toAbsolutePath());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> sources(Path scriptsDir) {
        if (!Files.isDirectory(scriptsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(scriptsDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".java") && Files.isRegularFile(file))
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String declaredPackage(Path scriptsDir, List<Path> sources) throws Unusable {
        TreeSet<String> packages = new TreeSet<>();
        for (Path source : sources) {
            Matcher declared;
            try {
                declared = PACKAGE.matcher(Files.readString(source, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new Unusable("cannot read " + source + ": " + e);
            }
            if (!declared.find()) {
                throw new Unusable(source + " declares no package: put the twins in a named package"
                        + " (Python looks Java classes up by their full name)");
            }
            packages.add(declared.group(1));
        }
        if (packages.size() > 1) {
            throw new Unusable("the Java files in " + scriptsDir + " declare the packages " + String.join(", ", packages)
                    + ": say which holds the twins with -Dtwins=PACKAGE");
        }
        return packages.first();
    }

    private static void compile(Path scriptsDir, List<Path> sources, Path classesDir) throws Unusable {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new Unusable("the Java files in " + scriptsDir + " need a JDK's compiler to become twins; this Java ("
                    + System.getProperty("java.home") + ") has none");
        }
        List<String> arguments = new ArrayList<>(List.of("-d", classesDir.toString(), "-encoding", "UTF-8", "-proc:none",
                "-implicit:none", "-classpath", System.getProperty("java.class.path", "")));
        String modulePath = System.getProperty("jdk.module.path", "");
        if (!modulePath.isEmpty()) { // the polyglot API, where the build puts it
            arguments.addAll(List.of("--module-path", modulePath, "--add-modules", "org.graalvm.polyglot"));
        }
        sources.forEach(source -> arguments.add(source.toString()));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        try {
            Files.createDirectories(classesDir);
        } catch (IOException e) {
            throw new Unusable("cannot create " + classesDir + ": " + e);
        }
        int status = javac.run(null, messages, messages, arguments.toArray(String[]::new));
        if (status != 0) {
            throw new Unusable("the Java twins in " + scriptsDir + " do not compile:\n" + messages.toString(StandardCharsets.UTF_8).strip());
        }
    }
}
