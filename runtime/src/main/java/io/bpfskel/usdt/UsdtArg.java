package io.bpfskel.usdt;

/**
 * Where one USDT argument lives when the probe fires, as libbpf's {@code usdt.bpf.h} reads it: a constant, a
 * register, memory at register + offset, or memory at base + (index &lt;&lt; scale) + offset.
 *
 * @param text the argument as the note spells it, e.g. {@code -4@-20(%rbp)}
 * @param size the argument's size in bytes: 1, 2, 4 or 8
 * @param signed whether the value is sign-extended to 64 bits
 * @param kind where the value is
 * @param valOff the constant (CONST) or the memory displacement (REG_DEREF, SIB)
 * @param register the (base) register name, or null for constants
 * @param regOff offset of {@code register} in the architecture's {@code struct pt_regs}
 * @param indexRegister the index register of SIB addressing, else null
 * @param idxRegOff offset of {@code indexRegister} in {@code struct pt_regs}
 * @param scaleShift log2 of the SIB scale (0..3)
 * @param symbol for {@code sym(%rip)} arguments the symbol the address is relative to, else null; {@code valOff} is
 *     then the distance from the probe's address to the symbol (plus addend)
 */
public record UsdtArg(String text, int size, boolean signed, Kind kind, long valOff, String register, int regOff,
        String indexRegister, int idxRegOff, int scaleShift, String symbol) {

    /** {@code enum __bpf_usdt_arg_type}; the numbers are what the BPF side switches on. */
    public enum Kind {
        CONST(0), REG(1), REG_DEREF(2), SIB(3);

        private final int number;

        Kind(int number) {
            this.number = number;
        }

        public int number() {
            return number;
        }
    }

    /** How many bits the BPF side shifts out to narrow the 8-byte read to {@link #size()}. */
    public int bitShift() {
        return 64 - 8 * size;
    }

    UsdtArg withRipDisplacement(long displacement) {
        return new UsdtArg(text, size, signed, kind, displacement, register, regOff, indexRegister, idxRegOff,
                scaleShift, symbol);
    }

    /** A readable location: {@code $5}, {@code %eax}, {@code [%rbp - 20]}, {@code [%rbp + %rax*8 - 96]}. */
    public String describe() {
        String type = (signed ? "s" : "u") + (size * 8);
        String where;
        switch (kind) {
            case CONST:
                where = "$" + valOff;
                break;
            case REG:
                where = "%" + register;
                break;
            case REG_DEREF:
                where = symbol != null ? "[" + symbol + "]" : "[%" + register + offset(valOff) + "]";
                break;
            default:
                where = "[%" + register + " + %" + indexRegister + (scaleShift > 0 ? "*" + (1 << scaleShift) : "")
                        + offset(valOff) + "]";
                break;
        }
        return type + " " + where;
    }

    private static String offset(long v) {
        return v == 0 ? "" : v > 0 ? " + " + v : " - " + (-v);
    }
}
