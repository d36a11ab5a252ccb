package io.github.asyncgraalpy.runtime.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One context's network: what its policy allows ({@link EndpointRules}), how many sockets its loops hold open
 * against the limit, and every loop's sockets, closed with the context ({@link #close()}). Python never holds this;
 * each loop's {@link LoopSockets} asks it.
 */
public final class Network implements AutoCloseable {

    /** A context without network: every connect, bind and lookup is refused. */
    public static Network none() {
        return new Network(EndpointRules.none(EndpointRules.Use.CONNECT), EndpointRules.none(EndpointRules.Use.LISTEN), 0);
    }

    private final EndpointRules connect;
    private final EndpointRules listen;
    private final int maxSockets;
    private final Set<LoopSockets> loops = new LinkedHashSet<>();
    private int open;
    private boolean closed;

    /** A context's network by its policy's rules and limit. */
    public Network(EndpointRules connect, EndpointRules listen, int maxSockets) {
        this.connect = connect;
        this.listen = listen;
        this.maxSockets = maxSockets;
    }

    EndpointRules connectRules() {
        return connect;
    }

    EndpointRules listenRules() {
        return listen;
    }

    /** True when Java may look {@code name} (a normal host name) up: an entry of either list names it. */
    boolean mayLookUp(String name) {
        return connect.namesHost(name) || listen.namesHost(name);
    }

    /** Why a further socket may not open now, or empty when it took its place against the limit. */
    synchronized Optional<String> takeSocket() {
        if (closed) {
            return Optional.of("the context is closing");
        }
        if (open >= maxSockets) {
            return Optional.of(maxSockets == 0 ? "this context has no network (GraalPyRuntime.Builder.network)"
                    : "this context has " + open + " sockets open, its network policy's limit (NetworkPolicy.maxSockets " + maxSockets + ")");
        }
        open++;
        return Optional.empty();
    }

    synchronized void giveSocketBack() {
        open--;
    }

    /** Sockets open now, across the context's loops. */
    public synchronized int openSockets() {
        return open;
    }

    /**
     * Registers a loop's sockets, to be closed with the context; or says why not. A loop's selector holds file
     * descriptors too: a context without network gets none, and one with network at most {@code maxSockets} loops
     * with sockets, so that a script cannot run the host out of descriptors by making loops.
     */
    synchronized Optional<String> register(LoopSockets sockets) {
        if (closed) {
            return Optional.of("the context is closing");
        }
        if (maxSockets == 0) {
            return Optional.of("this context has no network (GraalPyRuntime.Builder.network)");
        }
        if (loops.size() >= maxSockets) {
            return Optional.of("this context has " + loops.size() + " event loops with sockets, its network policy's limit"
                    + " (NetworkPolicy.maxSockets " + maxSockets + ")");
        }
        loops.add(sockets);
        return Optional.empty();
    }

    synchronized void unregister(LoopSockets sockets) {
        loops.remove(sockets);
    }

    /** Closes every socket of every loop of the context, and refuses any more. Idempotent; from any thread. */
    @Override
    public void close() {
        List<LoopSockets> remaining;
        synchronized (this) {
            closed = true;
            remaining = new ArrayList<>(loops);
            loops.clear();
        }
        remaining.forEach(LoopSockets::close);
    }
}
