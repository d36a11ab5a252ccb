package io.github.asyncgraalpy.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess;

/** A Java service that answers later, on a thread of its own: a future that no Python code completes. */
public final class Answers {

    /** One daemon thread, shared: it never keeps the JVM alive. */
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "Answers scheduler");
        thread.setDaemon(true);
        return thread;
    });

    private Answers() {}

    /** {@code "answer i"}, completed by the scheduler after {@code 20 * (3 - i)} ms. */
    @HostAccess.Export
    public static CompletableFuture<String> later(int i) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        SCHEDULER.schedule(() -> answer.complete("answer " + i), 20L * (3 - i), TimeUnit.MILLISECONDS);
        return answer;
    }
}
