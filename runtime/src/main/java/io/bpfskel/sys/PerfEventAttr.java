package io.bpfskel.sys;

import java.nio.ByteOrder;

/**
 * {@code struct perf_event_attr} for perf_event_open(2), with the fields BPF attachment uses.
 *
 * @param type PMU type: {@link #TYPE_SOFTWARE}, {@link #TYPE_TRACEPOINT}, or a dynamic PMU's type
 *     read from /sys/bus/event_source/devices/(kprobe|uprobe)/type
 * @param config event id: a software counter, a tracepoint id, or the retprobe bit for k/uprobes
 * @param samplePeriod sample period, or frequency when {@link #FLAG_FREQ} is set
 * @param flags the 1-bit fields (disabled, inherit, ..., freq, ...) as bit numbers in declaration
 *     order, see the {@code FLAG_} constants; mapped to the ABI's bitfield order when encoded
 * @param probeName kprobe function or uprobe path; when non-null it is passed in config1
 * @param config1 raw config1 when probeName is null
 * @param config2 probe offset / kprobe address, or PMU-specific
 */
public record PerfEventAttr(int type, long config, long samplePeriod, long sampleType, long readFormat, long flags,
        int wakeupEvents, int bpType, String probeName, long config1, long config2, long config3) {

    public static final int TYPE_HARDWARE = 0;
    public static final int TYPE_SOFTWARE = 1;
    public static final int TYPE_TRACEPOINT = 2;
    public static final int TYPE_HW_CACHE = 3;
    public static final int TYPE_RAW = 4;
    public static final int TYPE_BREAKPOINT = 5;

    public static final long SW_CPU_CLOCK = 0;
    public static final long SW_TASK_CLOCK = 1;
    public static final long SW_BPF_OUTPUT = 10;

    public static final long SAMPLE_RAW = 1L << 10;

    public static final long FLAG_DISABLED = 1L << 0;
    public static final long FLAG_INHERIT = 1L << 1;
    public static final long FLAG_PINNED = 1L << 2;
    public static final long FLAG_EXCLUSIVE = 1L << 3;
    public static final long FLAG_EXCLUDE_USER = 1L << 4;
    public static final long FLAG_EXCLUDE_KERNEL = 1L << 5;
    public static final long FLAG_EXCLUDE_HV = 1L << 6;
    public static final long FLAG_EXCLUDE_IDLE = 1L << 7;
    public static final long FLAG_FREQ = 1L << 10;
    public static final long FLAG_WATERMARK = 1L << 14;

    static final int TYPE = 0;
    static final int SIZE_FIELD = 4;
    static final int CONFIG = 8;
    /** Union with sample_freq. */
    static final int SAMPLE_PERIOD = 16;
    static final int SAMPLE_TYPE = 24;
    static final int READ_FORMAT = 32;
    static final int FLAGS = 40;
    /** Union with wakeup_watermark. */
    static final int WAKEUP_EVENTS = 48;
    static final int BP_TYPE = 52;
    /** Union of bp_addr, kprobe_func, uprobe_path, config1. */
    static final int CONFIG1 = 56;
    /** Union of bp_len, kprobe_addr, probe_offset, config2. */
    static final int CONFIG2 = 64;
    static final int BRANCH_SAMPLE_TYPE = 72;
    static final int CONFIG3 = 128;
    /** PERF_ATTR_SIZE_VER8; older kernels accept it as long as the fields they lack are zero. */
    static final int SIZE = 136;

    /** A counting (non-sampling) event of the given type and config. */
    public static PerfEventAttr of(int type, long config) {
        return new PerfEventAttr(type, config, 0, 0, 0, 0, 0, 0, null, 0, 0, 0);
    }

    void encode(NativeMemory p, NativeScope scope) {
        Structs.u32(p, TYPE, type);
        Structs.u32(p, SIZE_FIELD, SIZE);
        Structs.u64(p, CONFIG, config);
        Structs.u64(p, SAMPLE_PERIOD, samplePeriod);
        Structs.u64(p, SAMPLE_TYPE, sampleType);
        Structs.u64(p, READ_FORMAT, readFormat);
        // Bitfields start at the least significant bit on little-endian ABIs, the most significant on big-endian.
        Structs.u64(p, FLAGS, ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? flags : Long.reverse(flags));
        Structs.u32(p, WAKEUP_EVENTS, wakeupEvents);
        Structs.u32(p, BP_TYPE, bpType);
        Structs.u64(p, CONFIG1, probeName != null ? scope.cString(probeName) : config1);
        Structs.u64(p, CONFIG2, config2);
        Structs.u64(p, CONFIG3, config3);
    }
}
