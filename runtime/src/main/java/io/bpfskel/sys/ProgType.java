package io.bpfskel.sys;

/** {@code enum bpf_prog_type} from uapi linux/bpf.h (generated from the 6.12 header). */
public final class ProgType {
    public static final int UNSPEC = 0;
    public static final int SOCKET_FILTER = 1;
    public static final int KPROBE = 2;
    public static final int SCHED_CLS = 3;
    public static final int SCHED_ACT = 4;
    public static final int TRACEPOINT = 5;
    public static final int XDP = 6;
    public static final int PERF_EVENT = 7;
    public static final int CGROUP_SKB = 8;
    public static final int CGROUP_SOCK = 9;
    public static final int LWT_IN = 10;
    public static final int LWT_OUT = 11;
    public static final int LWT_XMIT = 12;
    public static final int SOCK_OPS = 13;
    public static final int SK_SKB = 14;
    public static final int CGROUP_DEVICE = 15;
    public static final int SK_MSG = 16;
    public static final int RAW_TRACEPOINT = 17;
    public static final int CGROUP_SOCK_ADDR = 18;
    public static final int LWT_SEG6LOCAL = 19;
    public static final int LIRC_MODE2 = 20;
    public static final int SK_REUSEPORT = 21;
    public static final int FLOW_DISSECTOR = 22;
    public static final int CGROUP_SYSCTL = 23;
    public static final int RAW_TRACEPOINT_WRITABLE = 24;
    public static final int CGROUP_SOCKOPT = 25;
    public static final int TRACING = 26;
    public static final int STRUCT_OPS = 27;
    public static final int EXT = 28;
    public static final int LSM = 29;
    public static final int SK_LOOKUP = 30;
    public static final int SYSCALL = 31;
    public static final int NETFILTER = 32;

    private ProgType() {}

    /** The uapi name without the {@code BPF_PROG_TYPE_} prefix, or the number for values newer than this list. */
    public static String name(int value) {
        switch (value) {
            case 0: return "UNSPEC";
            case 1: return "SOCKET_FILTER";
            case 2: return "KPROBE";
            case 3: return "SCHED_CLS";
            case 4: return "SCHED_ACT";
            case 5: return "TRACEPOINT";
            case 6: return "XDP";
            case 7: return "PERF_EVENT";
            case 8: return "CGROUP_SKB";
            case 9: return "CGROUP_SOCK";
            case 10: return "LWT_IN";
            case 11: return "LWT_OUT";
            case 12: return "LWT_XMIT";
            case 13: return "SOCK_OPS";
            case 14: return "SK_SKB";
            case 15: return "CGROUP_DEVICE";
            case 16: return "SK_MSG";
            case 17: return "RAW_TRACEPOINT";
            case 18: return "CGROUP_SOCK_ADDR";
            case 19: return "LWT_SEG6LOCAL";
            case 20: return "LIRC_MODE2";
            case 21: return "SK_REUSEPORT";
            case 22: return "FLOW_DISSECTOR";
            case 23: return "CGROUP_SYSCTL";
            case 24: return "RAW_TRACEPOINT_WRITABLE";
            case 25: return "CGROUP_SOCKOPT";
            case 26: return "TRACING";
            case 27: return "STRUCT_OPS";
            case 28: return "EXT";
            case 29: return "LSM";
            case 30: return "SK_LOOKUP";
            case 31: return "SYSCALL";
            case 32: return "NETFILTER";
            default: return Integer.toString(value);
        }
    }
}
