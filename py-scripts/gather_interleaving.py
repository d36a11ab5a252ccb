"""Beyond the tutorial: three coroutines interleaved by asyncio.gather, one step each in turn.

run(ticker) is the scenario. The Java twin, io.github.asyncgraalpy.examples.GatherInterleaving, runs it with the
JavaCoroutine Ticker(name, n, trace).
"""
import asyncio


async def ticker(name, n, trace):
    for i in range(n):
        trace.append(f"{name} {i}")
        await asyncio.sleep(0)
    return name


async def main(ticker):
    trace = []
    results = await asyncio.gather(ticker("a", 3, trace), ticker("b", 1, trace), ticker("c", 2, trace))
    for line in trace:
        print(line)
    print(f"gather -> {results!r}")
    return trace


def run(ticker):
    assert asyncio.run(main(ticker)) == ["a 0", "b 0", "c 0", "a 1", "c 1", "a 2"]


if __name__ == "__main__":
    run(ticker)
