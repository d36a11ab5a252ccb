package io.github.asyncgraalpy.bench;

import org.graalvm.polyglot.HostAccess;

/**
 * Case 1's floor: the host call that every step of a Java awaitable makes ({@code JavaCoroutine}'s {@code advance}),
 * with nothing behind it.
 */
public final class HostCallFloor {

    @HostAccess.Export
    public Object step() {
        return null;
    }
}
