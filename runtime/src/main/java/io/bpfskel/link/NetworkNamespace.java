package io.bpfskel.link;

import io.bpfskel.sys.Fd;
import io.bpfskel.sys.Syscalls;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Work inside another network namespace, e.g. attaching XDP or tcx to an interface that exists only there (an
 * interface name or index means something only in its namespace).
 */
public final class NetworkNamespace {
    private NetworkNamespace() {}

    /**
     * Runs {@code action} in the network namespace of {@code namespace} (a file like {@code /run/netns/NAME} or
     * {@code /proc/PID/ns/net}) and returns its result. setns(2) moves only the calling thread, so the action runs on
     * a thread of its own that ends afterwards: no other thread of the JVM ever changes namespace. Its unchecked
     * exceptions reach the caller as they are.
     */
    public static <T> T call(Path namespace, Supplier<T> action) {
        String what = "network namespace " + namespace;
        FutureTask<T> task = new FutureTask<>(() -> {
            try (Fd ns = Syscalls.open(namespace.toString(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, what)) {
                Syscalls.setns(ns, Syscalls.CLONE_NEWNET, "entering " + what);
            }
            return action.get();
        });
        Thread t = new Thread(task, "bpfskel netns " + namespace.getFileName());
        t.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("in " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working in " + what, e);
        }
    }
}
