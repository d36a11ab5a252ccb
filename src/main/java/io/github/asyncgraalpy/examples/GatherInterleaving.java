package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/gather_interleaving.py}: the same three tickers, as Java coroutines ({@link Ticker}). */
public final class GatherInterleaving implements JavaTwin {

    static final String MAIN = """
            import asyncio, java
            ticker = java.type('io.github.asyncgraalpy.examples.Ticker')

            async def main():
                trace = []
                results = await asyncio.gather(ticker("a", 3, trace), ticker("b", 1, trace), ticker("c", 2, trace))
                for line in trace:
                    print(line)
                print(f"gather -> {results!r}")
                return trace

            assert asyncio.run(main()) == ["a 0", "b 0", "c 0", "a 1", "c 1", "a 2"]
            """;

    @Override
    public void run(PythonContext python) {
        python.runScript(MAIN, "gather_interleaving (Java twin)");
    }
}
