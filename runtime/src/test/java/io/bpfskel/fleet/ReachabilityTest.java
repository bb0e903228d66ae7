package io.bpfskel.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.asm.Asm;
import io.bpfskel.asm.Instruction;
import io.bpfskel.core.CoreRelocator;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Branches on constants are decided as the verifier decides them; everything else takes both sides. */
class ReachabilityTest {
    private static final Instruction POISON = new Instruction(0x85, 0, 0, 0, CoreRelocator.POISON_IMM);

    private static BitSet reach(List<Instruction> insns) {
        return reach(insns, new BitSet(), Map.of());
    }

    private static BitSet reach(List<Instruction> insns, BitSet relocated, Map<Integer, Long> known) {
        return Reachability.reachable(Instruction.encode(insns, ByteOrder.LITTLE_ENDIAN), ByteOrder.LITTLE_ENDIAN,
                relocated, known);
    }

    @Test
    void fieldExistsGuardOfZeroSkipsThePoisonedRead() {
        // r1 = 0 (CO-RE field_exists on a kernel without the field); if r1 == 0 goto out; <poisoned>; out: exit
        List<Instruction> p = List.of(Asm.mov64Imm(Asm.R1, 0), Asm.jeqImm(Asm.R1, 0, 1), POISON,
                Asm.mov64Imm(Asm.R0, 0), Asm.exit());
        BitSet r = reach(p);
        assertFalse(r.get(2));
        assertTrue(r.get(4));
    }

    @Test
    void guardOfOneReachesIt() {
        List<Instruction> p = List.of(Asm.mov64Imm(Asm.R1, 1), Asm.jeqImm(Asm.R1, 0, 1), POISON,
                Asm.mov64Imm(Asm.R0, 0), Asm.exit());
        assertTrue(reach(p).get(2));
    }

    @Test
    void unknownValuesTakeBothSidesAndCallsClobberArguments() {
        // r1 = 0; call helper (r1 clobbered); if r1 == 0 goto out; <poisoned>
        List<Instruction> p = List.of(Asm.mov64Imm(Asm.R1, 0), Asm.call(Asm.FN_KTIME_GET_NS), Asm.jeqImm(Asm.R1, 0, 1),
                POISON, Asm.mov64Imm(Asm.R0, 0), Asm.exit());
        assertTrue(reach(p).get(3));
        // a value kept in a callee-saved register survives the call
        List<Instruction> q = List.of(Asm.mov64Imm(Asm.R6, 0), Asm.call(Asm.FN_KTIME_GET_NS), Asm.jeqImm(Asm.R6, 0, 1),
                POISON, Asm.mov64Imm(Asm.R0, 0), Asm.exit());
        assertFalse(reach(q).get(3));
    }

    @Test
    void arithmeticAndMovesAreFollowed() {
        // r2 = 3; r2 += -3; r3 = r2; if r3 == 0 goto out
        List<Instruction> p = List.of(Asm.mov64Imm(Asm.R2, 3), Asm.add64Imm(Asm.R2, -3), Asm.mov64Reg(Asm.R3, Asm.R2),
                Asm.jeqImm(Asm.R3, 0, 1), POISON, Asm.mov64Imm(Asm.R0, 0), Asm.exit());
        assertFalse(reach(p).get(4));
    }

    @Test
    void ldImm64RelocatedByTheLoaderIsUnknownUnlessItsValueIsKnown() {
        List<Instruction> p = new ArrayList<>(Asm.ldImm64(Asm.R1, 0));
        p.add(Asm.jeqImm(Asm.R1, 0, 1));
        p.add(POISON);
        p.add(Asm.mov64Imm(Asm.R0, 0));
        p.add(Asm.exit());
        assertFalse(reach(p).get(3), "a plain ld_imm64 of 0 is a constant");
        BitSet relocated = new BitSet();
        relocated.set(0);
        assertTrue(reach(p, relocated, Map.of()).get(3), "an address the loader writes is unknown");
        assertFalse(reach(p, relocated, Map.of(0, 0L)).get(3), "an absent weak extern is 0");
    }

    @Test
    void loopsTerminate() {
        // r1 = 0; loop: r1 += 1; if r1 == 1000 goto out; goto loop; out: exit
        List<Instruction> p = List.of(Asm.mov64Imm(Asm.R1, 0), Asm.add64Imm(Asm.R1, 1), Asm.jeqImm(Asm.R1, 1000, 1),
                Asm.ja(-3), Asm.mov64Imm(Asm.R0, 0), Asm.exit());
        BitSet r = reach(p);
        assertTrue(r.get(5));
        assertEquals(6, r.cardinality());
        // an unbounded counter gives up instead of running forever
        List<Instruction> q = List.of(Asm.mov64Imm(Asm.R1, 0), Asm.add64Imm(Asm.R1, 1), Asm.ja(-2));
        assertNull(reach(q));
    }
}
