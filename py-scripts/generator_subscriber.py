"""Streams with backpressure: an async generator read by a consumer that takes the first few and lets go.

run(take) is the scenario, with take(source, n) an awaitable of the first n elements of the async generator source,
which it closes then. As a script take is an `async for` loop; in the Java twin,
io.github.asyncgraalpy.examples.GeneratorSubscriber, it is FirstElements, a java.util.concurrent.Flow.Subscriber of the
generator published to Java, which requests 3 elements at a time.
"""
import asyncio
import contextlib
import itertools


async def squares(produced):
    try:
        for i in itertools.count():
            produced.append(i)
            yield i * i
    finally:
        print(f"the generator is closed after {len(produced)} squares")


async def take(source, n):
    taken = []
    async with contextlib.aclosing(source) as elements:
        async for element in elements:
            taken.append(element)
            if len(taken) == n:
                break
    return taken


async def main(take):
    produced = []
    received = list(await take(squares(produced), 7))
    print(f"received {received}")
    print(f"produced only what was asked for: {len(produced) == len(received)}")
    return received


def run(take):
    assert asyncio.run(main(take)) == [0, 1, 4, 9, 16, 25, 36]


if __name__ == "__main__":
    run(take)
