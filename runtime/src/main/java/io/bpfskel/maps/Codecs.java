package io.bpfskel.maps;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Codecs for C scalars, byte arrays and fixed-size strings.
 *
 * <p>Java has no unsigned types, so each unsigned C type decodes to the smallest Java type that holds
 * every value, except {@code __u64}:
 * <table>
 *   <caption>C type to Java type</caption>
 *   <tr><th>C</th><th>codec</th><th>Java</th><th>range checked on encode</th></tr>
 *   <tr><td>{@code __s8}</td><td>{@link #int8()}</td><td>{@code Byte}</td><td>-</td></tr>
 *   <tr><td>{@code __u8}</td><td>{@link #uint8()}</td><td>{@code Integer}</td><td>0..255</td></tr>
 *   <tr><td>{@code __s16}</td><td>{@link #int16()}</td><td>{@code Short}</td><td>-</td></tr>
 *   <tr><td>{@code __u16}</td><td>{@link #uint16()}</td><td>{@code Integer}</td><td>0..65535</td></tr>
 *   <tr><td>{@code __s32}</td><td>{@link #int32()}</td><td>{@code Integer}</td><td>-</td></tr>
 *   <tr><td>{@code __u32}</td><td>{@link #uint32()}</td><td>{@code Long}</td><td>0..2^32-1</td></tr>
 *   <tr><td>{@code __u32} as bits</td><td>{@link #uint32Bits()}</td><td>{@code Integer}</td><td>- (two's complement)</td></tr>
 *   <tr><td>{@code __s64}</td><td>{@link #int64()}</td><td>{@code Long}</td><td>-</td></tr>
 *   <tr><td>{@code __u64}</td><td>{@link #uint64()}</td><td>{@code Long}</td><td>- (two's complement: use
 *       {@link Long#toUnsignedString}, {@link Long#compareUnsigned})</td></tr>
 * </table>
 * All multi-byte values are in host byte order, as the kernel stores them.
 */
public final class Codecs {
    private Codecs() {}

    private static final Codec<Byte> INT8 = new Scalar<>(1) {
        @Override
        public void encode(Byte v, ByteBuffer b) {
            b.put(b.position(), v);
        }

        @Override
        public Byte decode(ByteBuffer b) {
            return b.get(b.position());
        }
    };

    private static final Codec<Integer> UINT8 = new Scalar<>(1) {
        @Override
        public void encode(Integer v, ByteBuffer b) {
            b.put(b.position(), (byte) checkRange(v, 0xFF, "__u8"));
        }

        @Override
        public Integer decode(ByteBuffer b) {
            return b.get(b.position()) & 0xFF;
        }
    };

    private static final Codec<Short> INT16 = new Scalar<>(2) {
        @Override
        public void encode(Short v, ByteBuffer b) {
            b.putShort(b.position(), v);
        }

        @Override
        public Short decode(ByteBuffer b) {
            return b.getShort(b.position());
        }
    };

    private static final Codec<Integer> UINT16 = new Scalar<>(2) {
        @Override
        public void encode(Integer v, ByteBuffer b) {
            b.putShort(b.position(), (short) checkRange(v, 0xFFFF, "__u16"));
        }

        @Override
        public Integer decode(ByteBuffer b) {
            return b.getShort(b.position()) & 0xFFFF;
        }
    };

    private static final Codec<Integer> INT32 = new Scalar<>(4) {
        @Override
        public void encode(Integer v, ByteBuffer b) {
            b.putInt(b.position(), v);
        }

        @Override
        public Integer decode(ByteBuffer b) {
            return b.getInt(b.position());
        }
    };

    private static final Codec<Long> UINT32 = new Scalar<>(4) {
        @Override
        public void encode(Long v, ByteBuffer b) {
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("value " + v + " is out of range for __u32 (0.." + 0xFFFF_FFFFL + ")");
            }
            b.putInt(b.position(), (int) (long) v);
        }

        @Override
        public Long decode(ByteBuffer b) {
            return Integer.toUnsignedLong(b.getInt(b.position()));
        }
    };

    private static final Codec<Long> INT64 = new Scalar<>(8) {
        @Override
        public void encode(Long v, ByteBuffer b) {
            b.putLong(b.position(), v);
        }

        @Override
        public Long decode(ByteBuffer b) {
            return b.getLong(b.position());
        }
    };

    private static final Codec<Boolean> BOOL = new Scalar<>(1) {
        @Override
        public void encode(Boolean v, ByteBuffer b) {
            b.put(b.position(), (byte) (v ? 1 : 0));
        }

        @Override
        public Boolean decode(ByteBuffer b) {
            return b.get(b.position()) != 0;
        }
    };

    private static final Codec<Float> FLOAT32 = new Scalar<>(4) {
        @Override
        public void encode(Float v, ByteBuffer b) {
            b.putFloat(b.position(), v);
        }

        @Override
        public Float decode(ByteBuffer b) {
            return b.getFloat(b.position());
        }
    };

    private static final Codec<Double> FLOAT64 = new Scalar<>(8) {
        @Override
        public void encode(Double v, ByteBuffer b) {
            b.putDouble(b.position(), v);
        }

        @Override
        public Double decode(ByteBuffer b) {
            return b.getDouble(b.position());
        }
    };

    /** {@code __s8} / {@code char}. */
    public static Codec<Byte> int8() {
        return INT8;
    }

    /** {@code __u8}, decoded as 0..255. */
    public static Codec<Integer> uint8() {
        return UINT8;
    }

    public static Codec<Short> int16() {
        return INT16;
    }

    /** {@code __u16}, decoded as 0..65535. */
    public static Codec<Integer> uint16() {
        return UINT16;
    }

    /** {@code __s32} / {@code int}. */
    public static Codec<Integer> int32() {
        return INT32;
    }

    /** {@code __u32}, decoded as 0..2^32-1 in a {@code Long}. */
    public static Codec<Long> uint32() {
        return UINT32;
    }

    /**
     * {@code __u32} carried in an {@code Integer} bit for bit (values above 2^31-1 read as negative); the
     * usual choice for array indexes, pids and ids, which never get that large.
     */
    public static Codec<Integer> uint32Bits() {
        return INT32;
    }

    /** {@code __s64} / {@code long}. */
    public static Codec<Long> int64() {
        return INT64;
    }

    /** {@code __u64}, two's complement in a {@code Long}: values from 2^63 up read as negative. */
    public static Codec<Long> uint64() {
        return INT64;
    }

    /** {@code bool} (one byte; any non-zero byte decodes as true). */
    public static Codec<Boolean> bool() {
        return BOOL;
    }

    public static Codec<Float> float32() {
        return FLOAT32;
    }

    public static Codec<Double> float64() {
        return FLOAT64;
    }

    /** Raw bytes of exactly {@code size} bytes; decode returns a fresh array. */
    public static Codec<byte[]> bytes(int size) {
        return new Scalar<>(size) {
            @Override
            public void encode(byte[] v, ByteBuffer b) {
                if (v.length != size) {
                    throw new IllegalArgumentException("expected " + size + " bytes, got " + v.length);
                }
                b.put(b.position(), v);
            }

            @Override
            public byte[] decode(ByteBuffer b) {
                byte[] out = new byte[size];
                b.get(b.position(), out);
                return out;
            }
        };
    }

    /**
     * A {@code char[size]} holding a NUL-terminated UTF-8 string (e.g. {@code comm}); encode refuses a
     * string that does not fit with its terminator, decode stops at the first NUL.
     */
    public static Codec<String> string(int size) {
        return new Scalar<>(size) {
            @Override
            public void encode(String v, ByteBuffer b) {
                byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
                if (bytes.length >= size) {
                    throw new IllegalArgumentException("string of " + bytes.length + " bytes does not fit char[" + size
                            + "] with its terminating NUL");
                }
                b.put(b.position(), bytes);
            }

            @Override
            public String decode(ByteBuffer b) {
                int start = b.position();
                int len = 0;
                while (len < size && b.get(start + len) != 0) {
                    len++;
                }
                byte[] out = new byte[len];
                b.get(start, out);
                return new String(out, StandardCharsets.UTF_8);
            }
        };
    }

    private static int checkRange(int v, int max, String type) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("value " + v + " is out of range for " + type + " (0.." + max + ")");
        }
        return v;
    }

    private abstract static class Scalar<T> implements Codec<T> {
        private final int size;

        Scalar(int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("codec size must be positive, got " + size);
            }
            this.size = size;
        }

        @Override
        public final int size() {
            return size;
        }

        @Override
        public String toString() {
            return "Codec(" + size + " bytes)";
        }
    }
}
