"""Chapter 3: a natively written awaitable, and where it stops being a coroutine.

MyCoroutine's __next__ returns "Ended" at once (PyO3: IterNextOutput::Return("Ended")). `await` accepts it, and
asyncio.ensure_future wraps it in a task, but it is an awaitable, not a coroutine: asyncio.create_task refuses it
with TypeError and asyncio.run with ValueError.
main() takes the function making the awaitable; the Java twin, io.github.asyncgraalpy.examples.NativeAwaitable, runs
it with the Java class MyCoroutine.
"""
import asyncio


class MyCoroutine:
    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration("Ended")


async def main(my_coroutine):
    result = await my_coroutine()
    print(f"await my_coroutine() -> {result!r}")

    future = asyncio.ensure_future(my_coroutine())
    print(f"asyncio.ensure_future(my_coroutine()) -> {type(future).__name__} with result {await future!r}")

    try:
        asyncio.create_task(my_coroutine())
    except TypeError as error:
        print("asyncio.create_task(my_coroutine()) -> TypeError")
        return result, str(error)
    raise AssertionError("create_task accepted an awaitable that is not a coroutine")


def run(my_coroutine):
    result, create_task_error = asyncio.run(main(my_coroutine))

    try:
        asyncio.run(my_coroutine())
    except ValueError as error:
        print("asyncio.run(my_coroutine()) -> ValueError")
        run_error = str(error)
    else:
        raise AssertionError("asyncio.run accepted an awaitable that is not a coroutine")

    assert result == "Ended", result
    assert asyncio.iscoroutine(my_coroutine()) is False
    assert create_task_error.startswith("a coroutine was expected, got "), create_task_error
    assert run_error.startswith("a coroutine was expected, got "), run_error


if __name__ == "__main__":
    run(my_coroutine=MyCoroutine)  # PyO3's #[pyfunction] my_coroutine() returns a new MyCoroutine; so does the class
