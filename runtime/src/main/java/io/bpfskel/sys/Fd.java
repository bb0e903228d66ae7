package io.bpfskel.sys;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An owned file descriptor: a map, program, link, BTF object, perf event, ...
 *
 * <p>{@link #close()} is idempotent and thread-safe; using the descriptor after close throws a
 * {@link BpfSyscallException} with {@link Errno#EBADF} instead of passing a stale number (which
 * might by then name an unrelated file) to the kernel. There is no finalizer: an {@code Fd} that is
 * not closed leaks until the process exits, just like in C.
 */
public final class Fd implements AutoCloseable {
    private static final int CLOSED = -1;
    private static final int F_DUPFD_CLOEXEC = 1030;

    private final AtomicInteger fd;
    private final int original;

    private Fd(int raw) {
        this.fd = new AtomicInteger(raw);
        this.original = raw;
    }

    /** Takes ownership of a descriptor obtained elsewhere; it will be closed by {@link #close()}. */
    public static Fd adopt(int raw) {
        if (raw < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + raw);
        }
        return new Fd(raw);
    }

    /**
     * Wraps a descriptor fresh from the kernel. Descriptor 0 is moved elsewhere because several
     * bpf_attr fields (inner_map_fd, prog_btf_fd, ...) use 0 to mean "none"; it can only come back
     * when the process has closed stdin.
     */
    static Fd fromKernel(int raw, String command, String context) {
        if (raw != 0) {
            return new Fd(raw);
        }
        try {
            int moved = Syscalls.NATIVE.fcntl(0, F_DUPFD_CLOEXEC, 1);
            if (moved < 0) {
                throw new BpfSyscallException(command, -moved, context,
                        "could not move the new descriptor away from fd 0", null);
            }
            return new Fd(moved);
        } finally {
            closeQuietly(0);
        }
    }

    /** The descriptor number; only valid until {@link #close()}. */
    public int raw() {
        int v = fd.get();
        if (v == CLOSED) {
            throw closedError("Fd.raw", null);
        }
        return v;
    }

    /** Like {@link #raw()} but blames the command that wanted the descriptor. */
    int rawFor(String command, String context) {
        int v = fd.get();
        if (v == CLOSED) {
            throw closedError(command, context);
        }
        return v;
    }

    public boolean isClosed() {
        return fd.get() == CLOSED;
    }

    /** A second, independently owned descriptor for the same kernel object (close-on-exec, never 0). */
    public Fd dup() {
        int v = raw();
        int dup = Syscalls.NATIVE.fcntl(v, F_DUPFD_CLOEXEC, 1);
        if (dup < 0) {
            throw new BpfSyscallException("fcntl(F_DUPFD_CLOEXEC)", -dup, toString());
        }
        return new Fd(dup);
    }

    @Override
    public void close() {
        int v = fd.getAndSet(CLOSED);
        if (v == CLOSED) {
            return;
        }
        int r = Syscalls.NATIVE.close(v);
        // Linux releases the descriptor even when close() reports an error, so never retry.
        if (r < 0 && r != -Errno.EINTR) {
            throw new BpfSyscallException("close", -r, "Fd(" + v + ")");
        }
    }

    @Override
    public String toString() {
        int v = fd.get();
        return v == CLOSED ? "Fd(closed, was " + original + ")" : "Fd(" + v + ")";
    }

    private BpfSyscallException closedError(String command, String context) {
        return new BpfSyscallException(command, Errno.EBADF, context,
                "the file descriptor was already closed (" + this + ")", null);
    }

    private static void closeQuietly(int raw) {
        // Only used on paths that already report a more useful error, so the result is not checked.
        Syscalls.NATIVE.close(raw);
    }
}
