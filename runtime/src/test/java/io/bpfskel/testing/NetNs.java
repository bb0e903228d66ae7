package io.bpfskel.testing;

import io.bpfskel.sys.Fd;
import io.bpfskel.sys.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A network namespace a test creates ({@code ip netns add}) and deletes on close, with everything in it. Code runs
 * inside it on a thread of its own ({@link #run}): setns(2) moves only the calling thread, and that thread ends
 * afterwards, so the rest of the JVM never changes namespace. Sockets and interface indexes resolved there stay
 * in the namespace.
 */
public final class NetNs implements AutoCloseable {
    private final String name;

    private NetNs(String name) {
        this.name = name;
    }

    /** A fresh namespace; one left over by an earlier, killed run with the same name is deleted first. */
    public static NetNs create(String name) {
        Commands.tryRun("ip", "netns", "del", name);
        Commands.run("ip", "netns", "add", name);
        return new NetNs(name);
    }

    public String name() {
        return name;
    }

    /** The namespace file {@code ip netns} bind-mounts. */
    public Path path() {
        return Path.of("/run/netns", name);
    }

    /** Runs {@code ip -n <name> <args...>}. */
    public String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return Commands.run(cmd.toArray(String[]::new));
    }

    /** Runs {@code body} on a new thread inside the namespace and returns its result. */
    public <T> T run(Callable<T> body) {
        FutureTask<T> task = new FutureTask<>(() -> {
            try (Fd ns = Syscalls.open(path().toString(), Syscalls.O_RDONLY, "network namespace " + name)) {
                Syscalls.setns(ns, Syscalls.CLONE_NEWNET, "network namespace " + name);
            }
            return body.call();
        });
        Thread t = new Thread(task, "netns " + name);
        t.start();
        try {
            return task.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("in network namespace " + name + ": " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            t.interrupt();
            throw new IllegalStateException("code in network namespace " + name + " did not finish in 60 s", e);
        }
    }

    @Override
    public void close() {
        Commands.run("ip", "netns", "del", name);
    }
}
