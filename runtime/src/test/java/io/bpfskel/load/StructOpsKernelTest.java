package io.bpfskel.load;

import io.bpfskel.CollectionTestAccess;
import io.bpfskel.MemoryView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.error.BpfException;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.link.AttachKind;
import io.bpfskel.link.BpfLink;
import io.bpfskel.link.StructOpsLink;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MapInfo;
import io.bpfskel.sys.ProgInfo;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.testing.NetNs;
import io.bpfskel.testing.Tools;
import io.bpfskel.uapi.LinkType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * struct_ops on the running kernel: TCP congestion controls from {@code struct_ops.bpf.c} are loaded, registered
 * (through a link and through the map update), used by a TCP connection in a network namespace, swapped with
 * BPF_LINK_UPDATE, and unregistered. Algorithm names start with {@code bsk_sops} (unique among the test suites).
 */
class StructOpsKernelTest {
    private static final Path AVAILABLE = Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control");

    @TempDir
    Path dir;

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    private static BpfCollection open() {
        return BpfCollection.open(Fixtures.bpfel("struct_ops"));
    }

    static Set<String> available() {
        try {
            return Set.of(Files.readString(AVAILABLE).trim().split("\\s+"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void loadsMapsOfTheKernelTypeAndOnlyTheProgramsTheyUse() {
        try (BpfCollection c = open()) {
            c.load();
            Btf vmlinux = Btf.parse("vmlinux", readVmlinux());
            int wrapper = vmlinux.findByNameKind("bpf_struct_ops_tcp_congestion_ops", BtfKind.STRUCT);
            int kern = vmlinux.findByNameKind("tcp_congestion_ops", BtfKind.STRUCT);
            MapInfo info = Bpf.mapInfo(Fd.of(c.map("sops_link").handle()), "test");
            assertEquals(io.bpfskel.uapi.MapType.STRUCT_OPS.number(), info.type());
            assertEquals(((BtfType.Struct) vmlinux.type(wrapper)).size(), info.valueSize());
            assertEquals(io.bpfskel.uapi.BpfFlags.BPF_F_LINK, info.mapFlags());
            assertFalse(c.map("sops_optional").isCreated(), "autocreate off: no map");
            assertFalse(c.program("sops_cong_avoid_opt").isLoaded(), "used only by a map that is not created");
            assertFalse(c.program("sops_cong_avoid_opt").autoload(), "autoload reports the decision, as libbpf's");
            assertTrue(c.program("sops_cong_avoid2").isLoaded());
            // attach_btf_id = the kernel struct, expected_attach_type = the kernel member index (cong_avoid is #1)
            ProgInfo p = Bpf.progInfo(Fd.of(c.program("sops_cong_avoid").ref().fd()), "test");
            assertEquals(kern, p.attachBtfId());
            BpfException notAlone = assertThrows(BpfException.class, () -> c.program("sops_init").attach());
            assertTrue(notAlone.getMessage().contains("struct_ops"), notAlone.getMessage());
            // the value: members copied by name into the kernel layout; program fds as 8-byte words
            byte[] value = CollectionTestAccess.registeredValue(c.structOps("sops_link"));
            BtfType.Struct w = (BtfType.Struct) vmlinux.type(wrapper);
            int dataOff = w.members().stream().filter(x -> x.type() == kern).findFirst().orElseThrow().bitOffset() / 8;
            BtfType.Struct k = (BtfType.Struct) vmlinux.type(kern);
            ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
            assertEquals("bsk_sops_link", cString(b, dataOff + offsetOf(k, "name")));
            assertEquals(c.program("sops_cong_avoid").fd(), b.getLong(dataOff + offsetOf(k, "cong_avoid")));
            assertEquals(c.program("sops_init").fd(), b.getLong(dataOff + offsetOf(k, "init")));
            assertEquals(0, b.getLong(dataOff + offsetOf(k, "cwnd_event")), "members the object leaves out stay zero");
            assertEquals(1, b.getInt(dataOff + offsetOf(k, "flags")), "data members copied by name");
            assertEquals(c.program("sops_cong_avoid2").fd(),
                    ByteBuffer.wrap(CollectionTestAccess.registeredValue(c.structOps("sops_link2"))).order(ByteOrder.nativeOrder())
                            .getLong(dataOff + offsetOf(k, "cong_avoid")));
        }
    }

    @Test
    void registersThroughALinkAndUnregistersOnClose() {
        try (BpfCollection c = open()) {
            c.structOps("sops_plain").setAutocreate(false);
            c.load();
            assertFalse(available().contains("bsk_sops_link"));
            StructOpsLink reg = c.structOps("sops_link").attach();
            assertTrue(available().contains("bsk_sops_link"), "registered: " + available());
            assertTrue(reg.isKernelLink());
            BpfLink.Info info = reg.info();
            assertEquals(AttachKind.STRUCT_OPS, info.kind());
            assertEquals(LinkType.STRUCT_OPS.number(), info.linkType());
            reg.close();
            assertFalse(available().contains("bsk_sops_link"), "unregistered: " + available());
        }
    }

    @Test
    void aPinnedLinkKeepsTheRegistrationUntilThePinGoes() throws Exception {
        Path pin = KernelTests.bpffs().resolve("bsk_sops_pin_" + ProcessHandle.current().pid());
        Files.deleteIfExists(pin);
        try (BpfCollection c = open()) {
            c.structOps("sops_plain").setAutocreate(false);
            c.load();
            StructOpsLink reg = c.structOps("sops_link").attach();
            reg.pin(pin);
            reg.close();
            assertTrue(available().contains("bsk_sops_link"), "the pin holds the link");
            Files.delete(pin);
            for (int i = 0; i < 50 && available().contains("bsk_sops_link"); i++) {
                Thread.sleep(20); // the kernel frees an unpinned link from a work queue
            }
            assertFalse(available().contains("bsk_sops_link"), "gone with the pin");
            BpfException plain = assertThrows(BpfException.class, () -> {
                try (BpfCollection d = open()) {
                    d.structOps("sops_link").setAutocreate(false);
                    d.structOps("sops_link2").setAutocreate(false);
                    d.load();
                    try (StructOpsLink p = d.structOps("sops_plain").attach()) {
                        p.pin(pin);
                    }
                }
            });
            assertTrue(plain.getMessage().contains("cannot be pinned"), plain.getMessage());
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    @Test
    void plainMapRegistersThroughTheMapUpdateAndCollectionAttachRegistersEveryMap() {
        try (BpfCollection c = open()) {
            c.structOps("sops_link2").setAutocreate(false);
            c.load();
            List<BpfLink> made = c.attach();
            assertEquals(2, made.size(), "sops_link and sops_plain: " + made);
            assertTrue(available().containsAll(Set.of("bsk_sops_link", "bsk_sops_plain")), available().toString());
            BpfLink plain = made.stream().filter(l -> l.program().equals("sops_plain")).findFirst().orElseThrow();
            assertFalse(plain.isKernelLink());
            assertTrue(c.attach().isEmpty(), "a second attach() keeps the registrations");
            c.detach();
            assertFalse(available().contains("bsk_sops_link"));
            assertFalse(available().contains("bsk_sops_plain"));
            // the kernel sets a struct_ops value once: a plain map cannot register again, a link map can
            BpfException e = assertThrows(BpfException.class, () -> c.structOps("sops_plain").attach());
            assertTrue(e.getMessage().contains("EBUSY") && e.getMessage().contains("fresh load"), e.getMessage());
            c.structOps("sops_plain").setAutoattach(false);
            assertEquals(1, c.attach().size());
            assertTrue(available().contains("bsk_sops_link"), "a link map registers again");
        }
        assertFalse(available().contains("bsk_sops_link"), "close() unregisters");
    }

    @Test
    void connectionsUseTheRegisteredAlgorithmAndLinkUpdateSwapsItWithoutAGap() throws Exception {
        try (BpfCollection c = open()) {
            c.structOps("sops_plain").setAutocreate(false);
            c.load();
            MemoryView bss = c.dataSection(".bss");
            try (StructOpsLink reg = c.structOps("sops_link").attach();
                    NetNs ns = NetNs.create("bsk-sops-" + ProcessHandle.current().pid())) {
                ns.ip("link", "set", "lo", "up");
                ns.run(() -> {
                    Files.writeString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control"), "bsk_sops_link");
                    return null;
                });
                transfer(ns, 4 << 20);
                assertTrue(bss.getLong(0) > 0, "init ran");
                assertTrue(bss.getLong(16) > 0, "cong_avoid ran");
                assertEquals(0, bss.getLong(24), "cong_avoid2 not yet");

                int before = reg.info().linkId();
                c.structOps("sops_link2").replace(reg);
                assertEquals("sops_link2", reg.map());
                assertEquals(before, reg.info().linkId(), "the same link");
                assertTrue(available().contains("bsk_sops_link"));
                try (Fd l = Bpf.linkGetFdById(before)) {
                    int mapId = Bpf.mapInfo(Fd.of(c.map("sops_link2").handle()), "test").id();
                    assertTrue(Files.readString(Path.of("/proc/self/fdinfo/" + l.raw())).contains("map_id:\t" + mapId),
                            "the link now holds sops_link2");
                }
                // the namespace's default still points at the implementation it selected; selecting the name again
                // (as a new setsockopt(TCP_CONGESTION) would) finds the swapped-in one
                ns.run(() -> {
                    Files.writeString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control"), "bsk_sops_link");
                    return null;
                });
                transfer(ns, 4 << 20);
                assertTrue(bss.getLong(24) > 0, "cong_avoid2 runs after the swap");
                ns.run(() -> {
                    Files.writeString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control"), "reno");
                    return null;
                });
            }
            assertFalse(available().contains("bsk_sops_link"));
        }
    }

    @Test
    void kernelRefusalsNameTheMapTheMembersAndThePrograms() {
        try (BpfCollection a = open(); BpfCollection b = open()) {
            a.load();
            b.load();
            try (StructOpsLink first = a.structOps("sops_link").attach()) {
                BpfException e = assertThrows(BpfException.class, () -> b.structOps("sops_link").attach());
                String m = e.getMessage();
                assertTrue(m.contains("struct_ops map 'sops_link'") && m.contains("tcp_congestion_ops") && m.contains("EEXIST")
                        && m.contains("cong_avoid → program 'sops_cong_avoid'") && m.contains("already registered"), m);
                // swapping to a plain map is refused before the kernel is asked
                BpfException e2 = assertThrows(BpfException.class, () -> a.structOps("sops_plain").replace(first));
                assertTrue(e2.getMessage().contains("sops_plain"), e2.getMessage());
            }
        }
    }

    @Test
    void aRegistrationTheKernelRefusesNamesTheMap() {
        Path obj = compile("sops_noops", """
                struct tcp_congestion_ops { char name[16]; };
                SEC(".struct_ops") struct tcp_congestion_ops sops_noops = { .name = "bsk_sops_noops" };
                """);
        try (BpfCollection c = BpfCollection.open(obj)) {
            c.load();
            BpfException e = assertThrows(BpfException.class, () -> c.structOps("sops_noops").attach());
            assertTrue(e.getMessage().contains("sops_noops") && e.getMessage().contains("EINVAL")
                    && e.getMessage().contains("ssthresh"), e.getMessage());
        }
    }

    @Test
    void aVerifierRefusalNamesTheProgramItsMemberAndItsMap() {
        Path obj = compile("sops_bad_prog", """
                struct sock;
                struct tcp_congestion_ops { void (*init)(struct sock *sk); char name[16]; };
                SEC("struct_ops/sops_bad_init") void sops_bad_init(unsigned long long *ctx) { ctx[5] = ctx[4]; }
                SEC(".struct_ops") struct tcp_congestion_ops sops_bad = { .init = (void *)sops_bad_init, .name = "bsk_sops_bad" };
                """);
        try (BpfCollection c = BpfCollection.open(obj)) {
            io.bpfskel.error.BpfVerifierException e = assertThrows(io.bpfskel.error.BpfVerifierException.class, c::load);
            assertEquals("sops_bad_init", e.program());
            assertTrue(e.getMessage().contains("program 'sops_bad_init' (member 'init' of struct_ops map 'sops_bad', struct"
                    + " tcp_congestion_ops) was rejected by the kernel"), e.getMessage());
        }
    }

    @Test
    void repointedMemberLoadsTheNewProgramAndDropsTheOld() {
        try (BpfCollection c = open()) {
            c.structOps("sops_link").setProgram("cong_avoid", c.program("sops_cong_avoid_opt"));
            c.structOps("sops_plain").setProgram("cong_avoid", c.program("sops_cong_avoid_opt"));
            c.structOps("sops_link").value().put(c.structOps("sops_link").member("name").offset() + 4, (byte) 'X');
            c.load();
            assertTrue(c.program("sops_cong_avoid_opt").isLoaded());
            assertFalse(c.program("sops_cong_avoid").isLoaded(), "no created map points at it any more");
            try (StructOpsLink reg = c.structOps("sops_link").attach()) {
                assertTrue(available().contains("bsk_Xops_link"), available().toString());
            }
            assertThrows(IllegalStateException.class, () -> c.structOps("sops_link").setProgram("cong_avoid", null));
        }
    }

    @Test
    void setMembersTheKernelLacksAreRefusedWithTheirNames() {
        try (BpfCollection c = BpfCollection.open(Fixtures.bpfel("struct_ops_unknown_member"))) {
            BpfLoadException e = assertThrows(BpfLoadException.class, c::load);
            assertTrue(e.getMessage().contains("'um_cc'") && e.getMessage().contains("'future_op'")
                    && e.getMessage().contains("um_future"), e.getMessage());
        }
        try (BpfCollection c = BpfCollection.open(Fixtures.bpfel("struct_ops_unknown_member"))) {
            c.structOps("um_cc").setProgram("future_op", null);
            c.load();
            assertFalse(c.program("um_future").isLoaded());
        }
    }

    @Test
    void unknownKernelTypeAndUnreferencedProgramsFailClearly() {
        Path obj = compile("sops_unknown", """
                struct bsk_no_such_ops___v1 { int x; };
                SEC(".struct_ops") struct bsk_no_such_ops___v1 sops_unknown = { .x = 1 };
                """);
        try (BpfCollection c = BpfCollection.open(obj)) {
            BpfLoadException e = assertThrows(BpfLoadException.class, c::load);
            assertTrue(e.getMessage().contains("sops_unknown") && e.getMessage().contains("bpf_struct_ops_bsk_no_such_ops")
                    && e.getMessage().contains("essential name"), e.getMessage());
        }
        try (BpfCollection c = open()) {
            c.structOps("sops_link").setAutocreate(false);
            c.structOps("sops_link2").setAutocreate(false);
            c.structOps("sops_plain").setAutocreate(false);
            c.program("sops_set_state").setAutoload(true);
            c.load();
            assertFalse(c.program("sops_set_state").isLoaded(), "autoload follows the maps that use it");
        }
    }

    private Path compile(String name, String source) {
        Path c = dir.resolve(name + ".bpf.c");
        Path o = dir.resolve(name + ".bpf.o");
        try {
            Files.writeString(c, "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n" + source
                    + "\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Tools.run(60, Tools.executable("clang"), "-O2", "-g", "-target", "bpfel", "-I/usr/include/x86_64-linux-gnu",
                "-c", c, "-o", o);
        return o;
    }

    /** Sends {@code bytes} over a TCP connection on the namespace's loopback and waits until all arrived. */
    static void transfer(NetNs ns, int bytes) {
        ns.run(() -> {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        long n = 0;
                        byte[] buf = new byte[64 << 10];
                        for (int r; (r = in.read(buf)) > 0; ) {
                            n += r;
                        }
                        return n;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                // The accepting thread is not in the namespace, but the listening socket is: accept() works on it.
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                        OutputStream out = s.getOutputStream()) {
                    byte[] chunk = new byte[64 << 10];
                    for (int sent = 0; sent < bytes; sent += chunk.length) {
                        out.write(chunk);
                    }
                }
                assertEquals(bytes, received.get());
            }
            return null;
        });
    }

    private static int offsetOf(BtfType.Struct s, String member) {
        return s.members().stream().filter(m -> m.name().equals(member)).findFirst().orElseThrow().bitOffset() / 8;
    }

    private static String cString(ByteBuffer b, int off) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; b.get(i) != 0; i++) {
            sb.append((char) b.get(i));
        }
        return sb.toString();
    }

    private static byte[] readVmlinux() {
        try {
            return Files.readAllBytes(Path.of("/sys/kernel/btf/vmlinux"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
