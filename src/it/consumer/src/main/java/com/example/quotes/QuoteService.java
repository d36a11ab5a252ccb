package com.example.quotes;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess;

/** The application's own asynchronous service: a quote arrives later, on a thread of the JDK's. */
public class QuoteService {

    @HostAccess.Export
    public QuoteService() {}

    @HostAccess.Export
    public CompletableFuture<Integer> quote(String symbol) {
        return CompletableFuture.supplyAsync(() -> symbol.length() * 14, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    }
}
