package io.bpfskel.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.Opcodes;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionTest {

    @Test
    void mov64ImmEncodesLikeClang() {
        Instruction mov = Asm.mov64Imm(Asm.R0, 42);
        assertArrayEquals(bytes(0xb7, 0x00, 0x00, 0x00, 0x2a, 0x00, 0x00, 0x00), mov.encode(ByteOrder.LITTLE_ENDIAN));
        assertArrayEquals(bytes(0xb7, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a), mov.encode(ByteOrder.BIG_ENDIAN));
    }

    @Test
    void registerNibblesSwapWithByteOrder() {
        Instruction stx = Asm.stxMem(Opcodes.BPF_DW, Asm.R10, Asm.R1, -8);
        byte[] le = stx.encode(ByteOrder.LITTLE_ENDIAN);
        byte[] be = stx.encode(ByteOrder.BIG_ENDIAN);
        assertEquals(0x7b, le[0] & 0xff);
        assertEquals(0x1a, le[1] & 0xff, "little-endian: src in the high nibble, dst in the low one");
        assertEquals(0xa1, be[1] & 0xff, "big-endian: dst in the high nibble, src in the low one");
        assertArrayEquals(bytes(0xf8, 0xff), new byte[] {le[2], le[3]});
        assertArrayEquals(bytes(0xff, 0xf8), new byte[] {be[2], be[3]});
    }

    @Test
    void roundTripsInBothByteOrders() {
        List<Instruction> prog = new ArrayList<>();
        prog.add(Asm.stMem(Opcodes.BPF_W, Asm.R10, -4, 0));
        prog.addAll(Asm.ldImm64(Asm.R1, 0x1122334455667788L));
        prog.addAll(Asm.ldMapFd(Asm.R2, 7));
        prog.add(Asm.add64Imm(Asm.R3, -16));
        prog.add(Asm.mov64Reg(Asm.R4, Asm.R10));
        prog.add(Asm.call(Asm.FN_MAP_UPDATE_ELEM));
        prog.add(Asm.jeqImm(Asm.R0, -1, 3));
        prog.add(Asm.exit());
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            byte[] encoded = Instruction.encode(prog, order);
            assertEquals(prog.size() * Instruction.SIZE, encoded.length);
            assertEquals(prog, Instruction.decodeAll(encoded, order));
        }
    }

    @Test
    void ldImm64SplitsTheImmediate() {
        List<Instruction> ld = Asm.ldImm64(Asm.R1, 0x1122334455667788L);
        assertEquals(2, ld.size());
        assertTrue(ld.get(0).isLoadImm64());
        assertEquals(0x55667788, ld.get(0).imm());
        assertEquals(0x11223344, ld.get(1).imm());
        assertEquals(0, ld.get(1).opcode());

        Instruction mapLoad = Asm.ldMapFd(Asm.R1, 5).get(0);
        assertEquals(BpfFlags.BPF_PSEUDO_MAP_FD, mapLoad.src());
        assertEquals(5, mapLoad.imm());
    }

    @Test
    void rejectsOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> new Instruction(0x100, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Instruction(0xb7, 16, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Instruction(0xb7, 0, 0, 40000, 0));
        assertThrows(IllegalArgumentException.class, () -> Instruction.decodeAll(new byte[7], ByteOrder.LITTLE_ENDIAN));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
