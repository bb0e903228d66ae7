package io.bpfskel.ringbuf;

import io.bpfskel.error.BpfException;
import io.bpfskel.maps.MapRef;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.EpollEvent;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MappedMemory;
import io.bpfskel.sys.NativeMemory;
import io.bpfskel.sys.PerfEventAttr;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.uapi.MapType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes a {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY} (libbpf's {@code perf_buffer}): one perf ring per online
 * CPU, each a {@code PERF_COUNT_SW_BPF_OUTPUT} event opened with perf_event_open, memory-mapped (one
 * metadata page and {@code 2^n} data pages) and stored in the map slot of its CPU, so that
 * {@code bpf_perf_event_output(ctx, &map, BPF_F_CURRENT_CPU, ...)} lands in the ring of the CPU it ran on.
 *
 * <p>The kernel writes {@code PERF_RECORD_SAMPLE} records (the program's bytes) and, when a ring was full,
 * a {@code PERF_RECORD_LOST} record with the number of samples dropped, written once there is room again.
 * Records wrap around the end of the ring; such a record is copied into a scratch buffer before it is
 * handed out (the data pages are mapped once, unlike a BPF ring buffer).
 *
 * <p>Memory ordering as libbpf ({@code perf_event_read_simple}): {@code data_head} is read once per call with
 * acquire semantics, {@code data_tail} written once per call with release semantics (after the last record,
 * also when a handler threw: that record counts as consumed), through {@link VarHandle}s on the mapping ({@code PerfRing}).
 * Between the two, records are read with plain loads: the acquire orders them after the kernel's writes.
 *
 * <p>Handlers: {@link PerfSampleHandler} gets the reused {@link PerfSample} view (no per-sample buffer state);
 * {@link SampleHandler} gets a repositioned {@code ByteBuffer}. {@link #consume(PerfSampleHandler)} takes the
 * handler at the call site, so when the JIT inlines the loop into the caller the handler call is monomorphic
 * there.
 */
public final class PerfBuffer implements AutoCloseable {
    /** Receives what the perf rings deliver, on the polling thread. */
    public interface SampleHandler {
        /**
         * One sample, between {@code position()} and {@code limit()} of a read-only buffer whose content is valid
         * only during the call (keeping the buffer never crashes; see {@link RecordHandler}). The kernel pads the sample so that its record is 8-byte aligned: a 32-byte
         * {@code bpf_perf_event_output} arrives as 36 bytes, the last 4 being padding.
         */
        void onSample(int cpu, ByteBuffer data);

        /** {@code count} samples were dropped on {@code cpu} because its ring was full. */
        default void onLost(int cpu, long count) {}
    }

    private static final int MAX_EVENTS = 64;

    private final MapRef map;
    private final PerfSampleHandler handler;
    private final List<CpuRing> rings = new ArrayList<>();
    private final Fd epoll;
    private final NativeMemory events = NativeMemory.allocate((long) EpollEvent.SIZE * MAX_EVENTS);
    private final AtomicLong lost = new AtomicLong();
    /** Guards the rings, their mappings and the event array: freed when closed and no poll is in flight. */
    private final Lifetime lifetime = new Lifetime();

    private PerfBuffer(MapRef map, PerfSampleHandler handler, Fd epoll) {
        this.map = map;
        this.handler = handler;
        this.epoll = epoll;
    }

    /**
     * Opens one ring of {@code pagesPerCpu} data pages (a power of 2) for every online CPU that has a slot
     * in {@code map}, and stores the rings' perf event fds in the map.
     */
    public static PerfBuffer open(MapRef map, int pagesPerCpu, SampleHandler handler) {
        return open(map, pagesPerCpu, 1, adapt(handler));
    }

    /** Like {@link #open(MapRef, int, SampleHandler)}, handing samples out through the reused {@link PerfSample}. */
    public static PerfBuffer open(MapRef map, int pagesPerCpu, PerfSampleHandler handler) {
        return open(map, pagesPerCpu, 1, handler);
    }

    /**
     * Like {@link #open(MapRef, int, PerfSampleHandler)}, with the kernel waking a {@link #poll} only every
     * {@code wakeupEvents} samples (libbpf's {@code perf_buffer_opts.sample_period}; 1 by default). Each wakeup
     * costs the producer an interrupt-work item, several microseconds in a VM; a consumer that polls with a
     * timeout or calls {@link #consume} on its own schedule can raise it.
     */
    public static PerfBuffer open(MapRef map, int pagesPerCpu, int wakeupEvents, PerfSampleHandler handler) {
        String what = "perf buffer '" + map.name() + "'";
        if (map.type() != MapType.PERF_EVENT_ARRAY) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type()
                    + " map, not a perf event array");
        }
        if (pagesPerCpu <= 0 || Integer.bitCount(pagesPerCpu) != 1) {
            throw new IllegalArgumentException(what + ": pages per CPU must be a power of 2, got " + pagesPerCpu);
        }
        if (wakeupEvents <= 0) {
            throw new IllegalArgumentException(what + ": wakeup events must be positive, got " + wakeupEvents);
        }
        long page = Syscalls.pageSize();
        if ((pagesPerCpu + 1L) * page > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": " + pagesPerCpu + " pages per CPU are too many");
        }
        int slots = Bpf.mapInfo(Fd.of(map.handle()), what).maxEntries();
        PerfBuffer pb = new PerfBuffer(map, handler, Syscalls.epollCreate(what));
        try {
            PerfEventAttr attr = new PerfEventAttr(PerfEventAttr.TYPE_SOFTWARE, PerfEventAttr.SW_BPF_OUTPUT,
                    wakeupEvents, PerfEventAttr.SAMPLE_RAW, 0, 0, wakeupEvents, 0, null, 0, 0, 0);
            for (int cpu : Syscalls.onlineCpus()) {
                if (cpu >= slots) {
                    continue; // libbpf skips CPUs the map has no slot for, too
                }
                pb.rings.add(pb.openRing(attr, cpu, (int) page, pagesPerCpu, what));
            }
            if (pb.rings.isEmpty()) {
                throw new BpfException(what + ": no online CPU has a slot in a map of " + slots + " entries");
            }
            return pb;
        } catch (RuntimeException e) {
            pb.close();
            throw e;
        }
    }

    private CpuRing openRing(PerfEventAttr attr, int cpu, int page, int pages, String what) {
        String ctx = what + " on CPU " + cpu;
        Fd fd = Syscalls.perfEventOpen(attr, -1, cpu, null, 0, ctx);
        MappedMemory mem = null;
        try {
            mem = Syscalls.mmap(fd, (long) (pages + 1) * page, Syscalls.PROT_READ | Syscalls.PROT_WRITE,
                    Syscalls.MAP_SHARED, 0, ctx);
            CpuRing ring = new CpuRing(cpu, fd, mem, new PerfRing(cpu, mem.buffer(), page, pages * page, what, lost));
            Bpf.mapUpdateElem(Fd.of(map.handle()), intBytes(cpu), intBytes(fd.raw()), 0, ctx + ": storing the event in the map");
            Syscalls.ioctl(fd, Syscalls.PERF_EVENT_IOC_ENABLE, 0, ctx);
            Syscalls.epollCtl(epoll, Syscalls.EPOLL_CTL_ADD, fd, EpollEvent.EPOLLIN, rings.size(), ctx);
            return ring;
        } catch (RuntimeException e) {
            if (mem != null) {
                mem.close();
            }
            fd.close();
            throw e;
        }
    }

    private static PerfSampleHandler adapt(SampleHandler handler) {
        return new PerfSampleHandler() {
            @Override
            public void onSample(PerfSample sample) {
                handler.onSample(sample.cpu(), sample.buffer());
            }

            @Override
            public void onLost(int cpu, long count) {
                handler.onLost(cpu, count);
            }
        };
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, v).array();
    }

    /** The CPUs that have a ring. */
    public int[] cpus() {
        return rings.stream().mapToInt(CpuRing::cpu).toArray();
    }

    /** Samples dropped because a ring was full, as reported by the kernel so far (all CPUs). */
    public long lostSamples() {
        return lost.get();
    }

    /**
     * Waits up to {@code timeoutMs} (-1: forever, 0: not at all) for a ring to have data, then reads the
     * rings that have.
     *
     * @return the samples handed to the handler
     */
    public int poll(int timeoutMs) {
        lifetime.begin("poll");
        try {
            return pollRings(timeoutMs);
        } finally {
            lifetime.end();
        }
    }

    private int pollRings(int timeoutMs) {
        int n = Syscalls.epollWait(epoll, events, MAX_EVENTS, timeoutMs, "perf buffer '" + map.name() + "' poll");
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += rings.get((int) EpollEvent.dataAt(events, i)).read(handler);
        }
        return total;
    }

    /** Reads every ring without waiting (libbpf's {@code perf_buffer__consume}); returns the samples handed out. */
    public int consume() {
        return consume(handler);
    }

    /** Reads every ring without waiting, handing the records to {@code handler} instead of the buffer's own. */
    public int consume(PerfSampleHandler handler) {
        lifetime.begin("consume");
        try {
            int total = 0;
            for (CpuRing r : rings) {
                total += r.read(handler);
            }
            return total;
        } finally {
            lifetime.end();
        }
    }

    /**
     * Disables and closes the perf events and clears their map slots (when the map is still open). Thread-safe;
     * when a poll is in flight, this happens once it returns.
     */
    @Override
    public void close() {
        lifetime.close();
    }

    private final class Lifetime extends OneConsumer {
        @Override
        IllegalStateException busyError(String operation) {
            return new IllegalStateException("perf buffer '" + map.name() + "': " + operation + "() while another "
                    + "thread is in poll() or consume(); a perf buffer has one consuming thread at a time");
        }

        @Override
        protected void free() {
            release();
        }

        @Override
        public IllegalStateException closedError(String operation, String context) {
            return new IllegalStateException("perf buffer '" + map.name() + "': " + operation + "() after close");
        }
    }

    private void release() {
        for (CpuRing r : rings) {
            try {
                if (!Fd.of(map.handle()).isClosed()) {
                    Bpf.mapDeleteElem(Fd.of(map.handle()), intBytes(r.cpu()), "perf buffer '" + map.name() + "' close");
                }
            } catch (RuntimeException ignored) {
                // The map may be gone with its collection; the slot then went with it.
            }
            r.mem().close();
            r.fd().close();
        }
        epoll.close();
        events.close();
    }

    /** One CPU's perf event, its mapping, and the reader of its ring. */
    private record CpuRing(int cpu, Fd fd, MappedMemory mem, PerfRing ring) {
        int read(PerfSampleHandler handler) {
            return ring.read(handler);
        }
    }
}
