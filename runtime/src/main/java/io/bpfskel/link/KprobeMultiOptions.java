package io.bpfskel.link;

import java.util.List;

/**
 * Where a kprobe.multi link goes: kernel function names (or one glob pattern passed to {@link Links#kprobeMulti}),
 * or addresses; optional cookies, one per place.
 *
 * @param retprobe return probes ({@code BPF_F_KPROBE_MULTI_RETURN})
 */
public record KprobeMultiOptions(List<String> symbols, long[] addresses, long[] cookies, boolean retprobe) {
    public KprobeMultiOptions {
        symbols = symbols == null ? null : List.copyOf(symbols);
    }

    public static KprobeMultiOptions defaults() {
        return new KprobeMultiOptions(null, null, null, false);
    }

    public static KprobeMultiOptions symbols(String... names) {
        return new KprobeMultiOptions(List.of(names), null, null, false);
    }

    public static KprobeMultiOptions addresses(long... addresses) {
        return new KprobeMultiOptions(null, addresses.clone(), null, false);
    }

    public KprobeMultiOptions withCookies(long... cookies) {
        return new KprobeMultiOptions(symbols, addresses, cookies.clone(), retprobe);
    }

    public KprobeMultiOptions withRetprobe(boolean retprobe) {
        return new KprobeMultiOptions(symbols, addresses, cookies, retprobe);
    }
}
