package io.bpfskel.examples.tcpcc;

import io.bpfskel.examples.Args;
import io.bpfskel.examples.xdp.NetNs;
import io.bpfskel.link.StructOpsLink;
import io.bpfskel.link.TcxDirection;
import io.bpfskel.sys.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A TCP congestion control written in BPF ({@code tcp_cc.bpf.c}: Reno from the kernel's TCP kfuncs), registered
 * with the kernel under its own name, used by a connection, and unregistered.
 *
 * <pre>
 * scripts/run-example.sh tcp-cc [--name NAME] [--bytes N] [--drop-every N]
 * </pre>
 * The example registers the algorithm ({@code NAME}, default {@code bpfskel_reno}), creates a network namespace,
 * attaches a tcx program to its loopback that drops every {@code N}th data segment (default 200; 0: none) so that
 * losses happen, opens a TCP connection whose congestion control is set with {@code setsockopt(TCP_CONGESTION)},
 * sends {@code N} bytes (default 32 MiB) through it, prints what the BPF callbacks counted (ACKs, window changes,
 * losses, congestion-state changes), then unregisters the algorithm and removes the namespace.
 */
public final class TcpCcExample {
    static final Set<String> OPTIONS = Set.of("name", "bytes", "drop-every");
    private static final Path AVAILABLE = Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control");
    private static final int PORT = 5201;
    private static final String[] STATES = {"Open", "Disorder", "CWR", "Recovery", "Loss"};

    private TcpCcExample() {}

    public static void main(String[] args) {
        run(Args.parse(args, OPTIONS), System.out);
    }

    public static void run(Args args, PrintStream out) {
        String name = args.get("name", "bpfskel_reno");
        long bytes = args.getLong("bytes", 32L << 20);
        long dropEvery = args.getLong("drop-every", 200);
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("--name must have 1 to 15 characters (TCP_CA_NAME_MAX is 16 with the NUL)");
        }
        if (bytes <= 0 || bytes > Integer.MAX_VALUE || dropEvery < 0 || dropEvery > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--bytes must be 1 to 2^31-1 and --drop-every 0 to 2^31-1");
        }
        String netns = "bpfskel-examples-tcpcc-" + ProcessHandle.current().pid();
        try (TcpCcSkel skel = TcpCcSkel.open()) {
            skel.structOps().bpfskelReno().name(name);
            skel.rodata().tcpPort((short) (dropEvery == 0 ? 0 : PORT)).dropEvery((int) Math.max(dropEvery, 1));
            skel.load();
            try (StructOpsLink registration = skel.structOps().bpfskelReno().attach()) {
                out.println("registered congestion control '" + name + "' (struct_ops map bpfskel_reno, BPF link id "
                        + registration.info().linkId() + ")");
                out.println("tcp_available_congestion_control: " + available());
                try {
                    NetNs.run("ip", "netns", "add", netns);
                    // An Ethernet-sized MTU: with lo's 64 KiB MSS the receiver's first window holds about one
                    // segment, so the sender is window-limited, not congestion-window-limited, until autotuning
                    // grows it, and whether the algorithm ever grows the window before the first drop depended on
                    // timing. With 1,448-byte segments the first window holds ~45, so slow start runs at once.
                    NetNs.run("ip", "-n", netns, "link", "set", "lo", "mtu", "1500", "up");
                    NetNs.inside(netns, () -> skel.progs().dropSome().attachTcx(Syscalls.ifNameToIndex("lo"), TcxDirection.EGRESS));
                    out.println("netns " + netns + ": lo up (MTU 1500), tcx egress program drop_some drops "
                            + (dropEvery == 0 ? "nothing" : "every " + dropEvery + "th data segment of port " + PORT));
                    String used = NetNs.inside(netns, () -> transfer(name, (int) bytes));
                    out.println("connection to 127.0.0.1:" + PORT + " used congestion control '" + used
                            + "' (getsockopt TCP_CONGESTION); sent " + bytes + " bytes");
                } finally {
                    List<String> failures = NetNs.delete(netns);
                    if (!failures.isEmpty()) {
                        out.println("cleanup failed: " + failures);
                    }
                }
                print(skel, out);
            }
            out.println("unregistered '" + name + "': tcp_available_congestion_control: " + available());
        }
    }

    /** Sends {@code bytes} from a client using {@code algorithm} to a server on the loopback; returns what it used. */
    private static String transfer(String algorithm, int bytes) {
        try (ServerSocket server = new ServerSocket(PORT, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> receiveAll(server));
            String used;
            try (TcpClient client = TcpClient.withCongestionControl(algorithm)) {
                client.connectLoopback(PORT);
                used = client.congestionControl();
                byte[] chunk = new byte[256 << 10];
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    client.writeFully(sent + chunk.length <= bytes ? chunk : java.util.Arrays.copyOf(chunk, bytes - sent));
                }
            }
            long got = received.get();
            if (got != bytes) {
                throw new IllegalStateException("the server received " + got + " of " + bytes + " bytes");
            }
            return used;
        } catch (IOException e) {
            throw new UncheckedIOException("TCP server on 127.0.0.1:" + PORT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("receiving: " + e.getCause(), e.getCause());
        }
    }

    private static long receiveAll(ServerSocket server) {
        // accept() works from any thread: the listening socket already lives in the namespace
        try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
            long n = 0;
            byte[] buf = new byte[256 << 10];
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void print(TcpCcSkel skel, PrintStream out) {
        TcpCcSkel.Bss c = skel.bss();
        out.println("what the congestion control counted:");
        row(out, "connections", c.connections());
        row(out, "acks", c.acks());
        row(out, "packets acked", c.packetsAcked());
        row(out, "window changes", c.cwndChanges());
        row(out, "largest window", Integer.toUnsignedLong(c.maxCwnd()));
        row(out, "losses", c.losses());
        row(out, "undos", c.undos());
        StringBuilder states = new StringBuilder();
        for (int i = 0; i < STATES.length; i++) {
            states.append(i == 0 ? "" : ", ").append(STATES[i]).append(' ').append(c.states(i));
        }
        out.printf("  %-22s %12d  (%s)%n", "state changes", c.stateChanges(), states);
        row(out, "congestion events", c.cwndEvents());
        out.printf("  %-22s %12d  (of %d data segments)%n", "segments dropped", c.segmentsDropped(), c.segmentsSeen());
    }

    private static void row(PrintStream out, String what, long value) {
        out.printf("  %-22s %12d%n", what, value);
    }

    private static String available() {
        try {
            return Files.readString(AVAILABLE).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + AVAILABLE, e);
        }
    }
}
