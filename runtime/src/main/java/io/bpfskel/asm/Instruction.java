package io.bpfskel.asm;

import io.bpfskel.uapi.Opcodes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One 8-byte BPF instruction ({@code struct bpf_insn}).
 *
 * <p>The register nibbles swap places with the byte order: on little-endian targets dst is the low
 * nibble of byte 1, on big-endian targets the high nibble (this mirrors the C bitfield layout, and
 * is what clang emits for bpfel / bpfeb). A 64-bit immediate load (ld_imm64) takes two
 * instructions; the second one has opcode 0 and carries the upper 32 bits in its imm.
 *
 * @param opcode 8-bit operation code (class | size/source | mode/operation)
 * @param dst destination register 0..10 (4 bits)
 * @param src source register 0..10 (4 bits), or a pseudo source such as BPF_PSEUDO_MAP_FD
 * @param off signed 16-bit offset
 * @param imm signed 32-bit immediate
 */
public record Instruction(int opcode, int dst, int src, int off, int imm) {

    public static final int SIZE = 8;

    public Instruction {
        if (opcode < 0 || opcode > 0xff) {
            throw new IllegalArgumentException("opcode out of range: " + opcode);
        }
        if (dst < 0 || dst > 0xf || src < 0 || src > 0xf) {
            throw new IllegalArgumentException("register out of range: dst=" + dst + " src=" + src);
        }
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset out of range: " + off);
        }
    }

    /** Writes this instruction at the buffer's position in the buffer's byte order. */
    public void encode(ByteBuffer out) {
        out.put((byte) opcode);
        boolean little = out.order() == ByteOrder.LITTLE_ENDIAN;
        out.put((byte) (little ? (src << 4) | dst : (dst << 4) | src));
        out.putShort((short) off);
        out.putInt(imm);
    }

    public byte[] encode(ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(order);
        encode(b);
        return b.array();
    }

    /** Reads one instruction at the buffer's position in the buffer's byte order. */
    public static Instruction decode(ByteBuffer in) {
        int opcode = in.get() & 0xff;
        int regs = in.get() & 0xff;
        boolean little = in.order() == ByteOrder.LITTLE_ENDIAN;
        int dst = little ? regs & 0xf : regs >>> 4;
        int src = little ? regs >>> 4 : regs & 0xf;
        int off = in.getShort();
        int imm = in.getInt();
        return new Instruction(opcode, dst, src, off, imm);
    }

    public static Instruction decode(byte[] bytes, int offset, ByteOrder order) {
        return decode(ByteBuffer.wrap(bytes, offset, SIZE).order(order));
    }

    public static byte[] encode(List<Instruction> insns, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(insns.size() * SIZE).order(order);
        for (Instruction insn : insns) {
            insn.encode(b);
        }
        return b.array();
    }

    /** Decodes a whole instruction stream; its length must be a multiple of 8. */
    public static List<Instruction> decodeAll(byte[] bytes, ByteOrder order) {
        if (bytes.length % SIZE != 0) {
            throw new IllegalArgumentException("instruction bytes must be a multiple of 8, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        List<Instruction> out = new ArrayList<>(bytes.length / SIZE);
        while (b.hasRemaining()) {
            out.add(decode(b));
        }
        return out;
    }

    /** The instruction class (low 3 bits of the opcode), e.g. {@link io.bpfskel.uapi.Opcodes#BPF_ALU64}. */
    public int instructionClass() {
        return opcode & 0x07;
    }

    /** True for the first half of a 16-byte ld_imm64. */
    public boolean isLoadImm64() {
        return opcode == (Opcodes.BPF_LD | Opcodes.BPF_IMM | Opcodes.BPF_DW);
    }

    public Instruction withImm(int newImm) {
        return new Instruction(opcode, dst, src, off, newImm);
    }

    public Instruction withSrc(int newSrc) {
        return new Instruction(opcode, dst, newSrc, off, imm);
    }

    @Override
    public String toString() {
        return String.format("Instruction(op=0x%02x dst=r%d src=%d off=%d imm=%d)", opcode, dst, src, off, imm);
    }
}
