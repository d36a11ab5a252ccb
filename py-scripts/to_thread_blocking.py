"""Blocking calls off the loop: asyncio.to_thread runs a blocking function on another thread, and the loop goes on.

run(fetch) is the scenario, with fetch(i) a blocking call that takes a while and returns i * i. As a script: a
function that sleeps. CPython runs it on asyncio's thread pool; GraalPy's sandbox, which denies Python threads, on a
Java thread that enters the same context. The Java twin, io.github.asyncgraalpy.examples.ToThreadBlocking, hands it
Lookups.fetch, a Java method that blocks in Thread.sleep.
"""
import asyncio
import time


def fetch(i):
    time.sleep(0.05)
    return i * i


async def heartbeat(ticks):
    while True:
        await asyncio.sleep(0.005)
        ticks.append(None)


async def main(fetch):
    ticks = []
    beating = asyncio.ensure_future(heartbeat(ticks))
    results = await asyncio.gather(*(asyncio.to_thread(fetch, i) for i in range(4)))
    beating.cancel()
    print(f"fetched {results}, each on a thread of its own")
    print(f"the loop kept running while they blocked: {len(ticks) > 0}")
    return results


def run(fetch):
    assert asyncio.run(main(fetch)) == [0, 1, 4, 9]


if __name__ == "__main__":
    run(fetch)
