package io.bpfskel.fleet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which instructions of one function the verifier can reach, decided the way the verifier decides branches on
 * constants: registers set from immediates (including the values CO-RE relocation patched in) are tracked through
 * moves and arithmetic, and a conditional jump whose outcome is known follows only its taken side. That is what
 * keeps {@code if (bpf_core_field_exists(...))} branches on kernels without the field out of the verifier's reach,
 * so their poisoned instructions do not fail the load.
 *
 * <p>Anything not tracked (memory, helper results, map and data addresses, extern values) is unknown and both sides
 * of a jump on it are taken, so the answer over-approximates: an instruction reported unreachable is unreachable
 * for the verifier too; one reported reachable may still be pruned by the verifier's range tracking.
 */
final class Reachability {
    /** States explored before giving up; a function with that many paths is reported as not analysed. */
    private static final int MAX_STATES = 200_000;

    private final ByteBuffer insns;
    private final int count;
    /** Instructions whose ld_imm64 the loader rewrites (map, data, extern addresses): their value is unknown. */
    private final BitSet relocated;
    /** ld_imm64 instructions whose value the loader sets to a known constant (an absent weak extern's 0). */
    private final Map<Integer, Long> knownLoads;

    private Reachability(byte[] insns, ByteOrder order, BitSet relocated, Map<Integer, Long> knownLoads) {
        this.insns = ByteBuffer.wrap(insns).order(order);
        this.count = insns.length / 8;
        this.relocated = relocated;
        this.knownLoads = knownLoads;
    }

    /**
     * @param insns the function's instructions after CO-RE relocation
     * @param relocated indices of instructions the loader patches later (their immediates are not their values)
     * @param knownLoads ld_imm64 instructions among those whose value is known anyway (index → value)
     * @return the reachable instructions from instruction 0 (r1 = context, everything else unknown), or null when
     *     the function has too many paths to explore
     */
    static BitSet reachable(byte[] insns, ByteOrder order, BitSet relocated, Map<Integer, Long> knownLoads) {
        return new Reachability(insns, order, relocated, knownLoads).run();
    }

    private record State(int pc, int known, long[] regs) {
        @Override
        public boolean equals(Object o) {
            return o instanceof State s && s.pc == pc && s.known == known && Arrays.equals(s.regs, regs);
        }

        @Override
        public int hashCode() {
            return pc * 31 + known * 17 + Arrays.hashCode(regs);
        }
    }

    private BitSet run() {
        BitSet reached = new BitSet(count);
        Set<State> seen = new HashSet<>();
        Deque<State> work = new ArrayDeque<>();
        work.push(new State(0, 0, new long[11]));
        while (!work.isEmpty()) {
            State s = work.pop();
            if (s.pc < 0 || s.pc >= count || !seen.add(s)) {
                continue;
            }
            if (seen.size() > MAX_STATES) {
                return null;
            }
            reached.set(s.pc);
            step(s, work);
        }
        return reached;
    }

    private int code(int pc) {
        return insns.get(pc * 8) & 0xff;
    }

    private int dst(int pc) {
        return insns.get(pc * 8 + 1) & 0x0f;
    }

    private int src(int pc) {
        return (insns.get(pc * 8 + 1) >> 4) & 0x0f;
    }

    private short off(int pc) {
        return insns.getShort(pc * 8 + 2);
    }

    private int imm(int pc) {
        return insns.getInt(pc * 8 + 4);
    }

    private void step(State s, Deque<State> work) {
        int pc = s.pc;
        int code = code(pc);
        int cls = code & 0x07;
        int op = code & 0xf0;
        int d = dst(pc);
        int sr = src(pc);
        switch (cls) {
            case 0x00 -> { // LD
                if (code == 0x18) {
                    long lo = Integer.toUnsignedLong(imm(pc));
                    long hi = pc + 1 < count ? Integer.toUnsignedLong(imm(pc + 1)) : 0;
                    Long fixed = knownLoads.get(pc);
                    if (fixed != null) {
                        work.push(set(s, pc + 2, d, true, fixed));
                    } else {
                        boolean known = sr == 0 && !relocated.get(pc);
                        work.push(set(s, pc + 2, d, known, (hi << 32) | lo));
                    }
                } else {
                    // LD_ABS/LD_IND: r0 = packet data, r1-r5 clobbered
                    work.push(clobberCall(s, pc + 1));
                }
            }
            case 0x01 -> work.push(set(s, pc + 1, d, false, 0)); // LDX
            case 0x02 -> work.push(next(s, pc + 1)); // ST
            case 0x03 -> { // STX; atomics with BPF_FETCH write back a register
                if ((code & 0xe0) == 0xc0) {
                    State t = set(s, pc + 1, sr, false, 0);
                    work.push(set(t, pc + 1, 0, false, 0));
                } else {
                    work.push(next(s, pc + 1));
                }
            }
            case 0x04, 0x07 -> work.push(alu(s, cls == 0x07, op, (code & 0x08) != 0, d, sr));
            case 0x05, 0x06 -> jump(s, cls == 0x06, op, (code & 0x08) != 0, d, sr, work);
            default -> work.push(next(s, pc + 1));
        }
    }

    private void jump(State s, boolean jmp32, int op, boolean x, int d, int sr, Deque<State> work) {
        int pc = s.pc;
        switch (op) {
            case 0x00 -> { // JA (JMP32 JA is gotol with a 32-bit offset)
                work.push(next(s, pc + 1 + (jmp32 ? imm(pc) : off(pc))));
                return;
            }
            case 0x80 -> { // call; a poisoned one is followed like any call, so every reachable poisoned insn is found
                work.push(clobberCall(s, pc + 1));
                return;
            }
            case 0x90 -> {
                return; // exit
            }
            default -> { }
        }
        int target = pc + 1 + off(pc);
        boolean dk = known(s, d);
        boolean sk = x ? known(s, sr) : true;
        if (!dk || !sk) {
            work.push(next(s, pc + 1));
            work.push(next(s, target));
            return;
        }
        long a = s.regs[d];
        long b = x ? s.regs[sr] : imm(pc);
        if (jmp32) {
            a = a & 0xffffffffL;
            b = b & 0xffffffffL;
        }
        long sa = jmp32 ? (int) a : a;
        long sb = jmp32 ? (int) b : b;
        Boolean taken = switch (op) {
            case 0x10 -> a == b;
            case 0x20 -> Long.compareUnsigned(a, b) > 0;
            case 0x30 -> Long.compareUnsigned(a, b) >= 0;
            case 0x40 -> (a & b) != 0;
            case 0x50 -> a != b;
            case 0x60 -> sa > sb;
            case 0x70 -> sa >= sb;
            case 0xa0 -> Long.compareUnsigned(a, b) < 0;
            case 0xb0 -> Long.compareUnsigned(a, b) <= 0;
            case 0xc0 -> sa < sb;
            case 0xd0 -> sa <= sb;
            default -> null;
        };
        if (taken == null) {
            work.push(next(s, pc + 1));
            work.push(next(s, target));
        } else {
            work.push(next(s, taken ? target : pc + 1));
        }
    }

    private State alu(State s, boolean is64, int op, boolean x, int d, int sr) {
        int pc = s.pc;
        if (op == 0xd0) { // byte swap: value changes in a way not tracked here
            return set(s, pc + 1, d, false, 0);
        }
        boolean srcKnown = x ? known(s, sr) : true;
        long b = x ? s.regs[sr] : imm(pc);
        if (op == 0xb0) { // mov (movsx when off != 0: not tracked)
            if (x && off(pc) != 0) {
                return set(s, pc + 1, d, false, 0);
            }
            return set(s, pc + 1, d, srcKnown, is64 ? b : b & 0xffffffffL);
        }
        if (!known(s, d) || !srcKnown) {
            return set(s, pc + 1, d, false, 0);
        }
        long a = s.regs[d];
        long r;
        switch (op) {
            case 0x00 -> r = a + b;
            case 0x10 -> r = a - b;
            case 0x20 -> r = a * b;
            case 0x40 -> r = a | b;
            case 0x50 -> r = a & b;
            case 0x60 -> r = is64 ? a << (b & 63) : (long) ((int) a << (b & 31));
            case 0x70 -> r = is64 ? a >>> (b & 63) : (a & 0xffffffffL) >>> (b & 31);
            case 0x80 -> r = -a;
            case 0xa0 -> r = a ^ b;
            case 0xc0 -> r = is64 ? a >> (b & 63) : (long) ((int) a >> (b & 31));
            default -> {
                return set(s, pc + 1, d, false, 0); // div, mod: not needed for guards
            }
        }
        return set(s, pc + 1, d, true, is64 ? r : r & 0xffffffffL);
    }

    private static boolean known(State s, int reg) {
        return reg <= 10 && (s.known & (1 << reg)) != 0;
    }

    private static State next(State s, int pc) {
        return new State(pc, s.known, s.regs);
    }

    private static State set(State s, int pc, int reg, boolean known, long value) {
        if (reg > 10) {
            return next(s, pc);
        }
        long[] regs = s.regs.clone();
        regs[reg] = known ? value : 0;
        int k = known ? s.known | (1 << reg) : s.known & ~(1 << reg);
        return new State(pc, k, regs);
    }

    private static State clobberCall(State s, int pc) {
        long[] regs = s.regs.clone();
        for (int r = 0; r <= 5; r++) {
            regs[r] = 0;
        }
        return new State(pc, s.known & ~0x3f, regs);
    }
}
