package io.bpfskel.sys;

/** {@code enum bpf_map_type} from uapi linux/bpf.h (generated from the 6.12 header). */
public final class MapType {
    public static final int UNSPEC = 0;
    public static final int HASH = 1;
    public static final int ARRAY = 2;
    public static final int PROG_ARRAY = 3;
    public static final int PERF_EVENT_ARRAY = 4;
    public static final int PERCPU_HASH = 5;
    public static final int PERCPU_ARRAY = 6;
    public static final int STACK_TRACE = 7;
    public static final int CGROUP_ARRAY = 8;
    public static final int LRU_HASH = 9;
    public static final int LRU_PERCPU_HASH = 10;
    public static final int LPM_TRIE = 11;
    public static final int ARRAY_OF_MAPS = 12;
    public static final int HASH_OF_MAPS = 13;
    public static final int DEVMAP = 14;
    public static final int SOCKMAP = 15;
    public static final int CPUMAP = 16;
    public static final int XSKMAP = 17;
    public static final int SOCKHASH = 18;
    public static final int CGROUP_STORAGE = 19;
    public static final int REUSEPORT_SOCKARRAY = 20;
    public static final int PERCPU_CGROUP_STORAGE = 21;
    public static final int QUEUE = 22;
    public static final int STACK = 23;
    public static final int SK_STORAGE = 24;
    public static final int DEVMAP_HASH = 25;
    public static final int STRUCT_OPS = 26;
    public static final int RINGBUF = 27;
    public static final int INODE_STORAGE = 28;
    public static final int TASK_STORAGE = 29;
    public static final int BLOOM_FILTER = 30;
    public static final int USER_RINGBUF = 31;
    public static final int CGRP_STORAGE = 32;
    public static final int ARENA = 33;

    private MapType() {}

    /** The uapi name without the {@code BPF_MAP_TYPE_} prefix, or the number for values newer than this list. */
    public static String name(int value) {
        switch (value) {
            case 0: return "UNSPEC";
            case 1: return "HASH";
            case 2: return "ARRAY";
            case 3: return "PROG_ARRAY";
            case 4: return "PERF_EVENT_ARRAY";
            case 5: return "PERCPU_HASH";
            case 6: return "PERCPU_ARRAY";
            case 7: return "STACK_TRACE";
            case 8: return "CGROUP_ARRAY";
            case 9: return "LRU_HASH";
            case 10: return "LRU_PERCPU_HASH";
            case 11: return "LPM_TRIE";
            case 12: return "ARRAY_OF_MAPS";
            case 13: return "HASH_OF_MAPS";
            case 14: return "DEVMAP";
            case 15: return "SOCKMAP";
            case 16: return "CPUMAP";
            case 17: return "XSKMAP";
            case 18: return "SOCKHASH";
            case 19: return "CGROUP_STORAGE";
            case 20: return "REUSEPORT_SOCKARRAY";
            case 21: return "PERCPU_CGROUP_STORAGE";
            case 22: return "QUEUE";
            case 23: return "STACK";
            case 24: return "SK_STORAGE";
            case 25: return "DEVMAP_HASH";
            case 26: return "STRUCT_OPS";
            case 27: return "RINGBUF";
            case 28: return "INODE_STORAGE";
            case 29: return "TASK_STORAGE";
            case 30: return "BLOOM_FILTER";
            case 31: return "USER_RINGBUF";
            case 32: return "CGRP_STORAGE";
            case 33: return "ARENA";
            default: return Integer.toString(value);
        }
    }
}
