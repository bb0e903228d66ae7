package io.bpfskel.link;

import java.util.List;

/**
 * Where a uprobe.multi link goes in its binary and what each place gets: either function names (or one glob pattern
 * passed to {@link Links#uprobeMulti}), or file offsets. The arrays that are given have one entry per place.
 *
 * @param symbols function names, resolved like {@link UprobeTarget#functionOffset}; null when offsets are given
 * @param offsets file offsets; null when symbols are given
 * @param refCtrOffsets USDT semaphore file offsets, or null
 * @param cookies {@code bpf_get_attach_cookie()} per place, or null
 * @param retprobe return probes ({@code BPF_F_UPROBE_MULTI_RETURN})
 * @param pid only this process triggers them; -1 for every process
 */
public record UprobeMultiOptions(List<String> symbols, long[] offsets, long[] refCtrOffsets, long[] cookies,
        boolean retprobe, int pid) {
    public UprobeMultiOptions {
        if (pid < -1) {
            throw new IllegalArgumentException("pid must be -1 (every process) or a process id, got " + pid);
        }
        symbols = symbols == null ? null : List.copyOf(symbols);
    }

    /** Place nothing yet: {@link Links#uprobeMulti} with a pattern finds the functions. */
    public static UprobeMultiOptions defaults() {
        return new UprobeMultiOptions(null, null, null, null, false, -1);
    }

    public static UprobeMultiOptions symbols(String... names) {
        return new UprobeMultiOptions(List.of(names), null, null, null, false, -1);
    }

    public static UprobeMultiOptions offsets(long... fileOffsets) {
        return new UprobeMultiOptions(null, fileOffsets.clone(), null, null, false, -1);
    }

    public UprobeMultiOptions withCookies(long... cookies) {
        return new UprobeMultiOptions(symbols, offsets, refCtrOffsets, cookies.clone(), retprobe, pid);
    }

    public UprobeMultiOptions withRefCtrOffsets(long... refCtrOffsets) {
        return new UprobeMultiOptions(symbols, offsets, refCtrOffsets.clone(), cookies, retprobe, pid);
    }

    public UprobeMultiOptions withRetprobe(boolean retprobe) {
        return new UprobeMultiOptions(symbols, offsets, refCtrOffsets, cookies, retprobe, pid);
    }

    public UprobeMultiOptions withPid(int pid) {
        return new UprobeMultiOptions(symbols, offsets, refCtrOffsets, cookies, retprobe, pid);
    }
}
