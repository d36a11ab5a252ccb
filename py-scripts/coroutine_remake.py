"""Chapter 2: what `async def` builds, remade as a class.

MyCoroutineCopy has the three special methods a coroutine needs to be awaited: __await__, __iter__ and __next__,
which ends at once with StopIteration(arg1), the value `await` evaluates to.
main() takes the class to await; the Java twin, io.github.asyncgraalpy.examples.CoroutineRemake, runs it with the Java
class MyCoroutineCopy.
"""
import asyncio


async def my_coroutine(arg1):
    return arg1


class MyCoroutineCopy:
    def __init__(self, arg1):
        self.arg1 = arg1

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration(self.arg1)


async def main(MyCoroutineCopy):
    result = await my_coroutine("foo")
    print(f"my_coroutine returned with: {repr(result)}")

    result_copy = await MyCoroutineCopy("foo")
    print(f"MyCoroutineCopy returned with: {repr(result_copy)}")
    return result, result_copy


def run(MyCoroutineCopy):
    results = asyncio.run(main(MyCoroutineCopy))
    assert results == ("foo", "foo"), results


if __name__ == "__main__":
    run(MyCoroutineCopy)
