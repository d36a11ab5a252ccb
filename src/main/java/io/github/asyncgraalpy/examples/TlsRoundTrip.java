package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/**
 * Twin of {@code py-scripts/tls_round_trip.py}: the script's asyncio TLS client against {@link TlsShouter}, a JDK
 * {@code SSLServerSocket} serving the certificate the example ships, in the place of the script's asyncio server. The
 * client's connection is the library's (granted by the script's {@code # network:} line, with the shipped identity),
 * and it verifies the Java server's certificate as it verifies the Python one's.
 */
public final class TlsRoundTrip implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(TlsShouter.class).getMember("start"));
    }
}
