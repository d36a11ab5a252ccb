package io.github.asyncgraalpy.examples;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.graalvm.polyglot.HostAccess;

/**
 * The Java twin of {@code http_over_h11.py}'s {@code Routes}: an answer is {@code "STATUS text"}, given as a
 * CompletableFuture that another thread completes, which the script's h11 server awaits as it awaits a coroutine.
 */
public final class HttpRoutes {

    @HostAccess.Export
    public HttpRoutes() {}

    @HostAccess.Export
    public CompletionStage<String> answer(String method, String target, String body) {
        return CompletableFuture.supplyAsync(() -> route(method, target, body));
    }

    private static String route(String method, String target, String body) {
        if (method.equals("GET") && target.startsWith("/greet?name=")) {
            return "200 hello, " + target.substring(target.indexOf('=') + 1);
        }
        if (method.equals("POST") && target.equals("/shout")) {
            return "200 " + body.toUpperCase(Locale.ROOT);
        }
        return "404 no route for " + target;
    }
}
