package io.bpfskel.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.BtfBuilder;
import io.bpfskel.btf.BtfType.Member;
import io.bpfskel.btf.BtfType.Param;
import io.bpfskel.btf.BtfType;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.load.ExternResolverTest.FakeKernel;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.StructOpsSpec;
import io.bpfskel.sys.Fd;
import io.bpfskel.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * StructOpsStep against synthetic kernels (no bpf(2)): the kernel struct laid out differently from the object's, in
 * vmlinux or in a module, and kernel structs that differ in kind or size (libbpf's bpf_map__init_kern_struct_ops).
 */
class StructOpsStepTest {
    /** Kernel layout: ssthresh 0, cong_avoid 8, set_state 16, undo_cwnd 24, name 32..48, flags 48, init 56; size 64. */
    private static final int DATA_OFF = 16;

    /** tcp_congestion_ops and its bpf_struct_ops_ wrapper into {@code b}; {@code nameLen}/{@code flagsPtr} vary it. */
    private static void tcpCongestionOps(BtfBuilder b, int nameLen, boolean flagsPtr) {
        int u32 = b.addInt("unsigned int", 4, 0);
        int u8 = b.addInt("unsigned char", 1, 0);
        int chr = b.addInt("char", 1, BtfType.Int.SIGNED);
        int sock = b.addStruct("sock", 8, List.of());
        int sockPtr = b.addPtr(sock);
        int ssthresh = b.addPtr(b.addFuncProto(u32, List.of(new Param("", sockPtr))));
        int congAvoid = b.addPtr(b.addFuncProto(0, List.of(new Param("", sockPtr), new Param("", u32), new Param("", u32))));
        int setState = b.addPtr(b.addFuncProto(0, List.of(new Param("", sockPtr), new Param("", u8))));
        int init = b.addPtr(b.addFuncProto(0, List.of(new Param("", sockPtr))));
        int name = b.addArray(chr, u32, nameLen);
        int ops = b.addStruct("tcp_congestion_ops", 64, List.of(new Member("ssthresh", ssthresh, 0, 0),
                new Member("cong_avoid", congAvoid, 64, 0), new Member("set_state", setState, 128, 0),
                new Member("undo_cwnd", ssthresh, 192, 0), new Member("name", name, 256, 0),
                new Member("flags", flagsPtr ? b.addPtr(u32) : u32, 384, 0), new Member("init", init, 448, 0)));
        int common = b.addStruct("bpf_struct_ops_common_value", DATA_OFF, List.of(new Member("refcnt", u32, 0, 0)));
        b.addStruct("bpf_struct_ops_tcp_congestion_ops", DATA_OFF + 64, List.of(new Member("common", common, 0, 0),
                new Member("data", ops, DATA_OFF * 8, 0)));
    }

    private static FakeKernel vmlinuxWith(int nameLen, boolean flagsPtr) {
        BtfBuilder b = new BtfBuilder();
        tcpCongestionOps(b, nameLen, flagsPtr);
        FakeKernel k = new FakeKernel();
        k.vmlinux = b.build("fake vmlinux");
        return k;
    }

    private static BpfObject fixture() {
        return BpfObject.open(Fixtures.bpfel("struct_ops"));
    }

    private static Set<String> autoload(BpfObject o) {
        Set<String> s = new LinkedHashSet<>();
        o.programs().stream().filter(ProgramSpec::autoload).forEach(p -> s.add(p.name()));
        return s;
    }

    @Test
    void membersAreCopiedByNameIntoTheKernelLayout() {
        BpfObject o = fixture();
        Set<String> autoload = autoload(o);
        FakeKernel k = vmlinuxWith(16, false);
        StructOpsStep step = StructOpsStep.prepare(o, o.structOps(), k, autoload);
        assertTrue(step.creates("sops_link") && step.creates("sops_plain"));
        assertFalse(step.creates("sops_optional"));
        assertFalse(autoload.contains("sops_cong_avoid_opt"), "only the map that is not created uses it");
        int kern = k.vmlinux.findByNameKind("tcp_congestion_ops", io.bpfskel.btf.BtfKind.STRUCT);
        StructOpsStep.ProgTarget t = step.target("sops_cong_avoid");
        assertEquals(kern, t.attachBtfId());
        assertEquals(1, t.memberIndex(), "the index in the kernel's struct, not the object's (4)");
        assertEquals(-1, t.moduleFd());
        assertEquals(6, step.target("sops_init").memberIndex());
        assertEquals(2, step.target("sops_set_state").memberIndex());

        Map<String, Fd> fds = new LinkedHashMap<>();
        int n = 1000;
        for (String p : autoload) {
            fds.put(p, Fd.adopt(n++));
        }
        Map<String, StructOpsValue> regs = step.registrations(step.values(fds));
        ByteBuffer v = ByteBuffer.wrap(regs.get("sops_link").value()).order(ByteOrder.nativeOrder());
        assertEquals(DATA_OFF + 64, v.capacity());
        assertEquals(fds.get("sops_ssthresh").raw(), v.getLong(DATA_OFF));
        assertEquals(fds.get("sops_cong_avoid").raw(), v.getLong(DATA_OFF + 8));
        assertEquals(fds.get("sops_init").raw(), v.getLong(DATA_OFF + 56));
        assertEquals("bsk_sops_link", new String(regs.get("sops_link").value(), DATA_OFF + 32, 13, StandardCharsets.US_ASCII));
        assertEquals(1, v.getInt(DATA_OFF + 48), "flags");
        for (int i = 0; i < DATA_OFF; i++) {
            assertEquals(0, v.get(i), "common stays zero");
        }
        assertTrue(regs.get("sops_link").describeMembers().contains("cong_avoid → program 'sops_cong_avoid'"));
        assertTrue(regs.get("sops_link").link());
        assertFalse(regs.get("sops_plain").link());
        assertEquals("tcp_congestion_ops", regs.get("sops_plain").kernType(), "found by the essential name of ___v2");
    }

    @Test
    void aWrapperInAModuleBindsTheModuleBtf() {
        FakeKernel k = new FakeKernel();
        BtfBuilder base = new BtfBuilder();
        base.addInt("int", 4, BtfType.Int.SIGNED);
        k.vmlinux = base.build("fake vmlinux");
        BtfBuilder mod = new BtfBuilder(k.vmlinux);
        tcpCongestionOps(mod, 16, false);
        k.modules = List.of(new ModuleBtf("bpfskel_cc", mod.build("fake module"), 55));
        BpfObject o = fixture();
        StructOpsStep step = StructOpsStep.prepare(o, o.structOps(), k, autoload(o));
        StructOpsStep.ProgTarget t = step.target("sops_cong_avoid");
        assertEquals(55, t.moduleFd());
        assertEquals(k.modules.get(0).btf().findOwnByNameKind("tcp_congestion_ops", io.bpfskel.btf.BtfKind.STRUCT),
                t.attachBtfId(), "the module's split BTF id");
    }

    @Test
    void kernelsWithoutTheTypeOrWithOtherKindsOrSizesAreRefused() {
        BpfObject o = fixture();
        FakeKernel none = new FakeKernel();
        BtfBuilder b = new BtfBuilder();
        b.addInt("int", 4, BtfType.Int.SIGNED);
        none.vmlinux = b.build("fake vmlinux");
        BpfLoadException e = assertThrows(BpfLoadException.class, () -> StructOpsStep.prepare(o, o.structOps(), none, autoload(o)));
        assertTrue(e.getMessage().contains("'sops_link'") && e.getMessage().contains("bpf_struct_ops_tcp_congestion_ops"),
                e.getMessage());

        e = assertThrows(BpfLoadException.class, () -> StructOpsStep.prepare(o, o.structOps(), vmlinuxWith(8, false), autoload(o)));
        assertTrue(e.getMessage().contains("member 'name'") && e.getMessage().contains("size 16 here but 8"), e.getMessage());

        e = assertThrows(BpfLoadException.class, () -> StructOpsStep.prepare(o, o.structOps(), vmlinuxWith(16, true), autoload(o)));
        assertTrue(e.getMessage().contains("member 'flags'") && e.getMessage().contains("kind INT here but PTR"), e.getMessage());
    }

    @Test
    void oneProgramForTwoKernelMembersIsRefused() {
        BpfObject o = fixture();
        StructOpsSpec link = o.structOps("sops_link").orElseThrow().withProgram("init", "sops_cong_avoid");
        List<StructOpsSpec> specs = o.structOps().stream().map(s -> s.name().equals("sops_link") ? link : s).toList();
        BpfLoadException e = assertThrows(BpfLoadException.class,
                () -> StructOpsStep.prepare(o, specs, vmlinuxWith(16, false), autoload(o)));
        assertTrue(e.getMessage().contains("invalid reuse") && e.getMessage().contains("sops_cong_avoid"), e.getMessage());
    }

    @Test
    void zeroedMembersTheKernelLacksAreSkippedAndTheirProgramsNotLoaded() {
        BpfObject o = fixture();
        // sops_plain's struct has not_in_this_kernel, zero: skipped. Point it at a program and it is refused.
        StructOpsSpec plain = o.structOps("sops_plain").orElseThrow().withProgram("not_in_this_kernel", "sops_init");
        List<StructOpsSpec> specs = o.structOps().stream().map(s -> s.name().equals("sops_plain") ? plain : s).toList();
        BpfLoadException e = assertThrows(BpfLoadException.class,
                () -> StructOpsStep.prepare(o, specs, vmlinuxWith(16, false), autoload(o)));
        assertTrue(e.getMessage().contains("'sops_plain'") && e.getMessage().contains("'not_in_this_kernel'")
                && e.getMessage().contains("sops_init"), e.getMessage());
        assertNull(o.structOps("sops_plain").orElseThrow().member("not_in_this_kernel").orElseThrow().program());
    }
}
