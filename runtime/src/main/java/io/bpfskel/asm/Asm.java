package io.bpfskel.asm;

import static io.bpfskel.uapi.Opcodes.*;

import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.Opcodes;
import java.util.List;

/**
 * Builders for hand-assembling small programs (tests, feature probes).
 * Just enough for that; a full assembler is not the goal.
 */
public final class Asm {
    private Asm() {}

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

    // a few helper ids (enum bpf_func_id)
    public static final int FN_MAP_LOOKUP_ELEM = 1;
    public static final int FN_MAP_UPDATE_ELEM = 2;
    public static final int FN_MAP_DELETE_ELEM = 3;
    public static final int FN_KTIME_GET_NS = 5;
    public static final int FN_GET_CURRENT_PID_TGID = 14;
    public static final int FN_GET_ATTACH_COOKIE = 174;

    /** {@code dst = imm} (sign-extended to 64 bits). */
    public static Instruction mov64Imm(int dst, int imm) {
        return new Instruction(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm);
    }

    /** {@code dst = src}. */
    public static Instruction mov64Reg(int dst, int src) {
        return new Instruction(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0);
    }

    /** {@code dst += imm}. */
    public static Instruction add64Imm(int dst, int imm) {
        return new Instruction(BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, imm);
    }

    /** {@code dst += src}. */
    public static Instruction add64Reg(int dst, int src) {
        return new Instruction(BPF_ALU64 | BPF_ADD | BPF_X, dst, src, 0, 0);
    }

    /** {@code *(size *)(dst + off) = imm}, size one of {@link Opcodes#BPF_W} ... {@link Opcodes#BPF_DW}. */
    public static Instruction stMem(int size, int dst, int off, int imm) {
        return new Instruction(BPF_ST | size | BPF_MEM, dst, 0, off, imm);
    }

    /** {@code *(size *)(dst + off) = src}. */
    public static Instruction stxMem(int size, int dst, int src, int off) {
        return new Instruction(BPF_STX | size | BPF_MEM, dst, src, off, 0);
    }

    /** {@code dst = *(size *)(src + off)}. */
    public static Instruction ldxMem(int size, int dst, int src, int off) {
        return new Instruction(BPF_LDX | size | BPF_MEM, dst, src, off, 0);
    }

    /** {@code if dst == imm goto pc + 1 + off}. */
    public static Instruction jeqImm(int dst, int imm, int off) {
        return new Instruction(BPF_JMP | BPF_JEQ | BPF_K, dst, 0, off, imm);
    }

    /** {@code goto pc + 1 + off}. */
    public static Instruction ja(int off) {
        return new Instruction(BPF_JMP | BPF_JA, 0, 0, off, 0);
    }

    /** Calls helper function {@code helperId} (enum bpf_func_id); arguments in r1..r5, result in r0. */
    public static Instruction call(int helperId) {
        return new Instruction(BPF_JMP | BPF_CALL, 0, 0, 0, helperId);
    }

    public static Instruction exit() {
        return new Instruction(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    }

    /** {@code dst = imm64}: two instructions. */
    public static List<Instruction> ldImm64(int dst, long imm) {
        return ldImm64(dst, 0, imm);
    }

    /** Two-instruction 64-bit load with a pseudo source (map fd, map value, BTF id, ...). */
    public static List<Instruction> ldImm64(int dst, int src, long imm) {
        return List.of(
                new Instruction(BPF_LD | BPF_DW | BPF_IMM, dst, src, 0, (int) imm),
                new Instruction(0, 0, 0, 0, (int) (imm >>> 32)));
    }

    /** {@code dst = &map} for the map with descriptor {@code mapFd} (resolved by the verifier). */
    public static List<Instruction> ldMapFd(int dst, int mapFd) {
        return ldImm64(dst, BpfFlags.BPF_PSEUDO_MAP_FD, Integer.toUnsignedLong(mapFd));
    }
}
