package io.bpfskel.sys;

/** {@code enum bpf_attach_type} from uapi linux/bpf.h (generated from the 6.12 header). */
public final class AttachType {
    public static final int CGROUP_INET_INGRESS = 0;
    public static final int CGROUP_INET_EGRESS = 1;
    public static final int CGROUP_INET_SOCK_CREATE = 2;
    public static final int CGROUP_SOCK_OPS = 3;
    public static final int SK_SKB_STREAM_PARSER = 4;
    public static final int SK_SKB_STREAM_VERDICT = 5;
    public static final int CGROUP_DEVICE = 6;
    public static final int SK_MSG_VERDICT = 7;
    public static final int CGROUP_INET4_BIND = 8;
    public static final int CGROUP_INET6_BIND = 9;
    public static final int CGROUP_INET4_CONNECT = 10;
    public static final int CGROUP_INET6_CONNECT = 11;
    public static final int CGROUP_INET4_POST_BIND = 12;
    public static final int CGROUP_INET6_POST_BIND = 13;
    public static final int CGROUP_UDP4_SENDMSG = 14;
    public static final int CGROUP_UDP6_SENDMSG = 15;
    public static final int LIRC_MODE2 = 16;
    public static final int FLOW_DISSECTOR = 17;
    public static final int CGROUP_SYSCTL = 18;
    public static final int CGROUP_UDP4_RECVMSG = 19;
    public static final int CGROUP_UDP6_RECVMSG = 20;
    public static final int CGROUP_GETSOCKOPT = 21;
    public static final int CGROUP_SETSOCKOPT = 22;
    public static final int TRACE_RAW_TP = 23;
    public static final int TRACE_FENTRY = 24;
    public static final int TRACE_FEXIT = 25;
    public static final int MODIFY_RETURN = 26;
    public static final int LSM_MAC = 27;
    public static final int TRACE_ITER = 28;
    public static final int CGROUP_INET4_GETPEERNAME = 29;
    public static final int CGROUP_INET6_GETPEERNAME = 30;
    public static final int CGROUP_INET4_GETSOCKNAME = 31;
    public static final int CGROUP_INET6_GETSOCKNAME = 32;
    public static final int XDP_DEVMAP = 33;
    public static final int CGROUP_INET_SOCK_RELEASE = 34;
    public static final int XDP_CPUMAP = 35;
    public static final int SK_LOOKUP = 36;
    public static final int XDP = 37;
    public static final int SK_SKB_VERDICT = 38;
    public static final int SK_REUSEPORT_SELECT = 39;
    public static final int SK_REUSEPORT_SELECT_OR_MIGRATE = 40;
    public static final int PERF_EVENT = 41;
    public static final int TRACE_KPROBE_MULTI = 42;
    public static final int LSM_CGROUP = 43;
    public static final int STRUCT_OPS = 44;
    public static final int NETFILTER = 45;
    public static final int TCX_INGRESS = 46;
    public static final int TCX_EGRESS = 47;
    public static final int TRACE_UPROBE_MULTI = 48;
    public static final int CGROUP_UNIX_CONNECT = 49;
    public static final int CGROUP_UNIX_SENDMSG = 50;
    public static final int CGROUP_UNIX_RECVMSG = 51;
    public static final int CGROUP_UNIX_GETPEERNAME = 52;
    public static final int CGROUP_UNIX_GETSOCKNAME = 53;
    public static final int NETKIT_PRIMARY = 54;
    public static final int NETKIT_PEER = 55;
    public static final int TRACE_KPROBE_SESSION = 56;

    private AttachType() {}

    /** The uapi name without the {@code BPF_} prefix, or the number for values newer than this list. */
    public static String name(int value) {
        switch (value) {
            case 0: return "CGROUP_INET_INGRESS";
            case 1: return "CGROUP_INET_EGRESS";
            case 2: return "CGROUP_INET_SOCK_CREATE";
            case 3: return "CGROUP_SOCK_OPS";
            case 4: return "SK_SKB_STREAM_PARSER";
            case 5: return "SK_SKB_STREAM_VERDICT";
            case 6: return "CGROUP_DEVICE";
            case 7: return "SK_MSG_VERDICT";
            case 8: return "CGROUP_INET4_BIND";
            case 9: return "CGROUP_INET6_BIND";
            case 10: return "CGROUP_INET4_CONNECT";
            case 11: return "CGROUP_INET6_CONNECT";
            case 12: return "CGROUP_INET4_POST_BIND";
            case 13: return "CGROUP_INET6_POST_BIND";
            case 14: return "CGROUP_UDP4_SENDMSG";
            case 15: return "CGROUP_UDP6_SENDMSG";
            case 16: return "LIRC_MODE2";
            case 17: return "FLOW_DISSECTOR";
            case 18: return "CGROUP_SYSCTL";
            case 19: return "CGROUP_UDP4_RECVMSG";
            case 20: return "CGROUP_UDP6_RECVMSG";
            case 21: return "CGROUP_GETSOCKOPT";
            case 22: return "CGROUP_SETSOCKOPT";
            case 23: return "TRACE_RAW_TP";
            case 24: return "TRACE_FENTRY";
            case 25: return "TRACE_FEXIT";
            case 26: return "MODIFY_RETURN";
            case 27: return "LSM_MAC";
            case 28: return "TRACE_ITER";
            case 29: return "CGROUP_INET4_GETPEERNAME";
            case 30: return "CGROUP_INET6_GETPEERNAME";
            case 31: return "CGROUP_INET4_GETSOCKNAME";
            case 32: return "CGROUP_INET6_GETSOCKNAME";
            case 33: return "XDP_DEVMAP";
            case 34: return "CGROUP_INET_SOCK_RELEASE";
            case 35: return "XDP_CPUMAP";
            case 36: return "SK_LOOKUP";
            case 37: return "XDP";
            case 38: return "SK_SKB_VERDICT";
            case 39: return "SK_REUSEPORT_SELECT";
            case 40: return "SK_REUSEPORT_SELECT_OR_MIGRATE";
            case 41: return "PERF_EVENT";
            case 42: return "TRACE_KPROBE_MULTI";
            case 43: return "LSM_CGROUP";
            case 44: return "STRUCT_OPS";
            case 45: return "NETFILTER";
            case 46: return "TCX_INGRESS";
            case 47: return "TCX_EGRESS";
            case 48: return "TRACE_UPROBE_MULTI";
            case 49: return "CGROUP_UNIX_CONNECT";
            case 50: return "CGROUP_UNIX_SENDMSG";
            case 51: return "CGROUP_UNIX_RECVMSG";
            case 52: return "CGROUP_UNIX_GETPEERNAME";
            case 53: return "CGROUP_UNIX_GETSOCKNAME";
            case 54: return "NETKIT_PRIMARY";
            case 55: return "NETKIT_PEER";
            case 56: return "TRACE_KPROBE_SESSION";
            default: return Integer.toString(value);
        }
    }
}
