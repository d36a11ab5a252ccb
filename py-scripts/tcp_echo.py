# network: listen 127.0.0.1:0; connect 127.0.0.1
"""A TCP echo server and three clients talking to it at once, all in one asyncio loop.

The first line declares the network the pair needs: the runner grants exactly that to both GraalPy columns (an
ephemeral port on loopback to listen on, loopback on any port to connect to), and nothing to a pair without one.

As a script: main() opens the server, gathers the clients' coroutines and closes the server, in asyncio.run. The Java
twin, io.github.asyncgraalpy.examples.TcpEcho, drives the same coroutines from Java: it submits the server's opening,
each client and the closing to an AsyncioLoopThread, and waits on the CompletableFutures it gets back, the clients'
all at once.
"""
import asyncio

CLIENTS = {"ada": ["hello", "world"], "bob": ["async", "for", "all"], "cy": ["echo"]}


async def shout(reader, writer):
    """The server's side of one connection: each line back, upper-cased, until the client closes."""
    while line := await reader.readline():
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def open_server():
    return await asyncio.start_server(shout, "127.0.0.1", 0)


def port_of(server):
    return server.sockets[0].getsockname()[1]  # port 0 asked for an ephemeral one: this is the one it got


async def client(port, name):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answers = []
    for word in CLIENTS[name]:
        writer.write(f"{word}\n".encode())
        await writer.drain()
        answers.append((await reader.readline()).decode().rstrip("\n"))
    writer.close()
    await writer.wait_closed()
    return f"{name} sent {' '.join(CLIENTS[name])} -> {' '.join(answers)}"


async def close_server(server):
    server.close()
    await server.wait_closed()
    return not server.is_serving()


async def gather_clients(port):
    return await asyncio.gather(*(client(port, name) for name in CLIENTS))


async def main():
    server = await open_server()
    lines = await gather_clients(port_of(server))
    return lines, await close_server(server)


def report(lines, closed):
    for line in lines:
        print(line)
    print(f"{len(lines)} clients served at once; the server closed: {closed}")


if __name__ == "__main__":
    report(*asyncio.run(main()))
