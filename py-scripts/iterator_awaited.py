"""Beyond the tutorial: an iterator awaited as a coroutine, one suspension per element, then a result.

run(drain, words, endless) is the scenario. The Java twin, io.github.asyncgraalpy.examples.IteratorAwaited, runs it
with IteratorCoroutine(iterable, result), which makes any java.util.Iterator or Iterable such a coroutine, the Java
Iterable Words, and an endless Java iterator.
"""
import asyncio


async def drain(iterable, result):
    for _ in iterable:
        await asyncio.sleep(0)
    return result


def words(text):
    return text.split()


def endless():
    return iter(int, 1)


async def main(drain, words, endless):
    trace = []

    async def observer():
        for step in range(4):
            trace.append(f"observer {step}")
            await asyncio.sleep(0)

    result, _ = await asyncio.gather(drain(words("one two three"), "drained"), observer())
    print(f"await drain(three words) -> {result!r}, interleaved with {trace}")
    print(f"await drain(no words) -> {await drain(words(''), 'empty')!r}")
    try:
        await asyncio.wait_for(drain(endless(), "never"), timeout=0.01)
    except TimeoutError:
        print("an endless iterator is cancelled by wait_for, the loop never blocked")
    return result


def run(drain, words, endless):
    assert asyncio.run(main(drain, words, endless)) == "drained"


if __name__ == "__main__":
    run(drain, words, endless)
