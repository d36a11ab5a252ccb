package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.examples.JavaTwin;
import io.github.asyncgraalpy.examples.PythonHalf;
import io.github.asyncgraalpy.runtime.NetworkPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A script and its Java twin, found by name in the twins' package: {@code py-scripts/foo_bar.py} pairs with
 * {@code io.github.asyncgraalpy.examples.FooBar}, and a script of your own with a class of yours ({@link TwinClasses}).
 */
public record PairedExample(String name, Path script, TwinClasses twins) {

    /** A pair whose twin is one of the project's examples. */
    public PairedExample(String name, Path script) {
        this(name, script, TwinClasses.PROJECT);
    }

    /** Every {@code *.py} directly in {@code scriptsDir}, sorted by name, its twin one of the project's examples. */
    public static List<PairedExample> discover(Path scriptsDir) {
        return discover(scriptsDir, TwinClasses.PROJECT);
    }

    /** Every {@code *.py} directly in {@code scriptsDir}, sorted by name, its twin in {@code twins}. */
    public static List<PairedExample> discover(Path scriptsDir, TwinClasses twins) {
        if (!Files.isDirectory(scriptsDir)) {
            throw new IllegalArgumentException("no scripts folder at " + scriptsDir.toAbsolutePath());
        }
        try (Stream<Path> files = Files.list(scriptsDir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".py"))
                    .sorted()
                    .map(file -> new PairedExample(file.getFileName().toString().replaceFirst("\\.py$", ""), file, twins))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code await_under_the_hood} becomes {@code AwaitUnderTheHood}. */
    static String twinSimpleName(String scriptName) {
        return Stream.of(scriptName.split("_"))
                .filter(part -> !part.isEmpty())
                .map(part -> part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1))
                .collect(Collectors.joining());
    }

    public String twinClassName() {
        return twins.packageName() + "." + twinSimpleName(name);
    }

    /**
     * A new instance of the twin.
     *
     * @throws IllegalStateException naming the class that is missing or is no {@link JavaTwin}
     */
    public JavaTwin newTwin() {
        Class<?> type;
        try {
            type = Class.forName(twinClassName(), true, twins.loader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(script.getFileName() + " has no Java twin: expected the class " + twinClassName()
                    + twins.whereFrom(), e);
        }
        if (!JavaTwin.class.isAssignableFrom(type)) {
            throw new IllegalStateException(twinClassName() + " does not implement " + JavaTwin.class.getName());
        }
        try {
            return (JavaTwin) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(twinClassName() + " needs a public no-argument constructor", e);
        }
    }

    /**
     * The network the pair declares in its script's first comment lines ({@code # network: listen 127.0.0.1:0;
     * connect 127.0.0.1}), exactly as a policy, with the TLS identities it ships beside the script ({@code identity
     * NAME=FILE.pem}); empty when it declares none, and then it gets no network.
     *
     * @throws IllegalArgumentException naming the script and what is wrong with its declaration
     */
    public Optional<NetworkPolicy> network() {
        return DeclaredNetwork.in(source(), script.getFileName().toString(), script.toAbsolutePath().getParent());
    }

    /** The script as its Java twin receives it. */
    public PythonHalf pythonHalf() {
        return new PythonHalf(source(), script.getFileName().toString(), name);
    }

    public String source() {
        try {
            return Files.readString(script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
