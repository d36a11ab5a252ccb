package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/**
 * Twin of {@code py-scripts/iterator_awaited.py}: Java iterables awaited through
 * {@link io.github.asyncgraalpy.coroutine.IteratorCoroutine}; {@link EndlessIterator} plays {@code iter(int, 1)}.
 */
public final class IteratorAwaited implements JavaTwin {

    static final String MAIN = """
            import asyncio, java
            drain = java.type('io.github.asyncgraalpy.coroutine.IteratorCoroutine')
            words = java.type('io.github.asyncgraalpy.examples.Words')
            EndlessIterator = java.type('io.github.asyncgraalpy.examples.EndlessIterator')

            async def main():
                trace = []

                async def observer():
                    for step in range(4):
                        trace.append(f"observer {step}")
                        await asyncio.sleep(0)

                result, _ = await asyncio.gather(drain(words("one two three"), "drained"), observer())
                print(f"await drain(three words) -> {result!r}, interleaved with {trace}")
                print(f"await drain(no words) -> {await drain(words(''), 'empty')!r}")
                try:
                    await asyncio.wait_for(drain(EndlessIterator(), "never"), timeout=0.01)
                except TimeoutError:
                    print("an endless iterator is cancelled by wait_for, the loop never blocked")
                return result

            assert asyncio.run(main()) == "drained"
            """;

    @Override
    public void run(PythonContext python) {
        python.runScript(MAIN, "iterator_awaited (Java twin)");
    }
}
