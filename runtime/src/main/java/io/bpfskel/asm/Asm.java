package io.bpfskel.asm;

import java.util.List;

/**
 * Opcode constants and builders for hand-assembling small programs (tests, feature probes).
 * Just enough for that; a full assembler is not the goal.
 */
public final class Asm {
    private Asm() {}

    // instruction classes
    public static final int CLASS_LD = 0x00;
    public static final int CLASS_LDX = 0x01;
    public static final int CLASS_ST = 0x02;
    public static final int CLASS_STX = 0x03;
    public static final int CLASS_ALU = 0x04;
    public static final int CLASS_JMP = 0x05;
    public static final int CLASS_JMP32 = 0x06;
    public static final int CLASS_ALU64 = 0x07;

    // operand size (LD/LDX/ST/STX)
    public static final int SIZE_W = 0x00;
    public static final int SIZE_H = 0x08;
    public static final int SIZE_B = 0x10;
    public static final int SIZE_DW = 0x18;

    // addressing mode
    public static final int MODE_IMM = 0x00;
    public static final int MODE_MEM = 0x60;
    public static final int MODE_ATOMIC = 0xc0;

    // operand source (ALU/JMP)
    public static final int SRC_K = 0x00;
    public static final int SRC_X = 0x08;

    // ALU operations
    public static final int ALU_ADD = 0x00;
    public static final int ALU_SUB = 0x10;
    public static final int ALU_MUL = 0x20;
    public static final int ALU_MOV = 0xb0;

    // JMP operations
    public static final int JMP_JA = 0x00;
    public static final int JMP_JEQ = 0x10;
    public static final int JMP_JNE = 0x50;
    public static final int JMP_CALL = 0x80;
    public static final int JMP_EXIT = 0x90;

    /** Opcode of the 16-byte 64-bit immediate load. */
    public static final int LD_IMM64 = CLASS_LD | SIZE_DW | MODE_IMM;

    // registers
    public static final int R0 = 0;
    public static final int R1 = 1;
    public static final int R2 = 2;
    public static final int R3 = 3;
    public static final int R4 = 4;
    public static final int R5 = 5;
    public static final int R6 = 6;
    public static final int R7 = 7;
    public static final int R8 = 8;
    public static final int R9 = 9;
    /** Read-only frame pointer. */
    public static final int R10 = 10;

    /** src_reg of ld_imm64 whose imm is a map file descriptor. */
    public static final int PSEUDO_MAP_FD = 1;
    /** src_reg of ld_imm64 whose imm is a map fd and second imm an offset into its value. */
    public static final int PSEUDO_MAP_VALUE = 2;

    // a few helper ids (enum bpf_func_id)
    public static final int FN_MAP_LOOKUP_ELEM = 1;
    public static final int FN_MAP_UPDATE_ELEM = 2;
    public static final int FN_MAP_DELETE_ELEM = 3;
    public static final int FN_KTIME_GET_NS = 5;
    public static final int FN_GET_CURRENT_PID_TGID = 14;
    public static final int FN_GET_ATTACH_COOKIE = 174;

    /** {@code dst = imm} (sign-extended to 64 bits). */
    public static Instruction mov64Imm(int dst, int imm) {
        return new Instruction(CLASS_ALU64 | ALU_MOV | SRC_K, dst, 0, 0, imm);
    }

    /** {@code dst = src}. */
    public static Instruction mov64Reg(int dst, int src) {
        return new Instruction(CLASS_ALU64 | ALU_MOV | SRC_X, dst, src, 0, 0);
    }

    /** {@code dst += imm}. */
    public static Instruction add64Imm(int dst, int imm) {
        return new Instruction(CLASS_ALU64 | ALU_ADD | SRC_K, dst, 0, 0, imm);
    }

    /** {@code dst += src}. */
    public static Instruction add64Reg(int dst, int src) {
        return new Instruction(CLASS_ALU64 | ALU_ADD | SRC_X, dst, src, 0, 0);
    }

    /** {@code *(size *)(dst + off) = imm}, size one of {@link #SIZE_W} ... {@link #SIZE_DW}. */
    public static Instruction stMem(int size, int dst, int off, int imm) {
        return new Instruction(CLASS_ST | size | MODE_MEM, dst, 0, off, imm);
    }

    /** {@code *(size *)(dst + off) = src}. */
    public static Instruction stxMem(int size, int dst, int src, int off) {
        return new Instruction(CLASS_STX | size | MODE_MEM, dst, src, off, 0);
    }

    /** {@code dst = *(size *)(src + off)}. */
    public static Instruction ldxMem(int size, int dst, int src, int off) {
        return new Instruction(CLASS_LDX | size | MODE_MEM, dst, src, off, 0);
    }

    /** {@code if dst == imm goto pc + 1 + off}. */
    public static Instruction jeqImm(int dst, int imm, int off) {
        return new Instruction(CLASS_JMP | JMP_JEQ | SRC_K, dst, 0, off, imm);
    }

    /** {@code goto pc + 1 + off}. */
    public static Instruction ja(int off) {
        return new Instruction(CLASS_JMP | JMP_JA, 0, 0, off, 0);
    }

    /** Calls helper function {@code helperId} (enum bpf_func_id); arguments in r1..r5, result in r0. */
    public static Instruction call(int helperId) {
        return new Instruction(CLASS_JMP | JMP_CALL, 0, 0, 0, helperId);
    }

    public static Instruction exit() {
        return new Instruction(CLASS_JMP | JMP_EXIT, 0, 0, 0, 0);
    }

    /** {@code dst = imm64}: two instructions. */
    public static List<Instruction> ldImm64(int dst, long imm) {
        return ldImm64(dst, 0, imm);
    }

    /** Two-instruction 64-bit load with a pseudo source (map fd, map value, BTF id, ...). */
    public static List<Instruction> ldImm64(int dst, int src, long imm) {
        return List.of(
                new Instruction(LD_IMM64, dst, src, 0, (int) imm),
                new Instruction(0, 0, 0, 0, (int) (imm >>> 32)));
    }

    /** {@code dst = &map} for the map with descriptor {@code mapFd} (resolved by the verifier). */
    public static List<Instruction> ldMapFd(int dst, int mapFd) {
        return ldImm64(dst, PSEUDO_MAP_FD, Integer.toUnsignedLong(mapFd));
    }
}
