package io.github.asyncgraalpy.runtime;

import static io.github.asyncgraalpy.runtime.LoopbackServers.freePort;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.LoopbackServers.JavaServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through the Java event loop (asyncio's sslproto over the loop's Java transports) against real Java TLS servers
 * on loopback, each with a self-signed certificate made for the class by keytool: Python trusts it through
 * {@code cadata}. One runtime and one context for the class, small data.
 */
@Timeout(120)
class NetworkTlsTest {

    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static final ByteArrayOutputStream ERR = new ByteArrayOutputStream();

    @TempDir
    static Path folder;

    private static SelfSignedCertificate certificate;
    private static SelfSignedCertificate stranger;
    private static JavaServer tlsEcho;
    private static JavaServer notGranted;
    private static JavaServer plainThenTls;
    private static GraalPyRuntime runtime;
    private static PythonContext python;

    @BeforeAll
    static void startServersAndContext() throws Exception {
        certificate = SelfSignedCertificate.make(folder, "server");
        stranger = SelfSignedCertificate.make(folder, "stranger");
        tlsEcho = new JavaServer(certificate.serverContext().getServerSocketFactory().createServerSocket(), LoopbackServers::echoUntilGone);
        notGranted = new JavaServer(certificate.serverContext().getServerSocketFactory().createServerSocket(), LoopbackServers::echoUntilGone);
        // Says a line in plain text, waits for the client's line, then turns the same connection into TLS and echoes.
        plainThenTls = new JavaServer(new ServerSocket(), socket -> {
            try (socket) {
                socket.getOutputStream().write("plain hello\n".getBytes(US_ASCII));
                readLine(socket.getInputStream());
                SSLSocket tls = (SSLSocket) certificate.serverContext().getSocketFactory().createSocket(socket, null, socket.getPort(), true);
                tls.setUseClientMode(false);
                LoopbackServers.echoUntilGone(tls);
            } catch (IOException gone) {
                // the client went
            }
        });
        runtime = LoopbackServers.runtimeReaching(8, OUT, ERR, freePort(), freePort(), tlsEcho.port(), plainThenTls.port());
        python = runtime.newContext();
    }

    /** Reads up to a newline byte by byte: a buffered reader would take the TLS handshake's bytes too. */
    private static void readLine(InputStream in) throws IOException {
        for (int next = in.read(); next != -1 && next != '\n'; next = in.read()) {
            // the line's content does not matter
        }
    }

    @AfterAll
    static void closeAll() throws IOException {
        LoopbackServers.closeAll(python, runtime, tlsEcho, notGranted, plainThenTls);
    }

    private static String prelude() {
        return String.join("\n",
                "import asyncio, ssl",
                "TLS_ECHO, NOT_GRANTED, PLAIN_THEN_TLS = " + tlsEcho.port() + ", " + notGranted.port() + ", " + plainThenTls.port(),
                "CERTIFICATE = " + pythonText(certificate.pem()),
                "STRANGER = " + pythonText(stranger.pem()),
                "def trusting(pem):",
                "    return ssl.create_default_context(cadata=pem)",
                "async def echoed(line, **options):",
                "    reader, writer = await asyncio.open_connection('127.0.0.1', TLS_ECHO, **options)",
                "    writer.write(line)",
                "    answer = await reader.readline()",
                "    writer.close()",
                "    await writer.wait_closed()",
                "    return answer");
    }

    /** PEM text as a one-line Python literal (a script's body is indented, which a multi-line literal would take in). */
    private static String pythonText(String pem) {
        return "'" + pem.replace("\n", "\\n") + "'";
    }

    private static Value runMain(String... body) {
        return LoopbackServers.runMain(python, prelude(), body);
    }

    /** {@code [type, str]} of what {@code body} (in {@code async def main()}) raised, then that the context still works. */
    private static List<String> raisedIn(String... body) {
        List<String> raised = LoopbackServers.raisedByMain(python, prelude(), body);
        assertEquals("b'still works\\n'", python.repr(runMain(
                "return await echoed(b'still works\\n', ssl=trusting(CERTIFICATE), server_hostname='localhost')")),
                "the context works after " + raised);
        return raised;
    }

    @Test
    void aStreamClientVerifiesTheServerThroughCadataAndTalks() {
        Value result = runMain(
                "reader, writer = await asyncio.open_connection('127.0.0.1', TLS_ECHO, ssl=trusting(CERTIFICATE),",
                "                                               server_hostname='localhost')",
                "writer.write(b'over tls\\n')",
                "line = await reader.readline()",
                "ssl_object = writer.get_extra_info('ssl_object')",
                "subject = dict(pair[0] for pair in writer.get_extra_info('peercert')['subject'])",
                "cipher = writer.get_extra_info('cipher')",
                "peer = writer.get_extra_info('peername')",
                "writer.close()",
                "await writer.wait_closed()",
                "return [line, type(ssl_object).__name__, ssl_object.server_hostname, subject, cipher[1],",
                "        len(cipher), peer == ('127.0.0.1', TLS_ECHO)]");
        assertEquals("[b'over tls\\n', 'SSLObject', 'localhost', {'commonName': 'localhost'}, 'TLSv1.3', 3, True]", python.repr(result));
    }

    @Test
    void theChaptersExampleRuns() throws IOException {
        String example;
        try (InputStream in = NetworkTlsTest.class.getResourceAsStream("network_tls_example.py")) {
            example = new String(in.readAllBytes(), UTF_8);
        }
        Value result = python.runScript(String.join("\n", example, prelude(),
                "result = asyncio.run(ask_over_tls(TLS_ECHO, CERTIFICATE))"), "network_tls_example.py").getHashValue("result");
        assertEquals("(b'over tls\\n', ((('commonName', 'localhost'),),))", python.repr(result));
    }

    @Test
    void aProtocolClientOverCreateConnectionWithTheHostAsServerHostname() {
        Value result = runMain(
                "loop = asyncio.get_running_loop()",
                "received = loop.create_future()",
                "class Once(asyncio.Protocol):",
                "    def connection_made(self, transport):",
                "        transport.write(b'by protocol\\n')",
                "    def data_received(self, data):",
                "        if not received.done():",
                "            received.set_result(data)",
                "transport, protocol = await loop.create_connection(Once, '127.0.0.1', TLS_ECHO, ssl=trusting(CERTIFICATE))",
                "data = await received",
                "hostname = transport.get_extra_info('ssl_object').server_hostname",
                "transport.close()",
                "return [data, hostname]");
        assertEquals("[b'by protocol\\n', '127.0.0.1']", python.repr(result));
    }

    @Test
    void aWrongServerHostnameFailsVerification() {
        List<String> raised = raisedIn("await echoed(b'x\\n', ssl=trusting(CERTIFICATE), server_hostname='elsewhere.example')");
        assertEquals("SSLCertVerificationError", raised.get(0), raised.toString());
    }

    @Test
    void aCertificateFromAnUnknownAuthorityFailsVerification() {
        List<String> raised = raisedIn("await echoed(b'x\\n', ssl=trusting(STRANGER), server_hostname='localhost')");
        assertEquals("SSLCertVerificationError", raised.get(0), raised.toString());
    }

    @Test
    void sslTrueVerifiesAgainstTheJvmsTrustStoreWhichDoesNotHoldASelfSignedServer() {
        List<String> raised = raisedIn("await echoed(b'x\\n', ssl=True, server_hostname='localhost')");
        assertEquals("SSLCertVerificationError", raised.get(0), raised.toString());
        Value defaults = runMain(
                "context = ssl.create_default_context()",
                "return [context.verify_mode == ssl.CERT_REQUIRED, context.check_hostname, len(context.get_ca_certs()) > 0]");
        assertEquals("[True, True, True]", python.repr(defaults), "ssl=True's context verifies, against the JVM's authorities");
    }

    @Test
    void anEndpointThePolicyRefusesIsRefusedBeforeAnyHandshake() {
        List<String> raised = raisedIn(
                "await asyncio.open_connection('127.0.0.1', NOT_GRANTED, ssl=trusting(CERTIFICATE), server_hostname='localhost')");
        assertEquals("PermissionError", raised.get(0), raised.toString());
        assertTrue(raised.get(1).contains("127.0.0.1:" + notGranted.port()), raised.toString());
        assertEquals(0, notGranted.acceptedCount(), "the refused endpoint saw no connection");
    }

    @Test
    void badTlsArgumentsAreTheErrorsCPythonRaises() {
        assertEquals(List.of("TypeError", "ssl must be True or an ssl.SSLContext, not str"),
                raisedIn("await asyncio.open_connection('127.0.0.1', TLS_ECHO, ssl='yes')"));
        assertEquals(List.of("ValueError", "server_hostname is only meaningful with ssl"),
                raisedIn("await asyncio.open_connection('127.0.0.1', TLS_ECHO, server_hostname='localhost')"));
    }

    @Test
    void aPlainConnectionUpgradesWithStartTls() {
        Value result = runMain(
                "reader, writer = await asyncio.open_connection('127.0.0.1', PLAIN_THEN_TLS)",
                "greeting = await reader.readline()",
                "writer.write(b'starttls\\n')",
                "await writer.drain()",
                "before = writer.get_extra_info('ssl_object')",
                "await writer.start_tls(trusting(CERTIFICATE), server_hostname='localhost')",
                "writer.write(b'secret\\n')",
                "line = await reader.readline()",
                "after = writer.get_extra_info('ssl_object')",
                "writer.close()",
                "await writer.wait_closed()",
                "return [greeting, before, line, type(after).__name__]");
        assertEquals("[b'plain hello\\n', None, b'secret\\n', 'SSLObject']", python.repr(result));
    }

    @Test
    void startTlsOnTheLoopVerifiesToo() {
        List<String> raised = raisedIn(
                "reader, writer = await asyncio.open_connection('127.0.0.1', PLAIN_THEN_TLS)",
                "await reader.readline()",
                "writer.write(b'starttls\\n')",
                "await writer.drain()",
                "loop = asyncio.get_running_loop()",
                "await loop.start_tls(writer.transport, writer.transport.get_protocol(), trusting(STRANGER),",
                "                     server_hostname='localhost')");
        assertEquals("SSLCertVerificationError", raised.get(0), raised.toString());
    }
}
