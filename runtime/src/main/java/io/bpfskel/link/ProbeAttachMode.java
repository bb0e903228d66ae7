package io.bpfskel.link;

/**
 * How a kprobe, uprobe or perf-event attachment reaches the kernel (libbpf's {@code probe_attach_mode}).
 */
public enum ProbeAttachMode {
    /** The newest mechanism the kernel has: probe PMU if present, else tracefs; BPF link if possible, else ioctl. */
    DEFAULT,
    /** A probe created through tracefs ({@code kprobe_events}/{@code uprobe_events}), attached with ioctl. */
    LEGACY,
    /** A probe PMU perf event attached with {@code PERF_EVENT_IOC_SET_BPF} (not a BPF link, not pinnable). */
    PERF,
    /** A probe PMU perf event attached with {@code BPF_LINK_CREATE} (pinnable). */
    LINK
}
