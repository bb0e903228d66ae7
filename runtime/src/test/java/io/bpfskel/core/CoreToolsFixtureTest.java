package io.bpfskel.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.object.BpfObject;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.LibbpfCoreLog;
import io.bpfskel.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The CO-RE tool fixtures (core_execsnoop, core_opensnoop, core_runqlat, core_tcpconnect) relocated against this
 * machine's vmlinux BTF: every relocation compared with libbpf's ({@code bpftool -d prog loadall}), the big-endian
 * builds against the little-endian ones, and a few results against member offsets read from the kernel BTF directly.
 */
class CoreToolsFixtureTest {
    private static Btf vmlinux;

    @BeforeAll
    static void kernelBtf() throws IOException {
        vmlinux = Btf.parse("vmlinux", Files.readAllBytes(Tools.vmlinuxBtf()));
    }

    /** How many relocations libbpf reports per fixture on this kernel (all of them are compared). */
    private static final Map<String, Integer> RELOCATIONS = Map.of(
            "core_execsnoop", 33, "core_opensnoop", 14, "core_runqlat", 18, "core_tcpconnect", 37);

    @ParameterizedTest
    @ValueSource(strings = {"core_execsnoop", "core_opensnoop", "core_runqlat", "core_tcpconnect"})
    void everyRelocationAgreesWithLibbpf(String fixture) {
        LibbpfCoreLog libbpf = LibbpfCoreLog.loadall(Fixtures.bpfel(fixture));
        BpfObject obj = BpfObject.open(Fixtures.bpfel(fixture));
        CoreRelocator engine = new CoreRelocator(obj.btf(), List.of(vmlinux));
        List<String> mismatches = libbpf.mismatches(LibbpfCoreLog.relocateAll(obj, engine));
        assertTrue(mismatches.isEmpty(), fixture + ":\n" + String.join("\n", mismatches));
        assertEquals(RELOCATIONS.get(fixture), libbpf.count(), fixture + ": relocations compared");
        for (Map.Entry<Integer, Set<Integer>> c : libbpf.candidates().entrySet()) {
            Set<Integer> mine = new HashSet<>();
            engine.candidates(c.getKey()).forEach(x -> mine.add(x.id()));
            assertEquals(c.getValue(), mine, fixture + ": candidates of local type [" + c.getKey() + "]");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"core_execsnoop", "core_opensnoop", "core_runqlat", "core_tcpconnect"})
    void bigEndianBuildsRelocateToTheSameValues(String fixture) {
        Map<String, Long> le = values(BpfObject.open(Fixtures.bpfel(fixture)));
        Map<String, Long> be = values(BpfObject.open(Fixtures.bpfeb(fixture)));
        int compared = 0;
        for (Map.Entry<String, Long> e : be.entrySet()) {
            if (le.containsKey(e.getKey())) {
                assertEquals(le.get(e.getKey()), e.getValue(), fixture + " " + e.getKey());
                compared++;
            }
        }
        assertTrue(compared >= 10, fixture + ": " + compared + " relocations compared");
    }

    /** Results by function + relocation in C terms; bitfield shifts differ by byte order and are left out. */
    private static Map<String, Long> values(BpfObject obj) {
        Map<String, Long> out = new HashMap<>();
        LibbpfCoreLog.Ours ours = LibbpfCoreLog.relocateAll(obj, new CoreRelocator(obj.btf(), List.of(vmlinux)));
        ours.results().forEach((fn, r) -> {
            for (CoreRelocationReport rep : r.reports()) {
                if (rep.kind() != CoreReloKind.FIELD_LSHIFT_U64) {
                    out.put(fn + " " + rep.localSpec(), rep.poisoned() ? Long.MIN_VALUE : rep.newValue());
                }
            }
        });
        return out;
    }

    @Test
    void socketFieldsLandOnTheKernelsOffsets() {
        BpfObject obj = BpfObject.open(Fixtures.bpfel("core_tcpconnect"));
        CoreResult raw = LibbpfCoreLog.relocateAll(obj, new CoreRelocator(obj.btf(), List.of(vmlinux))).results()
                .get("tcpstate_raw");
        int sock = vmlinux.findByNameKind("sock", BtfKind.STRUCT);
        int common = vmlinux.findByNameKind("sock_common", BtfKind.STRUCT);
        int inet = vmlinux.findByNameKind("inet_sock", BtfKind.STRUCT);
        long skCommon = bitOffset(sock, "__sk_common") / 8;
        // fields inside anonymous unions/structs of the kernel's sock_common, flat in the fixture
        for (String f : List.of("skc_family", "skc_num", "skc_dport", "skc_rcv_saddr", "skc_daddr", "skc_state")) {
            assertEquals(skCommon + bitOffset(common, f) / 8, byteOffset(raw, "struct sock.__sk_common." + f + " "), f);
        }
        assertEquals(bitOffset(inet, "inet_sport") / 8, byteOffset(raw, "struct inet_sock.inet_sport "));
        // sk_protocol: a u16 here, so the plain read is taken and the bitfield read of sock___old still relocates
        CoreRelocationReport size = find(raw, CoreReloKind.FIELD_BYTE_SIZE, "struct sock.sk_protocol");
        assertEquals(2, size.newValue());
        long protoBits = bitOffset(sock, "sk_protocol");
        assertEquals(protoBits / 8, byteOffset(raw, "struct sock.sk_protocol "));
        assertEquals(protoBits / 8, find(raw, CoreReloKind.FIELD_BYTE_OFFSET, "struct sock___old.sk_protocol").newValue());
        assertEquals(2, find(raw, CoreReloKind.FIELD_BYTE_SIZE, "struct sock___old.sk_protocol").newValue());
        assertEquals(48, find(raw, CoreReloKind.FIELD_RSHIFT_U64, "struct sock___old.sk_protocol").newValue());

        CoreResult tp = LibbpfCoreLog.relocateAll(obj, new CoreRelocator(obj.btf(), List.of(vmlinux))).results()
                .get("tcpstate_tp");
        int ctx = vmlinux.findByNameKind("trace_event_raw_inet_sock_set_state", BtfKind.STRUCT);
        for (String f : List.of("skaddr", "oldstate", "newstate", "sport", "dport", "family", "protocol")) {
            assertEquals(bitOffset(ctx, f) / 8, byteOffset(tp, "struct trace_event_raw_inet_sock_set_state." + f + " "), f);
        }
    }

    private static CoreRelocationReport find(CoreResult r, CoreReloKind kind, String localSpecPart) {
        for (CoreRelocationReport rep : r.reports()) {
            if (rep.kind() == kind && rep.localSpec().contains(localSpecPart)) {
                return rep;
            }
        }
        throw new AssertionError("no " + kind + " relocation of " + localSpecPart + " in " + r.reports());
    }

    private static long byteOffset(CoreResult r, String localSpecPart) {
        return find(r, CoreReloKind.FIELD_BYTE_OFFSET, localSpecPart).newValue();
    }

    /** Bit offset of a named member, looked for through anonymous members as C does; fails when absent. */
    private static long bitOffset(int compositeId, String name) {
        long off = memberBitOffset(compositeId, name);
        assertTrue(off >= 0, "kernel " + vmlinux.name(compositeId) + " has no " + name);
        return off;
    }

    private static long memberBitOffset(int compositeId, String name) {
        BtfType t = vmlinux.type(vmlinux.skipModsAndTypedefs(compositeId));
        if (!(t instanceof BtfType.Composite c)) {
            return -1;
        }
        for (BtfType.Member m : c.members()) {
            if (m.name().equals(name)) {
                return m.bitOffset();
            }
            if (m.name().isEmpty()) {
                long inner = memberBitOffset(m.type(), name);
                if (inner >= 0) {
                    return m.bitOffset() + inner;
                }
            }
        }
        return -1;
    }
}
