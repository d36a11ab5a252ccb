import asyncio


async def ask(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello\n")
    await writer.drain()
    answer = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return answer


async def shout(reader, writer):
    writer.write((await reader.readline()).upper())
    await writer.drain()
    writer.close()


async def serve(exchange):
    server = await asyncio.start_server(shout, "127.0.0.1", 0)
    async with server:
        port = server.sockets[0].getsockname()[1]
        return await exchange(port)
