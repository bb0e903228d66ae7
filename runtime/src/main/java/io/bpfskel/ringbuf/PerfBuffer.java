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
import java.lang.invoke.MethodHandles;
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
 * <p>NativeMemory ordering as libbpf: {@code data_head} is read with acquire semantics, {@code data_tail} written
 * with release semantics, through {@link VarHandle}s on the mapping (see {@link RingBuffer}).
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

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    // struct perf_event_mmap_page
    private static final int DATA_HEAD = 1024;
    private static final int DATA_TAIL = 1032;
    private static final int DATA_OFFSET = 1040;
    private static final int DATA_SIZE = 1048;
    private static final int RECORD_LOST = 2;
    private static final int RECORD_SAMPLE = 9;
    private static final int MAX_EVENTS = 64;

    private final MapRef map;
    private final SampleHandler handler;
    private final List<CpuRing> rings = new ArrayList<>();
    private final Fd epoll;
    private final NativeMemory events = NativeMemory.allocate((long) EpollEvent.SIZE * MAX_EVENTS);
    private final AtomicLong lost = new AtomicLong();
    /** Guards the rings, their mappings and the event array: freed when closed and no poll is in flight. */
    private final Lifetime lifetime = new Lifetime();

    private PerfBuffer(MapRef map, SampleHandler handler, Fd epoll) {
        this.map = map;
        this.handler = handler;
        this.epoll = epoll;
    }

    /**
     * Opens one ring of {@code pagesPerCpu} data pages (a power of 2) for every online CPU that has a slot
     * in {@code map}, and stores the rings' perf event fds in the map.
     */
    public static PerfBuffer open(MapRef map, int pagesPerCpu, SampleHandler handler) {
        String what = "perf buffer '" + map.name() + "'";
        if (map.type() != MapType.PERF_EVENT_ARRAY) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type()
                    + " map, not a perf event array");
        }
        if (pagesPerCpu <= 0 || Integer.bitCount(pagesPerCpu) != 1) {
            throw new IllegalArgumentException(what + ": pages per CPU must be a power of 2, got " + pagesPerCpu);
        }
        long page = Syscalls.pageSize();
        if ((pagesPerCpu + 1L) * page > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": " + pagesPerCpu + " pages per CPU are too many");
        }
        int slots = Bpf.mapInfo(Fd.of(map.handle()), what).maxEntries();
        PerfBuffer pb = new PerfBuffer(map, handler, Syscalls.epollCreate(what));
        try {
            PerfEventAttr attr = new PerfEventAttr(PerfEventAttr.TYPE_SOFTWARE, PerfEventAttr.SW_BPF_OUTPUT, 1,
                    PerfEventAttr.SAMPLE_RAW, 0, 0, 1, 0, null, 0, 0, 0);
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
            CpuRing ring = new CpuRing(cpu, fd, mem, page, pages * page);
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

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, v).array();
    }

    /** The CPUs that have a ring. */
    public int[] cpus() {
        return rings.stream().mapToInt(r -> r.cpu).toArray();
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
            total += rings.get((int) EpollEvent.dataAt(events, i)).read();
        }
        return total;
    }

    /** Reads every ring without waiting; returns the samples handed to the handler. */
    public int consume() {
        lifetime.begin("consume");
        try {
            int total = 0;
            for (CpuRing r : rings) {
                total += r.read();
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
                    Bpf.mapDeleteElem(Fd.of(map.handle()), intBytes(r.cpu), "perf buffer '" + map.name() + "' close");
                }
            } catch (RuntimeException ignored) {
                // The map may be gone with its collection; the slot then went with it.
            }
            r.mem.close();
            r.fd.close();
        }
        epoll.close();
        events.close();
    }

    private final class CpuRing {
        final int cpu;
        final Fd fd;
        final MappedMemory mem;
        final ByteBuffer meta;
        final ByteBuffer view;
        final int dataOffset;
        final int size;
        ByteBuffer scratch = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

        CpuRing(int cpu, Fd fd, MappedMemory mem, int page, int size) {
            this.cpu = cpu;
            this.fd = fd;
            this.mem = mem;
            this.meta = mem.buffer();
            long off = meta.getLong(DATA_OFFSET);
            long sz = meta.getLong(DATA_SIZE);
            this.dataOffset = off != 0 ? (int) off : page; // kernels before 4.1 leave these 0
            this.size = sz != 0 ? (int) sz : size;
            this.view = meta.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
        }

        int read() {
            long head = (long) LONG.getAcquire(meta, DATA_HEAD);
            long tail = meta.getLong(DATA_TAIL); // only we write it
            int samples = 0;
            view.clear();
            try {
                while (tail < head) {
                    int off = (int) (tail & (size - 1));
                    int at = dataOffset + off;
                    int type = meta.getInt(at);
                    int recSize = meta.getShort(at + 6) & 0xFFFF;
                    if (recSize < 8) {
                        throw new BpfException("perf buffer '" + map.name() + "' on CPU " + cpu
                                + ": corrupt record of size " + recSize + " at position " + tail);
                    }
                    ByteBuffer rec = view;
                    int base = at;
                    if (off + recSize > size) {
                        rec = unwrap(off, recSize);
                        base = 0;
                    }
                    tail += recSize;
                    if (type == RECORD_SAMPLE) {
                        int raw = rec.getInt(base + 8);
                        rec.limit(base + 12 + raw);
                        rec.position(base + 12);
                        samples++;
                        handler.onSample(cpu, rec);
                        rec.clear();
                    } else if (type == RECORD_LOST) {
                        long count = rec.getLong(base + 16);
                        lost.addAndGet(count);
                        handler.onLost(cpu, count);
                    }
                }
            } finally {
                LONG.setRelease(meta, DATA_TAIL, tail);
            }
            return samples;
        }

        /** Copies a record that wraps past the end of the ring into the scratch buffer. */
        private ByteBuffer unwrap(int off, int recSize) {
            if (scratch.capacity() < recSize) {
                scratch = ByteBuffer.allocate(Integer.highestOneBit(recSize) << 1).order(ByteOrder.nativeOrder());
            }
            int first = size - off;
            scratch.clear();
            scratch.put(0, meta, dataOffset + off, first);
            scratch.put(first, meta, dataOffset, recSize - first);
            return scratch;
        }
    }
}
