# network: listen 127.0.0.1:0; connect 127.0.0.1; identity localhost=tls_round_trip.pem
"""A TLS round trip over loopback with the certificate this example ships (tls_round_trip.pem, a throwaway key for
this example only): a server that answers each line upper-cased, and a client that trusts only that certificate,
checks the name 'localhost', and sends three lines, each after the last one's answer came back.

As a script: the server is asyncio's, start_server with ssl= and the shipped certificate and key. The Java twin,
io.github.asyncgraalpy.examples.TlsRoundTrip, runs the same client against a server that is not Python: a JDK
SSLServerSocket (TlsShouter) serving the same certificate, which the client awaits as it awaits the Python one.
What the client prints is its own view of the connection, so it is the same whichever server answered.
"""
import asyncio
import os
import ssl

LINES = ["hello", "over tls", "world"]
IDENTITY = "localhost"
SHIPPED = "tls_round_trip.pem"


class Identity:
    """The server's certificate and key: as file paths for load_cert_chain, as text for whoever needs it so."""

    def __init__(self, certificate_path, key_path):
        self.certificate_path = certificate_path
        self.key_path = key_path

    @staticmethod
    def find(name):
        # The one place the script differs between interpreters. On GraalPy the runner grants the shipped file (the
        # '# network:' line's identity clause) and the sandbox, which has no file access, serves it read-only at
        # /identities/NAME. CPython reads the shipped file beside the script: certificate and key in one.
        granted = f"/identities/{name}"
        if os.path.isdir(granted):
            return Identity(f"{granted}/certificate.pem", f"{granted}/key.pem")
        shipped = os.path.join(os.path.dirname(os.path.abspath(__file__)), SHIPPED)
        return Identity(shipped, shipped)

    def certificate_pem(self):
        """The certificate block alone (the shipped file also holds the key): what the client trusts."""
        with open(self.certificate_path) as file:
            text = file.read()
        end = "-----END CERTIFICATE-----"
        return text[text.index("-----BEGIN CERTIFICATE-----"):text.index(end) + len(end)] + "\n"

    def key_pem(self):
        with open(self.key_path) as file:
            text = file.read()
        end = "-----END PRIVATE KEY-----"
        return text[text.index("-----BEGIN PRIVATE KEY-----"):text.index(end) + len(end)] + "\n"


async def shout(reader, writer):
    """The script's server: each line back upper-cased, until the client ends the stream."""
    async for line in reader:  # a StreamReader iterates over its lines
        writer.write(line.upper())
        await writer.drain()
    writer.close()
    await writer.wait_closed()


class PythonServer:
    """The script's server, as the client sees a server: its port, and close()."""

    def __init__(self, server):
        self.server = server

    @staticmethod
    async def start(identity):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(identity.certificate_path, identity.key_path)
        return PythonServer(await asyncio.start_server(shout, "127.0.0.1", 0, ssl=context))

    def port(self):
        return self.server.sockets[0].getsockname()[1]  # port 0 asked for an ephemeral one: this is it

    def close(self):
        self.server.close()


async def main(start_server):
    identity = Identity.find(IDENTITY)
    server = await start_server(identity)
    context = ssl.create_default_context(cadata=identity.certificate_pem())  # trusts this certificate and no other
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port(), ssl=context, server_hostname="localhost")
    answers = []
    for line in LINES:
        writer.write(line.encode() + b"\n")
        answer = await asyncio.wait_for(reader.readline(), 10)
        print(f"sent {line!r} -> {answer!r}")
        answers.append(answer)
    # the protocol from 'cipher' (ssl_object.version() is None on GraalPy 25.0.3), the name from the verified certificate
    protocol = writer.get_extra_info("cipher")[1]
    subject = dict(pair[0] for pair in writer.get_extra_info("peercert")["subject"])
    server_side = writer.get_extra_info("ssl_object").server_side
    print(f"{protocol} with {subject['commonName']!r}, verified against the shipped certificate; server_side={server_side}")
    writer.close()
    await writer.wait_closed()
    server.close()
    print(f"{len(answers)} lines over TLS, one at a time; the client closed: {writer.is_closing()}")
    return answers


def run(start_server):
    assert asyncio.run(main(start_server)) == [line.upper().encode() + b"\n" for line in LINES]


if __name__ == "__main__":
    run(PythonServer.start)
