package io.bpfskel.sys;


/** Attributes of BPF_ENABLE_STATS ({@code union bpf_attr.enable_stats}). */
final class EnableStatsAttr {
    /** enum bpf_stats_type. */
    static final int TYPE = 0;
    static final int SIZE = 8;
    /** BPF_STATS_RUN_TIME: count run_time_ns and run_cnt of every program while the fd is open. */
    static final int STATS_RUN_TIME = 0;

    private EnableStatsAttr() {}

    static void encode(NativeMemory p, int type) {
        Structs.u32(p, TYPE, type);
    }
}
