package io.bpfskel.link;

import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.Syscalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An iterator program's link. Each {@link #open()} starts a new pass over the kernel objects (tasks, maps, ...):
 * reading the stream runs the program on each one and returns what it printed with {@code bpf_seq_printf}.
 */
public final class IterLink extends FdLink {

    IterLink(String program, String target, Fd fd, List<Runnable> cleanup) {
        super(AttachKind.ITER, program, target, fd, cleanup);
    }

    /** A new iteration ({@code BPF_ITER_CREATE}); close the stream when done. */
    public InputStream open() {
        checkOpen("start an iteration");
        return new IterStream(Bpf.iterCreate(fd(), "iterator of " + what()), what());
    }

    /** One whole iteration's output. */
    public byte[] readAllBytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One whole iteration's output as UTF-8 text. */
    public String readAll() {
        return new String(readAllBytes(), StandardCharsets.UTF_8);
    }

    private static final class IterStream extends InputStream {
        private final Fd fd;
        private final String what;

        IterStream(Fd fd, String what) {
            this.fd = fd;
            this.what = what;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = Syscalls.read(fd, b, off, len, "iteration of " + what);
            return n == 0 ? -1 : n;
        }

        @Override
        public byte[] readAllBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = read(buf, 0, buf.length)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }

        @Override
        public void close() {
            fd.close();
        }
    }
}
