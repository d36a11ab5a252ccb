package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.bridge.AsyncioLoopThread;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.Value;

/**
 * Twin of {@code py-scripts/tcp_echo.py}: Java drives the script's coroutines on an {@link AsyncioLoopThread}. It
 * opens the echo server, submits every client at once and waits for all their CompletableFutures (the clients talk
 * to the server concurrently, on the one loop), then closes the server. The network is the one the script's first
 * line declares, granted by the runner.
 */
public final class TcpEcho implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        Value module = script.load(python);
        try (AsyncioLoopThread loop = AsyncioLoopThread.start(python)) {
            Value server = loop.submit(python.call(module.getHashValue("open_server"))).join();
            Value port = python.call(module.getHashValue("port_of"), server);
            // Every client submitted before any is awaited: they talk to the server at once, as gather has them.
            List<CompletableFuture<Value>> clients = names(module.getHashValue("CLIENTS")).stream()
                    .map(name -> loop.submit(python.call(module.getHashValue("client"), port, name)))
                    .toList();
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
            Value closed = loop.submit(python.call(module.getHashValue("close_server"), server)).join();
            for (CompletableFuture<Value> line : clients) { // in CLIENTS' order, as gather returns them
                JavaTwin.print(python, line.join().asString());
            }
            JavaTwin.print(python, clients.size() + " clients served at once; the server closed: " + python.repr(closed));
        }
    }

    private static List<String> names(Value clients) {
        List<String> names = new ArrayList<>();
        Value keys = clients.getHashKeysIterator();
        while (keys.hasIteratorNextElement()) {
            names.add(keys.getIteratorNextElement().asString());
        }
        return names;
    }
}
