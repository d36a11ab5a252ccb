package com.example.quotes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.asyncgraalpy.bridge.AsyncPython;
import io.github.asyncgraalpy.bridge.AsyncioLoopThread;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ConsumerTest {

    private static final String QUOTES_PY = String.join("\n",
            "import asyncio, java",
            "QuoteService = java.type('com.example.quotes.QuoteService')",
            "",
            "async def total(*symbols):",
            "    service = QuoteService()",
            "    prices = await asyncio.gather(*(service.quote(symbol) for symbol in symbols))",
            "    return sum(prices)",
            "");

    @Test
    void throughTheFrontDoor() throws Exception {
        try (GraalPyRuntime runtime = GraalPyRuntime.builder().pythonMayLookUpPackages("com.example.quotes").build();
                AsyncPython python = AsyncPython.start(runtime)) {
            python.run(QUOTES_PY);
            CompletableFuture<Integer> total = python.toFuture(Integer.class, "total", "ab", "abc");
            assertEquals(70, total.get(60, TimeUnit.SECONDS));
        }
    }

    /** The same with the parts the front door puts together: what an application needs for more than one loop. */
    @Test
    void pythonAwaitsOurFuturesAndJavaGetsOurAsyncDefAsAFuture() throws Exception {
        try (GraalPyRuntime runtime = GraalPyRuntime.builder().pythonMayLookUpPackages("com.example.quotes").build();
                PythonContext python = runtime.newContext();
                AsyncioLoopThread loop = AsyncioLoopThread.start(python)) {
            Value quotes = python.runScript(QUOTES_PY, "quotes.py");
            CompletableFuture<Value> total = loop.submit(python.call(quotes.getHashValue("total"), "ab", "abc"));
            assertEquals(70, total.get(60, TimeUnit.SECONDS).asInt());
        }
    }

    /** h11, pinned in requirements.txt and installed by this project's build, parses HTTP in a sandboxed context. */
    @Test
    void aPinnedPythonPackageFromTheBuild() throws Exception {
        try (GraalPyRuntime runtime = GraalPyRuntime.builder().pythonPackages(Path.of("target", "python-packages")).build();
                AsyncPython python = AsyncPython.start(runtime)) {
            python.run(String.join("\n",
                    "import h11",
                    "",
                    "async def request_line(text):",
                    "    server = h11.Connection(h11.SERVER)",
                    "    server.receive_data(text.encode('ascii'))",
                    "    request = server.next_event()",
                    "    return request.method.decode() + ' ' + request.target.decode()",
                    ""));
            CompletableFuture<String> line = python.toFuture(String.class, "request_line", "GET /quotes?symbol=ab HTTP/1.1\r\nHost: example.com\r\n\r\n");
            assertEquals("GET /quotes?symbol=ab", line.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void onlyTheLibraryIsOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.github.asyncgraalpy.examples.JavaTwin"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.github.asyncgraalpy.runner.Runner"));
    }
}
