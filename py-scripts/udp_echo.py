# network: listen 127.0.0.1:0; connect 127.0.0.1
"""A UDP echo over loopback: a server endpoint that sends each datagram back upper-cased, and a client endpoint
connected to it that sends three words, one at a time, each after the last one's answer came back.

As a script: the server is asyncio's, a DatagramProtocol on an ephemeral port. The Java twin,
io.github.asyncgraalpy.examples.UdpEcho, runs the same client against a Java DatagramSocket server instead, which
the client awaits as it awaits the Python one (start() gives a CompletableFuture, which asyncio awaits as it is).
The client waits for each answer before it sends the next word, so the output is the same on every run.
"""
import asyncio

WORDS = ["hello", "datagram", "world"]


class Shouter(asyncio.DatagramProtocol):
    """The server: each datagram back to whoever sent it, upper-cased."""

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(data.upper(), addr)


class PythonServer:
    """The script's server, as the client sees a server: its port, and close()."""

    def __init__(self, transport):
        self.transport = transport

    @staticmethod
    async def start():
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(Shouter, local_addr=("127.0.0.1", 0))
        return PythonServer(transport)

    def port(self):
        return self.transport.get_extra_info("sockname")[1]  # port 0 asked for an ephemeral one: this is it

    def close(self):
        self.transport.close()


class Asker(asyncio.DatagramProtocol):
    """The client: what comes back goes into a queue, an error as well as a datagram."""

    def __init__(self):
        self.answers = asyncio.Queue()

    def datagram_received(self, data, addr):
        self.answers.put_nowait(data)

    def error_received(self, exc):
        self.answers.put_nowait(exc)


async def main(start_server):
    server = await start_server()
    loop = asyncio.get_running_loop()
    # remote_addr connects the endpoint: sendto needs no address, and only the server's datagrams come in
    transport, asker = await loop.create_datagram_endpoint(Asker, remote_addr=("127.0.0.1", server.port()))
    answers = []
    for word in WORDS:
        transport.sendto(word.encode())
        answer = await asyncio.wait_for(asker.answers.get(), 10)
        print(f"sent {word!r} -> {answer!r}")
        answers.append(answer)
    transport.close()
    server.close()
    print(f"{len(answers)} datagrams echoed, one at a time; the client endpoint closed: {transport.is_closing()}")
    return answers


def run(start_server):
    assert asyncio.run(main(start_server)) == [word.upper().encode() for word in WORDS]


if __name__ == "__main__":
    run(PythonServer.start)
