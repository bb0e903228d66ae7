package io.bpfskel.link;

import io.bpfskel.sys.PerfEventAttr;

/**
 * A perf event to sample on ({@code perf_event_open(2)}'s type and config), every {@code period} events or
 * {@code period} times a second when {@code frequency} is set. Attach with
 * {@code BpfProgram.attachPerfEvent(PerfEvent)}, which opens it on every online CPU.
 *
 * <pre>{@code
 * program.attachPerfEvent(PerfEvent.software(PerfEvent.SW_CPU_CLOCK, 99, true));   // 99 Hz on each CPU
 * }</pre>
 *
 * @param type PMU type: {@link #TYPE_HARDWARE}, {@link #TYPE_SOFTWARE}, ... or a dynamic PMU's type
 *     ({@code /sys/bus/event_source/devices/NAME/type})
 * @param config the event within the PMU, e.g. {@link #SW_CPU_CLOCK}
 */
public record PerfEvent(int type, long config, long period, boolean frequency) {
    public static final int TYPE_HARDWARE = PerfEventAttr.TYPE_HARDWARE;
    public static final int TYPE_SOFTWARE = PerfEventAttr.TYPE_SOFTWARE;
    public static final int TYPE_TRACEPOINT = PerfEventAttr.TYPE_TRACEPOINT;
    public static final int TYPE_HW_CACHE = PerfEventAttr.TYPE_HW_CACHE;
    public static final int TYPE_RAW = PerfEventAttr.TYPE_RAW;

    public static final long SW_CPU_CLOCK = PerfEventAttr.SW_CPU_CLOCK;
    public static final long SW_TASK_CLOCK = PerfEventAttr.SW_TASK_CLOCK;

    public PerfEvent {
        if (period <= 0) {
            throw new IllegalArgumentException("a sampling event needs a period or frequency > 0, not " + period);
        }
    }

    public static PerfEvent software(long config, long period, boolean frequency) {
        return new PerfEvent(TYPE_SOFTWARE, config, period, frequency);
    }

    PerfEventAttr attr() {
        return new PerfEventAttr(type, config, period, 0, 0, frequency ? PerfEventAttr.FLAG_FREQ : 0, 0, 0, null, 0, 0, 0);
    }
}
