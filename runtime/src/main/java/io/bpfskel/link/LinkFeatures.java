package io.bpfskel.link;

import io.bpfskel.sys.UprobeMultiSupport;
import java.nio.file.Files;
import java.nio.file.Path;

/** Link kinds of the running kernel, probed once per JVM the way libbpf probes them. */
public final class LinkFeatures {
    private LinkFeatures() {}

    /**
     * Whether the kernel has uprobe.multi links with the process-level pid filter (6.6+, the fix in 6.9): libbpf's
     * probe, a {@code BPF_LINK_CREATE} on path "/" must fail with EBADF, and with pid -1 with EINVAL. Where it
     * does, {@code usdt} programs are loaded with {@code BPF_TRACE_UPROBE_MULTI}, as libbpf loads them.
     */
    public static boolean uprobeMultiLink() {
        return UprobeMultiSupport.available();
    }

    /** Whether the uprobe PMU takes a USDT semaphore ({@code ref_ctr_offset}) for per-location uprobes. */
    public static boolean uprobeRefCtrOffset() {
        return Files.exists(Path.of("/sys/bus/event_source/devices/uprobe/format/ref_ctr_offset"));
    }
}
