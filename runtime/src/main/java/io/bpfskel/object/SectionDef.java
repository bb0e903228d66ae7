package io.bpfskel.object;

import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.ProgramType;
import java.util.List;
import java.util.Optional;

/**
 * One entry of libbpf's {@code section_defs} table: how a {@code SEC("...")} name maps to a program type,
 * expected attach type and load flags, and how the program auto-attaches.
 *
 * <p>Matching follows libbpf's {@code sec_def_matches}: a pattern ending in {@code +} matches the bare name or
 * {@code name/extras}; one ending in {@code /} needs a prefix; any other pattern matches exactly. The first
 * matching entry in table order wins.
 */
public record SectionDef(String pattern, ProgramType type, AttachType expectedAttachType, int flags) {
    public static final int SLEEPABLE = 1;
    public static final int XDP_FRAGS = 2;
    /** {@code expected_attach_type} is needed at load time (libbpf's SEC_ATTACHABLE). */
    public static final int ATTACHABLE = 4;
    /** The program's target is a BTF id resolved at load time (fentry, lsm, iter, tp_btf, freplace). */
    public static final int ATTACH_BTF = 8;
    public static final int USDT = 16;

    /** The text after the pattern's prefix and its '/', e.g. {@code syscalls/sys_enter_openat}; "" if none. */
    public String attachTarget(String sectionName) {
        String prefix = pattern.endsWith("+") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (sectionName.length() > prefix.length() && sectionName.startsWith(prefix)) {
            String rest = sectionName.substring(prefix.length());
            return rest.startsWith("/") ? rest.substring(1) : rest;
        }
        return "";
    }

    public boolean matches(String sectionName) {
        int len = pattern.length();
        char last = pattern.charAt(len - 1);
        if (last == '/') {
            return sectionName.startsWith(pattern);
        }
        if (last == '+') {
            String prefix = pattern.substring(0, len - 1);
            if (!sectionName.startsWith(prefix)) {
                return false;
            }
            return sectionName.length() == prefix.length() || sectionName.charAt(prefix.length()) == '/';
        }
        return sectionName.equals(pattern);
    }

    /** The first definition matching a section name (without the leading {@code ?}). */
    public static Optional<SectionDef> find(String sectionName) {
        for (SectionDef d : TABLE) {
            if (d.matches(sectionName)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public static List<SectionDef> table() {
        return TABLE;
    }

    private static SectionDef d(String p, ProgramType t, AttachType a, int f) {
        return new SectionDef(p, t, a, f);
    }

    /** No expected attach type (0 on the wire). */
    private static final AttachType N = null;

    private static final List<SectionDef> TABLE = List.of(
            d("socket", ProgramType.SOCKET_FILTER, N, 0),
            d("sk_reuseport/migrate", ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT_OR_MIGRATE, ATTACHABLE),
            d("sk_reuseport", ProgramType.SK_REUSEPORT, AttachType.SK_REUSEPORT_SELECT, ATTACHABLE),
            d("kprobe+", ProgramType.KPROBE, N, 0),
            d("uprobe+", ProgramType.KPROBE, N, 0),
            d("uprobe.s+", ProgramType.KPROBE, N, SLEEPABLE),
            d("kretprobe+", ProgramType.KPROBE, N, 0),
            d("uretprobe+", ProgramType.KPROBE, N, 0),
            d("uretprobe.s+", ProgramType.KPROBE, N, SLEEPABLE),
            d("kprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI, 0),
            d("kretprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_KPROBE_MULTI, 0),
            d("kprobe.session+", ProgramType.KPROBE, AttachType.TRACE_KPROBE_SESSION, 0),
            d("uprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, 0),
            d("uretprobe.multi+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, 0),
            d("uprobe.session+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_SESSION, 0),
            d("uprobe.multi.s+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, SLEEPABLE),
            d("uretprobe.multi.s+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_MULTI, SLEEPABLE),
            d("uprobe.session.s+", ProgramType.KPROBE, AttachType.TRACE_UPROBE_SESSION, SLEEPABLE),
            d("ksyscall+", ProgramType.KPROBE, N, 0),
            d("kretsyscall+", ProgramType.KPROBE, N, 0),
            d("usdt+", ProgramType.KPROBE, N, USDT),
            d("usdt.s+", ProgramType.KPROBE, N, USDT | SLEEPABLE),
            d("tc/ingress", ProgramType.SCHED_CLS, AttachType.TCX_INGRESS, 0),
            d("tc/egress", ProgramType.SCHED_CLS, AttachType.TCX_EGRESS, 0),
            d("tcx/ingress", ProgramType.SCHED_CLS, AttachType.TCX_INGRESS, 0),
            d("tcx/egress", ProgramType.SCHED_CLS, AttachType.TCX_EGRESS, 0),
            d("netkit/primary", ProgramType.SCHED_CLS, AttachType.NETKIT_PRIMARY, 0),
            d("netkit/peer", ProgramType.SCHED_CLS, AttachType.NETKIT_PEER, 0),
            d("tc", ProgramType.SCHED_CLS, N, 0),
            d("classifier", ProgramType.SCHED_CLS, N, 0),
            d("action", ProgramType.SCHED_ACT, N, 0),
            d("tracepoint+", ProgramType.TRACEPOINT, N, 0),
            d("tp+", ProgramType.TRACEPOINT, N, 0),
            d("tracepoint.s+", ProgramType.TRACEPOINT, N, SLEEPABLE),
            d("tp.s+", ProgramType.TRACEPOINT, N, SLEEPABLE),
            d("raw_tracepoint+", ProgramType.RAW_TRACEPOINT, N, 0),
            d("raw_tp+", ProgramType.RAW_TRACEPOINT, N, 0),
            d("raw_tracepoint.w+", ProgramType.RAW_TRACEPOINT_WRITABLE, N, 0),
            d("raw_tp.w+", ProgramType.RAW_TRACEPOINT_WRITABLE, N, 0),
            d("raw_tracepoint.s+", ProgramType.RAW_TRACEPOINT, N, SLEEPABLE),
            d("raw_tp.s+", ProgramType.RAW_TRACEPOINT, N, SLEEPABLE),
            d("tp_btf+", ProgramType.TRACING, AttachType.TRACE_RAW_TP, ATTACH_BTF),
            d("tp_btf.s+", ProgramType.TRACING, AttachType.TRACE_RAW_TP, ATTACH_BTF | SLEEPABLE),
            d("fentry+", ProgramType.TRACING, AttachType.TRACE_FENTRY, ATTACH_BTF),
            d("fmod_ret+", ProgramType.TRACING, AttachType.MODIFY_RETURN, ATTACH_BTF),
            d("fexit+", ProgramType.TRACING, AttachType.TRACE_FEXIT, ATTACH_BTF),
            d("fentry.s+", ProgramType.TRACING, AttachType.TRACE_FENTRY, ATTACH_BTF | SLEEPABLE),
            d("fmod_ret.s+", ProgramType.TRACING, AttachType.MODIFY_RETURN, ATTACH_BTF | SLEEPABLE),
            d("fexit.s+", ProgramType.TRACING, AttachType.TRACE_FEXIT, ATTACH_BTF | SLEEPABLE),
            d("freplace+", ProgramType.EXT, N, ATTACH_BTF),
            d("lsm+", ProgramType.LSM, AttachType.LSM_MAC, ATTACH_BTF),
            d("lsm.s+", ProgramType.LSM, AttachType.LSM_MAC, ATTACH_BTF | SLEEPABLE),
            d("lsm_cgroup+", ProgramType.LSM, AttachType.LSM_CGROUP, ATTACH_BTF),
            d("iter+", ProgramType.TRACING, AttachType.TRACE_ITER, ATTACH_BTF),
            d("iter.s+", ProgramType.TRACING, AttachType.TRACE_ITER, ATTACH_BTF | SLEEPABLE),
            d("syscall", ProgramType.SYSCALL, N, SLEEPABLE),
            d("xdp.frags/devmap", ProgramType.XDP, AttachType.XDP_DEVMAP, XDP_FRAGS),
            d("xdp/devmap", ProgramType.XDP, AttachType.XDP_DEVMAP, ATTACHABLE),
            d("xdp.frags/cpumap", ProgramType.XDP, AttachType.XDP_CPUMAP, XDP_FRAGS),
            d("xdp/cpumap", ProgramType.XDP, AttachType.XDP_CPUMAP, ATTACHABLE),
            d("xdp.frags", ProgramType.XDP, AttachType.XDP, XDP_FRAGS),
            d("xdp", ProgramType.XDP, AttachType.XDP, 0),
            d("perf_event", ProgramType.PERF_EVENT, N, 0),
            d("lwt_in", ProgramType.LWT_IN, N, 0),
            d("lwt_out", ProgramType.LWT_OUT, N, 0),
            d("lwt_xmit", ProgramType.LWT_XMIT, N, 0),
            d("lwt_seg6local", ProgramType.LWT_SEG6LOCAL, N, 0),
            d("sockops", ProgramType.SOCK_OPS, AttachType.CGROUP_SOCK_OPS, 0),
            d("sk_skb/stream_parser", ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_PARSER, 0),
            d("sk_skb/stream_verdict", ProgramType.SK_SKB, AttachType.SK_SKB_STREAM_VERDICT, 0),
            d("sk_skb/verdict", ProgramType.SK_SKB, AttachType.SK_SKB_VERDICT, 0),
            d("sk_skb", ProgramType.SK_SKB, N, 0),
            d("sk_msg", ProgramType.SK_MSG, AttachType.SK_MSG_VERDICT, 0),
            d("lirc_mode2", ProgramType.LIRC_MODE2, AttachType.LIRC_MODE2, 0),
            d("flow_dissector", ProgramType.FLOW_DISSECTOR, AttachType.FLOW_DISSECTOR, 0),
            d("cgroup_skb/ingress", ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_INGRESS, 0),
            d("cgroup_skb/egress", ProgramType.CGROUP_SKB, AttachType.CGROUP_INET_EGRESS, 0),
            d("cgroup/skb", ProgramType.CGROUP_SKB, N, 0),
            d("cgroup/sock_create", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, ATTACHABLE),
            d("cgroup/sock_release", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_RELEASE, ATTACHABLE),
            d("cgroup/sock", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, 0),
            d("cgroup/post_bind4", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND, ATTACHABLE),
            d("cgroup/post_bind6", ProgramType.CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND, ATTACHABLE),
            d("cgroup/bind4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_BIND, ATTACHABLE),
            d("cgroup/bind6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_BIND, ATTACHABLE),
            d("cgroup/connect4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT, ATTACHABLE),
            d("cgroup/connect6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT, ATTACHABLE),
            d("cgroup/connect_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_CONNECT, ATTACHABLE),
            d("cgroup/sendmsg4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG, ATTACHABLE),
            d("cgroup/sendmsg6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG, ATTACHABLE),
            d("cgroup/sendmsg_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_SENDMSG, ATTACHABLE),
            d("cgroup/recvmsg4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_RECVMSG, ATTACHABLE),
            d("cgroup/recvmsg6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG, ATTACHABLE),
            d("cgroup/recvmsg_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_RECVMSG, ATTACHABLE),
            d("cgroup/getpeername4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETPEERNAME, ATTACHABLE),
            d("cgroup/getpeername6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETPEERNAME, ATTACHABLE),
            d("cgroup/getpeername_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETPEERNAME, ATTACHABLE),
            d("cgroup/getsockname4", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_GETSOCKNAME, ATTACHABLE),
            d("cgroup/getsockname6", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_GETSOCKNAME, ATTACHABLE),
            d("cgroup/getsockname_unix", ProgramType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UNIX_GETSOCKNAME, ATTACHABLE),
            d("cgroup/sysctl", ProgramType.CGROUP_SYSCTL, AttachType.CGROUP_SYSCTL, ATTACHABLE),
            d("cgroup/getsockopt", ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT, ATTACHABLE),
            d("cgroup/setsockopt", ProgramType.CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT, ATTACHABLE),
            d("cgroup/dev", ProgramType.CGROUP_DEVICE, AttachType.CGROUP_DEVICE, 0),
            d("struct_ops+", ProgramType.STRUCT_OPS, N, 0),
            d("struct_ops.s+", ProgramType.STRUCT_OPS, N, SLEEPABLE),
            d("sk_lookup", ProgramType.SK_LOOKUP, AttachType.SK_LOOKUP, ATTACHABLE),
            d("netfilter", ProgramType.NETFILTER, AttachType.NETFILTER, 0));
}
