package io.bpfskel.sys;

/** Flag values from uapi linux/bpf.h, grouped by the field they go into. */
public final class BpfFlags {
    private BpfFlags() {}

    // BPF_MAP_UPDATE_ELEM / lookup flags
    public static final long ANY = 0;
    public static final long NOEXIST = 1;
    public static final long EXIST = 2;
    /** Take the map value's bpf_spin_lock around the copy. */
    public static final long F_LOCK = 4;

    // map_flags of BPF_MAP_CREATE (and file_flags of BPF_OBJ_GET for RDONLY/WRONLY)
    public static final int F_NO_PREALLOC = 1 << 0;
    public static final int F_NO_COMMON_LRU = 1 << 1;
    public static final int F_NUMA_NODE = 1 << 2;
    public static final int F_RDONLY = 1 << 3;
    public static final int F_WRONLY = 1 << 4;
    public static final int F_STACK_BUILD_ID = 1 << 5;
    public static final int F_ZERO_SEED = 1 << 6;
    public static final int F_RDONLY_PROG = 1 << 7;
    public static final int F_WRONLY_PROG = 1 << 8;
    public static final int F_CLONE = 1 << 9;
    public static final int F_MMAPABLE = 1 << 10;
    public static final int F_PRESERVE_ELEMS = 1 << 11;
    public static final int F_INNER_MAP = 1 << 12;
    public static final int F_LINK = 1 << 13;
    public static final int F_PATH_FD = 1 << 14;
    public static final int F_VTYPE_BTF_OBJ_FD = 1 << 15;
    public static final int F_TOKEN_FD = 1 << 16;
    public static final int F_SEGV_ON_FAULT = 1 << 17;
    public static final int F_NO_USER_CONV = 1 << 18;

    // prog_flags of BPF_PROG_LOAD
    public static final int F_STRICT_ALIGNMENT = 1 << 0;
    public static final int F_ANY_ALIGNMENT = 1 << 1;
    public static final int F_TEST_RND_HI32 = 1 << 2;
    public static final int F_TEST_STATE_FREQ = 1 << 3;
    /** Required for BPF_PROG_TYPE_SYSCALL; allows sleeping helpers elsewhere. */
    public static final int F_SLEEPABLE = 1 << 4;
    public static final int F_XDP_HAS_FRAGS = 1 << 5;
    public static final int F_XDP_DEV_BOUND_ONLY = 1 << 6;
    public static final int F_TEST_REG_INVARIANTS = 1 << 7;

    // log_level of BPF_PROG_LOAD / btf_log_level of BPF_BTF_LOAD
    public static final int LOG_LEVEL1 = 1;
    public static final int LOG_LEVEL2 = 2;
    public static final int LOG_STATS = 4;

    // attach_flags of BPF_PROG_ATTACH
    public static final int F_ALLOW_OVERRIDE = 1 << 0;
    public static final int F_ALLOW_MULTI = 1 << 1;
    public static final int F_REPLACE = 1 << 2;
    public static final int F_BEFORE = 1 << 3;
    public static final int F_AFTER = 1 << 4;
    public static final int F_ID = 1 << 5;
    public static final int F_PREORDER = 1 << 6;

    // flags of BPF_PROG_TEST_RUN
    public static final int F_TEST_RUN_ON_CPU = 1 << 0;
    public static final int F_TEST_XDP_LIVE_FRAMES = 1 << 1;
    public static final int F_TEST_SKB_CHECKSUM_COMPLETE = 1 << 2;

    // link_create.kprobe_multi.flags / uprobe_multi.flags
    public static final int F_KPROBE_MULTI_RETURN = 1 << 0;
    public static final int F_UPROBE_MULTI_RETURN = 1 << 0;

    // src_reg of BPF_LD_IMM64
    public static final int PSEUDO_MAP_FD = 1;
    public static final int PSEUDO_MAP_VALUE = 2;
    public static final int PSEUDO_BTF_ID = 3;
    public static final int PSEUDO_FUNC = 4;
    public static final int PSEUDO_MAP_IDX = 5;
    public static final int PSEUDO_MAP_IDX_VALUE = 6;

    // src_reg of BPF_CALL
    public static final int PSEUDO_CALL = 1;
    public static final int PSEUDO_KFUNC_CALL = 2;

    /** BPF_STATS_RUN_TIME for {@link Bpf#enableStats}. */
    public static final int STATS_RUN_TIME = 0;
}
