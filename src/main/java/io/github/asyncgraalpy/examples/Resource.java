package io.github.asyncgraalpy.examples;

import org.graalvm.polyglot.HostAccess;

/**
 * A Java resource Python can use with {@code async with}: any {@link AutoCloseable} gets {@code __aenter__} and
 * {@code __aexit__} from the runtime, and {@code __aexit__} calls {@link #close()}, also when the block raises.
 */
public final class Resource implements AutoCloseable {

    private final String name;
    private int closeCalls;

    @HostAccess.Export
    public Resource(String name) {
        this.name = name;
    }

    @HostAccess.Export
    public String name() {
        return name;
    }

    @HostAccess.Export
    public boolean isClosed() {
        return closeCalls > 0;
    }

    /** How often close ran: exactly once per {@code async with}. */
    @HostAccess.Export
    public int closeCalls() {
        return closeCalls;
    }

    @HostAccess.Export
    @Override
    public void close() {
        closeCalls++;
    }
}
