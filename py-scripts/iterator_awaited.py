"""Beyond the tutorial: an iterator awaited as a coroutine, one suspension per element, then a result.

Java twin: io.github.asyncgraalpy.examples.IteratorAwaited, where any java.util.Iterator or Iterable becomes such a
coroutine through io.github.asyncgraalpy.coroutine.IteratorCoroutine(iterable, result).
"""
import asyncio


async def drain(iterable, result):
    for _ in iterable:
        await asyncio.sleep(0)
    return result


def words(text):
    return text.split()


async def main():
    trace = []

    async def observer():
        for step in range(4):
            trace.append(f"observer {step}")
            await asyncio.sleep(0)

    result, _ = await asyncio.gather(drain(words("one two three"), "drained"), observer())
    print(f"await drain(three words) -> {result!r}, interleaved with {trace}")
    print(f"await drain(no words) -> {await drain(words(''), 'empty')!r}")
    try:
        await asyncio.wait_for(drain(iter(int, 1), "never"), timeout=0.01)
    except TimeoutError:
        print("an endless iterator is cancelled by wait_for, the loop never blocked")
    return result


assert asyncio.run(main()) == "drained"
