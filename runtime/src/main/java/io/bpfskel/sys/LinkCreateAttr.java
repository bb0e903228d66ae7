package io.bpfskel.sys;

import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.BpfCommand;

/**
 * BPF_LINK_CREATE attributes ({@code union bpf_attr.link_create}).
 *
 * <p>The attach-type specific tail of the struct is a C union; here it is the sealed
 * {@link Extra}, one record per union member, each with offsets relative to {@link #EXTRA}.
 *
 * @param prog the program, or the struct_ops map for BPF_STRUCT_OPS
 * @param target target object (cgroup, perf event, netns, BPF program for freplace, ...);
 *     null when attaching by ifindex or when the target is implied (tracing programs)
 * @param targetIfindex network interface for XDP/tcx/netkit; shares a field with target
 * @param extra the union member for this attach type; null when none applies
 */
public record LinkCreateAttr(Fd prog, Fd target, int targetIfindex, AttachType attachType, int flags, Extra extra) {

    static final int PROG_FD = 0;
    /** Union with map_fd. */
    static final int MAP_FD = 0;
    static final int TARGET_FD = 4;
    /** Union with target_fd. */
    static final int TARGET_IFINDEX = 4;
    static final int ATTACH_TYPE = 8;
    static final int FLAGS = 12;
    /** Start of the attach-type specific union. */
    static final int EXTRA = 16;
    /** The largest member (uprobe_multi) ends at 60. */
    static final int SIZE = 64;

    public LinkCreateAttr {
        if (prog == null) {
            throw new IllegalArgumentException("prog is required");
        }
        if (attachType == null) {
            throw new IllegalArgumentException("attachType is required");
        }
        if (target != null && targetIfindex != 0) {
            throw new IllegalArgumentException("target and targetIfindex share one field; set at most one");
        }
    }

    public static LinkCreateAttr of(Fd prog, Fd target, AttachType attachType) {
        return new LinkCreateAttr(prog, target, 0, attachType, 0, null);
    }

    void encode(NativeMemory p, NativeScope scope, String context) {
        String cmd = BpfCommand.LINK_CREATE.uapiName();
        Structs.fd(p, PROG_FD, prog, scope, cmd, context);
        if (target != null) {
            Structs.fd(p, TARGET_FD, target, scope, cmd, context);
        } else {
            Structs.u32(p, TARGET_IFINDEX, targetIfindex);
        }
        Structs.u32(p, ATTACH_TYPE, attachType.number());
        Structs.u32(p, FLAGS, flags);
        if (extra != null) {
            encodeExtra(p.share(EXTRA), scope, cmd, context);
        }
    }

    // Records cannot share an abstract base with package-private methods, hence the dispatch here.
    private void encodeExtra(NativeMemory u, NativeScope scope, String cmd, String context) {
        if (extra instanceof TargetBtfId e) {
            e.encode(u, scope, cmd, context);
        } else if (extra instanceof Iter e) {
            e.encode(u, scope, cmd, context);
        } else if (extra instanceof PerfEvent e) {
            e.encode(u, scope, cmd, context);
        } else if (extra instanceof KprobeMulti e) {
            e.encode(u, scope, cmd, context);
        } else if (extra instanceof Tracing e) {
            e.encode(u, scope, cmd, context);
        } else if (extra instanceof Netfilter e) {
            e.encode(u, scope, cmd, context);
        } else if (extra instanceof Relative e) {
            e.encode(u, scope, cmd, context);
        } else if (extra instanceof UprobeMulti e) {
            e.encode(u, scope, cmd, context);
        }
    }

    /** One member of the link_create union. */
    public sealed interface Extra
            permits TargetBtfId, Iter, PerfEvent, KprobeMulti, Tracing, Netfilter, Relative, UprobeMulti {}

    /** {@code target_btf_id}: BTF id of the target for freplace / BTF-typed attach. */
    public record TargetBtfId(int targetBtfId) implements Extra {
        static final int TARGET_BTF_ID = 0;

        void encode(NativeMemory u, NativeScope scope, String command, String context) {
            Structs.u32(u, TARGET_BTF_ID, targetBtfId);
        }
    }

    /** {@code iter_info}/{@code iter_info_len}: a raw {@code union bpf_iter_link_info}. */
    public record Iter(byte[] iterInfo) implements Extra {
        static final int ITER_INFO = 0;
        static final int ITER_INFO_LEN = 8;

        void encode(NativeMemory u, NativeScope scope, String command, String context) {
            Structs.u64(u, ITER_INFO, scope.copyOf(iterInfo));
            Structs.u32(u, ITER_INFO_LEN, iterInfo == null ? 0 : iterInfo.length);
        }
    }

    /** {@code perf_event}: kprobe/uprobe/tracepoint/perf programs attached to a perf event fd. */
    public record PerfEvent(long bpfCookie) implements Extra {
        static final int BPF_COOKIE = 0;

        void encode(NativeMemory u, NativeScope scope, String command, String context) {
            Structs.u64(u, BPF_COOKIE, bpfCookie);
        }
    }

    /** {@code kprobe_multi}: either symbol names or addresses; cookies optional (one per target). */
    public record KprobeMulti(int flags, String[] syms, long[] addrs, long[] cookies) implements Extra {
        static final int FLAGS = 0;
        static final int CNT = 4;
        static final int SYMS = 8;
        static final int ADDRS = 16;
        static final int COOKIES = 24;

        void encode(NativeMemory u, NativeScope scope, String command, String context) {
            int cnt = syms != null ? syms.length : addrs != null ? addrs.length : 0;
            Structs.u32(u, FLAGS, flags);
            Structs.u32(u, CNT, cnt);
            Structs.u64(u, SYMS, scope.cStringArray(syms));
            Structs.u64(u, ADDRS, scope.copyOf(addrs));
            Structs.u64(u, COOKIES, scope.copyOf(cookies));
        }
    }

    /** {@code tracing}: fentry/fexit/fmod_ret/lsm with a cookie. */
    public record Tracing(int targetBtfId, long cookie) implements Extra {
        static final int TARGET_BTF_ID = 0;
        static final int COOKIE = 8;

        void encode(NativeMemory u, NativeScope scope, String command, String context) {
            Structs.u32(u, TARGET_BTF_ID, targetBtfId);
            Structs.u64(u, COOKIE, cookie);
        }
    }

    /** {@code netfilter}. */
    public record Netfilter(int pf, int hooknum, int priority, int flags) implements Extra {
        static final int PF = 0;
        static final int HOOKNUM = 4;
        static final int PRIORITY = 8;
        static final int FLAGS = 12;

        void encode(NativeMemory u, NativeScope scope, String command, String context) {
            Structs.u32(u, PF, pf);
            Structs.u32(u, HOOKNUM, hooknum);
            Structs.u32(u, PRIORITY, priority);
            Structs.u32(u, FLAGS, flags);
        }
    }

    /**
     * {@code tcx}, {@code netkit} and {@code cgroup} share this layout: where to insert relative to
     * another program or link (BPF_F_BEFORE/BPF_F_AFTER, by fd or with BPF_F_ID by id).
     */
    public record Relative(Fd relativeFd, int relativeId, long expectedRevision) implements Extra {
        static final int RELATIVE_FD = 0;
        /** Union with relative_fd. */
        static final int RELATIVE_ID = 0;
        static final int EXPECTED_REVISION = 8;

        public Relative {
            if (relativeFd != null && relativeId != 0) {
                throw new IllegalArgumentException("relativeFd and relativeId share one field; set at most one");
            }
        }

        void encode(NativeMemory u, NativeScope scope, String command, String context) {
            if (relativeFd != null) {
                Structs.fd(u, RELATIVE_FD, relativeFd, scope, command, context);
            } else {
                Structs.u32(u, RELATIVE_ID, relativeId);
            }
            Structs.u64(u, EXPECTED_REVISION, expectedRevision);
        }
    }

    /** {@code uprobe_multi}: one binary, several offsets; the arrays have equal length. */
    public record UprobeMulti(String path, long[] offsets, long[] refCtrOffsets, long[] cookies, int flags, int pid)
            implements Extra {
        static final int PATH = 0;
        static final int OFFSETS = 8;
        static final int REF_CTR_OFFSETS = 16;
        static final int COOKIES = 24;
        static final int CNT = 32;
        static final int FLAGS = 36;
        static final int PID = 40;

        void encode(NativeMemory u, NativeScope scope, String command, String context) {
            Structs.u64(u, PATH, scope.cString(path));
            Structs.u64(u, OFFSETS, scope.copyOf(offsets));
            Structs.u64(u, REF_CTR_OFFSETS, scope.copyOf(refCtrOffsets));
            Structs.u64(u, COOKIES, scope.copyOf(cookies));
            Structs.u32(u, CNT, offsets == null ? 0 : offsets.length);
            Structs.u32(u, FLAGS, flags);
            Structs.u32(u, PID, pid);
        }
    }
}
