package io.bpfskel.skel;

import io.bpfskel.BpfCollection;
import io.bpfskel.MemoryView;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The memory behind a generated skeleton view: a global-data section of a {@link BpfCollection} or any
 * {@link ByteBuffer}. Section views go through {@link MemoryView}, so after the collection is closed every
 * accessor throws {@link IllegalStateException} naming the section, never touching unmapped memory. Generated accessors read and write through it at absolute offsets, in the BPF object's
 * byte order; every access re-checks the collection's state, so a view obtained before {@code load()} keeps
 * working on the live map memory after it.
 *
 * <p>Section access rules, as libbpf's skeleton: {@code .bss}/{@code .data} are read-write before and after
 * load; {@code .rodata} is writable only before load (then the kernel freezes it); {@code .kconfig} is readable
 * only after load (the loader fills it from the running kernel) and never writable.
 */
public abstract class ViewMemory {
    /** How a section may be accessed. */
    public enum Access {
        /** {@code .bss}, {@code .data}, {@code .data.*}: read and write, before and after load. */
        READ_WRITE,
        /** {@code .rodata}, {@code .rodata.*}: read any time, write only before load. */
        WRITE_BEFORE_LOAD,
        /** {@code .kconfig}: read only after load, never write. */
        READ_AFTER_LOAD
    }

    /** The memory for reading, with the object's byte order; absolute offsets. */
    protected abstract MemoryView readable();

    /** The memory for writing, with the object's byte order; throws {@link IllegalStateException} when not allowed. */
    protected abstract MemoryView writable();

    /** Views over a plain buffer (e.g. a map value read into memory), read-write, in {@code order}. */
    public static ViewMemory of(ByteBuffer buffer, ByteOrder order) {
        MemoryView b = MemoryView.of("buffer", buffer.duplicate().order(order));
        return new ViewMemory() {
            @Override
            protected MemoryView readable() {
                return b;
            }

            @Override
            protected MemoryView writable() {
                return b;
            }
        };
    }

    /** Views over the global-data section {@code section} of {@code obj}. */
    public static ViewMemory section(BpfCollection obj, String section, ByteOrder order, Access access) {
        return new SectionMemory(obj, section, order, access);
    }

    public final boolean getBoolean(int off) {
        return readable().get(off) != 0;
    }

    public final void putBoolean(int off, boolean v) {
        writable().put(off, (byte) (v ? 1 : 0));
    }

    public final byte getByte(int off) {
        return readable().get(off);
    }

    public final void putByte(int off, byte v) {
        writable().put(off, v);
    }

    public final short getShort(int off) {
        return readable().getShort(off);
    }

    public final void putShort(int off, short v) {
        writable().putShort(off, v);
    }

    public final int getInt(int off) {
        return readable().getInt(off);
    }

    public final void putInt(int off, int v) {
        writable().putInt(off, v);
    }

    public final long getLong(int off) {
        return readable().getLong(off);
    }

    public final void putLong(int off, long v) {
        writable().putLong(off, v);
    }

    public final float getFloat(int off) {
        return readable().getFloat(off);
    }

    public final void putFloat(int off, float v) {
        writable().putFloat(off, v);
    }

    public final double getDouble(int off) {
        return readable().getDouble(off);
    }

    public final void putDouble(int off, double v) {
        writable().putDouble(off, v);
    }

    /** An integer of 1, 2, 4 or 8 bytes, sign- or zero-extended to a long (enums of any size). */
    public final long getInteger(int off, int size, boolean signed) {
        MemoryView b = readable();
        switch (size) {
            case 1: return signed ? b.get(off) : Byte.toUnsignedLong(b.get(off));
            case 2: return signed ? b.getShort(off) : Short.toUnsignedLong(b.getShort(off));
            case 4: return signed ? b.getInt(off) : Integer.toUnsignedLong(b.getInt(off));
            case 8: return b.getLong(off);
            default: throw new IllegalArgumentException("integer size " + size);
        }
    }

    /** Stores the low {@code size} bytes of {@code v}. */
    public final void putInteger(int off, int size, long v) {
        MemoryView b = writable();
        switch (size) {
            case 1 -> b.put(off, (byte) v);
            case 2 -> b.putShort(off, (short) v);
            case 4 -> b.putInt(off, (int) v);
            case 8 -> b.putLong(off, v);
            default -> throw new IllegalArgumentException("integer size " + size);
        }
    }

    /** A copy of {@code len} bytes at {@code off}. */
    public final byte[] getBytes(int off, int len) {
        byte[] out = new byte[len];
        readable().get(off, out);
        return out;
    }

    /** Writes {@code v} at {@code off} and zeroes the rest of the {@code len}-byte field; {@code v} must fit. */
    public final void putBytes(int off, int len, byte[] v) {
        Objects.requireNonNull(v, "value");
        if (v.length > len) {
            throw new IllegalArgumentException(v.length + " bytes do not fit in a " + len + "-byte field");
        }
        MemoryView b = writable();
        b.put(off, v);
        for (int i = v.length; i < len; i++) {
            b.put(off + i, (byte) 0);
        }
    }

    /** A C string in a {@code len}-byte char array: the bytes before the first NUL (or all), as UTF-8. */
    public final String getString(int off, int len) {
        byte[] raw = getBytes(off, len);
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        return new String(raw, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Stores {@code v} as UTF-8, NUL-terminated and zero-padded; it must leave room for the NUL
     * ({@code len - 1} bytes at most).
     */
    public final void putString(int off, int len, String v) {
        byte[] bytes = Objects.requireNonNull(v, "value").getBytes(StandardCharsets.UTF_8);
        if (bytes.length > len - 1) {
            throw new IllegalArgumentException("\"" + v + "\" is " + bytes.length + " bytes in UTF-8; a char[" + len
                    + "] holds at most " + (len - 1) + " plus the terminating NUL");
        }
        putBytes(off, len, bytes);
    }

    /**
     * A bitfield: {@code bits} bits starting {@code bitOff} bits into the byte at {@code off} (BTF numbering: from
     * the least significant bit on little-endian objects, from the most significant on big-endian ones).
     */
    public final long getBits(int off, int bitOff, int bits, boolean signed) {
        MemoryView b = readable();
        int n = (bitOff + bits + 7) / 8;
        long raw = load(b, off, n);
        int shift = shift(b.order(), n, bitOff, bits);
        long v = raw >>> shift;
        if (bits < 64) {
            v &= (1L << bits) - 1;
            if (signed && (v & (1L << (bits - 1))) != 0) {
                v |= -1L << bits;
            }
        }
        return v;
    }

    /** Stores the low {@code bits} bits of {@code v} into a bitfield, leaving the neighbouring bits alone. */
    public final void putBits(int off, int bitOff, int bits, long v) {
        MemoryView b = writable();
        int n = (bitOff + bits + 7) / 8;
        long raw = load(b, off, n);
        int shift = shift(b.order(), n, bitOff, bits);
        long mask = (bits == 64 ? -1L : (1L << bits) - 1) << shift;
        raw = (raw & ~mask) | ((v << shift) & mask);
        for (int i = 0; i < n; i++) {
            int byteShift = b.order() == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (n - 1 - i);
            b.put(off + i, (byte) (raw >>> byteShift));
        }
    }

    private static long load(MemoryView b, int off, int n) {
        if (n > 8) {
            throw new IllegalArgumentException("bitfield spans " + n + " bytes");
        }
        long raw = 0;
        for (int i = 0; i < n; i++) {
            long by = b.get(off + i) & 0xffL;
            raw |= b.order() == ByteOrder.LITTLE_ENDIAN ? by << (8 * i) : by << (8 * (n - 1 - i));
        }
        return raw;
    }

    private static int shift(ByteOrder order, int n, int bitOff, int bits) {
        return order == ByteOrder.LITTLE_ENDIAN ? bitOff : n * 8 - bitOff - bits;
    }

    /** A section of a collection; the buffer is fetched again whenever the collection's state changed. */
    private static final class SectionMemory extends ViewMemory {
        private final BpfCollection obj;
        private final String section;
        private final ByteOrder order;
        private final Access access;
        /** The buffer and the state it was fetched in, swapped as one reference (no torn reads across threads). */
        private Snapshot cached;

        private record Snapshot(BpfCollection.State state, MemoryView buffer) {}

        SectionMemory(BpfCollection obj, String section, ByteOrder order, Access access) {
            this.obj = Objects.requireNonNull(obj, "obj");
            this.section = section;
            this.order = order;
            this.access = access;
        }

        @Override
        protected MemoryView readable() {
            BpfCollection.State state = obj.state();
            if (access == Access.READ_AFTER_LOAD && state != BpfCollection.State.LOADED) {
                throw new IllegalStateException(section + " is readable only after load(): the loader fills it from the "
                        + "running kernel (object is " + state.name().toLowerCase() + ")");
            }
            return buffer(state);
        }

        @Override
        protected MemoryView writable() {
            BpfCollection.State state = obj.state();
            if (access == Access.READ_AFTER_LOAD) {
                throw new IllegalStateException(section + " is read-only: its values come from the running kernel");
            }
            if (access == Access.WRITE_BEFORE_LOAD && state != BpfCollection.State.OPENED) {
                throw new IllegalStateException(section + " is writable only before load(): the kernel freezes it at load "
                        + "(object is " + state.name().toLowerCase() + ")");
            }
            return buffer(state);
        }

        private MemoryView buffer(BpfCollection.State state) {
            Snapshot s = cached;
            if (s == null || s.state() != state) {
                s = new Snapshot(state, obj.dataSection(section).order(order));
                cached = s;
            }
            return s.buffer();
        }
    }
}
