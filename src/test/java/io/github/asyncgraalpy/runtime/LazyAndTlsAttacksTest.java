package io.github.asyncgraalpy.runtime;

import static io.github.asyncgraalpy.runtime.LoopbackServers.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.asyncgraalpy.runtime.LoopbackServers.JavaServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile script against the lazy asyncio import's stand-ins and the TLS client: each test is an attack and asserts
 * the safe outcome. One runtime with a plain echo and a TLS echo server on loopback; one context for the attacks and a
 * second one, in the same runtime, that must stay untouched by them.
 */
@Timeout(60)
class LazyAndTlsAttacksTest {

    private static final int MAX_SOCKETS = 4;
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static final ByteArrayOutputStream ERR = new ByteArrayOutputStream();

    @TempDir
    static Path folder;

    private static SelfSignedCertificate certificate;
    private static JavaServer echo;
    private static JavaServer tlsEcho;
    private static GraalPyRuntime runtime;
    private static PythonContext python;
    private static PythonContext bystander;

    @BeforeAll
    static void startServersAndContexts() throws Exception {
        certificate = SelfSignedCertificate.make(folder, "server");
        echo = LoopbackServers.echo();
        tlsEcho = new JavaServer(certificate.serverContext().getServerSocketFactory().createServerSocket(), LoopbackServers::echoUntilGone);
        runtime = LoopbackServers.runtimeReaching(MAX_SOCKETS, OUT, ERR, freePort(), freePort(), echo.port(), tlsEcho.port());
        python = runtime.newContext();
        bystander = runtime.newContext();
    }

    @AfterAll
    static void closeAll() throws IOException {
        try {
            assertEquals("[True, 4]", bystander.repr(runMain(bystander, "return [await tls_works(), await free_sockets()]")),
                    "the other context in the runtime is untouched by every attack");
        } finally {
            bystander.close();
            LoopbackServers.closeAll(python, runtime, echo, tlsEcho);
        }
    }

    private static String prelude() {
        return String.join("\n",
                "import asyncio, ssl",
                "ECHO, TLS_ECHO, MAX = " + echo.port() + ", " + tlsEcho.port() + ", " + MAX_SOCKETS,
                "CERTIFICATE = '" + certificate.pem().replace("\n", "\\n") + "'",
                "def trusting():",
                "    return ssl.create_default_context(cadata=CERTIFICATE)",
                LoopbackServers.FREE_SOCKETS,
                "async def tls_works():",
                "    reader, writer = await asyncio.open_connection('127.0.0.1', TLS_ECHO, ssl=trusting(), server_hostname='localhost')",
                "    writer.write(b'tls works\\n')",
                "    line = await reader.readline()",
                "    writer.close()",
                "    return line == b'tls works\\n'",
                "def ordinary(error):",
                "    # what a refusal may be: a Python exception, no SystemError, no host exception or Java stack in its text",
                "    # (GraalPy's certificate errors name Java's SSLHandshakeException in their one-line message: no stack)",
                "    text = '' if isinstance(error, ssl.SSLError) else str(error)",
                "    return (not isinstance(error, SystemError) and type(error).__module__ in ('builtins', 'ssl', '_ssl', 'socket', '_socket', 'asyncio.exceptions')",
                "            and 'java.' not in text and 'at io.github' not in text)");
    }

    private static Value runMain(PythonContext context, String... body) {
        return LoopbackServers.runMain(context, prelude(), body);
    }

    @AfterEach
    void theAttackedContextStillWorks() {
        assertEquals("[True, 4]", python.repr(runMain(python, "return [await tls_works(), await free_sockets()]")),
                "the attacked context works, TLS included, with every socket free");
    }

    // ---- TLS error paths and the per-context socket limit ----

    @Test
    void anSslContextWhoseWrapBioRaisesLeaksNoSocket() {
        // The TCP connection is made before asyncio's SSLProtocol is built: if building it raises, the socket must go.
        Value result = runMain(python,
                "class Lying(ssl.SSLContext):",
                "    def wrap_bio(self, *args, **kwargs):",
                "        raise ValueError('no TLS today')",
                "context = Lying(ssl.PROTOCOL_TLS_CLIENT)",
                "raised = []",
                "for _ in range(MAX + 2):",
                "    try:",
                "        await asyncio.open_connection('127.0.0.1', ECHO, ssl=context, server_hostname='localhost')",
                "    except ValueError as error:",
                "        raised.append(str(error))",
                "return [len(raised), await free_sockets()]");
        assertEquals("[6, 4]", python.repr(result), "each failure raises and leaves every socket free");
    }

    @Test
    void oddServerHostnamesAreOrdinaryErrorsAndLeakNoSocket() {
        // The connected address is what the policy checked; server_hostname only names whom to verify.
        Value result = runMain(python,
                "bad = []",
                "for name in ['', '.localhost', 'local\\x00host', 'x' * 300, '\\u00e9.example', 'a..b', '\\ud800', 'LOCALHOST.', '*.localhost']:",
                "    try:",
                "        writer = (await asyncio.open_connection('127.0.0.1', TLS_ECHO, ssl=trusting(), server_hostname=name))[1]",
                "        writer.transport.abort()",
                "        bad.append([name, 'connected'])",
                "    except Exception as error:",
                "        if not ordinary(error):",
                "            bad.append([name, type(error).__name__, str(error)[:200]])",
                "return [bad, await free_sockets()]");
        assertEquals("[[], 4]", python.repr(result));
    }

    @Test
    void anEmptyServerHostnameIsRefusedAsCPythonRefusesItNotAVerificationWithoutAName() {
        // GraalPy's wrap_bio takes '' and then checks no host name: any certificate the context trusts would do.
        Value result = runMain(python,
                "loop = asyncio.get_running_loop()",
                "outcomes = []",
                "for name in ['', '.localhost']:",
                "    try:",
                "        writer = (await asyncio.open_connection('127.0.0.1', TLS_ECHO, ssl=trusting(), server_hostname=name))[1]",
                "        writer.transport.abort()",
                "        outcomes.append('connected')",
                "    except ValueError:",
                "        outcomes.append('ValueError')",
                "    reader, writer = await asyncio.open_connection('127.0.0.1', ECHO)",
                "    try:",
                "        await loop.start_tls(writer.transport, writer.transport.get_protocol(), trusting(), server_hostname=name)",
                "        outcomes.append('upgraded')",
                "    except ValueError:",
                "        outcomes.append('ValueError')",
                "    writer.transport.abort()",
                "return outcomes");
        assertEquals("['ValueError', 'ValueError', 'ValueError', 'ValueError']", python.repr(result));
    }

    @Test
    void anIpAddressServerHostnameIsVerifiedAgainstTheCertificatesIpAddresses() {
        // The certificate names dns:localhost and ip:127.0.0.1 only; CPython fails each other address's verification
        // (GraalPy's ssl checked no IP address at all: any certificate its trust store trusts passed).
        Value result = runMain(python,
                "outcomes = []",
                "for name in ['10.1.2.3', '::1', '::2', '127.0.0.2', '127.0.0.1', '::ffff:127.0.0.1']:",
                "    try:",
                "        writer = (await asyncio.open_connection('127.0.0.1', TLS_ECHO, ssl=trusting(), server_hostname=name))[1]",
                "        writer.transport.abort()",
                "        outcomes.append([name, 'connected'])",
                "    except ssl.SSLCertVerificationError:",
                "        pass",
                "return outcomes");
        assertEquals("[['127.0.0.1', 'connected']]", python.repr(result), "the certificate's own address only");
    }

    @Test
    void anSslArgumentThatOnlyClaimsToBeAnSslContextIsAnOrdinaryErrorAndLeaksNoSocket() {
        Value result = runMain(python,
                "class Impostor:",
                "    __class__ = ssl.SSLContext",
                "bad = []",
                "for _ in range(MAX + 1):",
                "    try:",
                "        await asyncio.open_connection('127.0.0.1', ECHO, ssl=Impostor(), server_hostname='localhost')",
                "        bad.append('connected')",
                "    except Exception as error:",
                "        if not ordinary(error):",
                "            bad.append([type(error).__name__, str(error)[:200]])",
                "return [bad, await free_sockets()]");
        assertEquals("[[], 4]", python.repr(result));
    }

    @Test
    void startTlsWhoseWrapBioRaisesLeavesThePlainConnectionWorking() {
        Value result = runMain(python,
                "class Lying(ssl.SSLContext):",
                "    def wrap_bio(self, *args, **kwargs):",
                "        raise ValueError('no TLS today')",
                "loop = asyncio.get_running_loop()",
                "reader, writer = await asyncio.open_connection('127.0.0.1', ECHO)",
                "try:",
                "    await loop.start_tls(writer.transport, writer.transport.get_protocol(), Lying(ssl.PROTOCOL_TLS_CLIENT), server_hostname='localhost')",
                "    outcome = 'upgraded'",
                "except ValueError:",
                "    outcome = 'ValueError'",
                "writer.write(b'plain\\n')",
                "line = await reader.readline()",
                "writer.close()",
                "return [outcome, line]");
        assertEquals("['ValueError', b'plain\\n']", python.repr(result));
    }

    @Test
    void getnameinfoWithOddArgumentsIsAnOrdinaryError() {
        Value result = runMain(python,
                "loop = asyncio.get_running_loop()",
                "bad = []",
                "for address, flags in [(('127.0.0.1', 2**70), 0), (('127.0.0.1', -1), 0), (('\\x00', 1), 0), ((b'x', 1), 0),",
                "                       (('::1', 1, 2**40, 0), 0), (('::1', 1, 0, 2**40), 0), (('127.0.0.1', 1), 2**70),",
                "                       (('127.0.0.1', 1), -1), (('x' * 100000, 1), 0), ((None, None), 0), (('127.0.0.1', '80'), 0)]:",
                "    try:",
                "        await loop.getnameinfo(address, flags)",
                "    except Exception as error:",
                "        if not ordinary(error):",
                "            bad.append([repr(address)[:40], type(error).__name__, str(error)[:200]])",
                "return bad");
        assertEquals("[]", python.repr(result));
    }

    // ---- the lazy import's stand-ins and package __getattr__ ----

    @Test
    void theLazyGetattrLoadsNoModuleNamedByTheScript() {
        Value result = runMain(python,
                "import sys",
                "bad = []",
                "for name in ['..', '.base_events', 'sslproto.x', '../os', 'os', 'sys.modules', 'asyncio', 'ssl']:",
                "    before = set(sys.modules)",
                "    try:",
                "        getattr(asyncio, name)",
                "        if name not in ('ssl',):",
                "            bad.append([name, 'resolved'])",
                "    except AttributeError:",
                "        pass",
                "    new = [m for m in set(sys.modules) - before if not m.startswith('asyncio.')]",
                "    if new:",
                "        bad.append([name, new])",
                "return bad");
        assertEquals("[]", python.repr(result));
    }

    @Test
    void aStandInWhoseCodeReachesItselfMidRunRaisesAnOrdinaryErrorNotARecursionOrDeadlock() {
        // In a context that has not used them yet: staggered's code imports asyncio.locks (deferred); a meta path finder
        // asked for it reaches staggered again, in the same thread that holds the stand-in's lock and runs its code.
        PythonContext fresh = runtime.newContext();
        try {
            Value result = runMain(fresh,
                    "import sys",
                    "assert 'asyncio.locks' not in sys.modules and type(sys.modules['asyncio.staggered']) is not type(sys)",
                    "class Reenter:",
                    "    def find_spec(self, name, path=None, target=None):",
                    "        if name == 'asyncio.locks':",
                    "            asyncio.staggered.staggered_race",
                    "        return None",
                    "finder = Reenter()",
                    "sys.meta_path.insert(0, finder)",
                    "outcome = []",
                    "try:",
                    "    asyncio.staggered.staggered_race",
                    "    outcome.append('ran')",
                    "except Exception as error:",
                    "    outcome.append(type(error).__name__ if ordinary(error) else repr(error))",
                    "finally:",
                    "    sys.meta_path.remove(finder)",
                    "outcome.append(callable(asyncio.staggered.staggered_race))",
                    "outcome.append(type(sys.modules['asyncio.staggered']) is type(sys))",
                    "return outcome");
            assertEquals("['AttributeError', True, True]", fresh.repr(result),
                    "an AttributeError (the half-run module), then the module runs whole once the finder is gone");
        } finally {
            fresh.close();
        }
    }
}
