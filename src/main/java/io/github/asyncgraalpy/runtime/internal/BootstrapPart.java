package io.github.asyncgraalpy.runtime.internal;

import java.util.Map;

/**
 * A part of the library that the bootstrap installs into every context: the coroutine protocols, the futures
 * bridge. The runtime finds the parts with {@link java.util.ServiceLoader} (the library's jar lists them in
 * {@code META-INF/services}), so that the package that builds contexts names none of the packages built on it.
 */
public interface BootstrapPart {

    /**
     * Puts what this part gives the bootstrap's {@code install(config)} into {@code config}, under the names
     * the bootstrap package {@code asyncgraalpy} reads. Called once per context, on the thread that builds it.
     */
    void contribute(Map<String, Object> config);
}
