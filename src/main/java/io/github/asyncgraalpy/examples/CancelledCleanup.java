package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/cancelled_cleanup.py}: the same scenario with the Java coroutine {@link Recorder}. */
public final class CancelledCleanup implements JavaTwin {

    static final String MAIN = """
            import asyncio, java
            Recorder = java.type('io.github.asyncgraalpy.examples.Recorder')

            def recorder(n, result):
                coroutine = Recorder(n, result)
                return coroutine, lambda: list(coroutine.events())

            async def main():
                coroutine, events = recorder(5, "never")
                task = asyncio.create_task(coroutine)
                await asyncio.sleep(0)
                await asyncio.sleep(0)
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    print(f"cancelled after two steps: {events()}")
                print(f"task.cancelled() -> {task.cancelled()}")

                coroutine, events = recorder(1_000_000, "never")
                try:
                    await asyncio.wait_for(coroutine, timeout=0.01)
                except TimeoutError:
                    print(f"wait_for timed out; last event: {events()[-1]!r}")

                coroutine, events = recorder(1, "shielded")
                print(f"shield(...) -> {await asyncio.shield(coroutine)!r}, events: {events()}")
                return task.cancelled()

            assert asyncio.run(main()) is True

            coroutine, events = recorder(3, "never")
            coroutine.send(None)
            coroutine.close()
            print(f"closed after one step: {events()}")
            try:
                coroutine.send(None)
            except RuntimeError as error:
                print(f"send after close -> RuntimeError: {error}")
            """;

    @Override
    public void run(PythonContext python) {
        python.runScript(MAIN, "cancelled_cleanup (Java twin)");
    }
}
