package io.github.asyncgraalpy.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The output stream of a context built before anyone asked for it ({@link PrestartedContexts}): a context's streams are fixed
 * when it is built, so it writes here, and this writes to whatever the borrower gives when the context is handed out.
 * Until then, output is discarded (the bootstrap prints nothing).
 */
final class DeferredOutput extends OutputStream {

    private volatile OutputStream target = OutputStream.nullOutputStream();

    void sendTo(OutputStream target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public void write(int b) throws IOException {
        target.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        target.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }
}
