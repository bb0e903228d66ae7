package io.bpfskel.load;

import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.Opcodes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A growable array of BPF instructions (8 bytes each) with field access, in the byte order the kernel expects
 * (the object's, which must be the host's). Mutable by design: linking appends and patches in place.
 */
final class Insns {
    static final int SIZE = 8;
    static final int JMP_CALL = Opcodes.BPF_JMP | Opcodes.BPF_CALL;
    static final int LD_IMM64 = Opcodes.BPF_LD | Opcodes.BPF_IMM | Opcodes.BPF_DW;

    private ByteBuffer buf;
    private int count;

    Insns(byte[] initial, ByteOrder order) {
        this.buf = ByteBuffer.allocate(Math.max(initial.length, 64)).order(order);
        buf.put(0, initial);
        this.count = initial.length / SIZE;
    }

    int count() {
        return count;
    }

    /** Appends instructions and returns the index of the first one. */
    int append(byte[] insns) {
        int at = count;
        int need = (count * SIZE) + insns.length;
        if (need > buf.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(need, buf.capacity() * 2)).order(buf.order());
            bigger.put(0, buf, 0, count * SIZE);
            buf = bigger;
        }
        buf.put(count * SIZE, insns);
        count += insns.length / SIZE;
        return at;
    }

    int code(int i) {
        return buf.get(i * SIZE) & 0xff;
    }

    int dst(int i) {
        int regs = buf.get(i * SIZE + 1) & 0xff;
        return little() ? regs & 0xf : regs >>> 4;
    }

    int src(int i) {
        int regs = buf.get(i * SIZE + 1) & 0xff;
        return little() ? regs >>> 4 : regs & 0xf;
    }

    void setRegs(int i, int dst, int src) {
        buf.put(i * SIZE + 1, (byte) (little() ? (src << 4) | dst : (dst << 4) | src));
    }

    void setSrc(int i, int src) {
        setRegs(i, dst(i), src);
    }

    short off(int i) {
        return buf.getShort(i * SIZE + 2);
    }

    void setOff(int i, int off) {
        buf.putShort(i * SIZE + 2, (short) off);
    }

    int imm(int i) {
        return buf.getInt(i * SIZE + 4);
    }

    void setImm(int i, int imm) {
        buf.putInt(i * SIZE + 4, imm);
    }

    void setCode(int i, int code) {
        buf.put(i * SIZE, (byte) code);
    }

    boolean isCall(int i) {
        return code(i) == JMP_CALL;
    }

    boolean isLdImm64(int i) {
        return code(i) == LD_IMM64;
    }

    /** libbpf's insn_is_subprog_call. */
    boolean isSubprogCall(int i) {
        return code(i) == JMP_CALL && src(i) == BpfFlags.BPF_PSEUDO_CALL && dst(i) == 0 && off(i) == 0;
    }

    boolean isPseudoFunc(int i) {
        return isLdImm64(i) && src(i) == BpfFlags.BPF_PSEUDO_FUNC;
    }

    byte[] toBytes() {
        byte[] out = new byte[count * SIZE];
        buf.get(0, out);
        return out;
    }

    private boolean little() {
        return buf.order() == ByteOrder.LITTLE_ENDIAN;
    }
}
