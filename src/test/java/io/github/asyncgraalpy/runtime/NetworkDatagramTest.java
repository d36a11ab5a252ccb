package io.github.asyncgraalpy.runtime;

import static io.github.asyncgraalpy.runtime.LoopbackServers.freePort;
import static io.github.asyncgraalpy.runtime.LoopbackServers.openSocketDescriptors;
import static io.github.asyncgraalpy.runtime.LoopbackServers.raisedByMain;
import static io.github.asyncgraalpy.runtime.LoopbackServers.runMain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * UDP through the Java event loop ({@code loop.create_datagram_endpoint}) against a plain Java {@link DatagramSocket}
 * echo server on loopback, with the policy of the other network tests: the server's port is a connect target, an
 * ephemeral loopback port a listen address. One runtime and context for the class; every wait is on an event, bounded.
 */
@Timeout(60)
class NetworkDatagramTest {

    private static final int MAX_SOCKETS = 4;
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static final ByteArrayOutputStream ERR = new ByteArrayOutputStream();

    private static DatagramSocket echo;
    private static int closedPort;
    private static GraalPyRuntime runtime;
    private static PythonContext python;

    @BeforeAll
    static void startEchoAndContext() throws IOException {
        echo = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread echoing = new Thread(() -> {
            byte[] buffer = new byte[2048];
            while (!echo.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    echo.receive(packet);
                    echo.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
                } catch (IOException closed) {
                    return;
                }
            }
        }, "loopback datagram echo");
        echoing.setDaemon(true);
        echoing.start();
        closedPort = freePort();
        runtime = LoopbackServers.runtimeReaching(MAX_SOCKETS, OUT, ERR, closedPort, freePort(), echo.getLocalPort());
        python = runtime.newContext();
    }

    @AfterAll
    static void closeAll() throws IOException {
        LoopbackServers.closeAll(python, runtime);
        if (echo != null) {
            echo.close();
        }
    }

    private static String prelude() {
        return String.join("\n",
                "import asyncio, logging, socket",
                "ECHO, CLOSED, MAX = " + echo.getLocalPort() + ", " + closedPort + ", " + MAX_SOCKETS,
                "class Catcher(asyncio.DatagramProtocol):",
                "    def __init__(self):",
                "        loop = asyncio.get_running_loop()",
                "        self.received, self.errors, self.lost = asyncio.Queue(), asyncio.Queue(), loop.create_future()",
                "    def datagram_received(self, data, addr):",
                "        self.received.put_nowait((data, addr))",
                "    def error_received(self, exc):",
                "        self.errors.put_nowait(exc)",
                "    def connection_lost(self, exc):",
                "        self.lost.set_result(exc)",
                "async def endpoint(**where):",
                "    return await asyncio.get_running_loop().create_datagram_endpoint(Catcher, **where)",
                "async def echoed(transport, protocol, data, addr=None):",
                "    transport.sendto(data, addr)",
                "    return await asyncio.wait_for(protocol.received.get(), 10)",
                "async def closed(transport, protocol):",
                "    transport.close()",
                "    return await asyncio.wait_for(protocol.lost, 10)",
                "async def still_works():",
                "    transport, protocol = await endpoint(remote_addr=('127.0.0.1', ECHO))",
                "    answer = await echoed(transport, protocol, b'still')",
                "    await closed(transport, protocol)",
                "    return answer == (b'still', ('127.0.0.1', ECHO))");
    }

    private static String repr(Value value) {
        return python.repr(value);
    }

    @Test
    void aRoundTripWithRemoteAddr() {
        Value result = runMain(python, prelude(),
                "transport, protocol = await endpoint(remote_addr=('127.0.0.1', ECHO))",
                "answer = await echoed(transport, protocol, b'ping')",
                "names = transport.get_extra_info('peername'), transport.get_extra_info('sockname')[0]",
                "size = transport.get_write_buffer_size()",
                "lost = await closed(transport, protocol)",
                "return [answer, names, size, lost, transport.is_closing()]");
        int port = echo.getLocalPort();
        assertEquals("[(b'ping', ('127.0.0.1', " + port + ")), (('127.0.0.1', " + port + "), '127.0.0.1'), 0, None, True]",
                repr(result));
    }

    @Test
    void aRoundTripWithLocalAddrAndSendtoByAddressAndByName() {
        Value result = runMain(python, prelude(),
                "transport, protocol = await endpoint(local_addr=('127.0.0.1', 0))",
                "by_address = await echoed(transport, protocol, b'one', ('127.0.0.1', ECHO))",
                "by_name = await echoed(transport, protocol, bytearray(b'two'), ('localhost', ECHO))",
                "empty = transport.sendto(b'', ('127.0.0.1', ECHO))  # as asyncio in 3.12: not sent",
                "peer = transport.get_extra_info('peername')",
                "sockname = transport.get_extra_info('sockname')",
                "await closed(transport, protocol)",
                "return [by_address, by_name, peer, sockname[0], sockname[1] > 0]");
        int port = echo.getLocalPort();
        assertEquals("[(b'one', ('127.0.0.1', " + port + ")), (b'two', ('127.0.0.1', " + port + ")), None, '127.0.0.1', True]",
                repr(result));
    }

    @Test
    void aForbiddenRemoteAddrIsAPermissionErrorNamingItAndTheContextGoesOn() {
        Value result = runMain(python, prelude(),
                "outcomes = []",
                "for where in (dict(remote_addr=('127.0.0.2', ECHO)), dict(remote_addr=('127.0.0.1', ECHO + 1 if ECHO < 65535 else 1)),",
                "              dict(local_addr=('127.0.0.1', 9)), dict(family=socket.AF_INET),",
                "              dict(local_addr=('127.0.0.1', 0), remote_addr=('127.0.0.2', ECHO))):",
                "    try:",
                "        await endpoint(**where)",
                "        outcomes.append('created')",
                "    except PermissionError as refused:",
                "        outcomes.append(str(refused))",
                "return [outcomes, await still_works()]");
        List<String> outcomes = new ArrayList<>();
        result.getArrayElement(0).as(List.class).forEach(each -> outcomes.add(String.valueOf(each)));
        assertEquals(5, outcomes.size(), outcomes.toString());
        assertTrue(outcomes.get(0).contains("connecting to 127.0.0.2:" + echo.getLocalPort() + " is not allowed"), outcomes.get(0));
        assertTrue(outcomes.get(1).contains("is not allowed"), outcomes.get(1));
        assertTrue(outcomes.get(2).contains("listening on 127.0.0.1:9 is not allowed"), outcomes.get(2));
        // With neither address the socket would receive from anyone on the wildcard: a listen address, not named here.
        assertTrue(outcomes.get(3).contains("listening on 0.0.0.0:0 is not allowed"), outcomes.get(3));
        assertTrue(outcomes.get(4).contains("connecting to 127.0.0.2:"), outcomes.get(4));
        assertEquals(true, result.getArrayElement(1).asBoolean(), "the context works after the refusals");
    }

    @Test
    void aForbiddenSendtoIsAPermissionErrorFromSendtoAndTheTransportGoesOn() {
        Value result = runMain(python, prelude(),
                "transport, protocol = await endpoint(local_addr=('127.0.0.1', 0))",
                "refusals = []",
                "for addr in (('127.0.0.2', ECHO), ('127.0.0.1', ECHO + 1 if ECHO < 65535 else 1), ('0.0.0.0', ECHO),",
                "             ('example.invalid', ECHO), ('127.0.0.1', 0)):",
                "    try:",
                "        transport.sendto(b'no', addr)",
                "        refusals.append('sent')",
                "    except PermissionError as refused:",
                "        refusals.append(type(refused).__name__)",
                "answer = await echoed(transport, protocol, b'yes', ('127.0.0.1', ECHO))",
                "await closed(transport, protocol)",
                "return [refusals, answer[0], protocol.errors.qsize()]");
        assertEquals("[['PermissionError', 'PermissionError', 'PermissionError', 'PermissionError', 'PermissionError'], b'yes', 0]",
                repr(result));
    }

    @Test
    void aConnectedEndpointTakesNoOtherAddressAndAnUnconnectedOneNeedsOne() {
        Value result = runMain(python, prelude(),
                "connected, connected_protocol = await endpoint(remote_addr=('127.0.0.1', ECHO))",
                "try:",
                "    connected.sendto(b'x', ('127.0.0.1', CLOSED))",
                "    other = 'sent'",
                "except ValueError as exc:",
                "    other = str(exc)",
                "await closed(connected, connected_protocol)",
                "bound, bound_protocol = await endpoint(local_addr=('127.0.0.1', 0))",
                "bound.sendto(b'x')",
                "error = await asyncio.wait_for(bound_protocol.errors.get(), 10)",
                "await closed(bound, bound_protocol)",
                "return [other, repr(error)]");
        assertEquals("[\"Invalid address: must be None or ('127.0.0.1', " + echo.getLocalPort() + ")\", \"OSError(89, 'Destination address required')\"]",
                repr(result));
    }

    @Test
    void aDatagramTooLongIsAnErrorReceivedAndTheEndpointGoesOn() {
        Value result = runMain(python, prelude(),
                "transport, protocol = await endpoint(remote_addr=('127.0.0.1', ECHO))",
                "transport.sendto(b'x' * 70000)",
                "error = await asyncio.wait_for(protocol.errors.get(), 10)",
                "answer = await echoed(transport, protocol, b'short')",
                "await closed(transport, protocol)",
                "return [type(error).__name__, error.errno, answer[0]]");
        assertEquals("['OSError', 90, b'short']", repr(result));
    }

    @Test
    void theSocketLimitCountsDatagramEndpoints() {
        Value result = runMain(python, prelude(),
                "opened = [await endpoint(local_addr=('127.0.0.1', 0)) for _ in range(MAX)]",
                "try:",
                "    await endpoint(remote_addr=('127.0.0.1', ECHO))",
                "    past = 'created'",
                "except PermissionError as refused:",
                "    past = str(refused)",
                "try:",
                "    await asyncio.open_connection('127.0.0.1', ECHO)",
                "    tcp = 'connected'",
                "except PermissionError:",
                "    tcp = 'refused'",
                "for transport, protocol in opened:",
                "    await closed(transport, protocol)",
                "return [past, tcp, await still_works()]");
        assertTrue(result.getArrayElement(0).asString().contains("(NetworkPolicy.maxSockets " + MAX_SOCKETS + ")"),
                result.getArrayElement(0).asString());
        assertEquals("refused", result.getArrayElement(1).asString(), "a TCP connection counts against the same limit");
        assertTrue(result.getArrayElement(2).asBoolean(), "closing the endpoints gives their places back");
    }

    @Test
    void sendtoOnAClosedTransportDoesNothingAndWarnsAfterAFew() {
        Value result = runMain(python, prelude(),
                "warnings = []",
                "class Keep(logging.Handler):",
                "    def emit(self, record):",
                "        warnings.append(record.getMessage())",
                "keep = Keep()",
                "logging.getLogger('asyncio').addHandler(keep)",
                "try:",
                "    transport, protocol = await endpoint(remote_addr=('127.0.0.1', ECHO))",
                "    await closed(transport, protocol)",
                "    counts = []",
                "    for _ in range(6):",
                "        transport.sendto(b'late')",
                "        counts.append(len(warnings))",
                "finally:",
                "    logging.getLogger('asyncio').removeHandler(keep)",
                "return [counts, warnings[:1], protocol.received.qsize()]");
        // As asyncio's selector transport: close() counts as the first lost send, so the fifth send warns, and each after.
        assertEquals("[[0, 0, 0, 0, 1, 2], ['socket.send() raised exception.'], 0]", repr(result));
    }

    @Test
    void optionsNotBuiltAreRefusedAsCPythonDoes() {
        Value result = runMain(python, prelude(),
                "outcomes = []",
                "loop = asyncio.get_running_loop()",
                "for options in (dict(reuse_port=True), dict(allow_broadcast=True), dict(sock=object()),",
                "                dict(reuse_address=True), dict(family=getattr(socket, 'AF_UNIX', 1)), dict(), dict(remote_addr='127.0.0.1')):",
                "    try:",
                "        await loop.create_datagram_endpoint(Catcher, **({'local_addr': ('127.0.0.1', 0)} if options.keys() <= {'reuse_port', 'allow_broadcast'} and options else {}), **options)",
                "        outcomes.append('created')",
                "    except Exception as exc:",
                "        outcomes.append(type(exc).__name__)",
                "return [outcomes, await still_works()]");
        // reuse_address is no parameter in 3.12 (it was refused with ValueError before): a TypeError, as in CPython 3.12.
        assertEquals("[['NotImplementedError', 'NotImplementedError', 'NotImplementedError', 'TypeError', 'NotImplementedError',"
                + " 'ValueError', 'TypeError'], True]", repr(result));
    }

    @Test
    void aDatagramToAPortNobodyListensOnIsAnErrorReceivedAndTheEndpointGoesOn() {
        Value result = runMain(python, prelude(),
                "transport, protocol = await endpoint(remote_addr=('127.0.0.1', CLOSED))",
                "transport.sendto(b'anyone?')",
                "error = await asyncio.wait_for(protocol.errors.get(), 10)",
                "transport.sendto(b'again')  # the endpoint is still open",
                "is_closing = transport.is_closing()",
                "await closed(transport, protocol)",
                "return [type(error).__name__, is_closing]");
        assertEquals("['ConnectionRefusedError', False]", repr(result));
    }

    @Test
    void closingAContextClosesTheEndpointsItLeftOpen() throws Exception {
        try (PythonContext leaking = runtime.newContext()) {
            List<String> before = openSocketDescriptors();
            leaking.runScript(String.join("\n",
                    "import asyncio",
                    "loop = asyncio.new_event_loop()  # never closed, nor its endpoints",
                    "kept = loop.run_until_complete(loop.create_datagram_endpoint(asyncio.DatagramProtocol,",
                    "                                                             local_addr=('127.0.0.1', 0)))"), "leak.py");
            List<String> leaked = new ArrayList<>(openSocketDescriptors());
            leaked.removeAll(before);
            assertTrue(leaked.size() >= 2, "an endpoint and a selector hold descriptors: " + leaked);
            leaking.close();
            List<String> after = openSocketDescriptors();
            assertEquals(List.of(), leaked.stream().filter(after::contains).toList(),
                    "what the context left open is closed with it (before " + before + ", after " + after + ")");
        }
    }
}
