import asyncio


class Greeter:
    async def greet(self, name):
        await asyncio.sleep(0.01)
        return f"hello, {name}"


async def main(greeter_type):
    greeter = greeter_type()
    for greeting in await asyncio.gather(*(greeter.greet(name) for name in ["ada", "grace"])):
        print(greeting)


def run(greeter_type):
    asyncio.run(main(greeter_type))


if __name__ == "__main__":
    run(Greeter)
