"""Beyond the tutorial: `async for` over a source that suspends once before each element.

In Python that takes a class with __aiter__ and __anext__. run(Words) is the scenario; the Java twin,
io.github.asyncgraalpy.examples.AsyncForWords, runs it with the Java Iterable Words, which needs nothing: the runtime
gives every java.lang.Iterable and java.util.Iterator an __aiter__.
"""
import asyncio


class Words:
    def __init__(self, text):
        self.words = text.split()

    def __aiter__(self):
        return WordIterator(iter(self.words))


class WordIterator:
    def __init__(self, iterator):
        self.iterator = iterator

    def __aiter__(self):
        return self

    async def __anext__(self):
        try:
            word = next(self.iterator)
        except StopIteration:
            raise StopAsyncIteration from None
        await asyncio.sleep(0)
        return word


async def main(Words):
    trace = []

    async def reader(name, text):
        async for word in Words(text):
            trace.append(f"{name}: {word}")
        return name

    finished = await asyncio.gather(reader("left", "async for over"), reader("right", "Java iterables"))
    for line in trace:
        print(line)
    print(f"finished: {finished}")
    print(f"comprehension: {[word.upper() async for word in Words('works too')]}")
    return trace


def run(Words):
    assert len(asyncio.run(main(Words))) == 5


if __name__ == "__main__":
    run(Words)
