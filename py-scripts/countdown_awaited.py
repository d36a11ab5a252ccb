"""Beyond the tutorial: a coroutine asyncio accepts as its own, that suspends n times and then returns.

run(countdown) is the scenario; as a script it runs with the `async def` below. The Java twin,
io.github.asyncgraalpy.examples.CountdownAwaited, runs the same scenario with the JavaCoroutine Countdown(n, result).
"""
import asyncio


async def countdown(n, result):
    for _ in range(n):
        await asyncio.sleep(0)
    return result


async def main(countdown):
    print(f"await countdown(3, 'liftoff') -> {await countdown(3, 'liftoff')!r}")
    print(f"create_task(countdown(2, 42)) -> {await asyncio.create_task(countdown(2, 42))!r}")
    print(f"gather(countdown(2, 'a'), countdown(0, 'b')) -> {await asyncio.gather(countdown(2, 'a'), countdown(0, 'b'))!r}")
    print(f"wait_for(countdown(5, 'in time'), 1) -> {await asyncio.wait_for(countdown(5, 'in time'), 1)!r}")
    async with asyncio.TaskGroup() as group:
        task = group.create_task(countdown(1, "grouped"))
    print(f"TaskGroup().create_task(countdown(1, 'grouped')) -> {task.result()!r}")
    return task.result()


def run(countdown):
    coroutine = countdown(0, None)
    print(f"asyncio.iscoroutine(countdown(0, None)) -> {asyncio.iscoroutine(coroutine)}")
    coroutine.close()

    assert asyncio.run(main(countdown)) == "grouped"
    print(f"asyncio.run(countdown(1, 'done')) -> {asyncio.run(countdown(1, 'done'))!r}")

    steps = countdown(2, "end")
    print(f"send(None), send(None) -> {[steps.send(None), steps.send(None)]!r}")
    try:
        steps.send(None)
    except StopIteration as stop:
        print(f"send(None) -> StopIteration({stop.value!r})")
    try:
        steps.send(None)
    except RuntimeError as error:
        print(f"send(None) again -> RuntimeError: {error}")
    else:
        raise AssertionError("a finished coroutine was resumed")


if __name__ == "__main__":
    run(countdown)
