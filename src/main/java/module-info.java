/**
 * Async-GraalPy: Python's asyncio and Java's concurrency in one JVM, on GraalPy. The API is {@code runtime},
 * {@code coroutine} and {@code bridge}. Their {@code internal} packages are exported too, but carry no contract: Python
 * calls the members of what the library hands it (the loop's Java half, its events, a coroutine step's outcome), and
 * GraalPy's host access reaches members only in packages exported to every module (qualified exports and opens to
 * Truffle were tried: the loop does not start). The bootstrap's parts ({@code io.github.asyncgraalpy.internal}) are
 * services and stay unexported. The examples, the runner, the benchmarks and the launcher are compiled with the
 * library but left out of its jar, hence the static requirements.
 */
module io.github.asyncgraalpy {
    requires transitive org.graalvm.polyglot;
    // The sandbox's pyexpat reads XML with the JDK's parser (runtime.internal.XmlEventReader).
    requires java.xml;
    // Only for what is built on the library here, not in its jar: the runner compiles the Java twins of a folder of
    // your own, the benchmarks read the JVM's memory, compiler and CPU figures.
    requires static java.compiler;
    requires static java.management;
    requires static jdk.management;

    exports io.github.asyncgraalpy.runtime;
    exports io.github.asyncgraalpy.coroutine;
    exports io.github.asyncgraalpy.bridge;

    exports io.github.asyncgraalpy.runtime.internal;
    exports io.github.asyncgraalpy.coroutine.internal;
    exports io.github.asyncgraalpy.bridge.internal;

    uses io.github.asyncgraalpy.runtime.internal.BootstrapPart;
    provides io.github.asyncgraalpy.runtime.internal.BootstrapPart
            with io.github.asyncgraalpy.internal.CoroutineBootstrap, io.github.asyncgraalpy.internal.BridgeBootstrap;
}
