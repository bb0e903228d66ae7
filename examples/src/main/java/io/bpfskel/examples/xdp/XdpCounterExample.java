package io.bpfskel.examples.xdp;

import io.bpfskel.examples.Args;
import io.bpfskel.link.XdpMode;
import io.bpfskel.maps.Codec;
import io.bpfskel.maps.Codecs;
import io.bpfskel.maps.PerCpuMap;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the packets arriving on an interface per protocol, with XDP and a per-CPU array.
 *
 * <pre>
 * scripts/run-example.sh xdp-counter --demo
 * scripts/run-example.sh xdp-counter --iface IFNAME [--netns NAME] [--duration SECONDS]
 * </pre>
 * {@code --demo} builds two network namespaces joined by a veth pair, counts on one end what the other end sends
 * (3 UDP datagrams, 1 TCP connection attempt, and whatever ARP and IPv6 the kernel adds), prints the counts and
 * removes the namespaces. Otherwise the program is attached to {@code IFNAME} (in namespace {@code NAME} if given)
 * and the counts are printed every second for {@code SECONDS} (0: until interrupted).
 */
public final class XdpCounterExample {
    /** {@code struct counter { __u64 packets; __u64 bytes; }}. */
    public record Counter(long packets, long bytes) {
        static final Codec<Counter> CODEC = Codec.of(16, (c, b) -> b.putLong(b.position(), c.packets).putLong(b.position() + 8, c.bytes),
                b -> new Counter(b.getLong(b.position()), b.getLong(b.position() + 8)));
    }

    private static final int SLOT_IPV6 = 256;
    private static final int SLOT_OTHER = 512;
    private static final Map<Integer, String> PROTOCOLS = Map.of(0, "hop-by-hop", 1, "ICMP", 2, "IGMP", 6, "TCP", 17, "UDP", 58, "ICMPv6", 132, "SCTP");

    private XdpCounterExample() {}

    public static void main(String[] args) {
        run(Args.parse(args, Set.of("iface", "netns", "duration"), Set.of("demo")), System.out);
    }

    public static void run(Args args, PrintStream out) {
        if (args.has("demo")) {
            demo(out);
            return;
        }
        String iface = args.get("iface", null);
        if (iface == null) {
            throw new IllegalArgumentException("xdp-counter needs --iface IFNAME (or --demo)");
        }
        String netns = args.get("netns", null);
        long seconds = args.getLong("duration", 0);
        try (XdpCounterSkel skel = XdpCounterSkel.openAndLoad()) {
            attach(skel, iface, netns);
            out.println("counting packets arriving on " + iface + (netns == null ? "" : " in netns " + netns));
            for (long s = 1; seconds == 0 || s <= seconds; s++) {
                sleep(1000);
                out.println("after " + s + " s:");
                print(out, counts(skel));
            }
        }
    }

    /** Sums each slot's per-CPU values: protocol name → packets and bytes, non-empty slots only. */
    public static Map<String, Counter> counts(XdpCounterSkel skel) {
        PerCpuMap<Integer, Counter> counts = skel.maps().counts().perCpu(Codecs.int32(), Counter.CODEC);
        Map<String, Counter> totals = new TreeMap<>();
        counts.lookupBatch((slot, perCpu) -> {
            long packets = 0;
            long bytes = 0;
            for (Counter c : perCpu) {
                packets += c.packets();
                bytes += c.bytes();
            }
            if (packets != 0) {
                totals.put(name(slot), new Counter(packets, bytes));
            }
        });
        return totals;
    }

    static void print(PrintStream out, Map<String, Counter> totals) {
        out.printf("  %-20s %10s %12s%n", "PROTOCOL", "PACKETS", "BYTES");
        totals.forEach((name, c) -> out.printf("  %-20s %10d %12d%n", name, c.packets(), c.bytes()));
    }

    private static String name(int slot) {
        if (slot == SLOT_OTHER) {
            return "other (ARP, ...)";
        }
        String family = slot >= SLOT_IPV6 ? "IPv6" : "IPv4";
        int proto = slot % SLOT_IPV6;
        return family + " " + PROTOCOLS.getOrDefault(proto, "proto " + proto);
    }

    private static void attach(XdpCounterSkel skel, String iface, String netns) {
        // the interface name is looked up in this thread's network namespace
        if (netns == null) {
            skel.progs().xdpCount().attachXdp(iface, XdpMode.DEFAULT);
        } else {
            NetNs.inside(netns, () -> skel.progs().xdpCount().attachXdp(iface, XdpMode.DEFAULT));
        }
    }

    private static void demo(PrintStream out) {
        long pid = ProcessHandle.current().pid();
        String here = "bpfskel-examples-xdp-" + pid + "-counter";
        String peer = "bpfskel-examples-xdp-" + pid + "-peer";
        String a = "bxdp" + pid + "a";
        String b = "bxdp" + pid + "b";
        try {
            NetNs.run("ip", "netns", "add", here);
            NetNs.run("ip", "netns", "add", peer);
            NetNs.run("ip", "link", "add", a, "netns", here, "type", "veth", "peer", "name", b, "netns", peer);
            NetNs.run("ip", "-n", here, "addr", "add", "10.250.0.1/24", "dev", a);
            NetNs.run("ip", "-n", here, "link", "set", a, "up");
            NetNs.run("ip", "-n", peer, "addr", "add", "10.250.0.2/24", "dev", b);
            NetNs.run("ip", "-n", peer, "link", "set", b, "up");
            out.println("demo: veth " + a + " (10.250.0.1, netns " + here + ") <-> " + b + " (10.250.0.2, netns " + peer + ")");
            try (XdpCounterSkel skel = XdpCounterSkel.openAndLoad()) {
                attach(skel, a, here);
                out.println("counting packets arriving on " + a);
                out.println("sending from " + b + ": 3 UDP datagrams to port 9, 1 TCP connection attempt to port 9");
                NetNs.run("ip", "netns", "exec", peer, "bash", "-c",
                        "for i in 1 2 3; do echo datagram-$i > /dev/udp/10.250.0.1/9; done; (: < /dev/tcp/10.250.0.1/9) 2>/dev/null; true");
                // the packets went through XDP before the TCP reset came back; the loop only covers slow softirqs
                Map<String, Counter> totals = counts(skel);
                for (int i = 0; i < 20 && !complete(totals); i++) {
                    sleep(100);
                    totals = counts(skel);
                }
                print(out, totals);
            }
        } finally {
            List<String> failures = NetNs.delete(here, peer);
            if (!failures.isEmpty()) {
                out.println("demo: cleanup failed: " + failures);
            }
        }
    }

    private static boolean complete(Map<String, Counter> totals) {
        Counter udp = totals.get("IPv4 UDP");
        Counter tcp = totals.get("IPv4 TCP");
        return udp != null && udp.packets() >= 3 && tcp != null && tcp.packets() >= 1;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
