package io.github.asyncgraalpy.runtime;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS server's certificate chain and private key, which an embedder grants a runtime's scripts with {@link
 * NetworkPolicy#servingTlsAs}: Python reads them, read-only, at {@link #certificatePath()} and {@link #keyPath()}
 * ({@value #MOUNT}{@code /NAME/certificate.pem} and {@code key.pem}), so that {@code
 * ssl.SSLContext.load_cert_chain(certificate, key)} works as with files, though the sandbox gives no file access. A
 * runtime without it sees no such path ({@code PermissionError}); another name under {@value #MOUNT} does not exist
 * ({@code FileNotFoundError}). Both are PEM text, held in memory; {@link #toString()} never shows the key.
 *
 * <p>Every script of a runtime that has the identity can read the key, as a process given a key file can: grant it
 * only to code you would give the key. See {@code docs/network.md} ("TLS servers") and {@code docs/security.md}.
 */
public final class ServerIdentity {

    /** The folder Python finds identities in. */
    public static final String MOUNT = "/identities";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private final String name;
    private final byte[] certificateChainPem;
    private final byte[] privateKeyPem;

    private ServerIdentity(String name, byte[] certificateChainPem, byte[] privateKeyPem) {
        this.name = name;
        this.certificateChainPem = certificateChainPem;
        this.privateKeyPem = privateKeyPem;
    }

    /**
     * An identity from PEM text: the chain as one or more {@code CERTIFICATE} blocks, the server's own first, and its
     * key as one unencrypted PKCS #8 {@code PRIVATE KEY} block (what {@code openssl genpkey} writes; GraalPy's {@code
     * ssl} reads no other key format).
     *
     * @param name lower-case letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit: the
     *     folder under {@value #MOUNT}
     * @throws IllegalArgumentException naming what is wrong: the name, a chain without a certificate Java can read,
     *     or a key that is no PKCS #8 private key
     */
    public static ServerIdentity ofPem(String name, String certificateChainPem, String privateKeyPem) {
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        checkName(name);
        checkChain(name, certificateChainPem);
        checkKey(name, privateKeyPem);
        return new ServerIdentity(name, certificateChainPem.getBytes(US_ASCII), privateKeyPem.getBytes(US_ASCII));
    }

    /**
     * An identity from a key store's entry: its certificate chain and private key, written as PEM for Python.
     *
     * @throws IllegalArgumentException naming the alias when the store has no private key under it, or the key cannot
     *     be read with {@code password}
     */
    public static ServerIdentity fromKeyStore(String name, KeyStore store, String alias, char[] password) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(alias, "alias");
        checkName(name);
        try {
            Key key = store.getKey(alias, password);
            Certificate[] chain = store.getCertificateChain(alias);
            if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
                throw new IllegalArgumentException("server identity '" + name + "': the key store has no private key with a"
                        + " certificate chain under the alias '" + alias + "'");
            }
            StringBuilder pem = new StringBuilder();
            for (Certificate certificate : chain) {
                pem.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            return new ServerIdentity(name, pem.toString().getBytes(US_ASCII), pem("PRIVATE KEY", key.getEncoded()).getBytes(US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("server identity '" + name + "': the key under the alias '" + alias
                    + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /** Its folder's name under {@value #MOUNT}. */
    public String name() {
        return name;
    }

    /** Where Python reads the certificate chain: {@code /identities/NAME/certificate.pem}. */
    public String certificatePath() {
        return MOUNT + "/" + name + "/certificate.pem";
    }

    /** Where Python reads the private key: {@code /identities/NAME/key.pem}. */
    public String keyPath() {
        return MOUNT + "/" + name + "/key.pem";
    }

    /** The chain as PEM text, which is no secret. */
    public String certificateChainPem() {
        return new String(certificateChainPem, US_ASCII);
    }

    /** What Python reads at {@code fileName} in this identity's folder, or null for any other name. */
    byte[] file(String fileName) {
        return switch (fileName) {
            case "certificate.pem" -> certificateChainPem.clone();
            case "key.pem" -> privateKeyPem.clone();
            default -> null;
        };
    }

    /** The files of the folder, for listing it. */
    static List<String> fileNames() {
        return List.of("certificate.pem", "key.pem");
    }

    @Override
    public String toString() {
        return "ServerIdentity[" + name + " at " + MOUNT + "/" + name + ", the key not shown]";
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad server identity name '" + name + "': write 1 to 63 lower-case letters,"
                    + " digits, '.', '_' or '-', starting with a letter or digit (it is a folder under " + MOUNT + ")");
        }
    }

    private static void checkChain(String name, String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("server identity '" + name + "': the chain holds no CERTIFICATE block");
        }
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(US_ASCII)));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("server identity '" + name + "': the chain holds no CERTIFICATE block");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("server identity '" + name + "': the chain is no PEM certificate Java can"
                    + " read: " + e.getMessage(), e);
        }
    }

    private static void checkKey(String name, String pem) {
        Matcher block = PRIVATE_KEY.matcher(pem);
        if (!block.find()) {
            throw new IllegalArgumentException("server identity '" + name + "': the key must be one unencrypted PKCS #8"
                    + " block, '-----BEGIN PRIVATE KEY-----' (openssl pkcs8 -topk8 -nocrypt converts others)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("server identity '" + name + "': the key's PEM block is no base64", e);
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
                KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                return;
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        throw new IllegalArgumentException("server identity '" + name + "': the key is no RSA, EC or Ed25519 PKCS #8 private key");
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }
}
