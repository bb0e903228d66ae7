package io.bpfskel.sys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The lifetime of a kernel resource that several threads may use while one of them closes it: a
 * descriptor, a memory mapping.
 *
 * <p>Every operation {@linkplain #enter enters} before it touches the resource and {@linkplain #exit
 * exits} after. {@link #close()} only marks the resource closing: new operations are refused with an
 * {@link IllegalStateException}, and the resource is really {@linkplain #free freed} by whichever comes
 * last, the close or the exit of the last operation in flight. A closed descriptor number can therefore
 * never reach the kernel (where it might already name another file), and memory is never unmapped under
 * a read.
 *
 * <p>The state is one int: the number of operations in flight, with the sign bit set once closing. An
 * operation costs one compare-and-set and one atomic add on it, uncontended a few nanoseconds next to a
 * system call. This is the backend-neutral part of a resource: a JNA and a {@code java.lang.foreign}
 * implementation of {@code free} share it.
 */
public abstract class Guarded implements AutoCloseable {
    private static final int CLOSING = 1 << 31;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Guarded.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    /**
     * Starts an operation: afterwards the resource stays usable until the matching {@link #exit()}.
     *
     * @param operation the operation, for the exception, e.g. {@code "BPF_MAP_LOOKUP_ELEM"}
     * @param context what it is for, e.g. {@code "map 'counts'"}; may be null (joined only on failure, so
     *     that the hot path builds no string)
     * @throws IllegalStateException when the resource is closed or closing
     */
    public final void enter(String operation, String context) {
        int s;
        do {
            s = (int) STATE.getVolatile(this);
            if ((s & CLOSING) != 0) {
                throw closedError(operation, context);
            }
        } while (!STATE.weakCompareAndSet(this, s, s + 1));
    }

    /** Like {@link #enter} but answers false instead of throwing when closed. */
    public final boolean tryEnter() {
        int s;
        do {
            s = (int) STATE.getVolatile(this);
            if ((s & CLOSING) != 0) {
                return false;
            }
        } while (!STATE.weakCompareAndSet(this, s, s + 1));
        return true;
    }

    /** Ends an operation started by {@link #enter}; frees the resource when it was closed meanwhile and this was the last. */
    public final void exit() {
        int s = (int) STATE.getAndAdd(this, -1) - 1;
        if (s == CLOSING) {
            try {
                free();
            } catch (RuntimeException ignored) {
                // The closer already returned; nobody is left to tell (close(2) releases the number anyway).
            }
        }
    }

    /** True once {@link #close()} was called, although operations in flight may still be finishing. */
    public final boolean isClosed() {
        return ((int) STATE.getVolatile(this) & CLOSING) != 0;
    }

    /**
     * Refuses new operations, and frees the resource now when none is in flight, otherwise when the last
     * one exits. Idempotent and thread-safe.
     */
    @Override
    public final void close() {
        int s;
        do {
            s = (int) STATE.getVolatile(this);
            if ((s & CLOSING) != 0) {
                return;
            }
        } while (!STATE.weakCompareAndSet(this, s, s | CLOSING));
        if (s == 0) {
            free();
        }
    }

    /** Releases the resource; called exactly once, when closed and no operation is in flight. */
    protected abstract void free();

    /** The exception for an operation after close; names the operation, what it was for and the resource. */
    public abstract IllegalStateException closedError(String operation, String context);
}
