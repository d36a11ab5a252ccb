"""Beyond the tutorial: what a coroutine sees when it is cancelled, timed out or closed, event by event.

recorder(n, result) returns a coroutine and a function listing what happened to it: "send None" for each value sent
in, "throw CancelledError" for a cancellation it cleans up after (then re-raises), "close" for a close while suspended.
run(recorder) is the scenario. The Java twin, io.github.asyncgraalpy.examples.CancelledCleanup, runs it with the
JavaCoroutine Recorder(n, result).
"""
import asyncio


def recorder(n, result):
    events = []

    async def record():
        try:
            for _ in range(n):
                events.append("send None")
                await asyncio.sleep(0)
            events.append("send None")
            return result
        except asyncio.CancelledError:
            events.append("throw CancelledError")
            raise
        except GeneratorExit:
            events.append("close")
            raise

    return record(), lambda: list(events)


async def main(recorder):
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


def run(recorder):
    assert asyncio.run(main(recorder)) is True

    coroutine, events = recorder(3, "never")
    coroutine.send(None)
    coroutine.close()
    print(f"closed after one step: {events()}")
    try:
        coroutine.send(None)
    except RuntimeError as error:
        print(f"send after close -> RuntimeError: {error}")


if __name__ == "__main__":
    run(recorder)
