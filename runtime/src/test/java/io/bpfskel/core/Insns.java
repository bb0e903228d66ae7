package io.bpfskel.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test-only BPF instruction writer and reader. */
final class Insns {
    static final int ALU64_ADD_K = 0x07;
    static final int ALU64_MOV_K = 0xb7;
    static final int ALU64_ADD_X = 0x0f;
    static final int LDX_W = 0x61;
    static final int LDX_H = 0x69;
    static final int LDX_B = 0x71;
    static final int LDX_DW = 0x79;
    static final int STX_DW = 0x7b;
    static final int ST_W = 0x62;
    static final int LD_IMM64 = 0x18;
    static final int CALL = 0x85;
    static final int EXIT = 0x95;

    private final ByteBuffer buf;
    private int n;

    Insns(int count) {
        this(count, ByteOrder.LITTLE_ENDIAN);
    }

    Insns(int count, ByteOrder order) {
        buf = ByteBuffer.allocate(count * 8).order(order);
    }

    Insns insn(int code, int dst, int src, int off, int imm) {
        int p = n++ * 8;
        buf.put(p, (byte) code);
        buf.put(p + 1, (byte) (buf.order() == ByteOrder.LITTLE_ENDIAN ? (src << 4) | dst : (dst << 4) | src));
        buf.putShort(p + 2, (short) off);
        buf.putInt(p + 4, imm);
        return this;
    }

    Insns mov(int dst, int imm) {
        return insn(ALU64_MOV_K, dst, 0, 0, imm);
    }

    Insns add(int dst, int imm) {
        return insn(ALU64_ADD_K, dst, 0, 0, imm);
    }

    Insns ldx(int code, int dst, int src, int off) {
        return insn(code, dst, src, off, 0);
    }

    Insns ld64(int dst, long imm) {
        insn(LD_IMM64, dst, 0, 0, (int) imm);
        return insn(0, 0, 0, 0, (int) (imm >>> 32));
    }

    Insns exit() {
        return insn(EXIT, 0, 0, 0, 0);
    }

    byte[] bytes() {
        return buf.array().clone();
    }

    static int code(byte[] insns, int idx) {
        return insns[idx * 8] & 0xff;
    }

    static int imm(byte[] insns, int idx) {
        return ByteBuffer.wrap(insns).order(ByteOrder.LITTLE_ENDIAN).getInt(idx * 8 + 4);
    }

    static int off(byte[] insns, int idx) {
        return ByteBuffer.wrap(insns).order(ByteOrder.LITTLE_ENDIAN).getShort(idx * 8 + 2);
    }

    static long imm64(byte[] insns, int idx) {
        ByteBuffer b = ByteBuffer.wrap(insns).order(ByteOrder.LITTLE_ENDIAN);
        return Integer.toUnsignedLong(b.getInt(idx * 8 + 4)) | ((long) b.getInt(idx * 8 + 12) << 32);
    }
}
