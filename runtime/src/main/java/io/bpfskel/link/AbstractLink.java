package io.bpfskel.link;

import java.util.ArrayList;
import java.util.List;

/**
 * Close logic shared by every link: detach, then release what the attachment needed (a perf event fd, a tracefs
 * probe), each step even when an earlier one failed; the first failure is thrown at the end.
 */
abstract class AbstractLink implements BpfLink {
    private final AttachKind kind;
    private final String program;
    private final String target;
    private final List<Runnable> cleanup;
    private boolean closed;

    AbstractLink(AttachKind kind, String program, String target, List<Runnable> cleanup) {
        this.kind = kind;
        this.program = program;
        this.target = target;
        this.cleanup = List.copyOf(cleanup);
    }

    /** Undoes the attachment itself. */
    abstract void detach();

    @Override
    public AttachKind kind() {
        return kind;
    }

    @Override
    public String program() {
        return program;
    }

    @Override
    public String target() {
        return target;
    }

    String what() {
        return "program '" + program + "' on " + target;
    }

    @Override
    public synchronized boolean isClosed() {
        return closed;
    }

    void checkOpen(String action) {
        if (isClosed()) {
            throw new IllegalStateException("cannot " + action + ": the link of " + what() + " is closed");
        }
    }

    @Override
    public final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<Runnable> steps = new ArrayList<>(1 + cleanup.size());
        steps.add(this::detach);
        steps.addAll(cleanup);
        runAll(steps);
    }

    /**
     * Runs every step even when earlier ones fail, then throws the first failure with the later ones suppressed:
     * a detach that fails must not leave the remaining fds open.
     */
    static void runAll(List<Runnable> steps) {
        RuntimeException first = null;
        for (Runnable r : steps) {
            try {
                r.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + what() + (isClosed() ? ", closed" : "") + "]";
    }
}
