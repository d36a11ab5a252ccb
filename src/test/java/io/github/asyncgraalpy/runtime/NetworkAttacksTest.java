package io.github.asyncgraalpy.runtime;

import static io.github.asyncgraalpy.runtime.LoopbackServers.freePort;
import static io.github.asyncgraalpy.runtime.LoopbackServers.openSocketDescriptors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.runtime.LoopbackServers.JavaServer;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile script against the network slice: each test is an attack and asserts the safe outcome, so that it fails
 * when the attack succeeds. Set up as {@link NetworkTest}: plain Java servers on loopback, a policy allowing only their
 * ports (and an ephemeral or one fixed listen port), one runtime and context for the class.
 */
@Timeout(120)
class NetworkAttacksTest {

    private static final int MAX_SOCKETS = 8;
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static final ByteArrayOutputStream ERR = new ByteArrayOutputStream();
    /** What a refusal or a bad argument may be in Python: ordinary exceptions, never SystemError or a host exception. */
    private static final Set<String> ORDINARY = Set.of("PermissionError", "OverflowError", "OSError", "TypeError", "ValueError",
            "gaierror", "UnicodeDecodeError", "UnicodeEncodeError", "NotImplementedError", "ConnectionRefusedError");

    private static JavaServer echo;
    private static JavaServer hold;
    private static JavaServer stall;
    private static JavaServer flood;
    private static final AtomicLong FLOODED = new AtomicLong();
    private static int closedPort;
    private static int pairPort;
    private static GraalPyRuntime runtime;
    private static PythonContext python;

    @BeforeAll
    static void startServersAndContext() throws IOException {
        echo = LoopbackServers.echo();
        // Accepts and reads nothing for 1.5 s, then closes: a client's writes pile up meanwhile.
        hold = new JavaServer(0, socket -> {
            try (socket) {
                Thread.sleep(1500);
            } catch (IOException | InterruptedException gone) {
                // the client went
            }
        });
        // Accepts and reads nothing until the class closes it: for the 200 MB write, which HOLD's 1.5 s did not always
        // cover on a busy machine (the write met a closed peer: no pause, no buffer), and the cut-short TLS handshakes.
        // Its connections stay open, so no test that counts descriptors before and after uses it.
        stall = new JavaServer(0, socket -> {
            try {
                while (!socket.isClosed()) {
                    Thread.sleep(100);
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        // Sends for ever, counting what the client's side took.
        flood = new JavaServer(0, socket -> {
            byte[] chunk = new byte[64 * 1024];
            try (socket; OutputStream out = socket.getOutputStream()) {
                while (true) {
                    out.write(chunk);
                    FLOODED.addAndGet(chunk.length);
                }
            } catch (IOException gone) {
                // the client went
            }
        });
        closedPort = freePort();
        pairPort = freePort();
        runtime = LoopbackServers.runtimeReaching(MAX_SOCKETS, OUT, ERR, closedPort, pairPort, echo.port(), hold.port(), flood.port(),
                stall.port());
        python = runtime.newContext();
    }

    @AfterAll
    static void closeAll() throws IOException {
        LoopbackServers.closeAll(python, runtime, echo, hold, flood, stall);
    }

    private static String prelude() {
        return String.join("\n",
                "import asyncio, socket, time",
                "ECHO, HOLD, FLOOD, CLOSED, PAIR, MAX, STALL = " + echo.port() + ", " + hold.port() + ", " + flood.port() + ", "
                        + closedPort + ", " + pairPort + ", " + MAX_SOCKETS + ", " + stall.port(),
                LoopbackServers.FREE_SOCKETS,
                "async def still_works():",
                "    reader, writer = await asyncio.open_connection('127.0.0.1', ECHO)",
                "    writer.write(b'still works\\n')",
                "    line = await reader.readline()",
                "    writer.close()",
                "    return line == b'still works\\n'");
    }

    /** Runs {@code body} as {@code async def main()} with asyncio.run in the class's context; returns its result. */
    private static Value runMain(String... body) {
        return runMainIn(python, body);
    }

    private static Value runMainIn(PythonContext context, String... body) {
        return LoopbackServers.runMain(context, prelude(), body);
    }

    private static String repr(Value value) {
        return python.repr(value);
    }

    /** Python: {@code hosts}, every spelling of a host the policy must refuse ({@code '[127.0.0.1]'} aside: harmless). */
    private static final String FORBIDDEN_HOSTS = String.join("\n",
            "hosts = ['127.0.0.2', '127.1', '2130706433', '0x7f.1', '0x7f.0.0.1', '0177.0.0.1', '017700000001', '127.0.0.1.',",
            "         '127.000.000.001', '127.0.0.01', ' 127.0.0.1', '127.0.0.1 ', '127.0.0.1\\n', '[127.0.0.1]', '0.0.0.0', '::',",
            "         '[::]', '::ffff:0.0.0.0', '::1', '[::1]', '::127.0.0.1', '::ffff:127.0.0.2', '::ffff:7f00:2', '64:ff9b::7f00:1',",
            "         'fe80::1%lo', '127.0.0.1%lo', 'localhost\\x00', 'ｌｏｃａｌｈｏｓｔ', 'localhost..', '.localhost', 'local host',",
            "         'a' * 300, 'a.' * 200, 'x' * 100000, '', '224.0.0.1', '255.255.255.255', 'ip6-localhost', 'runsc', 'vm']");

    /** Python: {@code outcome(label, awaitable_or_callable)} appends [label, 'connected' or the exception's type, text]. */
    private static final String OUTCOMES = String.join("\n",
            "outcomes = []",
            "async def outcome(label, make):",
            "    try:",
            "        made = make()",
            "        if asyncio.iscoroutine(made) or asyncio.isfuture(made):",
            "            made = await made",
            "        outcomes.append([label, 'succeeded', repr(made)[:80]])",
            "        for part in (made if isinstance(made, tuple) else (made,)):",
            "            for closer in ('abort', 'close'):",
            "                if hasattr(part, closer):",
            "                    getattr(part, closer)()",
            "                    break",
            "    except BaseException as error:",
            "        outcomes.append([label, type(error).__name__, str(error)[:300]])");

    /** The outcomes that are not an ordinary refusal: a success, a SystemError, a host exception, a Java stack trace. */
    private static List<String> unsafe(Value outcomes, Set<String> allowedSuccesses) {
        List<String> bad = new ArrayList<>();
        for (long i = 0; i < outcomes.getArraySize(); i++) {
            Value row = outcomes.getArrayElement(i);
            String label = row.getArrayElement(0).asString();
            String kind = row.getArrayElement(1).asString();
            String text = row.getArrayElement(2).asString();
            boolean ok = kind.equals("succeeded") ? allowedSuccesses.contains(label)
                    : ORDINARY.contains(kind) && !text.contains("java.") && !text.contains("at io.github") && !text.contains("Exception:");
            if (!ok) {
                bad.add(label + " -> " + kind + ": " + text);
            }
        }
        return bad;
    }

    // ---- reaching what is behind the handles ----

    @Test
    void theObjectsPythonGetsExposeNoChannelSelectorOrUnexportedMethod() {
        Value result = runMain(
                "import java, polyglot",
                "loop = asyncio.get_running_loop()",
                "reader, writer = await asyncio.open_connection('127.0.0.1', ECHO)",
                "server = await asyncio.start_server(lambda r, w: None, '127.0.0.1', 0)",
                "transport = writer.transport",
                "events = []",
                "original = type(transport)._network_event",
                "def spy(self, event):",
                "    events.append(event)",
                "    return original(self, event)",
                "type(transport)._network_event = spy",
                "writer.write(b'x\\n')",
                "await reader.readline()",
                "type(transport)._network_event = original",
                "objects = {'sockets': loop._network, 'selector': loop._selector._java, 'event': events[0],",
                "           'listening': server.sockets[0], 'peername': transport.get_extra_info('peername'),",
                "           'socket': transport.get_extra_info('socket')}",
                "reached = []",
                "data = next(event for event in events if event.kind() == 'data')",
                "for target in (b'x\\n', bytearray(1), memoryview(b'x\\n'), 'x\\n', 42, None, [0, 0]):",
                "    try:  # copyInto writes into a writable Python buffer of the data's size, else nothing, and raises nothing",
                "        if data.copyInto(target) != 0:",
                "            reached.append('copyInto wrote into ' + repr(target))",
                "    except Exception as error:",
                "        reached.append('copyInto raised ' + type(error).__name__ + ' for ' + repr(target))",
                "copied = bytearray(3)",
                "if data.copyInto(copied) != 2 or copied != b'x\\n\\x00':",
                "    reached.append('copyInto copied ' + repr(copied))",
                "names = ('getClass', 'class', 'channel', 'selector', 'handles', 'network', 'collect', 'open', 'owner', 'io',",
                "         'readBuffer', 'pending', 'sockets', 'inbox', 'connectRules', 'takeSocket', 'static', '__getattribute__')",
                "for label, obj in objects.items():",
                "    for name in names:",
                "        try:",
                "            value = getattr(obj, name)",
                "        except Exception:",
                "            continue",
                "        text = repr(value)",
                "        if name == '__getattribute__' or (label == 'selector' and name == 'sockets'):",
                "            continue",
                "        reached.append(label + '.' + name + ' = ' + text[:60])",
                "    try:",
                "        for entry in type(obj).__mro__:",
                "            shown = repr(entry).lower()",
                "            if 'java' in shown and not any(ours in shown for ours in ('foreign', 'polyglot', 'asyncgraalpy.')):",
                "                reached.append(label + ' mro ' + repr(entry))",
                "    except Exception:",
                "        pass",
                "dirs = {label: sorted(n for n in dir(obj) if not n.startswith('_')) for label, obj in objects.items()",
                "        if label in ('sockets', 'selector', 'event')}",
                "exported = {'sockets': {'connect', 'listen', 'lookup', 'write', 'writeEof', 'reading', 'drainBelow', 'buffered',",
                "                        'close', 'abort', 'accepting', 'address', 'datagram', 'sendto'},",
                "            'selector': {'sockets', 'select', 'wake', 'close'},",
                "            'event': {'kind', 'handle', 'other', 'dataSize', 'copyInto', 'error', 'size', 'sender'}}",
                "for label, seen in dirs.items():",
                "    for name in seen:",
                "        if name not in exported[label]:",
                "            reached.append(label + ' dir shows ' + name)",
                "# the no-argument close() of LoopSockets is not exported: it would close every socket of the loop",
                "try:",
                "    loop._network.close()",
                "    reached.append('sockets.close() (unexported) ran')",
                "except Exception:",
                "    pass",
                "for name in ('io.github.asyncgraalpy.runtime.internal.LoopSockets', 'io.github.asyncgraalpy.runtime.internal.Network',",
                "             'io.github.asyncgraalpy.runtime.NetworkPolicy', 'java.nio.channels.SocketChannel', 'java.net.Socket',",
                "             'java.net.InetAddress', 'sun.nio.ch.SocketChannelImpl', 'java.io.FileDescriptor'):",
                "    try:",
                "        java.type(name)",
                "        reached.append('java.type ' + name)",
                "    except Exception:",
                "        pass",
                "for language in ('js', 'python', 'llvm'):",
                "    try:",
                "        polyglot.eval(language=language, string='1')",
                "        reached.append('polyglot.eval ' + language)",
                "    except Exception:",
                "        pass",
                "still = await still_works()",
                "writer.close()",
                "server.close()",
                "return [reached, still]");
        assertEquals("[[], True]", repr(result));
    }

    // ---- connecting where the policy does not say ----

    @Test
    void everyOtherSpellingOfAForbiddenEndpointIsAnOrdinaryRefusal() {
        Value result = runMain(
                OUTCOMES,
                FORBIDDEN_HOSTS,
                "for host in hosts:",
                "    await outcome(repr(host)[:40] + ':ECHO', lambda: asyncio.open_connection(host, ECHO))",
                "for port in (0, 1, -1, 65536, 2**31, 2**63, 2**100, -2**31 - 1, 'http', '80x', b'80', 1.5, True, None, [ECHO]):",
                "    await outcome('127.0.0.1:' + repr(port), lambda: asyncio.open_connection('127.0.0.1', port))",
                "for host, port in (('::ffff:127.0.0.1', 1), ('LOCALHOST', 1), ('localhost.', 1), (None, ECHO), (b'127.0.0.2', ECHO),",
                "                   (b'\\xff', ECHO), (object(), ECHO), (['127.0.0.1'], ECHO), (('127.0.0.1', ECHO), None)):",
                "    await outcome(repr(host)[:40] + ':' + repr(port), lambda: asyncio.open_connection(host, port))",
                "loop = asyncio.get_running_loop()",
                "live_reader, live_writer = await asyncio.open_connection('127.0.0.1', ECHO)",
                "live = live_writer.transport._handle",
                "for label, call in (",
                "        ('getaddrinfo 127.1', lambda: loop.getaddrinfo('127.1', ECHO)),",
                "        ('getaddrinfo example.com', lambda: loop.getaddrinfo('example.com', 80)),",
                "        ('getaddrinfo None', lambda: loop.getaddrinfo(None, 80)),",
                "        ('getaddrinfo port 2**40', lambda: loop.getaddrinfo('localhost', 2**40)),",
                "        ('direct connect 127.0.0.2', lambda: list(loop._network.connect('127.0.0.2', ECHO))[0] == 'ok' or 1/0),",
                "        ('direct connect None', lambda: list(loop._network.connect(None, ECHO))[0] == 'ok' or 1/0),",
                "        ('direct connect port 2**40', lambda: list(loop._network.connect('127.0.0.1', 2**40))),",
                "        ('direct lookup huge', lambda: list(loop._network.lookup('a' * 1000000, 1))),",
                "        ('direct write str', lambda: loop._network.write(live, 'text')),",
                "        ('direct write None', lambda: loop._network.write(live, None)),",
                "        ('direct write java object', lambda: loop._network.write(live, loop._network)),",
                "        ('direct write int', lambda: loop._network.write(live, 5)),",
                "        ('direct address unknown', lambda: loop._network.address(10**6, True)),",
                "        ('direct reading unknown', lambda: loop._network.reading(-5, True)),",
                "        ('direct listen backlog 2**40', lambda: list(loop._network.listen('127.0.0.1', 0, 2**40)))):",
                "    await outcome(label, call)",
                "live_writer.transport.abort()",
                "return [outcomes, await still_works(), await free_sockets()]");
        // A ZeroDivisionError marks a direct call that returned an error list (a refusal), which is safe.
        // '[127.0.0.1]' is the allowed address in brackets (CPython's getaddrinfo would refuse the spelling; harmless); a
        // direct lookup returns its refusal as a value.
        // LoopSockets.write of a non-buffer, called directly, must not throw a Java exception into Python: -1 (nothing written).
        List<String> bad = unsafe(result.getArrayElement(0), Set.of("direct address unknown", "direct reading unknown",
                "'[127.0.0.1]':ECHO", "direct lookup huge", "direct write str", "direct write None", "direct write java object",
                "direct write int"));
        for (String label : List.of("str", "None", "java object", "int")) {
            String row = "['direct write " + label + "', ";
            String all = repr(result.getArrayElement(0));
            assertTrue(all.contains(row + "'succeeded', '-1']") || !all.contains(row + "'succeeded'"), row + ": " + all);
        }
        bad.removeIf(line -> line.startsWith("direct connect 127.0.0.2 -> ZeroDivisionError")
                || line.startsWith("direct connect None -> ZeroDivisionError"));
        assertEquals(List.of(), bad, "every forbidden spelling refused as an ordinary Python exception:\n" + String.join("\n", bad)
                + "\nall: " + repr(result.getArrayElement(0)));
        assertEquals("True", repr(result.getArrayElement(1)), "the context works after the refusals");
        assertEquals(MAX_SOCKETS, result.getArrayElement(2).asInt(), "no refusal kept a socket against the limit");
    }

    @Test
    void aDatagramToAForbiddenAddressByAnySpellingIsAnOrdinaryRefusal() {
        Value result = runMain(
                OUTCOMES,
                FORBIDDEN_HOSTS,
                "loop = asyncio.get_running_loop()",
                "transport, protocol = await loop.create_datagram_endpoint(asyncio.DatagramProtocol, local_addr=('127.0.0.1', 0))",
                "for host in hosts:",
                "    await outcome(repr(host)[:40] + ' remote_addr', lambda: loop.create_datagram_endpoint(asyncio.DatagramProtocol,",
                "                                                                                      remote_addr=(host, ECHO)))",
                "    await outcome(repr(host)[:40] + ' sendto', lambda: transport.sendto(b'x', (host, ECHO)))",
                "for port in (0, 1, -1, 65536, 2**31, 2**63, 'http', b'80', 1.5, None):",
                "    await outcome('sendto port ' + repr(port), lambda: transport.sendto(b'x', ('127.0.0.1', port)))",
                "for addr in (None, '127.0.0.1', ('127.0.0.1',), ('127.0.0.1', ECHO, 0), object()):",
                "    await outcome('sendto addr ' + repr(addr)[:30], lambda: transport.sendto(b'x', addr))",
                "handle = transport._handle",
                "for label, call in (",
                "        ('direct datagram 127.0.0.2', lambda: list(loop._network.datagram(None, 0, '127.0.0.2', ECHO, 0))[0] == 'ok' or 1/0),",
                "        ('direct datagram wildcard', lambda: list(loop._network.datagram(None, 0, None, 0, 0))[0] == 'ok' or 1/0),",
                "        ('direct sendto 127.0.0.2', lambda: list(loop._network.sendto(handle, b'x', '127.0.0.2', ECHO))[0] == 'ok' or 1/0),",
                "        ('direct sendto unconnected', lambda: list(loop._network.sendto(handle, b'x', None, 0))[0] == 'ok' or 1/0),",
                "        ('direct sendto str', lambda: list(loop._network.sendto(handle, 'text', '127.0.0.1', ECHO))[0] == 'ok' or 1/0)):",
                "    await outcome(label, call)",
                "still_sends = transport.get_write_buffer_size() == 0 and not transport.is_closing()",
                "transport.abort()",
                "return [outcomes, still_sends, await still_works(), await free_sockets()]");
        // A ZeroDivisionError marks a direct call that returned an error list (a refusal). sendto with addr None on an
        // unconnected endpoint goes to error_received (EDESTADDRREQ), as a send without an address does in C.
        List<String> bad = unsafe(result.getArrayElement(0), Set.of("'[127.0.0.1]' remote_addr", "'[127.0.0.1]' sendto",
                "sendto addr None"));
        bad.removeIf(line -> line.startsWith("direct ") && line.contains("-> ZeroDivisionError"));
        assertEquals(List.of(), bad, "every forbidden destination refused as an ordinary Python exception:\n" + String.join("\n", bad)
                + "\nall: " + repr(result.getArrayElement(0)));
        assertTrue(result.getArrayElement(1).asBoolean(), "the endpoint goes on after the refusals");
        assertTrue(result.getArrayElement(2).asBoolean(), "the context works after the refusals");
        assertEquals(MAX_SOCKETS, result.getArrayElement(3).asInt(), "no refusal kept a socket against the limit");
    }

    @Test
    void datagramEndpointsPastTheLimitAreRefusedAndGiveTheirPlacesBack() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "opened, refused = [], []",
                "for _ in range(MAX + 3):",
                "    try:",
                "        opened.append((await loop.create_datagram_endpoint(asyncio.DatagramProtocol, local_addr=('127.0.0.1', 0)))[0])",
                "    except PermissionError as error:",
                "        refused.append(str(error))",
                "for transport in opened:",
                "    transport.abort()",
                "await asyncio.sleep(0)",
                "return [len(opened), len(refused), 'NetworkPolicy.maxSockets' in refused[0], await free_sockets()]");
        assertEquals("[" + MAX_SOCKETS + ", 3, True, " + MAX_SOCKETS + "]", repr(result));
    }

    @Test
    void optionsThatWouldChangeTheSocketAreRefusedNotIgnored() {
        Value result = runMain(
                OUTCOMES,
                "loop = asyncio.get_running_loop()",
                "class Fake:",
                "    family, type, proto = socket.AF_INET, socket.SOCK_STREAM, 6",
                "    def fileno(self): return 0",
                "    def setblocking(self, flag): pass",
                "    def getpeername(self): return ('127.0.0.1', ECHO)",
                "    def getsockname(self): return ('127.0.0.1', 1)",
                "for label, options in (('ssl=1', dict(ssl=1)), ('ssl=\"\"', dict(ssl='')),",
                "                       ('sock', dict(sock=Fake())), ('local_addr', dict(local_addr=('0.0.0.0', 0))),",
                "                       ('local_addr forbidden', dict(local_addr=('127.0.0.2', 0))), ('server_hostname', dict(server_hostname='x'))):",
                "    await outcome('create_connection ' + label, lambda: loop.create_connection(asyncio.Protocol, '127.0.0.1', ECHO, **options))",
                "for label, options in (('ssl=True', dict(ssl=True)), ('sock', dict(sock=Fake())), ('reuse_port', dict(reuse_port=True)),",
                "                       ('host 0.0.0.0', dict(host='0.0.0.0')), ('host None', dict(host=None)), ('host empty', dict(host='')),",
                "                       ('host ::', dict(host='::')), ('host 127.0.0.2', dict(host='127.0.0.2')), ('host localhost', dict(host='localhost')),",
                "                       ('hosts list with a forbidden one', dict(host=['127.0.0.1', '0.0.0.0'])),",
                "                       ('port 1', dict(host='127.0.0.1', port=1)), ('port -1', dict(host='127.0.0.1', port=-1)),",
                "                       ('port 2**40', dict(host='127.0.0.1', port=2**40)), ('backlog 2**40', dict(host='127.0.0.1', backlog=2**40)),",
                "                       ('host ::ffff:127.0.0.1 fixed port', dict(host='::ffff:127.0.0.1', port=CLOSED))):",
                "    kwargs = {'port': 0, **options}",
                "    await outcome('create_server ' + label, lambda: loop.create_server(asyncio.Protocol, **kwargs))",
                "for label, call in (('BaseEventLoop.create_connection', lambda: asyncio.BaseEventLoop.create_connection(loop, asyncio.Protocol, '127.0.0.1', ECHO)),",
                "                    ('BaseEventLoop.create_connection sock', lambda: asyncio.BaseEventLoop.create_connection(loop, asyncio.Protocol, sock=Fake())),",
                "                    ('BaseEventLoop.create_server', lambda: asyncio.BaseEventLoop.create_server(loop, asyncio.Protocol, '127.0.0.1', 0)),",
                "                    ('connect_accepted_socket', lambda: loop.connect_accepted_socket(asyncio.Protocol, Fake())),",
                "                    ('sock_connect', lambda: loop.sock_connect(Fake(), ('127.0.0.1', ECHO))),",
                "                    ('start_tls', lambda: loop.start_tls(None, None, None)),",
                "                    ('socket.socket', lambda: socket.socket()),",
                "                    ('socket.create_connection', lambda: socket.create_connection(('127.0.0.1', ECHO))),",
                "                    ('socket.getaddrinfo', lambda: socket.getaddrinfo('localhost', 80)),",
                "                    ('socket.gethostbyname', lambda: socket.gethostbyname('localhost'))):",
                "    await outcome(label, call)",
                "return [outcomes, await still_works(), await free_sockets()]");
        List<String> bad = unsafe(result.getArrayElement(0), Set.of("create_server host localhost"));
        assertEquals(List.of(), bad, String.join("\n", bad) + "\nall: " + repr(result.getArrayElement(0)));
        assertEquals("True", repr(result.getArrayElement(1)));
        assertEquals(MAX_SOCKETS, result.getArrayElement(2).asInt(), "no refused option kept a socket against the limit");
    }

    @Test
    void aTlsHandshakeCutShortLeavesNoSocketAgainstTheLimit() {
        // STALL accepts and answers nothing: the client's hello waits for a server hello that does not come (HOLD's close
        // after 1.5 s could come first on a busy machine and end a handshake with a reset instead of the time-out).
        Value result = runMain(
                "import ssl",
                "context = ssl.create_default_context()",
                "def connecting(**options):",
                "    return asyncio.open_connection('127.0.0.1', STALL, ssl=context, server_hostname='localhost', **options)",
                "cut = []",
                "for attempt in (lambda: asyncio.wait_for(connecting(), 0.2), lambda: connecting(ssl_handshake_timeout=0.2)):",
                "    try:",
                "        await attempt()",
                "    except (TimeoutError, ConnectionError) as error:",
                "        cut.append(type(error).__name__)",
                "return [cut, await free_sockets(), await still_works()]");
        assertEquals("[['TimeoutError', 'ConnectionAbortedError'], " + MAX_SOCKETS + ", True]", repr(result),
                "each cut-short handshake closed its socket");
    }

    @Test
    void theBuiltinSocketTypeReachedByIntrospectionConnectsNowhere() {
        Value result = runMain(
                OUTCOMES,
                "import _socket",
                "raw = socket.socket.__mro__[1]",
                "await outcome('raw()', lambda: raw(socket.AF_INET, socket.SOCK_STREAM))",
                "def uninitialised():",
                "    s = _socket.socket.__new__(_socket.socket)",
                "    s.connect(('127.0.0.1', ECHO))",
                "    return s",
                "await outcome('__new__ then connect', uninitialised)",
                "return [outcomes, await still_works()]");
        // SystemError is the one documented leftover of the builtin type (docs/security.md); a connection is not.
        for (long i = 0; i < result.getArrayElement(0).getArraySize(); i++) {
            Value row = result.getArrayElement(0).getArrayElement(i);
            assertFalse(row.getArrayElement(1).asString().equals("succeeded"), repr(row));
        }
        assertEquals("True", repr(result.getArrayElement(1)));
    }

    // ---- DNS: a name no entry names must never reach the resolver ----

    /**
     * {@code EndpointRules.literal} hands any string with a ':' to {@code InetAddress.getByName}, which treats one whose
     * first character is neither a hex digit nor ':' as a host name and asks the system resolver: a lookup no entry
     * allowed, before the "no entry names it" refusal. A child JVM with a recording resolver (JDK 18+ SPI, compiled
     * here) shows which names reach the resolver.
     */
    @Test
    void aNameWithAColonIsNotLookedUp() throws Exception {
        assumeTrue(Runtime.version().feature() >= 18, "the resolver SPI is JDK 18+");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assumeTrue(compiler != null, "a JDK with javac");
        Path dir = Files.createTempDirectory("resolver");
        try {
            Path source = dir.resolve("src/probe/Recording.java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, String.join("\n",
                    "package probe;",
                    "import java.net.*; import java.net.spi.*; import java.util.stream.Stream;",
                    "public class Recording extends InetAddressResolverProvider {",
                    "  public InetAddressResolver get(Configuration configuration) {",
                    "    InetAddressResolver builtin = configuration.builtinResolver();",
                    "    return new InetAddressResolver() {",
                    "      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {",
                    "        System.out.println(\"LOOKUP \" + host);",
                    "        throw new UnknownHostException(host);",
                    "      }",
                    "      public String lookupByAddress(byte[] address) throws UnknownHostException { return builtin.lookupByAddress(address); }",
                    "    };",
                    "  }",
                    "  public String name() { return \"recording\"; }",
                    "  public static void main(String[] args) {",
                    "    for (String host : args) {",
                    "      io.github.asyncgraalpy.runtime.internal.EndpointRules.literal(host);",
                    "      io.github.asyncgraalpy.runtime.internal.EndpointRules.normalName(host);",
                    "    }",
                    "    System.out.println(\"DONE\");",
                    "  }",
                    "}"));
            Path classes = dir.resolve("classes");
            Files.createDirectories(classes.resolve("META-INF/services"));
            Files.writeString(classes.resolve("META-INF/services/java.net.spi.InetAddressResolverProvider"), "probe.Recording\n");
            String classPath = System.getProperty("java.class.path");
            assertEquals(0, compiler.run(null, null, null, "-d", classes.toString(), "-cp", classPath, source.toString()));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    classes + java.io.File.pathSeparator + classPath, "probe.Recording",
                    "z:exfil.attacker.example", "localhost:80", "secret-data:attacker.example", "x::1", "::1", "[::1]", "127.0.0.1")
                    .redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertTrue(output.contains("DONE"), output);
            assertFalse(output.contains("LOOKUP"), "names no policy entry names reached the system resolver:\n" + output);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    // ---- the limit and the descriptors ----

    @Test
    void noRouteLeavesASocketAgainstTheLimitOrADescriptorOpen() throws Exception {
        List<String> before = openSocketDescriptors();
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "loop.set_exception_handler(lambda loop, context: None)",
                "free = {}",
                "for _ in range(3 * MAX):  # failed connects",
                "    try:",
                "        await asyncio.open_connection('127.0.0.1', CLOSED)",
                "    except ConnectionRefusedError:",
                "        pass",
                "free['failed connects'] = await free_sockets()",
                "for _ in range(3 * MAX):  # aborted, half-closed, closed with data buffered to a peer that never reads",
                "    r, w = await asyncio.open_connection('127.0.0.1', ECHO)",
                "    w.transport.abort()",
                "    r, w = await asyncio.open_connection('127.0.0.1', ECHO)",
                "    w.write_eof()",
                "    w.close()",
                "    r, w = await asyncio.open_connection('127.0.0.1', HOLD)",
                "    w.write(b'x' * 4 * 1024 * 1024)",
                "    w.close()",
                "    w.transport.abort()",
                "    await asyncio.sleep(0)",
                "free['aborted, half-closed, closed with a buffer'] = await free_sockets()",
                "for _ in range(3 * MAX):  # servers closed without wait_closed, and one with a client left",
                "    server = await asyncio.start_server(lambda r, w: None, '127.0.0.1', 0)",
                "    server.close()",
                "server = await asyncio.start_server(lambda r, w: None, '127.0.0.1', PAIR)",
                "r, w = await asyncio.open_connection('127.0.0.1', PAIR)",
                "await asyncio.sleep(0.05)",
                "server.close()",
                "w.transport.abort()",
                "server.abort_clients()",
                "await asyncio.sleep(0.05)",
                "free['servers closed'] = await free_sockets()",
                "for delay in range(12):  # create_connection cancelled at each step",
                "    task = asyncio.ensure_future(asyncio.open_connection('127.0.0.1', ECHO))",
                "    for _ in range(delay):",
                "        await asyncio.sleep(0)",
                "    task.cancel()",
                "    try:",
                "        r, w = await task",
                "        w.transport.abort()",
                "    except asyncio.CancelledError:",
                "        pass",
                "free['cancelled connects'] = await free_sockets()",
                "def broken_factory():",
                "    raise RuntimeError('no protocol')",
                "for _ in range(MAX + 2):  # a protocol factory that raises",
                "    try:",
                "        await loop.create_connection(broken_factory, '127.0.0.1', ECHO)",
                "    except RuntimeError:",
                "        pass",
                "free['broken factory'] = await free_sockets()",
                "for _ in range(MAX + 2):  # a server list where the second host is refused",
                "    try:",
                "        await asyncio.start_server(lambda r, w: None, ['127.0.0.1', '0.0.0.0'], 0)",
                "    except PermissionError:",
                "        pass",
                "free['refused second host'] = await free_sockets()",
                "for _ in range(MAX + 2):  # getaddrinfo, many at once",
                "    await asyncio.gather(*(loop.getaddrinfo('localhost', ECHO) for _ in range(50)))",
                "free['getaddrinfo'] = await free_sockets()",
                "return free");
        assertEquals("{'failed connects': 8, 'aborted, half-closed, closed with a buffer': 8, 'servers closed': 8,"
                + " 'cancelled connects': 8, 'broken factory': 8, 'refused second host': 8, 'getaddrinfo': 8}", repr(result));
        assertEquals(List.of(), leftOpen(before), "descriptors the script opened and the closed loop still holds");
    }

    /**
     * A server closed by a callback of the same batch of events in which its listening socket accepted: the {@code
     * accepted} events come after {@code _Server.close()} forgot the listening handle, {@code _NetworkEvent._apply}
     * drops them, and the accepted connections stay open in Java, each held against the limit until the loop closes.
     * The order of a batch is the selector's, so each trial has an even chance; twelve trials all but always hit.
     */
    @Test
    void aServerClosedInTheBatchThatAcceptsLeaksNoConnection() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "loop.set_exception_handler(lambda loop, context: None)",
                "await still_works()",
                "java_half = loop._network",
                "state = {}",
                "class CloseServerOnData(asyncio.Protocol):",
                "    def data_received(self, data):",
                "        state['server'].close()",
                "history = []",
                "for trial in range(12):",
                "    server = await loop.create_server(CloseServerOnData, '127.0.0.1', PAIR)",
                "    state['server'] = server",
                "    client, _ = await loop.create_connection(asyncio.Protocol, '127.0.0.1', PAIR)",
                "    await asyncio.sleep(0.05)  # the server's side of it is accepted",
                "    # Two more connections, made directly (their events go nowhere), and a byte on the first: all ready at once.",
                "    direct = [list(java_half.connect('127.0.0.1', PAIR))[1] for _ in range(2)]",
                "    client.write(b'x')",
                "    time.sleep(0.1)",
                "    await asyncio.sleep(0.05)",
                "    for handle in direct:",
                "        java_half.abort(handle)",
                "    client.abort()",
                "    server.close()",
                "    server.abort_clients()",
                "    await asyncio.sleep(0.05)",
                "    free = await free_sockets()",
                "    history.append(free)",
                "    if free < MAX:",
                "        break",
                "return history");
        String history = repr(result);
        assertFalse(history.matches(".*[0-7]\\]$"), "connections accepted in the batch that closed the server stay open"
                + " against the limit; free sockets after each trial: " + history);
    }

    @Test
    void aServerFloodedPastTheLimitRefusesTheRestAndTheLoopGoesOn() {
        Value result = runMain(
                "import java",
                "client = java.type('" + TestRuntime.PYTHON_FACING + ".FloodingJavaClient')",
                "loop = asyncio.get_running_loop()",
                "reported = []",
                "loop.set_exception_handler(lambda loop, context: reported.append(type(context.get('exception')).__name__))",
                "held = []",
                "async def hold_open(reader, writer):",
                "    held.append(writer)",
                "    await reader.read()",
                "server = await asyncio.start_server(hold_open, '127.0.0.1', 0)",
                "port = server.sockets[0].getsockname()[1]",
                "closed_by_server = await client.closedOf(port, 3 * MAX, 2 * MAX + 1, 30_000)",
                "open_at_once = len(held)",
                "for writer in held:",
                "    writer.transport.abort()",
                "server.close()",
                "await asyncio.sleep(0.05)",
                "return [open_at_once, closed_by_server, reported.count('PermissionError'), await still_works(), await free_sockets()]");
        // The server holds MAX - 1 (its listening socket is the MAX-th); the other 2 MAX + 1 are closed at once, each reported.
        assertEquals("[7, 17, 17, True, 8]", repr(result));
    }

    @Test
    void closingTheLoopsJavaHalfFromPythonLeavesNoHungLoopAndNoSocket() throws Exception {
        List<String> before = openSocketDescriptors();
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "reader, writer = await asyncio.open_connection('127.0.0.1', ECHO)",
                "server = await asyncio.start_server(lambda r, w: None, '127.0.0.1', 0)",
                "list(loop._selector._java.close())",
                "started = loop.time()",
                "await asyncio.sleep(0.2)",
                "slept = loop.time() - started",
                "try:",
                "    await asyncio.open_connection('127.0.0.1', ECHO)",
                "    again = 'connected'",
                "except Exception as error:",
                "    again = type(error).__name__",
                "writer.close()",
                "server.close()",
                "return [0.15 < slept < 5, again]");
        assertEquals("[True, 'PermissionError']", repr(result));
        assertEquals(List.of(), leftOpen(before));
        assertEquals("True", repr(runMain("return await still_works()")), "a new loop of the context works");
    }

    // ---- memory: a peer that never reads, a peer that never stops ----

    @Test
    void aPeerThatSendsForeverIsNotBufferedWithoutBound() {
        FLOODED.set(0);
        Value result = runMain(
                "reader, writer = await asyncio.open_connection('127.0.0.1', FLOOD)",
                "await asyncio.sleep(2)  # never reads",
                "reading = writer.transport.is_reading()",
                "buffered = len(reader._buffer)",
                "writer.transport.abort()",
                "loop = asyncio.get_running_loop()",
                "got = [0]",
                "class Discard(asyncio.Protocol):",
                "    def data_received(self, data): got[0] += len(data)",
                "transport, _ = await loop.create_connection(Discard, '127.0.0.1', FLOOD)",
                "transport.pause_reading()",
                "await asyncio.sleep(1)",
                "transport.abort()",
                "return [reading, buffered, got[0]]");
        long flooded = FLOODED.get();
        assertTrue(flooded < 64L * 1024 * 1024, "the far side got " + flooded + " bytes into a script that never read: " + repr(result));
        assertEquals("False", repr(result.getArrayElement(0)), "the stream reader paused reading");
        assertTrue(result.getArrayElement(2).asLong() <= 64 * 1024, "data after pause_reading: " + repr(result));
    }

    /**
     * What a 200 MB write to a peer that never reads does: it returns at once, the protocol is paused (flow
     * control), and Java holds what the socket did not take, a copy of the whole write on the heap; abort frees it.
     * But NIO writes a heap buffer through a temporary native buffer of its whole remaining size ({@code
     * sun.nio.ch.IOUtil.write}, {@code Util.getTemporaryDirectBuffer}), which the writing thread then keeps in its
     * cache (no size limit unless {@code -Djdk.nio.maxCachedBufferSize}), invisible to the direct buffer pool's MXBean:
     * 200 MB of native memory held by the host's thread (the one that ran the loop) after the context is gone. It shows
     * in the process's virtual size ({@code VmSize}; the Java heap is reserved at start and does not).
     */
    @Test
    void aHugeWriteToAPeerThatNeverReadsIsFlowControlledAndPinsNoNativeMemory() throws Exception {
        long size = 200L * 1024 * 1024;
        long before = residentKiB();
        long virtualBefore = virtualKiB();
        long during;
        try (PythonContext writing = runtime.newContext()) {
            Value result = runMainIn(writing,
                    "loop = asyncio.get_running_loop()",
                    "class Watch(asyncio.Protocol):",
                    "    paused = False",
                    "    def pause_writing(self): self.paused = True",
                    "data = bytes(" + size + ")",
                    "transport, watch = await loop.create_connection(Watch, '127.0.0.1', STALL)",
                    "started = time.monotonic()",
                    "transport.write(data)",
                    "took = time.monotonic() - started",
                    "del data",
                    "buffered = transport.get_write_buffer_size()",
                    "transport.abort()",
                    "await asyncio.sleep(0)",
                    "return [watch.paused, buffered > 100 * 1024 * 1024, transport.get_write_buffer_size(), took < 10]");
            assertEquals("[True, True, 0, True]", writing.repr(result), "flow control: pause_writing, the buffer reported, freed by abort");
            during = residentKiB();
        }
        System.gc();
        long virtualAfter = virtualKiB();
        System.out.println("[NetworkAttacksTest] resident KiB before the 200 MB write " + before + ", while its context lived " + during
                + ", after it closed and a GC " + residentKiB() + "; virtual KiB before " + virtualBefore + ", after " + virtualAfter);
        assertTrue(virtualAfter - virtualBefore < 100 * 1024, "a native buffer of the write's size outlives the context on the thread"
                + " that ran its loop: virtual memory KiB before " + virtualBefore + ", after " + virtualAfter);
    }

    /** The process's virtual memory in KiB ({@code VmSize}): the Java heap is reserved at start, a native allocation adds. */
    private static long virtualKiB() throws IOException {
        return statusKiB("VmSize:");
    }

    private static long residentKiB() throws IOException {
        return statusKiB("VmRSS:");
    }

    private static long statusKiB(String field) throws IOException {
        Path status = Path.of("/proc/self/status");
        assumeTrue(Files.isReadable(status), "reads /proc/self/status (Linux)");
        return Files.readAllLines(status).stream().filter(line -> line.startsWith(field))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
    }

    // ---- breaking the loop ----

    @Test
    void protocolCallbacksThatRaiseOrCloseAreReportedAndTheLoopGoesOn() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "reported = []",
                "loop.set_exception_handler(lambda loop, context: reported.append(context['message'][:40]))",
                "lost = []",
                "class Raising(asyncio.Protocol):",
                "    def __init__(self, where): self.where = where",
                "    def connection_made(self, transport):",
                "        self.transport = transport",
                "        if self.where == 'connection_made': raise RuntimeError(self.where)",
                "    def data_received(self, data):",
                "        if self.where == 'close in data_received':",
                "            self.transport.close()",
                "            self.transport.write(b'after close')",
                "            self.transport.close()",
                "            return",
                "        if self.where == 'data_received': raise RuntimeError(self.where)",
                "        if self.where == 'cancelled in data_received': raise asyncio.CancelledError()",
                "    def eof_received(self):",
                "        if self.where == 'eof_received': raise RuntimeError(self.where)",
                "    def connection_lost(self, exc):",
                "        lost.append(self.where)",
                "        if self.where == 'connection_lost': raise RuntimeError(self.where)",
                "for where in ('connection_made', 'data_received', 'cancelled in data_received', 'eof_received', 'connection_lost',",
                "              'close in data_received'):",
                "    transport, _ = await loop.create_connection(lambda: Raising(where), '127.0.0.1', ECHO)",
                "    transport.write(b'ping')",
                "    if where in ('eof_received', 'connection_lost'):",
                "        transport.write_eof()",
                "    await asyncio.sleep(0.1)",
                "    transport.abort()",
                "    await asyncio.sleep(0.01)",
                "def failing_factory():",
                "    raise RuntimeError('factory')",
                "server = await asyncio.start_server(lambda r, w: None, '127.0.0.1', 0)",
                "server._protocol_factory = failing_factory",
                "import java",
                "client = java.type('io.github.asyncgraalpy.testing.pythonfacing.PlainJavaClient')",
                "loop.set_debug(True)  # asyncio reports a failed transport creation in debug mode only",
                "await client.exchange(server.sockets[0].getsockname()[1], 'x')",
                "loop.set_debug(False)",
                "server.close()",
                "return [sorted(set(reported)), sorted(set(lost)), await still_works(), await free_sockets()]");
        String text = repr(result);
        assertTrue(text.contains("Fatal error: protocol.data_received() ca"), text);
        assertTrue(text.contains("Error on transport creation for incoming"), text);
        assertTrue(text.endsWith("True, 8]"), "the loop goes on and nothing leaks: " + text);
    }

    /**
     * A {@code protocol_factory} that raises, for a connection, a datagram endpoint and a server's accepted connection,
     * more times than the limit allows sockets: each socket goes at once (no descriptor left, none counted against the
     * limit) and the error goes where CPython 3.11 and 3.12 send it, run on the same script (the server's side needs a
     * gc.collect there, as a reference cycle holds the socket CPython dropped): {@code create_connection} and {@code
     * create_datagram_endpoint} raise it from the await; a server reports it to the loop's exception handler in debug
     * mode only, and goes on serving.
     */
    @Test
    void aProtocolFactoryThatRaisesLeavesNoSocket() throws Exception {
        List<String> before = openSocketDescriptors();
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "reported = []",
                "loop.set_exception_handler(lambda loop, context: reported.append(",
                "    [context['message'], type(context.get('exception')).__name__, str(context.get('exception'))]))",
                "def broken_factory():",
                "    raise RuntimeError('no protocol')",
                "async def raised_each_time(make):  # more times than the limit allows sockets",
                "    raised = set()",
                "    for _ in range(MAX + 2):",
                "        try:",
                "            await make()",
                "        except Exception as error:",
                "            raised.add((type(error).__name__, str(error)))",
                "    return sorted(raised)",
                "outcomes = {'connection': await raised_each_time(lambda: loop.create_connection(broken_factory, '127.0.0.1', ECHO)),",
                "            'datagram': await raised_each_time(",
                "                lambda: loop.create_datagram_endpoint(broken_factory, local_addr=('127.0.0.1', 0)))}",
                "class Client(asyncio.Protocol):",
                "    def __init__(self):",
                "        self.lost = loop.create_future()",
                "    def connection_lost(self, exc):",
                "        self.lost.set_result(None)",
                "server = await loop.create_server(broken_factory, '127.0.0.1', PAIR)",
                "for debug in (False, True):",
                "    loop.set_debug(debug)",
                "    for _ in range(MAX + 2):",
                "        client, protocol = await loop.create_connection(Client, '127.0.0.1', PAIR)",
                "        await asyncio.wait_for(protocol.lost, 60)  # the server dropped its side (a bound, not a deadline)",
                "    outcomes['server, debug' if debug else 'server'] = [len(reported), reported[-1:], server.is_serving()]",
                "loop.set_debug(False)",
                "server.close()",
                "await server.wait_closed()",
                "outcomes['still works'] = await still_works()",
                "outcomes['free sockets'] = await free_sockets()",
                "return outcomes");
        assertEquals("{'connection': [('RuntimeError', 'no protocol')], 'datagram': [('RuntimeError', 'no protocol')],"
                + " 'server': [0, [], True], 'server, debug': [10, [['Error on transport creation for incoming connection',"
                + " 'RuntimeError', 'no protocol']], True], 'still works': True, 'free sockets': 8}", repr(result));
        assertEquals(List.of(), leftOpen(before), "descriptors the failed factories left open");
    }

    @Test
    void closingALoopOrAContextWithConnectionsOpenLeavesAnotherContextsLoopWorking() throws Exception {
        List<String> before = openSocketDescriptors();
        try (PythonContext other = runtime.newContext()) {
            Value first = python.runScript(String.join("\n", prelude(),
                    "loop = asyncio.new_event_loop()",
                    "async def open_some():",
                    "    server = await asyncio.start_server(lambda r, w: None, '127.0.0.1', 0)",
                    "    conns = [await asyncio.open_connection('127.0.0.1', ECHO) for _ in range(3)]",
                    "    conns[0][1].write(b'x' * 1024 * 1024)",
                    "    return server, conns",
                    "server, conns = loop.run_until_complete(open_some())",
                    "loop.close()",
                    "after = []",
                    "for call in (lambda: conns[0][1].write(b'more'), lambda: conns[1][1].close(), lambda: conns[2][1].transport.abort(),",
                    "             lambda: server.close(), lambda: conns[0][1].transport.get_write_buffer_size()):",
                    "    try:",
                    "        call()",
                    "        after.append('ok')",
                    "    except Exception as error:",
                    "        after.append(type(error).__name__)",
                    "result = [after, asyncio.run(still_works())]"), "close-loop.py").getHashValue("result");
            assertTrue(repr(first).endsWith("True]"), repr(first));
            assertFalse(repr(first).contains("SystemError"), repr(first));
            // A third context leaves sockets open and is closed while the other context's loop runs.
            PythonContext leaving = runtime.newContext();
            leaving.runScript(String.join("\n", prelude(),
                    "loop = asyncio.new_event_loop()",
                    "kept = loop.run_until_complete(asyncio.open_connection('127.0.0.1', FLOOD))"), "leave.py");
            leaving.close();
            assertEquals("True", other.repr(runMainIn(other, "return await still_works()")));
        }
        assertEquals(List.of(), leftOpen(before), "descriptors left open after the loops and contexts closed");
    }

    // ---- descriptors ----

    /**
     * Descriptors open now that were not in {@code before}, polled up to 30 s (the Java servers close theirs meanwhile,
     * HOLD's 1.5 s after it accepted, later on a busy machine).
     */
    private static List<String> leftOpen(List<String> before) throws Exception {
        List<String> left = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<String> now = new ArrayList<>(openSocketDescriptors());
            now.removeAll(before);
            // The Java test servers' own ends of the script's connections are not the script's.
            left = now;
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            Thread.sleep(50);
        }
    }

    /**
     * {@code loop.sendfile} with file objects that misbehave: each failure is the file's own exception, and the
     * transport goes on with its own protocol, reading. asyncio puts the protocol back after its last {@code file.seek},
     * so a raw stream that cannot seek, once a part was sent, left asyncio's stand-in protocol on the transport and
     * reading paused for good (CPython's loop too): the loop's fallback puts it back whatever the file raised.
     */
    @Test
    void aFileThatMisbehavesInSendfileLeavesTheTransportWithItsProtocol() {
        Value result = runMain(
                "import io",
                "loop = asyncio.get_running_loop()",
                "class Unseekable(io.RawIOBase):",
                "    sent = False",
                "    def readinto(self, view):",
                "        if self.sent: return 0",
                "        self.sent = True",
                "        view[:5] = b'part\\n'",
                "        return 5",
                "class Raises(io.RawIOBase):",
                "    def readinto(self, view): raise ValueError('the file failed')",
                "class NotACount(io.RawIOBase):",
                "    def readinto(self, view): return 'five'",
                "reader, writer = await asyncio.open_connection('127.0.0.1', ECHO)",
                "own = writer.transport.get_protocol()",
                "outcomes = []",
                "for file in (Unseekable(), Raises(), NotACount()):",
                "    try:",
                "        await loop.sendfile(writer.transport, file)",
                "        outcome = 'sent'",
                "    except Exception as error:",
                "        outcome = type(error).__name__",
                "    writer.write(b'after\\n')",
                "    try:",
                "        lines = [await asyncio.wait_for(reader.readline(), 20) for _ in range(2 if isinstance(file, Unseekable) else 1)]",
                "    except asyncio.TimeoutError:",
                "        lines = 'nothing read'",
                "    outcomes.append([outcome, writer.transport.get_protocol() is own, writer.transport.is_reading(), lines])",
                "writer.close()",
                "return outcomes");
        assertEquals("[['UnsupportedOperation', True, True, [b'part\\n', b'after\\n']], ['ValueError', True, True, [b'after\\n']],"
                + " ['TypeError', True, True, [b'after\\n']]]", repr(result));
    }
}
