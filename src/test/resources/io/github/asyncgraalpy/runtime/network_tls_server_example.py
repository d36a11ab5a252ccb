import asyncio
import ssl


def server_context(name):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(f"/identities/{name}/certificate.pem", f"/identities/{name}/key.pem")
    return context


async def shout(reader, writer):
    writer.write((await reader.readline()).upper())
    await writer.drain()
    writer.close()


async def serve_tls(exchange):
    server = await asyncio.start_server(shout, "127.0.0.1", 0, ssl=server_context("web"))
    async with server:
        return await exchange(server.sockets[0].getsockname()[1])
