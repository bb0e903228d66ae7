package io.bpfskel.usdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The bytes of a {@code struct __bpf_usdt_spec}, the value of the {@code __bpf_usdt_specs} map that
 * {@code bpf_usdt_arg()} reads. Two layouts exist and the object's own header decides which one its BPF code reads:
 * libbpf up to 1.6 (16-byte argument records, 208-byte spec, no SIB) and 1.7 on (24-byte records with the SIB index
 * register and scale, 304-byte spec). The map's value size tells them apart.
 */
public enum UsdtSpecLayout {
    /** usdt.bpf.h of libbpf 0.8 to 1.6. */
    V1(16, 208),
    /** usdt.bpf.h of libbpf 1.7 and later (SIB arguments). */
    V2(24, 304);

    private final int argSize;
    private final int specSize;

    UsdtSpecLayout(int argSize, int specSize) {
        this.argSize = argSize;
        this.specSize = specSize;
    }

    public int specSize() {
        return specSize;
    }

    /**
     * The layout of a {@code __bpf_usdt_specs} map with this value size.
     *
     * @throws IllegalArgumentException for a size no usdt.bpf.h produces
     */
    public static UsdtSpecLayout ofValueSize(int valueSize) {
        for (UsdtSpecLayout l : values()) {
            if (l.specSize == valueSize) {
                return l;
            }
        }
        throw new IllegalArgumentException("__bpf_usdt_specs has values of " + valueSize + " bytes; libbpf's usdt.bpf.h "
                + "makes them 208 (libbpf <= 1.6) or 304 bytes (libbpf >= 1.7)");
    }

    /**
     * Encodes a spec in the byte order of the BPF program.
     *
     * @param cookie what {@code bpf_usdt_cookie()} returns
     * @throws IllegalArgumentException for a SIB argument in the V1 layout, which cannot express it
     */
    public byte[] encode(List<UsdtArg> args, long cookie, ByteOrder order) {
        if (args.size() > UsdtArgParser.MAX_ARGS) {
            throw new IllegalArgumentException(args.size() + " arguments; usdt.bpf.h reads at most " + UsdtArgParser.MAX_ARGS);
        }
        ByteBuffer b = ByteBuffer.allocate(specSize).order(order);
        for (int i = 0; i < args.size(); i++) {
            UsdtArg a = args.get(i);
            int at = i * argSize;
            b.putLong(at, a.valOff());
            if (this == V1) {
                if (a.kind() == UsdtArg.Kind.SIB) {
                    throw new IllegalArgumentException("argument " + i + " '" + a.text() + "' uses base+index addressing, "
                            + "which the object's usdt.bpf.h (libbpf <= 1.6, 208-byte specs) cannot read; build it "
                            + "against libbpf >= 1.7's usdt.bpf.h");
                }
                b.putInt(at + 8, a.kind().number());
                b.putShort(at + 12, (short) a.regOff());
                b.put(at + 14, (byte) (a.signed() ? 1 : 0));
                b.put(at + 15, (byte) a.bitShift());
            } else {
                if (order != ByteOrder.LITTLE_ENDIAN) {
                    // The bitfield group is declared in reverse there; no big-endian target runs USDT probes
                    // bpfskel can attach to, so refuse rather than guess.
                    throw new IllegalArgumentException("the libbpf >= 1.7 USDT spec layout is only supported little-endian");
                }
                // enum arg_type:8, then u16 idx_reg_off:12 and scale_bitshift:4 in the u16 at byte 10.
                b.put(at + 8, (byte) a.kind().number());
                b.putShort(at + 10, (short) ((a.idxRegOff() & 0xfff) | (a.scaleShift() << 12)));
                b.putShort(at + 14, (short) a.regOff());
                b.put(at + 16, (byte) (a.signed() ? 1 : 0));
                b.put(at + 17, (byte) a.bitShift());
            }
        }
        b.putLong(argSize * UsdtArgParser.MAX_ARGS, cookie);
        b.putShort(argSize * UsdtArgParser.MAX_ARGS + 8, (short) args.size());
        return b.array();
    }
}
