"""Context variables across awaits: each request's id, set in its own task, is still its own after the task awaited an
answer that another thread completed, and a done callback runs in the context it was added in.

run(answer_later) is the scenario, with answer_later(i) an awaitable of f"answer {i}" that another thread completes,
the later the smaller i is. As a script: a coroutine that waits in asyncio.to_thread. The Java twin,
io.github.asyncgraalpy.examples.ContextAcrossAwait, hands it Answers.later(i), a CompletableFuture completed by a Java
scheduler.
"""
import asyncio
import contextvars
import time

request_id = contextvars.ContextVar("request_id", default="no request")


async def answer_later(i):
    await asyncio.to_thread(time.sleep, 0.02 * (3 - i))
    return f"answer {i}"


async def handle(i, answer_later, log):
    request_id.set(f"request {i}")
    answer = asyncio.ensure_future(answer_later(i))
    answer.add_done_callback(lambda done: log.append(f"callback of {request_id.get()}"))
    log.append(f"{request_id.get()} got {await answer}")


async def main(answer_later):
    log = []
    await asyncio.gather(*(handle(i, answer_later, log) for i in range(3)))
    for line in sorted(log):
        print(line)
    print(f"and outside the requests: {request_id.get()}")
    return sorted(log)


def run(answer_later):
    log = asyncio.run(main(answer_later))
    assert log == sorted([f"request {i} got answer {i}" for i in range(3)] + [f"callback of request {i}" for i in range(3)])


if __name__ == "__main__":
    run(answer_later)
