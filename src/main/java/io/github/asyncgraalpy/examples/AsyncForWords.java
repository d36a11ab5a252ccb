package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/async_for_words.py}: {@code async for} straight over the Java {@link Words}. */
public final class AsyncForWords implements JavaTwin {

    static final String MAIN = """
            import asyncio, java
            Words = java.type('io.github.asyncgraalpy.examples.Words')

            async def main():
                trace = []

                async def reader(name, text):
                    async for word in Words(text):
                        trace.append(f"{name}: {word}")
                    return name

                finished = await asyncio.gather(reader("left", "async for over"), reader("right", "Java iterables"))
                for line in trace:
                    print(line)
                print(f"finished: {finished}")
                print(f"comprehension: {[word.upper() async for word in Words('works too')]}")
                return trace

            assert len(asyncio.run(main())) == 5
            """;

    @Override
    public void run(PythonContext python) {
        python.runScript(MAIN, "async_for_words (Java twin)");
    }
}
