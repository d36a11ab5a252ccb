"""Beyond the tutorial: a coroutine that raises after n suspensions, and how asyncio passes the error on.

run(failing) is the scenario; as a script it runs with the `async def` below. The Java twin,
io.github.asyncgraalpy.examples.FailingCoroutine, runs it with the JavaCoroutine Failing(n, type, message).
"""
import asyncio
import builtins


async def failing(n, exception_type, message):
    for _ in range(n):
        await asyncio.sleep(0)
    raise getattr(builtins, exception_type)(message)


async def main(failing):
    try:
        await failing(2, "ValueError", "bad input")
    except ValueError as error:
        print(f"await failing(2, 'ValueError', 'bad input') -> ValueError: {error}")

    results = await asyncio.gather(failing(1, "TimeoutError", "too slow"), asyncio.sleep(0, "fine"), return_exceptions=True)
    print(f"gather(..., return_exceptions=True) -> {[type(r).__name__ if isinstance(r, BaseException) else r for r in results]}")

    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(failing(1, "KeyError", "missing"))
            sibling = group.create_task(asyncio.sleep(10))
    except ExceptionGroup as group_error:  # not except*: GraalPy 25.0 has no try-star yet
        print(f"TaskGroup -> {type(group_error).__name__} of {[type(e).__name__ for e in group_error.exceptions]},"
              f" sibling cancelled: {sibling.cancelled()}")
    return "survived"


def run(failing):
    assert asyncio.run(main(failing)) == "survived"


if __name__ == "__main__":
    run(failing)
