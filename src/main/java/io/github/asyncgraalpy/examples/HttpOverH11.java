package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.bridge.AsyncioLoopThread;
import io.github.asyncgraalpy.runtime.PythonContext;
import org.graalvm.polyglot.Value;

/**
 * Twin of {@code py-scripts/http_over_h11.py}: Java drives the script's h11 server and client on an
 * {@link AsyncioLoopThread}, and the server's routes are Java's ({@link HttpRoutes}), whose CompletableFutures the
 * server awaits. The h11 package is the one the runner installed from {@code py-scripts/requirements.txt}; the network
 * is the one the script's first line declares.
 */
public final class HttpOverH11 implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        Value module = script.load(python);
        JavaTwin.print(python, python.call(module.getHashValue("banner")).asString());
        try (AsyncioLoopThread loop = AsyncioLoopThread.start(python)) {
            Value server = loop.submit(python.call(module.getHashValue("open_server"), python.javaType(HttpRoutes.class))).join();
            Value port = python.call(module.getHashValue("port_of"), server);
            Value lines = loop.submit(python.call(module.getHashValue("fetch"), port)).join();
            for (long i = 0; i < lines.getArraySize(); i++) {
                JavaTwin.print(python, lines.getArrayElement(i).asString());
            }
            JavaTwin.print(python, loop.submit(python.call(module.getHashValue("close_server"), server)).join().asString());
        }
    }
}
