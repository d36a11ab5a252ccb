"""Java futures as Python awaitables: a timeout cancels the slow operation it gave up on.

run(slow) is the scenario, with slow(seconds, result) an awaitable operation that can say whether it was cancelled.
As a script: an asyncio task sleeping. The Java twin, io.github.asyncgraalpy.examples.TimeoutCancels, runs it with
JavaSleep, whose Java future is cancelled when Python stops waiting for it.
"""
import asyncio


def slow(seconds, result):
    return asyncio.ensure_future(asyncio.sleep(seconds, result))


async def main(slow):
    operation = slow(10, "never")
    try:
        await asyncio.wait_for(operation, timeout=0.05)
    except TimeoutError:
        print(f"wait_for(slow(10), 0.05) -> TimeoutError; operation cancelled: {operation.cancelled()}")

    operation = slow(10, "never")
    try:
        async with asyncio.timeout(0.05):
            await operation
    except TimeoutError:
        print(f"asyncio.timeout(0.05) -> TimeoutError; operation cancelled: {operation.cancelled()}")

    quick = slow(0.01, "in time")
    print(f"wait_for(slow(0.01), 1) -> {await asyncio.wait_for(quick, 1)!r}; operation cancelled: {quick.cancelled()}")
    return quick.cancelled()


def run(slow):
    assert asyncio.run(main(slow)) is False


if __name__ == "__main__":
    run(slow)
