package io.bpfskel.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.LibbpfCoreLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real compiled CO-RE code ({@code src/test/bpf/core_engine.bpf.c}) relocated against this machine's
 * {@code /sys/kernel/btf/vmlinux}, checked against the kernel BTF directly and against libbpf: {@code bpftool -d prog
 * loadall} prints libbpf's CO-RE debug lines, which are parsed and compared relocation by relocation.
 */
class CoreEngineFixtureTest {
    private static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static final boolean REQUIRE_KERNEL = Boolean.getBoolean("bpfskel.requireKernel");

    private static Btf vmlinux;

    @BeforeAll
    static void kernelBtf() throws IOException {
        if (!Files.isReadable(VMLINUX)) {
            if (REQUIRE_KERNEL) {
                fail(VMLINUX + " is not readable: the kernel has no BTF (CONFIG_DEBUG_INFO_BTF)");
            }
            Assumptions.abort(VMLINUX + " is not readable");
        }
        vmlinux = Btf.parse("vmlinux", Files.readAllBytes(VMLINUX));
    }

    private static Map<String, CoreResult> relocateAll(BpfObject obj, CoreRelocator engine) {
        Map<String, CoreResult> out = new LinkedHashMap<>();
        for (ProgramSpec p : obj.programs()) {
            out.put(p.name(), engine.relocate(p.name(), p.insns(), p.byteOrder(), CoreRelocation.forProgram(obj, p)));
        }
        return out;
    }

    private static CoreRelocationReport find(CoreResult r, CoreReloKind kind, String localSpecPart) {
        for (CoreRelocationReport rep : r.reports()) {
            if (rep.kind() == kind && rep.localSpec().contains(localSpecPart)) {
                return rep;
            }
        }
        throw new AssertionError("no " + kind + " relocation of " + localSpecPart + " in " + r.reports());
    }

    /** Bit offset of a named member, looked for through anonymous members as C does; -1 when absent. */
    private static long memberBitOffset(Btf btf, int compositeId, String name) {
        BtfType t = btf.type(btf.skipModsAndTypedefs(compositeId));
        if (!(t instanceof BtfType.Composite c)) {
            return -1;
        }
        for (BtfType.Member m : c.members()) {
            if (m.name().equals(name)) {
                return m.bitOffset();
            }
            if (m.name().isEmpty()) {
                long inner = memberBitOffset(btf, m.type(), name);
                if (inner >= 0) {
                    return m.bitOffset() + inner;
                }
            }
        }
        return -1;
    }

    private static ByteBuffer insns(CoreResult r) {
        return ByteBuffer.wrap(r.insns()).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void resultsAgreeWithTheKernelBtf() {
        BpfObject obj = BpfObject.open(Fixtures.bpfel("core_engine"));
        CoreRelocator engine = new CoreRelocator(obj.btf(), List.of(vmlinux));
        Map<String, CoreResult> results = relocateAll(obj, engine);
        CoreResult direct = results.get("core_direct");
        CoreResult probed = results.get("core_probed");
        assertNotNull(direct);
        assertNotNull(probed);

        int task = vmlinux.findByNameKind("task_struct", BtfKind.STRUCT);
        assertTrue(task > 0);
        long pidOff = memberBitOffset(vmlinux, task, "pid") / 8;
        long tgidOff = memberBitOffset(vmlinux, task, "tgid") / 8;
        assertTrue(pidOff > 0);

        // t->pid, a direct load: LDX offset
        CoreRelocationReport pid = find(direct, CoreReloKind.FIELD_BYTE_OFFSET, "struct task_struct.pid ");
        assertEquals(pidOff, pid.newValue());
        assertEquals(pidOff, insns(direct).getShort(pid.insnIndex() * 8 + 2));
        assertEquals(task, pid.targetTypeId());
        assertEquals("<byte_off> [" + task + "] struct task_struct.pid (0:"
                + memberIndex(task, "pid") + " @ offset " + pidOff + ")", pid.targetSpec());
        // BPF_CORE_READ(t, pid): ALU imm
        CoreRelocationReport pidProbed = find(probed, CoreReloKind.FIELD_BYTE_OFFSET, "struct task_struct.pid ");
        assertEquals(pidOff, insns(probed).getInt(pidProbed.insnIndex() * 8 + 4));
        // a flavor of task_struct
        assertEquals(tgidOff, find(probed, CoreReloKind.FIELD_BYTE_OFFSET, "struct task_struct___flav.tgid").newValue());
        // unsigned long locally, unsigned int in the kernel: the load shrinks
        CoreRelocationReport flags = find(direct, CoreReloKind.FIELD_BYTE_OFFSET, "struct task_struct.flags");
        assertEquals(vmlinux.resolveSize(vmlinux.type(vmlinux.skipModsAndTypedefs(memberType(task, "flags")))
                .id()), flags.newMemSize());
        assertEquals(0x61, insns(direct).get(flags.insnIndex() * 8) & 0xff, "LDX W");

        // types
        assertEquals(vmlinux.resolveSize(task), find(probed, CoreReloKind.TYPE_SIZE, "struct task_struct").newValue());
        CoreRelocationReport tid = find(probed, CoreReloKind.TYPE_ID_TARGET, "struct task_struct");
        assertEquals(task, insns(probed).getInt(tid.insnIndex() * 8 + 4));
        assertEquals(0, find(probed, CoreReloKind.TYPE_EXISTS, "bpfskel_no_such_type").newValue());

        // enum pid_type
        BtfType.AnyEnum pidType = (BtfType.AnyEnum) vmlinux.type(vmlinux.findByNameKind("pid_type", BtfKind.ENUM));
        long sid = pidType.values().stream().filter(v -> v.name().equals("PIDTYPE_SID")).findFirst().orElseThrow()
                .value();
        assertEquals(sid, find(probed, CoreReloKind.ENUMVAL_VALUE, "PIDTYPE_SID").newValue());

        // the field no kernel has: exists -> 0, the guarded read poisoned (so the program still loads)
        CoreRelocationReport nx = find(probed, CoreReloKind.FIELD_EXISTS, "no_such_field");
        assertEquals(0, nx.newValue());
        CoreRelocationReport read = find(probed, CoreReloKind.FIELD_BYTE_OFFSET, "no_such_field");
        assertTrue(read.poisoned());
        assertEquals(CoreRelocator.POISON_IMM, insns(probed).getInt(read.insnIndex() * 8 + 4));
        assertEquals(0x85, insns(probed).get(read.insnIndex() * 8) & 0xff);
        assertEquals(1, probed.poisoned().size());
    }

    private static int memberIndex(int composite, String name) {
        List<BtfType.Member> ms = ((BtfType.Composite) vmlinux.type(composite)).members();
        for (int i = 0; i < ms.size(); i++) {
            if (ms.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static int memberType(int composite, String name) {
        return ((BtfType.Composite) vmlinux.type(composite)).members().get(memberIndex(composite, name)).type();
    }

    @Test
    void bigEndianObjectRelocatesTheSameOffsets() {
        // the bpfeb build of the same source: byte-order handling of the instructions and .BTF.ext (values are
        // the little-endian kernel's, lshift uses the big-endian formula)
        BpfObject le = BpfObject.open(Fixtures.bpfel("core_engine"));
        BpfObject be = BpfObject.open(Fixtures.bpfeb("core_engine"));
        Map<String, CoreResult> rl = relocateAll(le, new CoreRelocator(le.btf(), List.of(vmlinux)));
        Map<String, CoreResult> rb = relocateAll(be, new CoreRelocator(be.btf(), List.of(vmlinux)));
        for (String prog : rl.keySet()) {
            // clang may emit a different number of relocations for big-endian code (bitfield reads): compare by
            // relocation (kind + access in C terms) instead of by position
            Map<String, Long> leValues = new HashMap<>();
            for (CoreRelocationReport r : rl.get(prog).reports()) {
                leValues.put(r.localSpec(), r.newValue());
            }
            int compared = 0;
            for (CoreRelocationReport r : rb.get(prog).reports()) {
                if (r.kind() != CoreReloKind.FIELD_LSHIFT_U64 && leValues.containsKey(r.localSpec())) {
                    assertEquals(leValues.get(r.localSpec()), r.newValue(), prog + " " + r.localSpec());
                    compared++;
                }
            }
            assertTrue(compared >= 4, prog + ": " + compared + " relocations compared");
            assertEquals(rl.get(prog).poisoned().size(), rb.get(prog).poisoned().size());
        }
    }

    // ---- libbpf

    @Test
    void patchesTheSameInstructionsWithTheSameValuesAsLibbpf() {
        Path objPath = Fixtures.bpfel("core_engine");
        LibbpfCoreLog libbpf = LibbpfCoreLog.loadall(objPath);

        BpfObject obj = BpfObject.open(objPath);
        CoreRelocator engine = new CoreRelocator(obj.btf(), List.of(vmlinux));
        List<String> mismatches = libbpf.mismatches(LibbpfCoreLog.relocateAll(obj, engine));
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        assertEquals(39, libbpf.count(), "every relocation of the fixture compared");
        // the candidates libbpf found per local type are the ones we found (none were pruned in this fixture)
        for (Map.Entry<Integer, Set<Integer>> c : libbpf.candidates().entrySet()) {
            Set<Integer> mine = new HashSet<>();
            engine.candidates(c.getKey()).forEach(x -> mine.add(x.id()));
            assertEquals(c.getValue(), mine, "candidates of local type " + c.getKey());
        }
    }

    @Test
    void verifierLogFixupMatchesLibbpf() {
        Path objPath = Fixtures.bpfel("core_engine_unguarded");
        List<String> lines = LibbpfCoreLog.bpftoolLoadall(objPath);
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("-- BEGIN PROG LOAD LOG --")) {
                begin = i + 1;
            } else if (lines.get(i).equals("-- END PROG LOAD LOG --")) {
                end = i;
            }
        }
        if (begin < 0 || end < begin) {
            String why = "bpftool printed no verifier log:\n" + String.join("\n", lines);
            if (REQUIRE_KERNEL) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        List<String> libbpfLog = lines.subList(begin, end);
        // undo libbpf's rewrite to get the kernel's log back
        List<String> raw = new ArrayList<>();
        Pattern fixed = Pattern.compile("^(\\d+): <invalid CO-RE relocation>$");
        for (int i = 0; i < libbpfLog.size(); i++) {
            Matcher m = fixed.matcher(libbpfLog.get(i));
            if (m.matches()) {
                raw.add(m.group(1) + ": (85) call unknown#" + CoreRelocator.POISON_IMM);
                raw.add("invalid func unknown#" + CoreRelocator.POISON_IMM);
                i++; // libbpf's "failed to resolve CO-RE relocation ..." line
            } else {
                raw.add(libbpfLog.get(i));
            }
        }
        assertFalse(raw.equals(libbpfLog), "libbpf rewrote a poisoned call in the log");

        BpfObject obj = BpfObject.open(objPath);
        ProgramSpec p = obj.program("core_unguarded").orElseThrow();
        CoreResult r = new CoreRelocator(obj.btf(), List.of(vmlinux)).relocate(p.name(), p.insns(), p.byteOrder(),
                CoreRelocation.forProgram(obj, p));
        String ours = r.fixupVerifierLog(String.join("\n", raw) + "\n");
        // ours = libbpf's text plus one line naming the program
        List<String> ourLines = new ArrayList<>(ours.lines().toList());
        int extra = -1;
        for (int i = 0; i < ourLines.size(); i++) {
            if (ourLines.get(i).startsWith("prog 'core_unguarded': relo #0 (access string \"0:1\"): ")) {
                extra = i;
            }
        }
        assertTrue(extra > 0, ours);
        ourLines.remove(extra);
        assertEquals(libbpfLog, ourLines);
    }
}
