package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ServerIdentity} takes and refuses, without a context; one keytool certificate for the class. */
@Timeout(60)
class ServerIdentityTest {

    @TempDir
    static Path folder;

    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = SelfSignedCertificate.make(folder, "unit");
    }

    @Test
    void aKeyStoresEntryBecomesPemAtItsPaths() throws Exception {
        ServerIdentity identity = certificate.identity("web");
        assertEquals("/identities/web/certificate.pem", identity.certificatePath());
        assertEquals("/identities/web/key.pem", identity.keyPath());
        assertEquals(certificate.pem(), identity.certificateChainPem());
        assertEquals(certificate.keyPem(), new String(identity.file("key.pem"), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(null, identity.file("other.pem"));
    }

    @Test
    void itsTextNeverShowsTheKey() throws Exception {
        ServerIdentity identity = ServerIdentity.ofPem("web", certificate.pem(), certificate.keyPem());
        String keyBody = certificate.keyPem().lines().skip(1).findFirst().orElseThrow();
        assertFalse(identity.toString().contains(keyBody), identity.toString());
        assertFalse(NetworkPolicy.none().servingTlsAs(identity).toString().contains(keyBody));
        assertTrue(NetworkPolicy.none().servingTlsAs(identity).toString().contains("serving TLS as [web]"));
    }

    @Test
    void badInputIsRefusedNamingWhatIsWrong() throws Exception {
        String chain = certificate.pem();
        String key = certificate.keyPem();
        assertMessage("bad server identity name '../web'", () -> ServerIdentity.ofPem("../web", chain, key));
        assertMessage("bad server identity name 'Web'", () -> ServerIdentity.ofPem("Web", chain, key));
        assertMessage("server identity 'web': the chain holds no CERTIFICATE block",
                () -> ServerIdentity.ofPem("web", "no pem here", key));
        assertMessage("server identity 'web': the key must be one unencrypted PKCS #8 block",
                () -> ServerIdentity.ofPem("web", chain, key.replace("PRIVATE KEY", "RSA PRIVATE KEY")));
        assertMessage("server identity 'web': the key must be one unencrypted PKCS #8 block",
                () -> ServerIdentity.ofPem("web", chain, key.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY")));
        assertMessage("server identity 'web': the key is no RSA, EC or Ed25519 PKCS #8 private key",
                () -> ServerIdentity.ofPem("web", chain, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        assertMessage("server identity 'web': the key store has no private key with a certificate chain under the alias 'nobody'",
                () -> ServerIdentity.fromKeyStore("web", certificate.keys(), "nobody", "test-only".toCharArray()));
        ServerIdentity web = ServerIdentity.ofPem("web", chain, key);
        assertMessage("this policy already has a server identity named 'web'", () -> NetworkPolicy.none().servingTlsAs(web, web));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable bad) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(refused.getMessage().startsWith(start), refused.getMessage());
    }

    @Test
    void aKeyStoreWithoutTheEntryIsRefused() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        assertMessage("server identity 'web': the key store has no private key", () -> ServerIdentity.fromKeyStore("web", empty, "unit", null));
    }
}
