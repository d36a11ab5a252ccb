# network: listen 127.0.0.1:0; connect 127.0.0.1
"""HTTP/1.1 over asyncio streams, spoken through h11, a pure-Python package from requirements.txt.

h11 is a sans-I/O state machine: it turns bytes into events (Request, Data, EndOfMessage) and events into bytes,
and leaves the sockets to the caller. Here the caller is asyncio: a server on an ephemeral loopback port answers
each request with what its routes' `answer` gives, and one client sends three requests, one after the other, on one
keep-alive connection, the last asking to close it. Both columns run the same h11: GraalPy's from the folder the
runner installed, CPython's from the virtual environment it made, both from py-scripts/requirements.txt.

As a script: main() opens the server with the Python Routes, fetches and closes the server, in asyncio.run. The Java
twin, io.github.asyncgraalpy.examples.HttpOverH11, drives the same coroutines from Java on an AsyncioLoopThread, and
its routes are Java's (HttpRoutes): the server awaits the CompletableFuture each answer is.
"""
import asyncio

import h11

REQUESTS = [("GET", "/greet?name=ada", ""), ("POST", "/shout", "hello over h11"), ("GET", "/missing", "")]


class Routes:
    """The application: an answer is 'STATUS text', given a moment later."""

    async def answer(self, method, target, body):
        await asyncio.sleep(0)
        if method == "GET" and target.startswith("/greet?name="):
            return "200 hello, " + target.partition("=")[2]
        if method == "POST" and target == "/shout":
            return "200 " + body.upper()
        return "404 no route for " + target


async def receive(connection, reader):
    """The next whole message, head and body, as h11 parses it from what arrives; None once the peer has closed."""
    head, body = None, b""
    while True:
        event = connection.next_event()
        if event is h11.NEED_DATA:
            connection.receive_data(await reader.read(65536))  # b"" tells h11 the peer closed
        elif isinstance(event, h11.ConnectionClosed):
            return None
        elif isinstance(event, (h11.Request, h11.Response)):
            head = event
        elif isinstance(event, h11.Data):
            body += event.data
        elif isinstance(event, h11.EndOfMessage):
            return head, body


async def send(connection, writer, *events):
    for event in events:
        writer.write(connection.send(event))
    await writer.drain()


async def serve(routes, reader, writer):
    """The server's side of one connection: every request answered, until the client asks to close."""
    connection = h11.Connection(h11.SERVER)
    while (message := await receive(connection, reader)) is not None:
        request, body = message
        answer = await routes.answer(request.method.decode(), request.target.decode(), body.decode())
        status, _, text = answer.partition(" ")
        payload = text.encode()
        headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(payload)))]
        await send(connection, writer, h11.Response(status_code=int(status), headers=headers), h11.Data(data=payload), h11.EndOfMessage())
        if connection.our_state is h11.MUST_CLOSE:
            break
        connection.start_next_cycle()
    writer.close()
    await writer.wait_closed()


async def open_server(routes_type):
    routes = routes_type()
    return await asyncio.start_server(lambda reader, writer: serve(routes, reader, writer), "127.0.0.1", 0)


def port_of(server):
    return server.sockets[0].getsockname()[1]


async def fetch(port):
    """The client: the requests one after the other on one connection; each response's line, and h11's state at the end."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    connection = h11.Connection(h11.CLIENT)
    lines = []
    for number, (method, target, body) in enumerate(REQUESTS, start=1):
        headers = [("Host", f"127.0.0.1:{port}"), ("Content-Length", str(len(body.encode())))]
        if number == len(REQUESTS):
            headers.append(("Connection", "close"))
        events = [h11.Request(method=method, target=target, headers=headers)]
        if body:
            events.append(h11.Data(data=body.encode()))
        await send(connection, writer, *events, h11.EndOfMessage())
        response, payload = await receive(connection, reader)
        lines.append(f"{method} {target} -> {response.status_code} {payload.decode()!r}")
        if connection.our_state is not h11.MUST_CLOSE:
            connection.start_next_cycle()
    writer.close()
    await writer.wait_closed()
    return lines + [f"{len(REQUESTS)} requests on one connection; the client's h11 state then: {connection.our_state!r}"]


async def close_server(server):
    server.close()
    await server.wait_closed()
    return f"the server closed: {not server.is_serving()}"


def banner():
    return f"h11 {h11.__version__}, from requirements.txt"


async def main(routes_type):
    server = await open_server(routes_type)
    lines = await fetch(port_of(server))
    return [banner()] + lines + [await close_server(server)]


def run(routes_type):
    for line in asyncio.run(main(routes_type)):
        print(line)


if __name__ == "__main__":
    run(Routes)
