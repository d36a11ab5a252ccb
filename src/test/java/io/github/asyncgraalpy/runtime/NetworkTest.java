package io.github.asyncgraalpy.runtime;

import static io.github.asyncgraalpy.runtime.LoopbackServers.freePort;
import static io.github.asyncgraalpy.runtime.LoopbackServers.openSocketDescriptors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.LoopbackServers.JavaServer;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TCP through the Java event loop with a network policy, against real parts: plain Java servers for the client tests
 * (echo, a slow sink, one that resets), a plain Java {@link Socket} for the server test, and an asyncio client and
 * server in one loop; each rule of the policy refused once, the context working after each refusal. One runtime and
 * one context for the class (loopback only, small data); a second context for the descriptor count.
 */
@Timeout(60)
class NetworkTest {

    private static final int MAX_SOCKETS = 6;
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static final ByteArrayOutputStream ERR = new ByteArrayOutputStream();

    private static JavaServer echo;
    private static JavaServer sink;
    private static JavaServer reset;
    private static int closedPort;
    private static int pairPort;
    private static GraalPyRuntime runtime;
    private static PythonContext python;

    @BeforeAll
    static void startServersAndContext() throws IOException {
        echo = LoopbackServers.echo();
        // Takes nothing for a while, so that a client's buffers fill, then counts what came and says how much.
        sink = new JavaServer(4096, socket -> {
            try (socket) {
                Thread.sleep(300);
                long count = socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                socket.getOutputStream().write(Long.toString(count).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | InterruptedException gone) {
                // the client went
            }
        });
        reset = new JavaServer(0, socket -> {
            try {
                socket.getInputStream().read(); // one byte, then a reset (SO_LINGER 0)
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException gone) {
                // the client went
            }
        });
        closedPort = freePort();
        pairPort = freePort();
        runtime = LoopbackServers.runtimeReaching(MAX_SOCKETS, OUT, ERR, closedPort, pairPort, echo.port(), sink.port(), reset.port());
        python = runtime.newContext();
    }

    /** What every script of the class starts with: asyncio, socket and the test servers' ports. */
    private static String prelude() {
        return String.join("\n",
                "import asyncio, socket",
                "ECHO, SINK, RESET, CLOSED, PAIR = " + echo.port() + ", " + sink.port() + ", " + reset.port() + ", " + closedPort + ", " + pairPort);
    }

    @AfterAll
    static void closeAll() throws IOException {
        LoopbackServers.closeAll(python, runtime, echo, sink, reset);
    }

    /** Runs {@code body} (the statements of {@code async def main()}) with asyncio.run; returns its {@code result}. */
    private static Value runMain(String... body) {
        return LoopbackServers.runMain(python, prelude(), body);
    }

    /** {@code [type, str]} of what {@code body} (in {@code async def main()}) raised, then that the context still works. */
    private static List<String> raisedIn(String... body) {
        List<String> raised = LoopbackServers.raisedByMain(python, prelude(), body);
        assertEquals("b'still works\\n'", python.repr(runMain(
                "reader, writer = await asyncio.open_connection('127.0.0.1', ECHO)",
                "writer.write(b'still works\\n')",
                "line = await reader.readline()",
                "writer.close()",
                "await writer.wait_closed()",
                "return line")), "the context works after " + raised);
        return raised;
    }

    @Test
    void aStreamClientTalksToAPlainJavaEchoServer() {
        Value result = runMain(
                "reader, writer = await asyncio.open_connection('127.0.0.1', ECHO)",
                "writer.write(b'one\\n')",
                "writer.writelines([b'two', b'\\n'])",
                "await writer.drain()",
                "lines = [await reader.readline(), await reader.readline()]",
                "transport = writer.transport",
                "assert transport.can_write_eof() and not transport.is_closing()",
                "writer.write(b'rest')",
                "writer.write_eof()",
                "rest = await reader.read()",
                "peer, own = writer.get_extra_info('peername'), writer.get_extra_info('sockname')",
                "writer.close()",
                "assert transport.is_closing()",
                "await writer.wait_closed()",
                "import sys",
                "tls_loaded = 'ssl' in sys.modules  # imported on a script's first TLS call only (start-up time)",
                "return [lines, rest, peer == ('127.0.0.1', ECHO), own[0], transport.get_write_buffer_size(), tls_loaded]");
        assertEquals("[[b'one\\n', b'two\\n'], b'rest', True, '127.0.0.1', 0, False]", python.repr(result));
    }

    @Test
    void theChaptersExampleRuns() throws IOException {
        String example;
        try (var in = NetworkTest.class.getResourceAsStream("network_example.py")) {
            example = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Value result = python.runScript(String.join("\n", example, prelude(),
                "import java",
                "client = java.type('" + TestRuntime.PYTHON_FACING + ".PlainJavaClient')",
                "async def main():",
                "    return [await ask(ECHO), await serve(lambda port: client.exchange(port, 'hi\\n'))]",
                "result = asyncio.run(main())"), "network_example.py").getHashValue("result");
        assertEquals("[b'hello\\n', 'HI\\n']", python.repr(result));
    }

    @Test
    void aServerAnswersAPlainJavaSocket() {
        Value result = runMain(
                "import java",
                "client = java.type('" + TestRuntime.PYTHON_FACING + ".PlainJavaClient')",
                "async def shout(reader, writer):",
                "    writer.write((await reader.read()).upper())",
                "    await writer.drain()",
                "    writer.close()",
                "server = await asyncio.start_server(shout, '127.0.0.1', 0)",
                "async with server:",
                "    port = server.sockets[0].getsockname()[1]",
                "    answers = [await client.exchange(port, 'hello'), await client.exchange(port, 'again')]",
                "return [answers, server.is_serving(), server.sockets]");
        assertEquals("[['HELLO', 'AGAIN'], False, ()]", python.repr(result));
    }

    @Test
    void anAsyncioClientAndServerInOneLoop() {
        Value result = runMain(
                "seen = []",
                "async def echo_once(reader, writer):",
                "    seen.append(writer.get_extra_info('peername')[0])",
                "    writer.write(await reader.readline())",
                "    await writer.drain()",
                "    writer.close()",
                "server = await asyncio.start_server(echo_once, '127.0.0.1', PAIR)",
                "serving = asyncio.ensure_future(server.serve_forever())",
                "reader, writer = await asyncio.open_connection('127.0.0.1', PAIR)",
                "writer.write(b'ping\\n')",
                "line = await reader.readline()",
                "at_end = await reader.read()",
                "writer.close()",
                "serving.cancel()",
                "try:",
                "    await serving",
                "except asyncio.CancelledError:",
                "    pass",
                "await server.wait_closed()",
                "return [line, at_end, seen, server.is_serving()]");
        assertEquals("[b'ping\\n', b'', ['127.0.0.1'], False]", python.repr(result));
    }

    @Test
    void writeBufferLimitsPauseAndResumeTheProtocolAndReadingPauses() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "class Flow(asyncio.Protocol):",
                "    def __init__(self):",
                "        self.events, self.data, self.resumed, self.lost = [], b'', loop.create_future(), loop.create_future()",
                "    def pause_writing(self): self.events.append('pause')",
                "    def resume_writing(self):",
                "        self.events.append('resume')",
                "        self.resumed.set_result(None)",
                "    def data_received(self, data): self.data += data",
                "    def connection_lost(self, exc): self.lost.set_result(exc)",
                "transport, flow = await loop.create_connection(Flow, '127.0.0.1', SINK)",
                "transport.set_write_buffer_limits(high=16384)",
                "limits = transport.get_write_buffer_limits()",
                "chunk = b'x' * 65536",
                "written = 0",
                "while 'pause' not in flow.events and written < 8 * 1024 * 1024:",
                "    transport.write(chunk)",
                "    written += len(chunk)",
                "buffered = transport.get_write_buffer_size()",
                "await asyncio.wait_for(flow.resumed, 20)",
                "transport.write_eof()",
                "await asyncio.wait_for(flow.lost, 20)",
                "return [limits, buffered > 16384, flow.events, int(flow.data) == written]");
        assertEquals("[(4096, 16384), True, ['pause', 'resume'], True]", python.repr(result));
        Value reading = runMain(
                "loop = asyncio.get_running_loop()",
                "got = []",
                "class Reader(asyncio.Protocol):",
                "    def data_received(self, data): got.append(data)",
                "transport, _ = await loop.create_connection(Reader, '127.0.0.1', ECHO)",
                "await asyncio.sleep(0)",
                "transport.pause_reading()",
                "paused = transport.is_reading()",
                "transport.write(b'held')",
                "await asyncio.sleep(0.1)",
                "while_paused = list(got)",
                "transport.resume_reading()",
                "for _ in range(3000):  # up to 30 s for the echo: it ends the wait as it comes",
                "    if got: break",
                "    await asyncio.sleep(0.01)",
                "transport.abort()",
                "return [paused, while_paused, got]");
        assertEquals("[False, [], [b'held']]", python.repr(reading));
    }

    /**
     * {@code loop.sendfile} as CPython's loop does it for a file the kernel cannot send: the native way declines with
     * {@code SendfileNotAvailableError}, the fallback reads and writes (offset, count, the file's position after), the
     * transport's own protocol is back and reading again afterwards. The expected line is what python3 3.11 prints
     * for the same statements.
     */
    @Test
    void sendfileFallsBackToReadingAndWritingAsCPythonsLoop() {
        Value result = runMain(
                "import io",
                "loop = asyncio.get_running_loop()",
                "received = []",
                "async def sink(reader, writer):",
                "    received.append(await reader.read())",
                "    writer.write(b'%d' % len(received[0]))",
                "    writer.close()",
                "server = await asyncio.start_server(sink, '127.0.0.1', PAIR)",
                "reader, writer = await asyncio.open_connection('127.0.0.1', PAIR)",
                "payload = bytes(range(256)) * 1024",
                "file = io.BytesIO(payload)",
                "part = await loop.sendfile(writer.transport, file, 1000, 100000)",
                "at = file.tell()",
                "rest = await loop.sendfile(writer.transport, file)",
                "writer.write(b'after')",
                "refused = []",
                "for call in (lambda: loop.sendfile(writer.transport, io.BytesIO(b'x'), fallback=False),",
                "             lambda: loop.sendfile(writer.transport, object())):",
                "    try:",
                "        await call()",
                "    except Exception as error:",
                "        refused.append([type(error).__name__, str(error)[:40]])",
                "writer.write_eof()",
                "answer = await asyncio.wait_for(reader.read(), 20)",
                "writer.close()",
                "await writer.wait_closed()",
                "try:",
                "    await loop.sendfile(writer.transport, io.BytesIO(b'x'))",
                "except RuntimeError as error:",
                "    refused.append(str(error))",
                "server.close()",
                "await server.wait_closed()",
                "return [part, at, rest, answer, received[0] == payload[1000:] + b'after', refused]");
        assertEquals("[100000, 101000, 161144, b'261149', True, [['SendfileNotAvailableError', 'not a regular file'],"
                + " ['AttributeError', \"'object' object has no attribute 'readin\"], 'Transport is closing']]",
                python.repr(result));
    }

    @Test
    void aBufferedProtocolGetsTheBytesInItsOwnBuffer() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "class Into(asyncio.BufferedProtocol):",
                "    def __init__(self):",
                "        self.buffer, self.got, self.done = bytearray(3), bytearray(), loop.create_future()",
                "    def get_buffer(self, sizehint): return self.buffer",
                "    def buffer_updated(self, nbytes): self.got += self.buffer[:nbytes]",
                "    def eof_received(self): self.done.set_result(bytes(self.got))",
                "transport, into = await loop.create_connection(Into, '127.0.0.1', ECHO)",
                "transport.write(memoryview(b'in a buffer of three bytes'))",
                "transport.write_eof()",
                "got = await asyncio.wait_for(into.done, 20)",
                "transport.close()",
                "return got");
        assertEquals("b'in a buffer of three bytes'", python.repr(result));
    }

    @Test
    void aResetArrivesAsConnectionResetErrorInConnectionLost() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "lost = loop.create_future()",
                "class Watch(asyncio.Protocol):",
                "    def connection_lost(self, exc): lost.set_result(exc)",
                "transport, _ = await loop.create_connection(Watch, '127.0.0.1', RESET)",
                "transport.write(b'x')",
                "exc = await asyncio.wait_for(lost, 20)",
                "return [type(exc).__name__, getattr(exc, 'errno', None), transport.is_closing()]");
        assertEquals("['ConnectionResetError', 104, True]", python.repr(result));
    }

    @Test
    void getaddrinfoGoesThroughThePolicy() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "return await loop.getaddrinfo('localhost', ECHO, type=socket.SOCK_STREAM)");
        assertTrue(python.repr(result).contains("('127.0.0.1', " + echo.port() + ")"), python.repr(result));
        List<String> raised = raisedIn("await asyncio.get_running_loop().getaddrinfo('example.invalid', 80)");
        assertEquals("PermissionError", raised.get(0));
        assertTrue(raised.get(1).contains("looking up example.invalid is not allowed"), raised.get(1));
    }

    // ---- one refusal per rule; the context works after each (raisedIn) ----

    @Test
    void aConnectToAnEndpointNotInThePolicyIsAPermissionErrorNamingIt() {
        assertEquals(List.of("PermissionError", "[Errno 1] connecting to 127.0.0.1:1 is not allowed by this context's network policy:"
                + " no entry names the address 127.0.0.1 at port 1"), raisedIn("await asyncio.open_connection('127.0.0.1', 1)"));
        List<String> byName = raisedIn("await asyncio.open_connection('example.invalid', 80)");
        assertEquals("PermissionError", byName.get(0));
        assertTrue(byName.get(1).contains("looking up example.invalid is not allowed"), byName.get(1));
    }

    @Test
    void aNameAllowedWhoseAddressIsNotAtThatPortIsRefusedBeforeConnecting() {
        // "localhost" is allowed by name at any port, 127.0.0.1 only at the test servers' ports: port 1 is refused by
        // the policy (PermissionError), not by the host (which would be ConnectionRefusedError).
        assertEquals(List.of("PermissionError", "[Errno 1] connecting to localhost:1 (127.0.0.1) is not allowed by this"
                + " context's network policy: no entry names the address 127.0.0.1 at port 1"),
                raisedIn("await asyncio.open_connection('localhost', 1)"));
        assertEquals("b'by name\\n'", python.repr(runMain(
                "reader, writer = await asyncio.open_connection('LOCALHOST.', ECHO)",
                "writer.write(b'by name\\n')",
                "line = await reader.readline()",
                "writer.close()",
                "return line")));
    }

    @Test
    void listeningWhereThePolicyDoesNotSayIsAPermissionError() {
        assertEquals(List.of("PermissionError", "[Errno 1] listening on 0.0.0.0:0 is not allowed by this context's network"
                + " policy: no entry names the address 0.0.0.0"), raisedIn("await asyncio.start_server(lambda r, w: None, '0.0.0.0', 0)"));
        assertEquals("PermissionError", raisedIn("await asyncio.start_server(lambda r, w: None, None, 0)").get(0));
        // "127.0.0.1:0" allows an ephemeral port, not every port.
        assertEquals(List.of("PermissionError", "[Errno 1] listening on 127.0.0.1:" + closedPort + " is not allowed by this"
                + " context's network policy: no entry names the address 127.0.0.1 at port " + closedPort),
                raisedIn("await asyncio.start_server(lambda r, w: None, '127.0.0.1', CLOSED)"));
    }

    @Test
    void pythonsOwnSocketsStayDenied() {
        assertEquals(List.of("PermissionError", "[Errno 1] opening a socket is denied in this GraalPy sandbox (see docs/security.md)"),
                raisedIn("socket.socket()"));
        assertEquals("PermissionError", raisedIn("socket.create_connection(('127.0.0.1', ECHO))").get(0));
    }

    @Test
    void aClosedAllowedPortIsConnectionRefusedError() {
        assertEquals(List.of("ConnectionRefusedError", "[Errno 111] Connect call failed ('127.0.0.1', " + closedPort + ")"),
                raisedIn("await asyncio.open_connection('127.0.0.1', CLOSED)"));
    }

    /** CPython: "connect(): port must be 0-65535."; a port past a Java int once arrived as a TypeError about a foreign object. */
    @Test
    void aPortOutOfRangeIsAnOverflowErrorAsInCPython() {
        assertEquals(List.of("OverflowError", "port must be 0-65535, was 1099511627776"),
                raisedIn("await asyncio.open_connection('127.0.0.1', 2**40)"));
        assertEquals(List.of("OverflowError", "port must be 0-65535, was 65536"),
                raisedIn("await asyncio.open_connection('127.0.0.1', 65536)"));
        assertEquals(List.of("OverflowError", "Python int too large to convert to C int"),
                raisedIn("await asyncio.get_running_loop().create_server(asyncio.Protocol, '127.0.0.1', 0, backlog=2**40)"));
    }

    @Test
    void theSocketLimitIsAPermissionErrorAndFreedSocketsCountNoMore() {
        List<String> raised = raisedIn(
                "writers = []",
                "try:",
                "    for _ in range(" + (MAX_SOCKETS + 1) + "):",
                "        writers.append((await asyncio.open_connection('127.0.0.1', ECHO))[1])",
                "finally:",
                "    opened = len(writers)",
                "    for writer in writers:",
                "        writer.close()",
                "    assert opened == " + MAX_SOCKETS + ", opened");
        assertEquals(List.of("PermissionError", "[Errno 1] connecting to 127.0.0.1:" + echo.port() + " is not allowed: this context has "
                + MAX_SOCKETS + " sockets open, its network policy's limit (NetworkPolicy.maxSockets " + MAX_SOCKETS + ")"), raised);
    }

    @Test
    void getnameinfoAnswersWithNumbersAndLooksUpNoName() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "answers = [await loop.getnameinfo(('127.0.0.1', ECHO)), await loop.getnameinfo(('localhost', ECHO), socket.NI_NUMERICSERV)]",
                "refused = []",
                "for sockaddr, flags in ((('127.0.0.1', ECHO), socket.NI_NAMEREQD), (('example.invalid', 80), 0), ('127.0.0.1', 0)):",
                "    try:",
                "        await loop.getnameinfo(sockaddr, flags)",
                "    except Exception as error:",
                "        refused.append(type(error).__name__)",
                "return [answers == [('127.0.0.1', str(ECHO))] * 2, refused]");
        assertEquals("[True, ['gaierror', 'PermissionError', 'TypeError']]", python.repr(result));
    }

    @Test
    void whatThisSliceLeavesOutSaysSo() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "said = []",
                "for call in (lambda: loop.create_datagram_endpoint(asyncio.DatagramProtocol, remote_addr=('127.0.0.1', ECHO),",
                "                                                   allow_broadcast=True),",
                "             lambda: loop.create_server(asyncio.Protocol, '127.0.0.1', 0, reuse_port=True),",
                "             lambda: loop.create_unix_connection(asyncio.Protocol, '/tmp/x'),",
                "             lambda: loop.sock_connect(None, ('127.0.0.1', ECHO))):",
                "    try:",
                "        await call()",
                "    except NotImplementedError as error:",
                "        said.append(str(error))",
                "return said");
        assertEquals("[\"allow_broadcast= is not built in this sandbox's event loop (see docs/network.md)\","
                + " \"reuse_port= is not built in this sandbox's event loop (see docs/network.md)\","
                + " \"loop.create_unix_connection() is not built in this sandbox's event loop (see docs/network.md)\", '']",
                python.repr(result));
    }

    @Test
    void loopsWithSocketsAreBoundedToo() {
        // Each loop with sockets holds a selector (file descriptors): as many loops as sockets at most.
        List<String> raised = SharedPythonContext.raised(python, String.join("\n", prelude(),
                "loops = [asyncio.new_event_loop() for _ in range(" + (MAX_SOCKETS + 1) + ")]",
                "try:",
                "    for loop in loops:",
                "        loop.run_until_complete(loop.getaddrinfo('127.0.0.1', ECHO))",
                "finally:",
                "    for loop in loops:",
                "        loop.close()"), "Exception");
        assertEquals(List.of("PermissionError", "[Errno 1] networking is not allowed: this context has " + MAX_SOCKETS
                + " event loops with sockets, its network policy's limit (NetworkPolicy.maxSockets " + MAX_SOCKETS + ")"), raised);
        raisedIn("pass"); // and the context works after it
    }

    @Test
    void tricksForAnotherEndpointAreRefusedOnTheAddressJavaWouldUse() {
        Value result = runMain(
                "outcomes = []",
                "for host, port in [('::ffff:127.0.0.1', 1), ('0.0.0.0', ECHO), ('::', ECHO), ('127.0.0.1', 0), ('2130706433', ECHO),",
                "                   ('127.1', ECHO), ('0x7f.0.0.1', ECHO), ('[::1]', ECHO), ('localhost\\x00.evil', ECHO)]:",
                "    try:",
                "        await asyncio.open_connection(host, port)",
                "        outcomes.append('connected')",
                "    except PermissionError:",
                "        outcomes.append('refused')",
                "return outcomes");
        assertEquals("['refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused']",
                python.repr(result));
    }

    @Test
    void pythonHoldsANumberPerSocketAndTheJavaHalfShowsNothingButItsMethods() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "reader, writer = await asyncio.open_connection('127.0.0.1', ECHO)",
                "java_half = loop._network",
                "handle = writer.transport._handle",
                "hidden = []",
                "for name in ('getClass', 'selector', 'handles', 'network', 'channel', '__class__.forName'):",
                "    try:",
                "        eval('java_half.' + name)",
                "        hidden.append(name + ' visible')",
                "    except (AttributeError, KeyError, TypeError):",
                "        hidden.append(name + ' hidden')",
                "direct = list(java_half.connect('10.0.0.1', 80))[:2]",
                "writer.close()",
                "return [type(handle).__name__, hidden, direct]");
        assertEquals("['int', ['getClass hidden', 'selector hidden', 'handles hidden', 'network hidden', 'channel hidden',"
                + " '__class__.forName hidden'], ['error', 'PermissionError']]", python.repr(result));
    }

    @Test
    void closingAContextClosesTheSocketsItLeftOpen() throws Exception {
        try (PythonContext leaking = runtime.newContext()) {
            List<String> before = openSocketDescriptors();
            leaking.runScript(String.join("\n",
                    "import asyncio",
                    "loop = asyncio.new_event_loop()  # never closed, nor anything on it",
                    "async def leak():",
                    "    server = await asyncio.start_server(lambda r, w: None, '127.0.0.1', 0)",
                    "    port = server.sockets[0].getsockname()[1]",
                    "    return server, await asyncio.open_connection('127.0.0.1', " + echo.port() + ")",
                    "kept = loop.run_until_complete(leak())"), "leak.py");
            List<String> leaked = new ArrayList<>(openSocketDescriptors());
            leaked.removeAll(before);
            assertTrue(leaked.size() >= 3, "a server, a connection and a selector hold descriptors: " + leaked);
            leaking.close();
            // The echo server's side of the connection is among them and closes when it reads the end of the stream,
            // on a thread of its own, a moment after the context's side: wait for it; a real leak never closes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> after = openSocketDescriptors();
            while (leaked.stream().anyMatch(after::contains) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                after = openSocketDescriptors();
            }
            List<String> stillOpen = after;
            assertEquals(List.of(), leaked.stream().filter(stillOpen::contains).toList(),
                    "what the context left open is closed with it (before " + before + ", after " + after + ")");
        }
    }
}
