package io.github.asyncgraalpy.runtime;

import java.time.Duration;

/**
 * Where one context's start-up went, phase by phase, as {@link GraalPyRuntime} measured it.
 *
 * @param context building the context and initialising GraalPy in it (its core modules, builtins)
 * @param importAsyncio the bootstrap's {@code import asyncio} and what it pulls in (timed inside Python)
 * @param restOfBootstrap the rest of loading the {@code asyncgraalpy} module: compiling it, defining the event loop
 * @param install guards, interop types, event loop policy ({@code asyncgraalpy.install})
 */
public record ContextStartup(Duration context, Duration importAsyncio, Duration restOfBootstrap, Duration install) {

    static ContextStartup of(long contextNanos, double importSeconds, long bootstrapNanos, long installNanos) {
        long importNanos = Math.min(bootstrapNanos, (long) (importSeconds * 1e9));
        return new ContextStartup(Duration.ofNanos(contextNanos), Duration.ofNanos(importNanos),
                Duration.ofNanos(bootstrapNanos - importNanos), Duration.ofNanos(installNanos));
    }

    /** From asking for the context to its being usable. */
    public Duration total() {
        return context.plus(importAsyncio).plus(restOfBootstrap).plus(install);
    }

    /** {@code 412 ms (context 80, import asyncio 300, bootstrap 20, install 12)}. */
    @Override
    public String toString() {
        return String.format("%d ms (context %d, import asyncio %d, bootstrap %d, install %d)", total().toMillis(),
                context.toMillis(), importAsyncio.toMillis(), restOfBootstrap.toMillis(), install.toMillis());
    }

    /**
     * What a runtime's contexts cost so far: how many, the first (it pays for the engine's warm-up), and the others
     * on average. Constant in size however many contexts a runtime makes.
     */
    public record Statistics(int count, Duration first, Duration total) {

        /** The average of all contexts but the first; zero with fewer than two. */
        public Duration averageOfOthers() {
            return count < 2 ? Duration.ZERO : total.minus(first).dividedBy(count - 1);
        }
    }

    /** Adds up {@link ContextStartup}s from any thread. */
    static final class Recorder {
        private int count;
        private Duration first = Duration.ZERO;
        private Duration total = Duration.ZERO;

        synchronized void add(ContextStartup startup) {
            if (count == 0) {
                first = startup.total();
            }
            count++;
            total = total.plus(startup.total());
        }

        synchronized Statistics snapshot() {
            return new Statistics(count, first, total);
        }
    }
}
