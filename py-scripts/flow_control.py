# network: listen 127.0.0.1:0; connect 127.0.0.1
"""Flow control at the protocol level: an asyncio.Protocol client that writes to a server which reads nothing yet,
until its transport calls pause_writing; then waits for resume_writing, which comes once the server reads.

The server pauses reading (transport.pause_reading) until the client releases it, so the socket's buffers fill and
the bytes pile up in the client's transport, past the high-water mark set_write_buffer_limits gave it. How many bytes
that takes depends on the kernel's buffers; what the script prints does not: that the transport paused the protocol
above the high-water mark, resumed it at or below the low one, and that the server got every byte.

As a script: the server is asyncio's, a Protocol that counts what it reads and answers the count at the end. The Java
twin, io.github.asyncgraalpy.examples.FlowControl, runs the same client against a Java ServerSocket that does the same
on a thread of its own (its start() is a CompletableFuture, which asyncio awaits as it is).
"""
import asyncio

CHUNK = bytes(range(256)) * 256  # 64 KiB a write
HIGH, LOW = 256 * 1024, 64 * 1024  # the client's write-buffer limits


class Counter(asyncio.Protocol):
    """The server's side of the connection: reads nothing until released, then counts; at the end answers the count."""

    def __init__(self, released):
        self.released = released
        self.received = 0

    def connection_made(self, transport):
        self.transport = transport
        transport.pause_reading()
        self.released.add_done_callback(lambda _: transport.resume_reading())

    def data_received(self, data):
        self.received += len(data)

    def eof_received(self):
        self.transport.write(f"{self.received}\n".encode())
        self.transport.close()  # after the answer is written


class PythonServer:
    """The script's server, as the client sees a server: its port, release() to let it read, and close()."""

    def __init__(self, server, released):
        self.server = server
        self.released = released

    @staticmethod
    async def start():
        released = asyncio.get_running_loop().create_future()
        server = await asyncio.get_running_loop().create_server(lambda: Counter(released), "127.0.0.1", 0)
        return PythonServer(server, released)

    def port(self):
        return self.server.sockets[0].getsockname()[1]

    def release(self):
        self.released.set_result(None)

    def close(self):
        self.server.close()


class Sender(asyncio.Protocol):
    """The client: keeps what its transport tells it about the write buffer, and the server's answer."""

    def __init__(self):
        loop = asyncio.get_running_loop()
        self.pauses, self.resumes = [], []  # the write buffer's size at each pause_writing and resume_writing
        self.resumed = loop.create_future()
        self.answer = bytearray()
        self.closed = loop.create_future()

    def connection_made(self, transport):
        self.transport = transport
        transport.set_write_buffer_limits(high=HIGH, low=LOW)

    def pause_writing(self):
        self.pauses.append(self.transport.get_write_buffer_size())

    def resume_writing(self):
        self.resumes.append(self.transport.get_write_buffer_size())
        if not self.resumed.done():
            self.resumed.set_result(None)

    def data_received(self, data):
        self.answer += data

    def connection_lost(self, exc):
        self.closed.set_result(exc)


async def main(start_server):
    server = await start_server()
    transport, sender = await asyncio.get_running_loop().create_connection(Sender, "127.0.0.1", server.port())
    sent = 0
    while not sender.pauses:  # the server reads nothing: the socket's buffers fill, then the transport's
        transport.write(CHUNK)
        sent += len(CHUNK)
        await asyncio.sleep(0)
    print(f"the server reads nothing: pause_writing came with more than {HIGH // 1024} KiB buffered: "
          f"{sender.pauses[0] > HIGH}")
    server.release()
    await asyncio.wait_for(sender.resumed, 30)
    print(f"the server reads: resume_writing came with at most {LOW // 1024} KiB buffered: {sender.resumes[0] <= LOW}")
    transport.write(CHUNK)
    sent += len(CHUNK)
    transport.write_eof()
    await asyncio.wait_for(sender.closed, 30)
    server.close()
    received = int(sender.answer.decode())
    print(f"the server received every byte written: {received == sent}; "
          f"every pause had its resume: {len(sender.pauses) == len(sender.resumes)}")
    return received == sent


def run(start_server):
    assert asyncio.run(main(start_server))


if __name__ == "__main__":
    run(PythonServer.start)
