package io.github.asyncgraalpy.runtime.internal;

/**
 * A part of the library that the bootstrap installs into every context: the coroutine protocols, the futures
 * bridge. The runtime finds the parts with {@link java.util.ServiceLoader} (the library's jar lists them in
 * {@code META-INF/services}), so that the package that builds contexts names none of the packages built on it.
 */
public interface BootstrapPart {

    /**
     * Gives {@code config} the {@link BootstrapSetting settings} this part owns, built from the runtime's choices the
     * configuration holds. Called once per context, on the thread that builds it.
     */
    void contribute(BootstrapConfig config);
}
