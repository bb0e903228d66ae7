package io.bpfskel.link;

import static io.bpfskel.link.LinkTests.awaitAtLeast;
import static io.bpfskel.link.LinkTests.putI32;
import static io.bpfskel.link.LinkTests.putU64;
import static io.bpfskel.link.LinkTests.u64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.error.BpfException;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.Cgroups;
import io.bpfskel.testing.Commands;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.testing.NetNs;
import io.bpfskel.uapi.LinkType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Networking attachments, each in namespaces or a cgroup the test creates and removes: packets come from UDP
 * sockets opened inside a namespace (or a child process in the cgroup) and are counted by the attach_net fixture.
 */
class NetworkAttachTest {
    private static final String PREFIX = "bpfskel-link-" + Syscalls.getpid() + "-";
    private static final int UDP_PORT = 4242;

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    private static BpfCollection load() {
        BpfCollection obj = BpfCollection.open(Fixtures.bpfel("attach_net"));
        try {
            obj.load();
            return obj;
        } catch (RuntimeException e) {
            obj.close();
            throw e;
        }
    }

    /** Two namespaces joined by a veth pair: veth0 10.199.0.1 in {@code a}, veth1 10.199.0.2 in {@code b}. */
    private static void vethPair(NetNs a, NetNs b) {
        a.ip("link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", b.name());
        a.ip("addr", "add", "10.199.0.1/24", "dev", "veth0");
        b.ip("addr", "add", "10.199.0.2/24", "dev", "veth1");
        a.ip("link", "set", "veth0", "up");
        b.ip("link", "set", "veth1", "up");
    }

    /** Sends one UDP datagram from a socket created inside {@code ns}. */
    private static void sendUdp(NetNs ns, String host, int port) {
        ns.run(() -> {
            try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
                ch.send(ByteBuffer.wrap("bpfskel".getBytes(StandardCharsets.US_ASCII)), new InetSocketAddress(host, port));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    @Test
    void xdpOnAVethInANamespace() {
        try (BpfCollection obj = load(); NetNs a = NetNs.create(PREFIX + "xdp-a"); NetNs b = NetNs.create(PREFIX + "xdp-b")) {
            vethPair(a, b);
            BpfException noTarget = assertThrows(BpfException.class, () -> obj.program("count_xdp").attach());
            assertTrue(noTarget.getMessage().contains("does not say where"), noTarget.getMessage());
            assertTrue(obj.attach().isEmpty(), "nothing in attach_net can auto-attach");

            BpfLink link = b.run(() -> obj.program("count_xdp").attachXdp("veth1", XdpMode.DEFAULT));
            try (link) {
                assertEquals(AttachKind.XDP, link.kind());
                assertEquals(LinkType.XDP.number(), link.info().linkType());
                awaitAtLeast("UDP packets to port 4242 seen by XDP", 3, () -> u64(obj, "xdp_udp_4242"),
                        () -> sendUdp(a, "10.199.0.2", UDP_PORT));
                assertTrue(u64(obj, "xdp_packets") >= u64(obj, "xdp_udp_4242"));
            }
            putU64(obj, "xdp_packets", 0);
            putU64(obj, "xdp_udp_4242", 0);
            sendUdp(a, "10.199.0.2", UDP_PORT);
            sendUdp(a, "10.199.0.2", UDP_PORT);
            assertEquals(0, u64(obj, "xdp_udp_4242"), "detached");

            // Generic mode works on any device; the interface can also be given by index.
            int ifindex = b.run(() -> Syscalls.ifNameToIndex("veth1"));
            try (BpfLink generic = b.run(() -> obj.program("count_xdp").attachXdp(ifindex, XdpMode.GENERIC))) {
                awaitAtLeast("UDP packets seen by generic XDP", 1, () -> u64(obj, "xdp_udp_4242"),
                        () -> sendUdp(a, "10.199.0.2", UDP_PORT));
            }
        }
    }

    @Test
    void tcxIngressAndEgress() {
        try (BpfCollection obj = load(); NetNs a = NetNs.create(PREFIX + "tcx-a"); NetNs b = NetNs.create(PREFIX + "tcx-b")) {
            vethPair(a, b);
            BpfLink egress = a.run(() -> obj.program("count_tcx_egress").attachTcx("veth0", TcxDirection.EGRESS));
            BpfLink ingress = b.run(() -> obj.program("count_tcx_ingress").attachTcx("veth1", TcxDirection.INGRESS));
            try (egress; ingress) {
                assertEquals(LinkType.TCX.number(), ingress.info().linkType());
                assertEquals("tcx ingress of interface veth1", ingress.target());
                awaitAtLeast("packets on tcx egress of veth0", 3, () -> u64(obj, "tcx_egress_packets"),
                        () -> sendUdp(a, "10.199.0.2", UDP_PORT));
                awaitAtLeast("packets on tcx ingress of veth1", 3, () -> u64(obj, "tcx_ingress_packets"),
                        () -> sendUdp(a, "10.199.0.2", UDP_PORT));
            }
            putU64(obj, "tcx_ingress_packets", 0);
            putU64(obj, "tcx_egress_packets", 0);
            sendUdp(a, "10.199.0.2", UDP_PORT);
            assertEquals(0, u64(obj, "tcx_ingress_packets") + u64(obj, "tcx_egress_packets"), "detached");
        }
    }

    /** A shell that moves itself into the cgroup, reads a sysctl, opens /dev/null and sends a datagram. */
    private static void runInCgroup(Cgroups cg) {
        Commands.run("bash", "-c", "echo $$ > " + cg.path().resolve("cgroup.procs")
                + " && cat /proc/sys/kernel/ostype > /dev/null && echo bpfskel > /dev/udp/127.0.0.1/9");
    }

    @Test
    void cgroupProgramsSeeOnlyTheirProcesses() {
        List<String> counters = List.of("cgroup_egress_packets", "cgroup_sock_creates", "cgroup_connects",
                "cgroup_sysctls", "cgroup_devs");
        try (BpfCollection obj = load(); Cgroups cg = Cgroups.create(PREFIX + "cgroup")) {
            List<BpfLink> links = new ArrayList<>();
            for (String p : List.of("count_cgroup_egress", "count_sock_create", "count_connect4", "count_sysctl",
                    "count_dev")) {
                links.add(obj.program(p).attachCgroup(cg.path()));
            }
            BpfLink egress = links.get(0);
            assertEquals(AttachKind.CGROUP, egress.kind());
            assertEquals(LinkType.CGROUP.number(), egress.info().linkType());
            assertEquals("cgroup " + cg.path() + " (cgroup_inet_egress)", egress.target());
            assertEquals("cgroup " + cg.path() + " (cgroup_sysctl)", links.get(3).target());

            // This JVM is not in the cgroup: its sockets are not seen.
            sendUdpFromThisJvm(2);
            for (String c : counters) {
                assertEquals(0, u64(obj, c), c);
            }
            runInCgroup(cg);
            for (String c : counters) {
                assertTrue(u64(obj, c) >= 1, c + " of a process in the cgroup");
            }

            obj.detach();
            assertTrue(links.stream().allMatch(BpfLink::isClosed));
            for (String c : counters) {
                putU64(obj, c, 0);
            }
            runInCgroup(cg);
            for (String c : counters) {
                assertEquals(0, u64(obj, c), c + " after detach");
            }
        }
    }

    /** Datagrams from this JVM (root namespace) to the discard port on loopback. */
    private static void sendUdpFromThisJvm(int count) {
        try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
            for (int i = 0; i < count; i++) {
                ch.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress("127.0.0.1", 9));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] awaitDatagram(Fd socket) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        byte[] got;
        while ((got = TestSockets.recvNow(socket)) == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return got;
    }

    @Test
    void socketFilterOnAUdpSocket() {
        try (BpfCollection obj = load(); Fd receiver = TestSockets.udpOnLoopback(); Fd sender = TestSockets.udpOnLoopback()) {
            int port = TestSockets.port(receiver);
            byte[] message = "hello, socket filter".getBytes(StandardCharsets.US_ASCII);
            try (BpfLink link = obj.program("count_socket").attachSocket(receiver.raw())) {
                assertEquals(AttachKind.SOCKET_FILTER, link.kind());
                assertFalse(link.isKernelLink());
                assertEquals(0, link.info().linkId());
                TestSockets.sendTo(sender, message, port);
                assertArrayEquals(message, awaitDatagram(receiver), "the filter accepts the whole datagram");
                assertEquals(1, u64(obj, "socket_packets"));
                assertEquals(8 + message.length, u64(obj, "socket_last_len"), "UDP header and payload");
            }
            TestSockets.sendTo(sender, message, port);
            assertArrayEquals(message, awaitDatagram(receiver));
            assertEquals(1, u64(obj, "socket_packets"), "SO_DETACH_BPF removed the filter");
            assertNull(TestSockets.recvNow(receiver));
        }
    }

    @Test
    void skLookupOnANetworkNamespace() {
        try (BpfCollection obj = load(); NetNs ns = NetNs.create(PREFIX + "sklookup")) {
            ns.ip("link", "set", "lo", "up");
            putI32(obj, "lookup_port", 7777);
            try (BpfLink link = obj.program("count_lookup").attachNetns(ns.path())) {
                assertEquals(AttachKind.NETNS, link.kind());
                assertEquals(LinkType.NETNS.number(), link.info().linkType());
                awaitAtLeast("socket lookups for port 7777", 2, () -> u64(obj, "lookup_hits"),
                        () -> sendUdp(ns, "127.0.0.1", 7777));
            }
            putU64(obj, "lookup_hits", 0);
            sendUdp(ns, "127.0.0.1", 7777);
            assertEquals(0, u64(obj, "lookup_hits"), "detached");
        }
    }
}
