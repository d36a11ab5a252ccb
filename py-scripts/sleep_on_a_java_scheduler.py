"""Java futures as Python awaitables: asyncio.sleep, and a sleep that a Java scheduler thread completes.

run(sleep) is the scenario, with sleep(seconds, result) any awaitable. As a script it runs with asyncio.sleep; the
Java twin, io.github.asyncgraalpy.examples.SleepOnAJavaScheduler, runs it with JavaSleep(seconds, result), a
CompletableFuture that a Java scheduler completes.
"""
import asyncio
import time


async def main(sleep):
    print(f"await sleep(0.05, 'rested') -> {await sleep(0.05, 'rested')!r}")

    start = time.monotonic()
    results = await asyncio.gather(sleep(0.6, "slow"), sleep(0.3, "medium"), sleep(0.01, "fast"))
    print(f"gather(3 sleeps) -> {results!r}, overlapping: {time.monotonic() - start < 0.6 + 0.3}")

    order = [await done for done in asyncio.as_completed([sleep(0.6, "slow"), sleep(0.3, "medium"), sleep(0.01, "fast")])]
    print(f"as_completed(3 sleeps) -> {order!r}")
    return results


def run(sleep):
    assert asyncio.run(main(sleep)) == ["slow", "medium", "fast"]


if __name__ == "__main__":
    run(asyncio.sleep)
