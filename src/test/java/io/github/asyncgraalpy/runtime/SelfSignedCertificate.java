package io.github.asyncgraalpy.runtime;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A key pair and a self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made at test time by the
 * JDK's {@code keytool} (Java has no public API that signs a certificate): a Java TLS server's {@link SSLContext},
 * and the certificate as PEM text for Python's {@code cadata}; and as a {@link ServerIdentity} for a Python TLS server.
 */
record SelfSignedCertificate(SSLContext serverContext, String pem, KeyStore keys, String alias) {

    /** The key stores' password: these keys are made for one test run and never leave its temporary folder. */
    static final String PASSWORD = "test-only";

    /** Makes one in {@code folder} (a test's temporary folder), named {@code name}. */
    static SelfSignedCertificate make(Path folder, String name) throws IOException, GeneralSecurityException, InterruptedException {
        Path store = folder.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), US_ASCII);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool made no certificate: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(keys.getCertificate(name).getEncoded());
        return new SelfSignedCertificate(context, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n", keys, name);
    }

    /** The key pair and certificate as a server identity for Python, named {@code identityName}, from the key store. */
    ServerIdentity identity(String identityName) {
        return ServerIdentity.fromKeyStore(identityName, keys, alias, PASSWORD.toCharArray());
    }

    /** The private key as a PKCS #8 PEM block: a key made for this test run, never a real one. */
    String keyPem() throws GeneralSecurityException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(keys.getKey(alias, PASSWORD.toCharArray()).getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }
}
