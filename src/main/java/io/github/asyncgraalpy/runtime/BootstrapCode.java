package io.github.asyncgraalpy.runtime;

import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;

/**
 * What the bootstrap works out once per runtime instead of once per context (docs/startup.md): the first context
 * compiles {@link BootstrapSources} as before and hands back each module's code object as {@code marshal} data, and
 * the names of the host-facing builtin functions {@code _host_errors} translated; every later context of the runtime
 * loads that code ({@code marshal.loads}) instead of compiling about 3,000 lines again, and looks those names up
 * instead of walking the modules' namespaces. Both are made by the runtime's own GraalPy from the library's own
 * sources, before any script runs in that context, and never written anywhere: they cannot be stale or come from
 * elsewhere. {@code -Dasyncgraalpy.bootstrapCodeOnce=false} works both out in every context, to measure it or to rule
 * it out.
 */
final class BootstrapCode {

    /** Read once, here. */
    static final boolean ONCE_PER_RUNTIME = !"false".equals(System.getProperty("asyncgraalpy.bootstrapCodeOnce"));

    private final List<List<String>> sources;
    /** Each module's marshalled code as a Latin-1 string (a Java string reaches Python as a str, cheaply), in load order; null until a context made it. */
    private volatile List<String> compiled;
    /** {@code _host_errors.host_functions} of the first context: a line per module, its name and its functions' names; null until then. */
    private volatile String hostFunctions;

    BootstrapCode(List<List<String>> sources) {
        this.sources = sources;
    }

    /** {@code [name, source]} per module, in load order. */
    List<List<String>> sources() {
        return sources;
    }

    /** What the package loader gets as its compiled code: null makes it compile the sources and return their code. */
    List<String> compiledOrNull() {
        return ONCE_PER_RUNTIME ? compiled : null;
    }

    /** What {@code _host_errors} is given: null makes it walk the modules for their functions. */
    String hostFunctionsOrNull() {
        return ONCE_PER_RUNTIME ? hostFunctions : null;
    }

    /** Keeps what the first context's loader returned: its code (null when it was given code) and the host functions it found. */
    void keep(Value codes, Value foundHostFunctions) {
        if (ONCE_PER_RUNTIME && hostFunctions == null && foundHostFunctions != null && foundHostFunctions.isString()) {
            hostFunctions = foundHostFunctions.asString();
        }
        keep(codes);
    }

    /** Keeps the code the loader returned (null or nothing when it was given code, or when the store is off). */
    void keep(Value codes) {
        if (!ONCE_PER_RUNTIME || compiled != null || codes == null || !codes.hasArrayElements() || codes.getArraySize() != sources.size()) {
            return;
        }
        List<String> made = new ArrayList<>(sources.size());
        for (long i = 0; i < codes.getArraySize(); i++) {
            Value code = codes.getArrayElement(i);
            if (!code.isString()) {
                return;
            }
            made.add(code.asString());
        }
        compiled = List.copyOf(made);
    }
}
