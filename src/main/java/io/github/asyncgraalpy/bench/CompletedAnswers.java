package io.github.asyncgraalpy.bench;

import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;

/** The Java futures the pool's tasks await: already completed, so what is measured is the crossing, not a Java thread. */
public final class CompletedAnswers {

    static final CompletedAnswers INSTANCE = new CompletedAnswers();

    private CompletedAnswers() {}

    @HostAccess.Export
    public CompletableFuture<Integer> answer(int i) {
        return CompletableFuture.completedFuture(i);
    }
}
