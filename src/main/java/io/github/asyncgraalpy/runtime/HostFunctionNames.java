package io.github.asyncgraalpy.runtime;

import org.graalvm.polyglot.Value;

/**
 * The host-facing builtin functions {@code _host_errors} translates, found once per runtime instead of once per
 * context (docs/startup.md): the runtime's first context walks the namespaces of the 14 host-facing modules (hundreds
 * of constants) and hands back the names of the functions it translated; every later context of the runtime looks those
 * names up instead. The same GraalPy builds these builtin modules the same way in every context of a runtime, before
 * any script runs, and the names are made by the runtime's own first context before any script runs there, kept in
 * memory only: they cannot be stale or come from elsewhere. {@code -Dasyncgraalpy.hostFunctionsOnce=false} walks in
 * every context, to measure it or to rule it out.
 */
final class HostFunctionNames {

    /** Read once, here. */
    static final boolean ONCE_PER_RUNTIME = !"false".equals(System.getProperty("asyncgraalpy.hostFunctionsOnce"));

    /** {@code _host_errors.host_functions} of the first context: a line per module, its name and its functions' names; null until then. */
    private volatile String names;

    /** What {@code _host_errors} is given: null makes it walk the modules for their functions. */
    String orNull() {
        return ONCE_PER_RUNTIME ? names : null;
    }

    /** Keeps what the first context's {@code _host_errors} found; anything but a string is ignored (every context walks). */
    void keep(Value found) {
        if (ONCE_PER_RUNTIME && names == null && found != null && found.isString()) {
            names = found.asString();
        }
    }
}
