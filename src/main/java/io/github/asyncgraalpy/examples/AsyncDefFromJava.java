package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.bridge.AsyncioLoopThread;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.graalvm.polyglot.Value;

/**
 * Twin of {@code py-scripts/async_def_from_java.py}: Java calls the script's {@code async def}s through an
 * {@link AsyncioLoopThread} and waits on the CompletableFutures it gets back, a result and a Python error.
 */
public final class AsyncDefFromJava implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        Value module = script.load(python);
        try (AsyncioLoopThread loop = AsyncioLoopThread.start(python)) {
            CompletableFuture<Value> greeting = loop.submit(python.call(module.getHashValue("greet"), "Ada", 0.01));
            JavaTwin.print(python, "greet('Ada', 0.01) -> " + python.repr(greeting.join()));

            CompletableFuture<Value> refusal = loop.submit(python.call(module.getHashValue("refuse"), "Bob"));
            try {
                refusal.join();
                throw new AssertionError("refuse('Bob') returned");
            } catch (CompletionException failed) {
                PythonException error = (PythonException) failed.getCause();
                JavaTwin.print(python, "refuse('Bob') -> " + error.pythonType() + ": " + error.pythonMessage());
            }
        }
    }
}
