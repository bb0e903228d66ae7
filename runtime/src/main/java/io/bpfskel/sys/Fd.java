package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.fd.BpfFd;

/**
 * An owned file descriptor: a map, program, link, BTF object, perf event, epoll instance, ...
 *
 * <p>Thread-safe. Every system call on it runs between {@link #acquire} and {@link #exit()}; {@link #close()}
 * refuses new calls at once, and the descriptor is closed with close(2) when the last call in flight has
 * returned (see {@link Guarded}). A call after close throws an {@link IllegalStateException} naming what it
 * was for, and never passes the stale number to the kernel, where it might by then name an unrelated file.
 * There is no finalizer: an {@code Fd} that is not closed leaks until the process exits, just like in C.
 */
public final class Fd extends Guarded implements BpfFd {
    private static final int F_DUPFD_CLOEXEC = 1030;

    private final int raw;

    private Fd(int raw) {
        this.raw = raw;
    }

    /** Takes ownership of a descriptor obtained elsewhere; it will be closed by {@link #close()}. */
    public static Fd adopt(int raw) {
        if (raw < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + raw);
        }
        return new Fd(raw);
    }

    /**
     * The implementation behind a {@link BpfFd} the public API was given.
     *
     * @throws IllegalArgumentException when it is not one bpfskel made
     */
    public static Fd of(BpfFd fd) {
        if (fd instanceof Fd f) {
            return f;
        }
        throw new IllegalArgumentException(fd == null ? "no file descriptor (null)"
                : "not a descriptor bpfskel opened: " + fd.getClass().getName());
    }

    /**
     * An owned copy (close-on-exec, never 0) of a descriptor the caller keeps owning, such as a user's socket.
     *
     * @param context what it is for, for the exception
     */
    public static Fd dupOf(int raw, String context) {
        if (raw < 0) {
            throw new IllegalArgumentException(context + ": not a file descriptor: " + raw);
        }
        int dup = Syscalls.NATIVE.fcntl(raw, F_DUPFD_CLOEXEC, 1);
        if (dup < 0) {
            throw new BpfSyscallException("fcntl(F_DUPFD_CLOEXEC)", -dup, context);
        }
        return new Fd(dup);
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

    /**
     * Starts a call on the descriptor and returns its number, valid until the matching {@link #exit()}
     * (which must follow in a {@code finally}).
     *
     * @param command the system call or bpf command, for the exception
     * @param context what the call is for, e.g. {@code "map 'counts'"}; may be null
     * @throws IllegalStateException when the descriptor was closed
     */
    public int acquire(String command, String context) {
        enter(command, context);
        return raw;
    }

    /**
     * The descriptor number, without holding it: only for display and for code that owns the descriptor
     * and closes it itself, never while another thread may close it. Use {@link #acquire} for calls.
     *
     * @throws IllegalStateException when already closed
     */
    @Override
    public int raw() {
        if (isClosed()) {
            throw closedError("Fd.raw", null);
        }
        return raw;
    }

    /** A second, independently owned descriptor for the same kernel object (close-on-exec, never 0). */
    @Override
    public Fd dup() {
        int v = acquire("fcntl(F_DUPFD_CLOEXEC)", null);
        int dup;
        try {
            dup = Syscalls.NATIVE.fcntl(v, F_DUPFD_CLOEXEC, 1);
        } finally {
            exit();
        }
        if (dup < 0) {
            throw new BpfSyscallException("fcntl(F_DUPFD_CLOEXEC)", -dup, toString());
        }
        return new Fd(dup);
    }

    @Override
    protected void free() {
        int r = Syscalls.NATIVE.close(raw);
        // Linux releases the descriptor even when close() reports an error, so never retry.
        if (r < 0 && r != -Errno.EINTR) {
            throw new BpfSyscallException("close", -r, "Fd(" + raw + ")");
        }
    }

    @Override
    public IllegalStateException closedError(String operation, String context) {
        return new IllegalStateException(describe(operation, context) + ": the file descriptor was already closed ("
                + this + ")");
    }

    @Override
    public String toString() {
        return isClosed() ? "Fd(closed, was " + raw + ")" : "Fd(" + raw + ")";
    }

    private static String describe(String command, String context) {
        return context == null || context.isEmpty() ? command : command + " for " + context;
    }

    private static void closeQuietly(int raw) {
        // Only used on paths that already report a more useful error, so the result is not checked.
        Syscalls.NATIVE.close(raw);
    }
}
