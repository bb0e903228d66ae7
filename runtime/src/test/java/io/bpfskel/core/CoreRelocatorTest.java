package io.bpfskel.core;

import static io.bpfskel.core.TestBtf.bf;
import static io.bpfskel.core.TestBtf.m;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.Btf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CO-RE engine against synthetic local and target BTFs. Expected values follow libbpf's relo_core.c; each
 * scenario mirrors what clang emits for the corresponding bpf_core_read.h macro.
 */
class CoreRelocatorTest {
    private static final CoreReloKind OFF = CoreReloKind.FIELD_BYTE_OFFSET;
    private static final CoreReloKind SZ = CoreReloKind.FIELD_BYTE_SIZE;
    private static final CoreReloKind EXISTS = CoreReloKind.FIELD_EXISTS;
    private static final int POISON = CoreRelocator.POISON_IMM;

    private static CoreRelocation relo(int insn, int type, String access, CoreReloKind kind) {
        return new CoreRelocation(insn, type, access, kind);
    }

    private static CoreResult run(Btf local, List<Btf> targets, Insns insns, CoreRelocation... relos) {
        return new CoreRelocator(local, targets).relocate("prog", insns.bytes(), List.of(relos));
    }

    private static void assertPoisoned(byte[] insns, int idx) {
        assertEquals(Insns.CALL, Insns.code(insns, idx), "code of insn " + idx);
        assertEquals(POISON, Insns.imm(insns, idx));
        assertEquals(0, Insns.off(insns, idx));
        assertEquals(0, insns[idx * 8 + 1], "registers");
    }

    // ---- field moved

    @Test
    void fieldMovedPatchesAluImmAndLoadOffset() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int lts = l.struct("task_struct", 8, m("pid", lint, 0), m("tgid", lint, 32));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        int tlong = t.integer("long", 8, true);
        int tts = t.struct("task_struct", 16, m("x", tlong, 0), m("tgid", tint, 64), m("pid", tint, 96));

        Insns code = new Insns(3).add(1, 0).ldx(Insns.LDX_W, 0, 1, 4).exit();
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), code,
                relo(0, lts, "0:0", OFF), relo(1, lts, "0:1", OFF));

        byte[] out = r.insns();
        assertEquals(12, Insns.imm(out, 0));
        assertEquals(8, Insns.off(out, 1));
        assertEquals(Insns.LDX_W, Insns.code(out, 1));
        CoreRelocationReport pid = r.reports().get(0);
        assertEquals("<byte_off> [2] struct task_struct.pid (0:0 @ offset 0)", pid.localSpec());
        assertEquals("<byte_off> [3] struct task_struct.pid (0:2 @ offset 12)", pid.targetSpec());
        assertEquals(tts, pid.targetTypeId());
        assertEquals("vmlinux", pid.targetBtf());
        assertEquals("ALU/ALU64", pid.insnClass());
        assertEquals(0, pid.oldValue());
        assertEquals(12, pid.newValue());
        assertFalse(pid.poisoned());
        CoreRelocationReport tgid = r.reports().get(1);
        assertEquals("LDX/ST/STX", tgid.insnClass());
        assertEquals(4, tgid.oldValue());
        assertEquals(8, tgid.newValue());
        assertEquals(0, tgid.oldMemSize());
        assertTrue(tgid.describe().contains("patched insn #1 (LDX/ST/STX) off 4 -> 8"), tgid.describe());
    }

    @Test
    void typedefsAndModifiersAreSkipped() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int pidT = l.typedef("pid_t", lint);
        int lts = l.struct("task_struct", 8, m("a", lint, 0), m("pid", l.volatileOf(pidT), 32));
        int ctd = l.constOf(l.typedef("task_t", lts));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        int tpid = t.typedef("pid_t", t.constOf(tint));
        t.struct("task_struct", 24, m("pid", tpid, 128));
        // the relocation's root is the struct itself (clang never roots at a typedef for field relos, but libbpf
        // skips modifiers and typedefs below the root)
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), new Insns(1).add(1, 4),
                relo(0, lts, "0:1", OFF));
        assertEquals(16, Insns.imm(r.insns(), 0));
        assertTrue(ctd > 0);
    }

    // ---- flavors

    @Test
    void localFlavorMatchesTheKernelType() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int old = l.struct("task_struct___old", 4, m("pid", lint, 0));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        int tts = t.struct("task_struct", 8, m("tgid", tint, 0), m("pid", tint, 32));
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), new Insns(1).add(1, 0),
                relo(0, old, "0:0", OFF));
        assertEquals(4, Insns.imm(r.insns(), 0));
        CoreRelocationReport rep = r.reports().get(0);
        assertEquals("<byte_off> [2] struct task_struct___old.pid (0:0 @ offset 0)", rep.localSpec());
        assertEquals("<byte_off> [2] struct task_struct.pid (0:1 @ offset 4)", rep.targetSpec());
        assertEquals(tts, rep.targetTypeId());
    }

    @Test
    void fieldRenamedAcrossVersionsIsHandledWithTwoFlavors() {
        // kernel renamed task_struct.state to __state: the program declares both flavors and checks existence
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int oldT = l.struct("task_struct___old", 4, m("state", lint, 0));
        int newT = l.struct("task_struct___new", 4, m("__state", lint, 0));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        t.struct("task_struct", 32, m("flags", tint, 0), m("__state", tint, 192));
        Insns code = new Insns(4).mov(0, 1).add(1, 0).mov(2, 1).add(3, 0);
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), code,
                relo(0, oldT, "0:0", EXISTS), relo(1, oldT, "0:0", OFF),
                relo(2, newT, "0:0", EXISTS), relo(3, newT, "0:0", OFF));
        byte[] out = r.insns();
        assertEquals(0, Insns.imm(out, 0));
        assertPoisoned(out, 1);
        assertEquals(1, Insns.imm(out, 2));
        assertEquals(24, Insns.imm(out, 3));
    }

    @Test
    void agreeingTargetFlavorsAreFine() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int lts = l.struct("task_struct", 4, m("pid", lint, 0));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        int ptrA = t.ptr(0);
        int a = t.struct("task_struct", 16, m("p", ptrA, 0), m("pid", tint, 64));
        int b = t.struct("task_struct___2", 16, m("q", ptrA, 0), m("pid", tint, 64));
        CoreRelocator engine = new CoreRelocator(l.build("local"), List.of(t.build("vmlinux")));
        CoreResult r = engine.relocate("prog", new Insns(1).add(1, 0).bytes(), List.of(relo(0, lts, "0:0", OFF)));
        assertEquals(8, Insns.imm(r.insns(), 0));
        assertEquals(2, r.reports().get(0).candidates());
        assertEquals(2, r.reports().get(0).matchingCandidates());
        assertEquals(a, r.reports().get(0).targetTypeId(), "the first matching candidate is reported");
        assertEquals(List.of(a, b), engine.candidates(lts).stream().map(CoreRelocator.Candidate::id).toList());
    }

    @Test
    void conflictingTargetFlavorsFailNamingTheRelocation() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int lts = l.struct("task_struct", 4, m("pid", lint, 0));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        t.struct("task_struct", 16, m("pid", tint, 64));
        t.struct("task_struct___2", 16, m("pid", tint, 96));
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> run(l.build("local"), List.of(t.build("vmlinux")), new Insns(2).mov(0, 0).add(1, 0),
                        relo(1, lts, "0:0", OFF)));
        assertTrue(e.getMessage().contains("prog 'prog': relo #0"), e.getMessage());
        assertTrue(e.getMessage().contains("<byte_off> [2] struct task_struct.pid (0:0 @ offset 0)"), e.getMessage());
        assertTrue(e.getMessage().contains("insn #1"), e.getMessage());
        assertTrue(e.getMessage().contains("field offset ambiguity: 96 != 64"), e.getMessage());
        assertEquals(0, e.relocationIndex());
        assertEquals("prog", e.programName());
    }

    @Test
    void sameOffsetDifferentValueIsADecisionAmbiguity() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int lts = l.struct("task_struct", 4, m("pid", lint, 0));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        int tlong = t.integer("long", 8, true);
        t.struct("task_struct", 16, m("pid", tint, 64));
        t.struct("task_struct___2", 16, m("pid", tlong, 64));
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> run(l.build("local"), List.of(t.build("vmlinux")), new Insns(1).mov(1, 4),
                        relo(0, lts, "0:0", SZ)));
        assertTrue(e.getMessage().contains("relocation decision ambiguity: success 8 != success 4"), e.getMessage());
    }

    @Test
    void candidatesAreCachedAndPrunedToTheMatchingOnes() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int lts = l.struct("task_struct", 8, m("pid", lint, 0), m("only2", lint, 32));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        t.struct("task_struct", 16, m("pid", tint, 64));
        int b = t.struct("task_struct___2", 16, m("pid", tint, 64), m("only2", tint, 96));
        t.union("task_struct", 4, m("pid", tint, 0)); // other kind: never a candidate
        CoreRelocator engine = new CoreRelocator(l.build("local"), List.of(t.build("vmlinux")));
        assertEquals(2, engine.candidates(lts).size());
        CoreResult r = engine.relocate("p", new Insns(2).add(1, 4).add(1, 0).bytes(),
                List.of(relo(0, lts, "0:1", OFF), relo(1, lts, "0:0", OFF)));
        assertEquals(12, Insns.imm(r.insns(), 0));
        assertEquals(8, Insns.imm(r.insns(), 1));
        assertEquals(List.of(b), engine.candidates(lts).stream().map(CoreRelocator.Candidate::id).toList());
        assertEquals(1, r.reports().get(1).candidates());
    }

    // ---- removed fields and types

    @Test
    void removedFieldExistsIsZeroAndAccessesArePoisoned() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int nope = l.struct("task_struct___nope", 8, m("no_such_field", lint, 0), m("pid", lint, 32));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        t.struct("task_struct", 8, m("pid", tint, 32));
        Insns code = new Insns(6).mov(0, 1).add(1, 0).ldx(Insns.LDX_W, 2, 1, 0).mov(3, 1).ldx(Insns.LDX_W, 4, 1, 4)
                .exit();
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), code,
                relo(0, nope, "0:0", EXISTS), relo(1, nope, "0:0", OFF), relo(2, nope, "0:0", OFF),
                relo(3, nope, "0:1", EXISTS), relo(4, nope, "0:1", OFF));
        byte[] out = r.insns();
        assertEquals(0, Insns.imm(out, 0));
        assertPoisoned(out, 1);
        assertPoisoned(out, 2);
        assertEquals(1, Insns.imm(out, 3));
        assertEquals(4, Insns.off(out, 4));
        assertEquals(Insns.EXIT, Insns.code(out, 5));
        CoreRelocationReport p = r.reports().get(1);
        assertTrue(p.poisoned());
        assertNull(p.targetSpec());
        assertEquals(0, p.targetTypeId());
        assertEquals(1, p.candidates());
        assertEquals(0, p.matchingCandidates());
        assertTrue(p.poisonReason().contains("no matching targets"), p.poisonReason());
        assertEquals(2, r.poisoned().size());
        assertTrue(p.describe().contains("substituting insn #1 w/ invalid insn"), p.describe());
    }

    @Test
    void missingTypePoisonsFieldAccessAndZeroesTypeRelos() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int none = l.struct("bpfskel_no_such_type", 4, m("x", lint, 0));
        Insns code = new Insns(5).add(1, 0).mov(2, 1).mov(3, 4).ld64(4, none);
        CoreResult r = run(l.build("local"), List.of(new TestBtf().build("vmlinux")), code,
                relo(0, none, "0:0", OFF), relo(1, none, "0", CoreReloKind.TYPE_EXISTS),
                relo(2, none, "0", CoreReloKind.TYPE_SIZE), relo(3, none, "0", CoreReloKind.TYPE_ID_TARGET));
        byte[] out = r.insns();
        assertPoisoned(out, 0);
        assertEquals(0, Insns.imm(out, 1));
        assertEquals(0, Insns.imm(out, 2));
        assertEquals(0, Insns.imm64(out, 3));
        assertTrue(r.reports().get(0).poisonReason().contains("no target type named 'bpfskel_no_such_type'"));
    }

    // ---- bitfields

    /** Local and target bitfields, the code BPF_CORE_READ_BITFIELD_PROBED compiles to. */
    @Test
    void bitfieldsRelocateOffsetSizeAndShifts() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int luint = l.integer("unsigned int", 4, false);
        int lts = l.struct("task_struct", 8, m("pid", lint, 0), bf("in_execve", luint, 32, 1),
                bf("klass", luint, 34, 4));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        int tuint = t.integer("unsigned int", 4, false);
        int tlong = t.integer("long", 8, true);
        t.struct("task_struct", 16, m("x", tlong, 0), m("pid", tint, 64), bf("in_execve", tuint, 99, 1),
                bf("klass", tuint, 124, 4));
        // local values: byte_off 4, byte_sz 4, lshift 63 / 58, rshift 63 / 60, signed 0
        Insns code = new Insns(10).add(1, 4).mov(2, 4).mov(3, 63).mov(4, 0).mov(5, 63)
                .add(1, 4).mov(2, 4).mov(3, 58).mov(4, 0).mov(5, 60);
        Btf local = l.build("local");
        CoreResult r = run(local, List.of(t.build("vmlinux")), code,
                relo(0, lts, "0:1", OFF), relo(1, lts, "0:1", SZ), relo(2, lts, "0:1", CoreReloKind.FIELD_LSHIFT_U64),
                relo(3, lts, "0:1", CoreReloKind.FIELD_SIGNED), relo(4, lts, "0:1", CoreReloKind.FIELD_RSHIFT_U64),
                relo(5, lts, "0:2", OFF), relo(6, lts, "0:2", SZ), relo(7, lts, "0:2", CoreReloKind.FIELD_LSHIFT_U64),
                relo(8, lts, "0:2", CoreReloKind.FIELD_SIGNED), relo(9, lts, "0:2", CoreReloKind.FIELD_RSHIFT_U64));
        byte[] out = r.insns();
        int[] expected = {12, 4, 60, 0, 63, 12, 4, 32, 0, 60};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], Insns.imm(out, i), "insn " + i);
        }
        assertEquals("<byte_off> [4] struct task_struct.in_execve (0:2 @ offset 12.3)", r.reports().get(0).targetSpec());
        assertEquals("<byte_off> [3] struct task_struct.klass (0:2 @ offset 4.2)", r.reports().get(5).localSpec());
        assertFalse(r.reports().get(0).validated(), "libbpf does not check bitfield offsets");
        assertTrue(r.reports().get(4).validated(), "but it checks right shifts");
    }

    @Test
    void bitfieldStraddlingAWordIsReadWithAWiderLoad() {
        TestBtf l = new TestBtf();
        int luint = l.integer("unsigned int", 4, false);
        int ls = l.struct("s", 4, bf("f", luint, 0, 10));
        TestBtf t = new TestBtf();
        int tuint = t.integer("unsigned int", 4, false);
        t.struct("s", 8, bf("f", tuint, 28, 10));
        Insns code = new Insns(4).add(1, 0).mov(2, 4).mov(3, 54).mov(4, 54);
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), code,
                relo(0, ls, "0:0", OFF), relo(1, ls, "0:0", SZ), relo(2, ls, "0:0", CoreReloKind.FIELD_LSHIFT_U64),
                relo(3, ls, "0:0", CoreReloKind.FIELD_RSHIFT_U64));
        byte[] out = r.insns();
        assertEquals(0, Insns.imm(out, 0));
        assertEquals(8, Insns.imm(out, 1));
        assertEquals(26, Insns.imm(out, 2));
        assertEquals(54, Insns.imm(out, 3));
    }

    @Test
    void bitfieldThatNoLoadCanReadFails() {
        TestBtf l = new TestBtf();
        int luint = l.integer("unsigned int", 4, false);
        int ls = l.struct("s", 4, bf("f", luint, 0, 10));
        TestBtf t = new TestBtf();
        int tuint = t.integer("unsigned int", 4, false);
        t.struct("s", 24, bf("f", tuint, 124, 10));
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> run(l.build("local"), List.of(t.build("vmlinux")), new Insns(1).add(1, 0),
                        relo(0, ls, "0:0", OFF)));
        assertTrue(e.getMessage().contains("can't be satisfied for bitfield"), e.getMessage());
    }

    @Test
    void fieldTurnedIntoABitfield() {
        TestBtf l = new TestBtf();
        int luint = l.integer("unsigned int", 4, false);
        int ls = l.struct("s", 8, m("a", luint, 0), m("flags", luint, 32));
        TestBtf t = new TestBtf();
        int tuint = t.integer("unsigned int", 4, false);
        t.struct("s", 16, m("a", tuint, 0), bf("flags", tuint, 67, 3));
        Insns code = new Insns(6).add(1, 4).ldx(Insns.LDX_W, 0, 1, 4).mov(2, 4).mov(3, 32).mov(4, 32).mov(5, 0);
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), code,
                relo(0, ls, "0:1", OFF), relo(1, ls, "0:1", OFF), relo(2, ls, "0:1", SZ),
                relo(3, ls, "0:1", CoreReloKind.FIELD_LSHIFT_U64), relo(4, ls, "0:1", CoreReloKind.FIELD_RSHIFT_U64),
                relo(5, ls, "0:1", CoreReloKind.FIELD_SIGNED));
        byte[] out = r.insns();
        assertEquals(8, Insns.imm(out, 0), "the containing word's offset");
        // a direct load of a field that became a bitfield cannot be resized: libbpf poisons it
        assertPoisoned(out, 1);
        assertTrue(r.reports().get(1).poisonReason().contains("accesses field incorrectly"));
        assertEquals(4, Insns.imm(out, 2));
        assertEquals(64 - (67 + 3 - 64), Insns.imm(out, 3));
        assertEquals(61, Insns.imm(out, 4));
        assertEquals(0, Insns.imm(out, 5));
    }

    @Test
    void signedFields() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int le = l.enumeration("e", 4, true, "A", 1);
        int ls = l.struct("s", 8, m("a", lint, 0), m("b", le, 32));
        TestBtf t = new TestBtf();
        int tuint = t.integer("unsigned int", 4, false);
        int te = t.enumeration("e", 4, true, "A", 1);
        t.struct("s", 8, m("a", tuint, 0), m("b", te, 32));
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), new Insns(2).mov(1, 1).mov(2, 1),
                relo(0, ls, "0:0", CoreReloKind.FIELD_SIGNED), relo(1, ls, "0:1", CoreReloKind.FIELD_SIGNED));
        assertEquals(0, Insns.imm(r.insns(), 0));
        assertEquals(1, Insns.imm(r.insns(), 1));
    }

    // ---- anonymous structs and unions

    @Test
    void nestedAnonymousStructsAndUnionsInTheTarget() {
        TestBtf l = new TestBtf();
        int luint = l.integer("unsigned int", 4, false);
        int lskb = l.nextId();
        int lptr = l.ptr(lskb + 1);
        int skb = l.struct("sk_buff", 16, m("next", lptr, 0), m("len", luint, 64));
        assertEquals(lskb + 1, skb);
        TestBtf t = new TestBtf();
        int tuint = t.integer("unsigned int", 4, false);
        int tskb = t.nextId();
        int tptr = t.ptr(tskb + 3);
        int anonS = t.struct("", 16, m("next", tptr, 0), m("prev", tptr, 64));
        int anonU = t.union("", 16, m("", anonS, 0), m("rbnode", tuint, 0));
        t.struct("sk_buff", 32, m("", anonU, 0), m("dev", tptr, 128), m("len", tuint, 192));
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), new Insns(2).add(1, 0).add(1, 8),
                relo(0, skb, "0:0", OFF), relo(1, skb, "0:1", OFF));
        assertEquals(0, Insns.imm(r.insns(), 0));
        assertEquals(24, Insns.imm(r.insns(), 1));
        assertEquals("<byte_off> [5] struct sk_buff.next (0:0:0:0 @ offset 0)", r.reports().get(0).targetSpec());
        assertEquals("<byte_off> [5] struct sk_buff.len (0:2 @ offset 24)", r.reports().get(1).targetSpec());
    }

    @Test
    void anonymousMembersOnTheLocalSide() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int anon = l.union("", 4, m("x", lint, 0), m("y", lint, 0));
        int ls = l.struct("s", 8, m("a", lint, 0), m("", anon, 32));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        t.struct("s", 12, m("y", tint, 32), m("a", tint, 0), m("x", tint, 64));
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), new Insns(1).add(1, 4),
                relo(0, ls, "0:1:0", OFF));
        assertEquals(8, Insns.imm(r.insns(), 0));
        assertEquals("<byte_off> [3] struct s.x (0:1:0 @ offset 4)", r.reports().get(0).localSpec());
        assertEquals("<byte_off> [2] struct s.x (0:2 @ offset 8)", r.reports().get(0).targetSpec());
    }

    @Test
    void incompatibleFieldTypeDoesNotMatch() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int ls = l.struct("s", 4, m("a", lint, 0));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        int inner = t.struct("inner", 4, m("z", tint, 0));
        t.struct("s", 4, m("a", inner, 0)); // a struct where an int was expected
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), new Insns(2).mov(0, 1).add(1, 0),
                relo(0, ls, "0:0", EXISTS), relo(1, ls, "0:0", OFF));
        assertEquals(0, Insns.imm(r.insns(), 0));
        assertPoisoned(r.insns(), 1);
    }

    // ---- arrays

    private static final class ArrayBtfs {
        final Btf local;
        final int task;
        final int msg;

        ArrayBtfs() {
            TestBtf l = new TestBtf();
            int lint = l.integer("int", 4, true);
            int lchar = l.integer("char", 1, true);
            int node = l.nextId();
            int pnode = l.ptr(node + 2);
            int ppnode = l.ptr(pnode);
            l.struct("hlist_node", 16, m("next", pnode, 0), m("pprev", ppnode, 64));
            int links = l.array(node + 2, 4);
            int comm = l.array(lchar, 16);
            task = l.struct("task_struct", 96, m("pid", lint, 0), m("pid_links", links, 64), m("comm", comm, 576));
            int flex = l.array(lchar, 0);
            msg = l.struct("msg", 4, m("len", lint, 0), m("data", flex, 32));
            local = l.build("local");
        }
    }

    private static Btf arrayTarget(int linksLen, boolean flexLast) {
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        int tchar = t.integer("char", 1, true);
        int node = t.nextId();
        int pnode = t.ptr(node + 2);
        int ppnode = t.ptr(pnode);
        t.struct("hlist_node", 16, m("next", pnode, 0), m("pprev", ppnode, 64));
        int links = t.array(node + 2, linksLen);
        int comm = t.array(tchar, 16);
        t.struct("task_struct", 200, m("pid", tint, 0), m("comm", comm, 1024), m("pid_links", links, 128));
        int flex = t.array(tchar, 0);
        if (flexLast) {
            t.struct("msg", 8, m("len", tint, 0), m("x", tint, 32), m("data", flex, 64));
        } else {
            t.struct("msg", 8, m("len", tint, 0), m("data", flex, 32), m("x", tint, 32));
        }
        return t.build("vmlinux");
    }

    @Test
    void arrayElementsAndFieldsInsideThem() {
        ArrayBtfs a = new ArrayBtfs();
        // pid_links[2].pprev: local 8 + 2*16 + 8 = 48; comm[3]: 72 + 3 = 75; comm[3] size 1; comm size 16
        Insns code = new Insns(6).add(1, 48).add(1, 75).ldx(Insns.LDX_B, 0, 1, 75).mov(2, 1).mov(3, 16).add(1, 96);
        CoreResult r = run(a.local, List.of(arrayTarget(3, true)), code,
                relo(0, a.task, "0:1:2:1", OFF), relo(1, a.task, "0:2:3", OFF), relo(2, a.task, "0:2:3", OFF),
                relo(3, a.task, "0:2:3", SZ), relo(4, a.task, "0:2", SZ), relo(5, a.task, "1", OFF));
        byte[] out = r.insns();
        assertEquals(16 + 32 + 8, Insns.imm(out, 0));
        assertEquals(131, Insns.imm(out, 1));
        assertEquals(131, Insns.off(out, 2));
        assertEquals(Insns.LDX_B, Insns.code(out, 2));
        assertEquals(1, Insns.imm(out, 3));
        assertEquals(16, Insns.imm(out, 4));
        assertEquals(200, Insns.imm(out, 5), "&t[1] is sizeof(struct task_struct) away");
        assertEquals("<byte_off> [8] struct task_struct.pid_links[2].pprev (0:1:2:1 @ offset 48)",
                r.reports().get(0).localSpec());
        assertEquals("<byte_off> [8] struct task_struct.pid_links[2].pprev (0:2:2:1 @ offset 56)",
                r.reports().get(0).targetSpec());
        assertEquals("<byte_off> [8] struct task_struct.comm[3] (0:1:3 @ offset 131)", r.reports().get(1).targetSpec());
        assertEquals("<byte_off> [8] struct task_struct[1] (1 @ offset 96)", r.reports().get(5).localSpec());
    }

    @Test
    void arrayIndexOutOfTheTargetBoundsDoesNotMatch() {
        ArrayBtfs a = new ArrayBtfs();
        CoreResult r = run(a.local, List.of(arrayTarget(2, true)), new Insns(2).add(1, 48).mov(0, 1),
                relo(0, a.task, "0:1:2:1", OFF), relo(1, a.task, "0:1:1:1", EXISTS));
        assertPoisoned(r.insns(), 0);
        assertEquals(1, Insns.imm(r.insns(), 1));
    }

    @Test
    void flexibleArraysOnlyWhenLast() {
        ArrayBtfs a = new ArrayBtfs();
        CoreResult ok = run(a.local, List.of(arrayTarget(3, true)), new Insns(1).add(1, 9),
                relo(0, a.msg, "0:1:5", OFF));
        assertEquals(13, Insns.imm(ok.insns(), 0));
        CoreResult notLast = run(a.local, List.of(arrayTarget(3, false)), new Insns(1).add(1, 9),
                relo(0, a.msg, "0:1:5", OFF));
        assertPoisoned(notLast.insns(), 0);
    }

    @Test
    void arrayAccessOnlySupportsOffsetAndSize() {
        ArrayBtfs a = new ArrayBtfs();
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> run(a.local, List.of(arrayTarget(3, true)), new Insns(1).mov(1, 1),
                        relo(0, a.task, "0:2:3", CoreReloKind.FIELD_SIGNED)));
        assertTrue(e.getMessage().contains("can't be applied to array access"), e.getMessage());
    }

    // ---- enums

    @Test
    void enumValues() {
        TestBtf l = new TestBtf();
        int pt = l.enumeration("pid_type", 4, false, "PIDTYPE_PID", 0, "PIDTYPE_TGID", 1, "PIDTYPE_SID", 3);
        int nw = l.enumeration("pid_type___new", 4, false, "PIDTYPE_NEW___x", 9, "PIDTYPE_SID___y", 3);
        TestBtf t = new TestBtf();
        t.enumeration("pid_type", 4, false, "PIDTYPE_PID", 0, "PIDTYPE_SID", 7, "PIDTYPE_TGID", 5);
        Insns code = new Insns(9).ld64(1, 1).mov(2, 1).ld64(3, 9).mov(4, 1).ld64(5, 3);
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), code,
                relo(0, pt, "1", CoreReloKind.ENUMVAL_VALUE), relo(2, pt, "2", CoreReloKind.ENUMVAL_EXISTS),
                relo(3, nw, "0", CoreReloKind.ENUMVAL_VALUE), relo(5, nw, "0", CoreReloKind.ENUMVAL_EXISTS),
                relo(6, nw, "1", CoreReloKind.ENUMVAL_VALUE));
        byte[] out = r.insns();
        assertEquals(5, Insns.imm64(out, 0));
        assertEquals(1, Insns.imm(out, 2));
        assertPoisoned(out, 3);
        assertPoisoned(out, 4); // both halves of the ld_imm64
        assertEquals(0, Insns.imm(out, 5));
        assertEquals(7, Insns.imm64(out, 6), "PIDTYPE_SID___y matches PIDTYPE_SID by essential name");
        assertEquals("<enumval_value> [1] enum pid_type::PIDTYPE_TGID = 1", r.reports().get(0).localSpec());
        assertEquals("<enumval_value> [1] enum pid_type::PIDTYPE_TGID = 5", r.reports().get(0).targetSpec());
        assertEquals("LDIMM64", r.reports().get(0).insnClass());
    }

    @Test
    void enum64AndEnum32AreCompatible() {
        TestBtf l = new TestBtf();
        int big = l.enum64("big", 8, false, "SMALL", 1, "HUGE", 1L << 40);
        int e32 = l.enumeration("flags", 4, false, "F", 2);
        TestBtf t = new TestBtf();
        t.enum64("big", 8, false, "HUGE", 0xffff000000000001L, "SMALL", 2);
        t.enum64("flags", 8, false, "F", 1L << 33);
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), new Insns(4).ld64(1, 1L << 40).ld64(2, 2),
                relo(0, big, "1", CoreReloKind.ENUMVAL_VALUE), relo(2, e32, "0", CoreReloKind.ENUMVAL_VALUE));
        assertEquals(0xffff000000000001L, Insns.imm64(r.insns(), 0));
        assertEquals(1L << 33, Insns.imm64(r.insns(), 2));
        assertEquals("<enumval_value> [1] enum64 big::HUGE = 1099511627776", r.reports().get(0).localSpec());
        assertEquals("<enumval_value> [1] enum64 big::HUGE = 18446462598732840961", r.reports().get(0).targetSpec());
    }

    @Test
    void negativeEnumValuesAreSignExtendedAsLibbpfDoes() {
        TestBtf l = new TestBtf();
        int e = l.enumeration("e", 4, true, "NEG", -2);
        TestBtf t = new TestBtf();
        t.enumeration("e", 4, true, "NEG", -1);
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), new Insns(3).ld64(1, -2L).mov(2, -2),
                relo(0, e, "0", CoreReloKind.ENUMVAL_VALUE), relo(2, e, "0", CoreReloKind.ENUMVAL_VALUE));
        assertEquals(-1L, Insns.imm64(r.insns(), 0));
        assertEquals(-1, Insns.imm(r.insns(), 2));
        assertEquals("<enumval_value> [1] enum e::NEG = -2", r.reports().get(0).localSpec());
    }

    // ---- type relocations

    @Test
    void typeIdsExistenceSizeAndMatches() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int luint = l.integer("unsigned int", 4, false);
        int lts = l.struct("task_struct", 4, m("pid", lint, 0));
        int m2 = l.struct("m2", 4, m("pid", luint, 0));
        int pidT = l.typedef("pid_t", lint);
        int u = l.struct("u", 4, m("x", lint, 0));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        int tlong = t.integer("long", 8, true);
        t.typedef("pid_t", tint);
        int tts = t.struct("task_struct", 16, m("x", tlong, 0), m("pid", tint, 64));
        t.struct("m2", 4, m("pid", tint, 0));
        t.union("u", 4, m("x", tint, 0));
        Insns code = new Insns(12).ld64(1, 99).ld64(2, lts).mov(3, 1).mov(4, 4).mov(5, 4).mov(6, 1).mov(7, 1)
                .mov(8, 1).mov(9, 1);
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), code,
                relo(0, lts, "0", CoreReloKind.TYPE_ID_LOCAL), relo(2, lts, "0", CoreReloKind.TYPE_ID_TARGET),
                relo(4, lts, "0", CoreReloKind.TYPE_EXISTS), relo(5, lts, "0", CoreReloKind.TYPE_SIZE),
                relo(6, pidT, "0", CoreReloKind.TYPE_SIZE), relo(7, lts, "0", CoreReloKind.TYPE_MATCHES),
                relo(8, m2, "0", CoreReloKind.TYPE_MATCHES), relo(9, m2, "0", CoreReloKind.TYPE_EXISTS),
                relo(10, u, "0", CoreReloKind.TYPE_EXISTS));
        byte[] out = r.insns();
        assertEquals(lts, Insns.imm64(out, 0), "local type id, not validated against the 99 in the insn");
        assertEquals(tts, Insns.imm64(out, 2));
        assertEquals(1, Insns.imm(out, 4));
        assertEquals(16, Insns.imm(out, 5));
        assertEquals(4, Insns.imm(out, 6));
        assertEquals(1, Insns.imm(out, 7));
        assertEquals(0, Insns.imm(out, 8), "unsigned vs signed int: no match");
        assertEquals(1, Insns.imm(out, 9), "but the type exists");
        assertEquals(0, Insns.imm(out, 10), "a union is not a struct");
        assertEquals("<local_type_id> [3] struct task_struct", r.reports().get(0).localSpec());
        assertNull(r.reports().get(0).targetSpec());
        assertEquals("<target_type_id> [4] struct task_struct", r.reports().get(1).targetSpec());
    }

    @Test
    void typesMatchRules() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int fwd = l.fwd("inner", false);
        int pfwd = l.ptr(fwd);
        int arr = l.array(lint, 4);
        int fp = l.funcProto(lint, lint);
        int pfp = l.ptr(fp);
        int e = l.enumeration("e", 4, false, "B", 9);
        int ls = l.struct("s", 64, m("p", pfwd, 0), m("a", arr, 64), m("cb", pfp, 192), m("e", e, 256));
        TestBtf t = new TestBtf();
        int tint = t.integer("int", 4, true);
        int inner = t.struct("inner", 4, m("z", tint, 0));
        int pinner = t.ptr(inner);
        int tarr = t.array(tint, 4);
        int tarr5 = t.array(tint, 5);
        int tfp = t.funcProto(tint, tint);
        int tpfp = t.ptr(tfp);
        int te = t.enumeration("e", 4, false, "A", 1, "B", 2);
        int s1 = t.struct("s", 64, m("extra", tint, 0), m("p", pinner, 0), m("a", tarr, 64), m("cb", tpfp, 192),
                m("e", te, 256));
        int s2 = t.struct("s___2", 64, m("p", pinner, 0), m("a", tarr5, 64), m("cb", tpfp, 192), m("e", te, 256));
        Btf lb = l.build("local");
        Btf tb = t.build("vmlinux");
        assertEquals(1, CoreTypes.typesMatch(lb, ls, tb, s1), "fwd behind a pointer matches the struct");
        assertEquals(0, CoreTypes.typesMatch(lb, ls, tb, s2), "array sizes differ");
        assertEquals(1, CoreTypes.typesAreCompat(lb, ls, tb, s2));
        assertEquals(0, CoreTypes.typesMatch(lb, fwd, tb, inner), "not behind a pointer: kinds must be equal");
    }

    // ---- load/store size adjustment

    @Test
    void loadSizeIsAdjustedForUnsignedIntegersAndPointers() {
        TestBtf l = new TestBtf();
        int ulong = l.integer("unsigned long", 8, false);
        int slong = l.integer("long", 8, true);
        int vp = l.ptr(0);
        int ls = l.struct("task_struct", 24, m("flags", ulong, 0), m("sflags", slong, 64), m("p", vp, 128));
        TestBtf t = new TestBtf();
        int uint = t.integer("unsigned int", 4, false);
        int sint = t.integer("int", 4, true);
        t.struct("task_struct", 48, m("p", t.ptr(0), 0), m("flags", uint, 96), m("sflags", sint, 128));
        Insns code = new Insns(4).ldx(Insns.LDX_DW, 0, 1, 0).ldx(Insns.LDX_DW, 2, 1, 8).ldx(Insns.LDX_DW, 3, 1, 16)
                .insn(Insns.STX_DW, 1, 4, 0, 0);
        CoreResult r = run(l.build("local"), List.of(t.build("vmlinux")), code,
                relo(0, ls, "0:0", OFF), relo(1, ls, "0:1", OFF), relo(2, ls, "0:2", OFF), relo(3, ls, "0:0", OFF));
        byte[] out = r.insns();
        assertEquals(Insns.LDX_W, Insns.code(out, 0));
        assertEquals(12, Insns.off(out, 0));
        CoreRelocationReport flags = r.reports().get(0);
        assertEquals(8, flags.oldMemSize());
        assertEquals(4, flags.newMemSize());
        assertTrue(flags.describe().contains("mem_sz 8 -> 4"), flags.describe());
        assertPoisoned(out, 1); // signed long -> int would lose the sign
        assertTrue(r.reports().get(1).poisonReason().contains("accesses field incorrectly"));
        assertEquals(Insns.LDX_DW, Insns.code(out, 2));
        assertEquals(0, Insns.off(out, 2));
        assertEquals(0x63, Insns.code(out, 3), "STX DW -> STX W");
        assertEquals(12, Insns.off(out, 3));
    }

    @Test
    void loadSizeThatDisagreesWithTheLocalFieldFails() {
        TestBtf l = new TestBtf();
        int ulong = l.integer("unsigned long", 8, false);
        int ls = l.struct("s", 8, m("flags", ulong, 0));
        TestBtf t = new TestBtf();
        t.struct("s", 4, m("flags", t.integer("unsigned int", 4, false), 0));
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> run(l.build("local"), List.of(t.build("vmlinux")), new Insns(1).ldx(Insns.LDX_W, 0, 1, 0),
                        relo(0, ls, "0:0", OFF)));
        assertTrue(e.getMessage().contains("unexpected mem size: got 4, exp 8"), e.getMessage());
    }

    // ---- instruction checks

    private static Btf[] simplePair(int targetBitOffset) {
        TestBtf l = new TestBtf();
        l.struct("s", 8, m("a", l.integer("int", 4, true), 0), m("b", 1, 32));
        TestBtf t = new TestBtf();
        t.struct("s", targetBitOffset / 8 + 4, m("a", t.integer("int", 4, true), targetBitOffset));
        return new Btf[] {l.build("local"), t.build("vmlinux")};
    }

    @Test
    void instructionMustHoldTheLocalValue() {
        Btf[] b = simplePair(64);
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(1).add(1, 8), relo(0, 2, "0:0", OFF)));
        assertTrue(e.getMessage().contains("unexpected insn #0 (ALU/ALU64) value: got 8, exp 0 -> 8"), e.getMessage());
        e = assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(1).ldx(Insns.LDX_W, 0, 1, 4), relo(0, 2, "0:0", OFF)));
        assertTrue(e.getMessage().contains("(LDX/ST/STX) value: got 4"), e.getMessage());
        e = assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(2).ld64(1, 5), relo(0, 2, "0:0", OFF)));
        assertTrue(e.getMessage().contains("(LDIMM64) value: got 5"), e.getMessage());
    }

    @Test
    void offsetsMustFitTheInstruction() {
        Btf[] b = simplePair(8 * 40000);
        CoreResult ok = run(b[0], List.of(b[1]), new Insns(1).add(1, 0), relo(0, 2, "0:0", OFF));
        assertEquals(40000, Insns.imm(ok.insns(), 0));
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(1).ldx(Insns.LDX_W, 0, 1, 0), relo(0, 2, "0:0", OFF)));
        assertTrue(e.getMessage().contains("value too big: 40000"), e.getMessage());
    }

    @Test
    void unsupportedInstructionsAndSpecsFail() {
        Btf[] b = simplePair(64);
        assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(1).insn(Insns.ALU64_ADD_X, 1, 2, 0, 0),
                        relo(0, 2, "0:0", OFF)));
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(1).insn(0x05, 0, 0, 0, 0), relo(0, 2, "0:0", OFF)));
        assertTrue(e.getMessage().contains("unrecognized insn #0"), e.getMessage());
        e = assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(1).add(1, 0), relo(0, 2, "0:7", OFF)));
        assertTrue(e.getMessage().contains("parsing [2] struct s + 0:7 failed"), e.getMessage());
        assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(1).add(1, 0), relo(0, 2, "0:0", CoreReloKind.TYPE_SIZE)));
        assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(1).add(1, 0), relo(0, 2, "", OFF)));
        assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(1).add(1, 0), relo(3, 2, "0:0", OFF)));
        assertThrows(CoreRelocationException.class,
                () -> run(b[0], List.of(b[1]), new Insns(1).add(1, 0), relo(0, 2, "0:1:1", OFF)));
    }

    @Test
    void anonymousLocalTypesCannotBeRelocated() {
        TestBtf l = new TestBtf();
        int anon = l.struct("", 4, m("a", l.integer("int", 4, true), 0));
        CoreRelocationException e = assertThrows(CoreRelocationException.class,
                () -> run(l.build("local"), List.of(), new Insns(1).add(1, 0), relo(0, anon, "0:0", OFF)));
        assertTrue(e.getMessage().contains("anonymous"), e.getMessage());
        // but its local type id is fine
        CoreResult r = run(l.build("local"), List.of(), new Insns(2).ld64(1, 0),
                relo(0, anon, "0", CoreReloKind.TYPE_ID_LOCAL));
        assertEquals(anon, Insns.imm64(r.insns(), 0));
    }

    @Test
    void inputIsNotModified() {
        Btf[] b = simplePair(64);
        byte[] in = new Insns(1).add(1, 0).bytes();
        CoreResult r = CoreRelocator.relocate(b[0], List.of(b[1]), in, List.of(relo(0, 2, "0:0", OFF)));
        assertEquals(0, Insns.imm(in, 0));
        assertEquals(8, Insns.imm(r.insns(), 0));
    }

    // ---- modules

    @Test
    void modulesAreSearchedOnlyWhenVmlinuxHasNoCandidate() {
        TestBtf vb = new TestBtf();
        int vint = vb.integer("int", 4, true);
        vb.struct("task_struct", 8, m("pid", vint, 32));
        TestBtf mb = TestBtf.splitOn(vb);
        int modS = mb.struct("nf_conn", 16, m("mark", vint, 96));
        mb.struct("task_struct", 16, m("pid", vint, 64)); // a module's own copy is ignored: vmlinux has one
        Btf vmlinux = vb.build("vmlinux");
        Btf module = mb.buildSplit("nf_conntrack", vmlinux);

        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int lts = l.struct("task_struct", 4, m("pid", lint, 0));
        int lnf = l.struct("nf_conn", 4, m("mark", lint, 0));
        CoreResult r = run(l.build("local"), List.of(vmlinux, module), new Insns(2).add(1, 0).add(1, 0),
                relo(0, lts, "0:0", OFF), relo(1, lnf, "0:0", OFF));
        assertEquals(4, Insns.imm(r.insns(), 0));
        assertEquals("vmlinux", r.reports().get(0).targetBtf());
        assertEquals(12, Insns.imm(r.insns(), 1));
        assertEquals("nf_conntrack", r.reports().get(1).targetBtf());
        assertEquals(modS, r.reports().get(1).targetTypeId());
    }

    // ---- big-endian objects

    @Test
    void bigEndianInstructionsAndShifts() {
        TestBtf l = new TestBtf();
        int luint = l.integer("unsigned int", 4, false);
        int ls = l.struct("s", 8, m("a", luint, 0), bf("f", luint, 32, 3));
        TestBtf t = new TestBtf();
        int tuint = t.integer("unsigned int", 4, false);
        t.struct("s", 16, m("a", tuint, 0), bf("f", tuint, 99, 3));
        byte[] code = new Insns(3, ByteOrder.BIG_ENDIAN).add(1, 4).mov(2, 32).ldx(Insns.LDX_W, 0, 1, 0).bytes();
        CoreResult r = new CoreRelocator(l.build("local"), List.of(t.build("vmlinux"))).relocate("be", code,
                ByteOrder.BIG_ENDIAN, List.of(relo(0, ls, "0:1", OFF), relo(1, ls, "0:1", CoreReloKind.FIELD_LSHIFT_U64),
                        relo(2, ls, "0:0", OFF)));
        ByteBuffer out = ByteBuffer.wrap(r.insns()).order(ByteOrder.BIG_ENDIAN);
        assertEquals(12, out.getInt(4));
        // big-endian: (8 - byte_sz) * 8 + (bit_off - byte_off * 8) = 32 + 3
        assertEquals(35, out.getInt(12));
        assertEquals(0, out.getShort(18));
    }

    // ---- verifier log

    @Test
    void verifierLogNamesTheFailedRelocation() {
        TestBtf l = new TestBtf();
        int lint = l.integer("int", 4, true);
        int nope = l.struct("task_struct___x", 8, m("pid", lint, 0), m("f", lint, 32));
        TestBtf t = new TestBtf();
        t.struct("task_struct", 4, m("pid", t.integer("int", 4, true), 0));
        CoreResult r = new CoreRelocator(l.build("local"), List.of(t.build("vmlinux"))).relocate("handler",
                new Insns(4).mov(0, 0).add(1, 4).mov(0, 0).exit().bytes(), List.of(relo(1, nope, "0:1", OFF)));
        String log = "func#0 @0\n0: R1=ctx() R10=fp0\n0: (b7) r0 = 0                        ; R0_w=0\n"
                + "1: (85) call unknown#195896080\ninvalid func unknown#195896080\nprocessed 2 insns\n";
        String fixed = r.fixupVerifierLog(log);
        assertEquals("func#0 @0\n0: R1=ctx() R10=fp0\n0: (b7) r0 = 0                        ; R0_w=0\n"
                + "1: <invalid CO-RE relocation>\n"
                + "failed to resolve CO-RE relocation <byte_off> [2] struct task_struct___x.f (0:1 @ offset 4)\n"
                + "prog 'handler': relo #0 (access string \"0:1\"): no matching targets found among 1 candidate\n"
                + "processed 2 insns\n", fixed);
        // an unrelated poisoned call (another instruction) is left alone
        String other = "7: (85) call unknown#195896080\ninvalid func unknown#195896080";
        assertEquals(other, r.fixupVerifierLog(other));
        assertEquals(log.replace("unknown#195896080", "x"), r.fixupVerifierLog(log.replace("unknown#195896080", "x")));
        // a subprogram appended at instruction 10 of the program: the loader shifts indices
        String shifted = CoreResult.fixupVerifierLog("11: (85) call unknown#195896080\ninvalid func unknown#195896080",
                "handler", Map.of(11, r.reports().get(0)));
        assertTrue(shifted.startsWith("11: <invalid CO-RE relocation>\nfailed to resolve CO-RE relocation <byte_off>"),
                shifted);
    }
}
