# The contract's factories as native `async def` coroutines: the reference every other kind must match.
import asyncio
import builtins


async def countdown(n, result):
    for _ in range(n):
        await asyncio.sleep(0)
    return result


async def failing(n, exception_type, message):
    for _ in range(n):
        await asyncio.sleep(0)
    raise getattr(builtins, exception_type)(message)


def recorder(n, result):
    events = []

    async def record():
        try:
            for _ in range(n):
                events.append("send None")
                await asyncio.sleep(0)
            events.append("send None")
            return result
        except GeneratorExit:
            events.append("close")
            raise
        except BaseException as error:
            events.append(f"throw {type(error).__name__}")
            raise

    return record(), lambda: list(events)


async def ticker(name, n, trace):
    for i in range(n):
        trace.append(f"{name} {i}")
        await asyncio.sleep(0)
    return name


async def stubborn(n):
    try:
        for _ in range(n):
            await asyncio.sleep(0)
        return "finished"
    except asyncio.CancelledError:
        return "suppressed"
