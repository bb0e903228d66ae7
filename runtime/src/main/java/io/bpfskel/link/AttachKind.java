package io.bpfskel.link;

import io.bpfskel.sys.LinkType;

/** How a program is attached; one per attach method of {@link Links}. */
public enum AttachKind {
    TRACEPOINT,
    RAW_TRACEPOINT,
    KPROBE,
    UPROBE,
    PERF_EVENT,
    /** fentry, fexit, fmod_ret, tp_btf. */
    TRACING,
    LSM,
    ITER,
    XDP,
    TCX,
    CGROUP,
    SOCKET_FILTER,
    /** A network namespace: sk_lookup or flow dissector. */
    NETNS,
    /** A struct_ops map registered with the kernel (its value, or a BPF link to it). */
    STRUCT_OPS,
    /** A kernel link of a type this list has no better name for (e.g. opened from a pin). */
    OTHER;

    /** The kind of a kernel link known only by its {@code bpf_link_type} (a pinned link). */
    static AttachKind ofLinkType(int linkType) {
        switch (linkType) {
            case LinkType.RAW_TRACEPOINT:
                return RAW_TRACEPOINT;
            case LinkType.TRACING:
                return TRACING;
            case LinkType.CGROUP:
                return CGROUP;
            case LinkType.ITER:
                return ITER;
            case LinkType.NETNS:
                return NETNS;
            case LinkType.XDP:
                return XDP;
            case LinkType.PERF_EVENT:
                return PERF_EVENT;
            case LinkType.TCX:
                return TCX;
            case LinkType.STRUCT_OPS:
                return STRUCT_OPS;
            default:
                return OTHER;
        }
    }
}
