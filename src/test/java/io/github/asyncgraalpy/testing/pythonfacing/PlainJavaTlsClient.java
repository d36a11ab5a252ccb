package io.github.asyncgraalpy.testing.pythonfacing;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.graalvm.polyglot.HostAccess;

/**
 * A JDK TLS client ({@link SSLSocket}) on a Java thread, for Python to await: the far side of a test of Python's TLS
 * server. It trusts only the certificate it is given and checks the server's name, as an HTTPS client does.
 */
public final class PlainJavaTlsClient {

    private PlainJavaTlsClient() {}

    /**
     * Connects to {@code 127.0.0.1:port} as a client of {@code hostName}, trusting {@code trustedPem} alone, sends
     * {@code line} and a newline, reads one line back; answers {@code "LINE over PROTOCOL"}.
     */
    @HostAccess.Export
    public static CompletableFuture<String> exchange(int port, String hostName, String trustedPem, String line) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
                 SSLSocket tls = (SSLSocket) trusting(trustedPem).getSocketFactory().createSocket(plain, hostName, port, true)) {
                tls.setSoTimeout(20_000);
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name hostName
                tls.setSSLParameters(parameters);
                tls.getOutputStream().write((line + "\n").getBytes(US_ASCII));
                tls.getOutputStream().flush();
                return readLine(tls.getInputStream()) + " over " + tls.getSession().getProtocol();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static SSLContext trusting(String pem) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("trusted", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int next = in.read(); next != -1 && next != '\n'; next = in.read()) {
            line.write(next);
        }
        return line.toString(US_ASCII);
    }
}
