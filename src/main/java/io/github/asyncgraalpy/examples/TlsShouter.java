package io.github.asyncgraalpy.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A TLS server in plain Java (JSSE's {@link SSLServerSocket}), for {@code tls_round_trip.py}'s client: each line back
 * upper-cased, until the client ends its stream, with the certificate and key the example ships, read from the PEM
 * text by the JDK alone. One daemon thread accepts and serves the connections in turn, with blocking sockets.
 */
public final class TlsShouter implements AutoCloseable {

    private static final char[] IN_MEMORY_ONLY = "in-memory-only".toCharArray(); // the key store never leaves this object

    private final SSLServerSocket listening;
    private final Thread serving;

    private TlsShouter(SSLContext tls) throws IOException {
        listening = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        serving = new Thread(this::serve, "TlsShouter on port " + listening.getLocalPort());
        serving.setDaemon(true);
        serving.start();
    }

    /**
     * A server on an ephemeral loopback port, as a future: the script awaits it as it awaits its own server's start.
     *
     * @param identity the script's {@code Identity}: its {@code certificate_pem()} and {@code key_pem()} give the PEM text
     */
    @HostAccess.Export
    public static CompletableFuture<TlsShouter> start(Value identity) {
        try {
            return CompletableFuture.completedFuture(new TlsShouter(serverContext(
                    identity.invokeMember("certificate_pem").asString(), identity.invokeMember("key_pem").asString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the shipped certificate and key make no TLS server: " + e.getMessage(), e);
        }
    }

    @HostAccess.Export
    public int port() {
        return listening.getLocalPort();
    }

    /** Stops listening; a connection being served ends when the client's does. */
    @HostAccess.Export
    @Override
    public void close() {
        try {
            listening.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSSE server context from PEM text: an X.509 certificate and an EC key in PKCS #8, as the example ships them. */
    static SSLContext serverContext(String certificatePem, String keyPem) throws GeneralSecurityException, IOException {
        Certificate certificate = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(US_ASCII)));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(keyPem, "PRIVATE KEY")));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, IN_MEMORY_ONLY, new Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, IN_MEMORY_ONLY);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        return tls;
    }

    /** The bytes of a PEM block of {@code type}. */
    private static byte[] der(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no '" + begin + "' block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    private void serve() {
        while (!listening.isClosed()) {
            try (Socket connection = listening.accept()) {
                shout(connection.getInputStream(), connection.getOutputStream());
            } catch (IOException closedOrDropped) {
                // close() ends accept with a SocketException, and the loop with it; a client that went away ends its turn
            }
        }
    }

    /** {@code line.upper()} for each line: ASCII letters only, as Python's bytes, so the answers are the script's. */
    private static void shout(InputStream in, OutputStream socketOut) throws IOException {
        InputStream buffered = new BufferedInputStream(in);
        OutputStream out = new BufferedOutputStream(socketOut); // one TLS record per line, not per byte
        for (int b = buffered.read(); b >= 0; b = buffered.read()) {
            out.write(b >= 'a' && b <= 'z' ? b - ('a' - 'A') : b);
            if (b == '\n') {
                out.flush(); // a whole line: the client is waiting for it
            }
        }
        out.flush();
    }
}
