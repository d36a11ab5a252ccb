package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.NetworkPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The GraalPy columns each pair runs in, by the network it declares ({@link PairedExample#network()}): a pair that
 * declares none shares the runtime without network; one that declares some gets a runtime of its own, built with
 * exactly that policy and closed with these columns. Least privilege: no pair reaches more than it declares.
 */
public final class PairColumns implements AutoCloseable {

    private final GraalPyColumns withoutNetwork;
    private final Supplier<GraalPyRuntime.Builder> runtimes;
    private final Duration timeLimit;
    private final Map<String, GraalPyColumns> networked = new HashMap<>();
    private final List<GraalPyRuntime> networkedRuntimes = new ArrayList<>();

    /** Columns whose networked pairs' runs may take {@link TimeLimit#DEFAULT} each. */
    public PairColumns(GraalPyColumns withoutNetwork, Supplier<GraalPyRuntime.Builder> runtimes) {
        this(withoutNetwork, runtimes, TimeLimit.DEFAULT);
    }

    /**
     * @param withoutNetwork the columns of the pairs that declare no network, on a runtime without it
     * @param runtimes a builder of runtimes like {@code withoutNetwork}'s, to which a pair's policy is added
     * @param timeLimit what each run of a networked pair may take, as {@code withoutNetwork}'s
     */
    public PairColumns(GraalPyColumns withoutNetwork, Supplier<GraalPyRuntime.Builder> runtimes, Duration timeLimit) {
        this.withoutNetwork = withoutNetwork;
        this.runtimes = runtimes;
        this.timeLimit = timeLimit;
    }

    /**
     * The columns {@code example} runs in: the shared ones, or, when it declares a network, its own, started on first
     * use and kept for its further runs.
     *
     * @throws IllegalArgumentException naming the pair whose declaration is wrong
     */
    public synchronized GraalPyColumns of(PairedExample example) {
        Optional<NetworkPolicy> network = example.network();
        if (network.isEmpty()) {
            return withoutNetwork;
        }
        return networked.computeIfAbsent(example.name(), name -> {
            GraalPyRuntime runtime = runtimes.get().network(network.get()).build();
            networkedRuntimes.add(runtime);
            return new GraalPyColumns(runtime, timeLimit);
        });
    }

    public Outcome runScript(PairedExample example) {
        return of(example).runScript(example);
    }

    public Outcome runTwin(PairedExample example) {
        return of(example).runTwin(example);
    }

    /** Closes the networked pairs' columns and runtimes; the shared columns stay their owner's to close. */
    @Override
    public synchronized void close() {
        networked.values().forEach(GraalPyColumns::close);
        networkedRuntimes.forEach(GraalPyRuntime::close);
        networked.clear();
        networkedRuntimes.clear();
    }
}
