"""Python coroutines as Java futures: synchronous code calling an `async def` and getting its result or its error.

run(call) is the scenario, with call(coroutine) running a coroutine to its end from synchronous code. As a script:
asyncio.run. The Java twin, io.github.asyncgraalpy.examples.AsyncDefFromJava, does it from Java: it submits the
coroutines to an AsyncioLoopThread and waits on the CompletableFutures it gets back.
"""
import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)
    return f"Hello, {name}"


async def refuse(name):
    await asyncio.sleep(0)
    raise LookupError(f"no greeting for {name}")


def run(call):
    print(f"greet('Ada', 0.01) -> {call(greet('Ada', 0.01))!r}")
    try:
        call(refuse("Bob"))
    except LookupError as error:
        print(f"refuse('Bob') -> LookupError: {error}")


if __name__ == "__main__":
    run(asyncio.run)
