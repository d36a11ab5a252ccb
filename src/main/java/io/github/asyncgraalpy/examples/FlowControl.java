package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/**
 * Twin of {@code py-scripts/flow_control.py}: the script's asyncio client against {@link CountingServer}, a Java
 * {@code ServerSocket} that reads nothing until the client releases it, in the place of the script's asyncio server.
 * The client's transport fills, pauses and resumes the protocol as it does against the Python server.
 */
public final class FlowControl implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(CountingServer.class).getMember("start"));
    }
}
