package io.bpfskel.maps;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Converts between a Java value and the fixed-size bytes of a map key, map value or ring-buffer record.
 *
 * <p>The contract, which generated record codecs rely on:
 * <ul>
 *   <li>{@link #encode} writes the value starting at {@code dst.position()}. The buffer is in host byte
 *       order (what the kernel uses), has exactly {@link #size()} bytes remaining, and those bytes are
 *       zero beforehand, so padding and fields that are not written stay zero (hash maps compare keys
 *       bytewise, padding included).</li>
 *   <li>{@link #decode} reads the value starting at {@code src.position()}, with at least
 *       {@link #size()} bytes remaining, in host byte order. The buffer is reused after decode returns:
 *       copy what you keep, never keep the buffer.</li>
 *   <li>Either may use relative accesses (which move the position) or absolute ones from
 *       {@code position()}; callers reset the position themselves.</li>
 * </ul>
 * A codec for {@code struct flow_key { __u32 saddr, daddr; __u16 sport, dport; __u8 proto; __u8 pad[3]; }}:
 * <pre>{@code
 * record FlowKey(int saddr, int daddr, short sport, short dport, byte proto) {
 *     static final Codec<FlowKey> CODEC = Codec.of(16,
 *             (k, b) -> b.putInt(k.saddr).putInt(k.daddr).putShort(k.sport).putShort(k.dport).put(k.proto),
 *             b -> new FlowKey(b.getInt(), b.getInt(), b.getShort(), b.getShort(), b.get()));
 * }
 * }</pre>
 * In per-CPU maps each CPU's value occupies {@code size()} rounded up to 8 bytes; the views handle
 * that padding, a codec only ever sees one CPU's value.
 *
 * @param <T> the Java type
 */
public interface Codec<T> {
    /** Bytes of one encoded value: the map's key or value size. */
    int size();

    void encode(T value, ByteBuffer dst);

    T decode(ByteBuffer src);

    /**
     * Decodes into {@code target} and returns it, so that a lookup into a reused instance allocates nothing
     * (see {@link TypedMap#lookupInto(Object, Object)}). Same buffer contract as {@link #decode}. The default,
     * right for immutable types such as records, ignores the target and returns {@link #decode}; codecs of
     * mutable types override it.
     */
    default T decodeInto(ByteBuffer src, T target) {
        return decode(src);
    }

    /** A codec from two functions. */
    static <T> Codec<T> of(int size, BiConsumer<? super T, ByteBuffer> encoder, Function<ByteBuffer, ? extends T> decoder) {
        if (size <= 0) {
            throw new IllegalArgumentException("codec size must be positive, got " + size);
        }
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
        return new Codec<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public void encode(T value, ByteBuffer dst) {
                encoder.accept(value, dst);
            }

            @Override
            public T decode(ByteBuffer src) {
                return decoder.apply(src);
            }

            @Override
            public String toString() {
                return "Codec(" + size + " bytes)";
            }
        };
    }

    /** This codec seen through a conversion, e.g. a {@code __u32} as an enum. */
    default <R> Codec<R> map(Function<? super R, ? extends T> to, Function<? super T, ? extends R> from) {
        Codec<T> self = this;
        return of(size(), (r, b) -> self.encode(to.apply(r), b), b -> from.apply(self.decode(b)));
    }
}
