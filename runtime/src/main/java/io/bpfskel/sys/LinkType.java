package io.bpfskel.sys;

/** {@code enum bpf_link_type} from uapi linux/bpf.h (generated from the 6.12 header). */
public final class LinkType {
    public static final int UNSPEC = 0;
    public static final int RAW_TRACEPOINT = 1;
    public static final int TRACING = 2;
    public static final int CGROUP = 3;
    public static final int ITER = 4;
    public static final int NETNS = 5;
    public static final int XDP = 6;
    public static final int PERF_EVENT = 7;
    public static final int KPROBE_MULTI = 8;
    public static final int STRUCT_OPS = 9;
    public static final int NETFILTER = 10;
    public static final int TCX = 11;
    public static final int UPROBE_MULTI = 12;
    public static final int NETKIT = 13;
    public static final int SOCKMAP = 14;

    private LinkType() {}

    /** The uapi name without the {@code BPF_LINK_TYPE_} prefix, or the number for values newer than this list. */
    public static String name(int value) {
        switch (value) {
            case 0: return "UNSPEC";
            case 1: return "RAW_TRACEPOINT";
            case 2: return "TRACING";
            case 3: return "CGROUP";
            case 4: return "ITER";
            case 5: return "NETNS";
            case 6: return "XDP";
            case 7: return "PERF_EVENT";
            case 8: return "KPROBE_MULTI";
            case 9: return "STRUCT_OPS";
            case 10: return "NETFILTER";
            case 11: return "TCX";
            case 12: return "UPROBE_MULTI";
            case 13: return "NETKIT";
            case 14: return "SOCKMAP";
            default: return Integer.toString(value);
        }
    }
}
