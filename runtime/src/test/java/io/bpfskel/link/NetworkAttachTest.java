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
import io.bpfskel.BpfException;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.LinkType;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.Cgroups;
import io.bpfskel.testing.Commands;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.testing.NetNs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
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
                assertEquals(LinkType.XDP, link.info().linkType());
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
                assertEquals(LinkType.TCX, ingress.info().linkType());
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

    @Test
    void cgroupSkbCountsOnlyItsProcesses() {
        try (BpfCollection obj = load(); Cgroups cg = Cgroups.create(PREFIX + "cgroup")) {
            try (BpfLink link = obj.program("count_cgroup_egress").attachCgroup(cg.path())) {
                assertEquals(AttachKind.CGROUP, link.kind());
                assertEquals(LinkType.CGROUP, link.info().linkType());
                assertEquals("cgroup " + cg.path() + " (cgroup_inet_egress)", link.target());
                // This JVM is not in the cgroup: its packets are not counted.
                sendUdpFromThisJvm(2);
                assertEquals(0, u64(obj, "cgroup_egress_packets"));
                // A shell that moves itself into the cgroup, then sends a datagram to the discard port.
                Commands.run("bash", "-c", "echo $$ > " + cg.path().resolve("cgroup.procs")
                        + " && echo bpfskel > /dev/udp/127.0.0.1/9");
                assertTrue(u64(obj, "cgroup_egress_packets") >= 1, "egress of a process in the cgroup");
            }
            putU64(obj, "cgroup_egress_packets", 0);
            Commands.run("bash", "-c", "echo $$ > " + cg.path().resolve("cgroup.procs")
                    + " && echo bpfskel > /dev/udp/127.0.0.1/9");
            assertEquals(0, u64(obj, "cgroup_egress_packets"), "detached");
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

    @Test
    void socketFilterOnAUnixDatagramSocket() {
        Fd[] pair = TestSockets.unixDatagramPair();
        try (BpfCollection obj = load(); Fd sender = pair[0]; Fd receiver = pair[1]) {
            byte[] message = "hello, socket filter".getBytes(StandardCharsets.US_ASCII);
            try (BpfLink link = obj.program("count_socket").attachSocket(receiver)) {
                assertEquals(AttachKind.SOCKET_FILTER, link.kind());
                assertFalse(link.isKernelLink());
                TestSockets.send(sender, message);
                assertArrayEquals(message, TestSockets.recvNow(receiver), "the filter accepts the whole datagram");
                assertEquals(1, u64(obj, "socket_packets"));
                assertEquals(message.length, u64(obj, "socket_last_len"));
            }
            TestSockets.send(sender, message);
            assertArrayEquals(message, TestSockets.recvNow(receiver));
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
                assertEquals(LinkType.NETNS, link.info().linkType());
                awaitAtLeast("socket lookups for port 7777", 2, () -> u64(obj, "lookup_hits"),
                        () -> sendUdp(ns, "127.0.0.1", 7777));
            }
            putU64(obj, "lookup_hits", 0);
            sendUdp(ns, "127.0.0.1", 7777);
            assertEquals(0, u64(obj, "lookup_hits"), "detached");
        }
    }
}
