package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/**
 * Twin of {@code py-scripts/udp_echo.py}: the script's asyncio client against {@link UdpShouter}, a Java
 * {@code DatagramSocket} server, in the place of the script's asyncio one. The client's endpoint is the library's
 * (granted by the script's {@code # network:} line); the server is plain JDK networking on a thread of its own.
 */
public final class UdpEcho implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(UdpShouter.class).getMember("start"));
    }
}
