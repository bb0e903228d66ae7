package io.bpfskel.link;

import io.bpfskel.uapi.LinkType;

/** How a program is attached; one per attach method of {@link Links}. */
public enum AttachKind {
    TRACEPOINT,
    RAW_TRACEPOINT,
    KPROBE,
    UPROBE,
    /** A USDT probe: every site of {@code provider:name} in one binary, as one link. */
    USDT,
    /** Many uprobes of one binary in one {@code BPF_LINK_TYPE_UPROBE_MULTI} link. */
    UPROBE_MULTI,
    /** Many kprobes in one {@code BPF_LINK_TYPE_KPROBE_MULTI} link. */
    KPROBE_MULTI,
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
        LinkType t = LinkType.of(linkType);
        if (t == null) {
            return OTHER;
        }
        return switch (t) {
            case RAW_TRACEPOINT -> RAW_TRACEPOINT;
            case TRACING -> TRACING;
            case CGROUP -> CGROUP;
            case ITER -> ITER;
            case NETNS -> NETNS;
            case XDP -> XDP;
            case PERF_EVENT -> PERF_EVENT;
            case TCX -> TCX;
            case UPROBE_MULTI -> UPROBE_MULTI;
            case KPROBE_MULTI -> KPROBE_MULTI;
            case STRUCT_OPS -> STRUCT_OPS;
            default -> OTHER;
        };
    }
}
