package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.asyncgraalpy.coroutine.PyError;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Java future whose outcome cannot be turned into Python fails alone: the loop and its siblings go on. */
@Timeout(120)
class DeliveryFaultsTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static final String GATHER = String.join("\n",
            "import asyncio",
            "def run(bad, good):",
            "    async def main():",
            "        results = await asyncio.gather(bad, good, return_exceptions=True)",
            "        return [f'{type(r).__name__}: {r}' if isinstance(r, BaseException) else r for r in results]",
            "    return asyncio.run(main())");

    private static List<Object> gather(Throwable failure) {
        CompletableFuture<Object> bad = new CompletableFuture<>();
        CompletableFuture<Object> good = new CompletableFuture<>();
        CompletableFuture.runAsync(() -> {
            bad.completeExceptionally(failure);
            good.complete(42);
        }, CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS));
        return python.context().call(python.run(GATHER, "run"), bad, good).as(List.class).stream()
                .map(value -> value instanceof Number number ? (Object) number.intValue() : value).toList();
    }

    @Test
    void aPythonErrorNamingNoExceptionTypeFailsOnlyItsFuture() {
        assertEquals(List.of("TypeError: PyError names 'NoSuchError', which is no Python exception type", 42),
                gather(new PyError("NoSuchError", "never raised")));
    }

    @Test
    void anErrorWhoseMessageThrowsFailsOnlyItsFutureAndNamesItsClass() {
        Error unspeakable = new Error() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("no words");
            }
        };
        List<Object> results = gather(unspeakable);
        assertEquals("JavaError: " + unspeakable.getClass().getName() + ": <getMessage() failed: java.lang.IllegalStateException>", results.get(0));
        assertEquals(42, results.get(1));
    }
}
