package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.NetworkPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The GraalPy columns each pair runs in, by the network it declares ({@link PairedExample#network()}): a pair that
 * declares none shares the runtime without network; one that declares some gets a runtime of its own with exactly
 * that policy, on the shared runtime's engine ({@link GraalPyRuntime#withNetwork}), closed with these columns. Least
 * privilege: no pair reaches more than it declares.
 */
public final class PairColumns implements AutoCloseable {

    private final GraalPyColumns withoutNetwork;
    private final GraalPyRuntime base;
    private final Duration timeLimit;
    private final Map<String, GraalPyColumns> networked = new HashMap<>();
    private final List<GraalPyRuntime> networkedRuntimes = new ArrayList<>();
    private final Set<String> prepared = new HashSet<>();

    /** Columns whose networked pairs' runs may take {@link TimeLimit#DEFAULT} each. */
    public PairColumns(GraalPyColumns withoutNetwork, GraalPyRuntime base) {
        this(withoutNetwork, base, TimeLimit.DEFAULT);
    }

    /**
     * @param withoutNetwork the columns of the pairs that declare no network, on {@code base}
     * @param base the runtime of {@code withoutNetwork}, to which a pair's policy is given
     * @param timeLimit what each run of a networked pair may take, as {@code withoutNetwork}'s
     */
    public PairColumns(GraalPyColumns withoutNetwork, GraalPyRuntime base, Duration timeLimit) {
        this.withoutNetwork = withoutNetwork;
        this.base = base;
        this.timeLimit = timeLimit;
    }

    /**
     * The columns {@code example} runs in: the shared ones, or, when it declares a network, its own, started on first
     * use (or by {@link #prepare}) and kept for its further runs.
     *
     * @throws IllegalArgumentException naming the pair whose declaration is wrong
     */
    public synchronized GraalPyColumns of(PairedExample example) {
        Optional<NetworkPolicy> network = example.network();
        if (network.isEmpty()) {
            return withoutNetwork;
        }
        return networked.computeIfAbsent(example.name(), name -> {
            GraalPyRuntime runtime = base.withNetwork(network.get());
            networkedRuntimes.add(runtime);
            return new GraalPyColumns(runtime, GraalPyColumns.DEFAULT_STARTED_AHEAD, timeLimit);
        });
    }

    /**
     * Starts {@code example}'s columns ahead of its {@code runs} runs, so that a networked pair's first context is
     * built while the pairs before it run, as the shared ones' are, and no context beyond those runs.
     */
    public synchronized void prepare(PairedExample example, int runs) {
        GraalPyColumns columns = of(example);
        if (columns != withoutNetwork && prepared.add(example.name())) {
            columns.expectRuns(runs);
        }
    }

    public Outcome runScript(PairedExample example) {
        return of(example).runScript(example);
    }

    public Outcome runTwin(PairedExample example) {
        return of(example).runTwin(example);
    }

    /** Closes the networked pairs' columns and runtimes; the shared columns and their runtime stay their owner's to close. */
    @Override
    public synchronized void close() {
        networked.values().forEach(GraalPyColumns::close);
        networkedRuntimes.forEach(GraalPyRuntime::close);
        networked.clear();
        networkedRuntimes.clear();
        prepared.clear();
    }
}
