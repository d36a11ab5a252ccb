"""Chapter 1: what `await` does under the hood.

`await foo()` calls the coroutine function, asks the coroutine for its iterator with __await__() and __iter__(),
then calls next() until StopIteration, whose value is the result. Here are the four steps written out by hand.
Java twin: io.github.asyncgraalpy.examples.AwaitUnderTheHood (Java drives the same coroutine, step by step).
"""


async def foo():
    print("foo is being called")
    return "hello"


my_iterator = foo()                      # 1. call the coroutine function: nothing runs yet
my_iterator = my_iterator.__await__()    # 2. the awaitable protocol
my_iterator = my_iterator.__iter__()     # 3. the iterator protocol

suspensions = 0
try:
    while True:                          # 4. next() until StopIteration
        next(my_iterator)
        suspensions += 1
except StopIteration as result:
    value = result.value
    print(f"Result of our coroutine: {repr(value)}")

assert value == "hello", value
assert suspensions == 0, "foo() never waits, so it must finish on the first next()"
