"""Java futures as Python awaitables: a fan-out of a thousand futures, gathered.

run(square) is the scenario, with square(i) an awaitable of i * i. As a script: an `async def`. The Java twin,
io.github.asyncgraalpy.examples.FanOutFutures, runs it with Squares.square(i), a CompletableFuture computed on a Java
thread pool.
"""
import asyncio


async def square(i):
    await asyncio.sleep(0)
    return i * i


async def main(square):
    results = await asyncio.gather(*(square(i) for i in range(1000)))
    print(f"gathered {len(results)} results; the sum of the squares below 1000: {sum(results)}")
    print(f"the first five: {results[:5]}")
    return results


def run(square):
    assert asyncio.run(main(square)) == [i * i for i in range(1000)]


if __name__ == "__main__":
    run(square)
