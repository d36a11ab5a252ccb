package io.github.asyncgraalpy.runner;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The output stream a shared context writes to: everything since the last {@link #take()}, so that each example
 * run in the context gets its own output. Not for concurrent writers from several runs at once.
 */
final class CapturedOutput extends OutputStream {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        buffer.write(bytes, offset, length);
    }

    /** What was written since the last call, as UTF-8 text. */
    synchronized String take() {
        String text = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        return text;
    }
}
