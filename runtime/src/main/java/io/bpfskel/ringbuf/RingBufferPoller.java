package io.bpfskel.ringbuf;

import io.bpfskel.error.BpfException;
import io.bpfskel.maps.Codec;
import io.bpfskel.maps.MapRef;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.EpollEvent;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MapInfo;
import io.bpfskel.sys.MappedMemory;
import io.bpfskel.sys.NativeMemory;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.uapi.MapType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Consumes one or more BPF ring buffers, waiting for data with epoll (libbpf's {@code ring_buffer}).
 *
 * <pre>{@code
 * try (RingBufferPoller poller = RingBufferPoller.create()) {
 *     poller.add(obj.map("events"), Event.CODEC, events::add);
 *     poller.add(obj.map("errors"), record -> { log(record); return 0; });
 *     while (running) {
 *         poller.poll(100);
 *     }
 * }
 * }</pre>
 * One thread polls at a time: {@link #poll} or {@link #consume} while another thread is in one of them
 * throws {@link IllegalStateException}. Records are handed to the handlers on the thread that polls.
 * {@link #close()} may be called from any thread: a poll in flight finishes (an epoll wait with a timeout
 * returns by then), and the rings are unmapped after it; the maps are left alone.
 */
public final class RingBufferPoller implements AutoCloseable {
    private static final int MAX_EVENTS = 64;

    private final Fd epoll;
    private final NativeMemory events = NativeMemory.allocate((long) EpollEvent.SIZE * MAX_EVENTS);
    private final List<RingBuffer> rings = new ArrayList<>();
    /** Guards the event array and the rings: freed when closed and no poll is in flight. */
    private final Lifetime lifetime = new Lifetime();

    private RingBufferPoller(Fd epoll) {
        this.epoll = epoll;
    }

    public static RingBufferPoller create() {
        return new RingBufferPoller(Syscalls.epollCreate("ring buffer poller"));
    }

    /** A poller over one ring buffer. */
    public static RingBufferPoller of(MapRef map, RecordHandler handler) {
        RingBufferPoller p = create();
        try {
            p.add(map, handler);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** Adds a ring buffer whose records go to {@code handler} (libbpf's {@code ring_buffer__add}). */
    public RingBuffer add(MapRef map, RecordHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return addView(map, record -> handler.onRecord(record.buffer()));
    }

    /**
     * Adds a ring buffer whose records go to {@code handler} through the reused {@link RingRecord} view,
     * the cheaper form (a separate name so that a lambda is never ambiguous between the two handler types).
     */
    public RingBuffer addView(MapRef map, RingRecordHandler handler) {
        Objects.requireNonNull(handler, "handler");
        lifetime.begin("add");
        try {
            return addRing(map, handler);
        } finally {
            lifetime.end();
        }
    }

    private RingBuffer addRing(MapRef map, RingRecordHandler handler) {
        String what = "ring buffer '" + map.name() + "'";
        if (map.type() != MapType.RINGBUF) {
            throw new IllegalArgumentException("map '" + map.name() + "' is a " + map.type() + " map, not a ring buffer");
        }
        MapInfo info = Bpf.mapInfo(Fd.of(map.handle()), what);
        int size = info.maxEntries();
        long page = Syscalls.pageSize();
        if (page + 2L * size > Integer.MAX_VALUE) {
            throw new BpfException(what + ": " + size + " bytes are too large to map in one buffer");
        }
        MappedMemory cons = Syscalls.mmap(Fd.of(map.handle()), page, Syscalls.PROT_READ | Syscalls.PROT_WRITE,
                Syscalls.MAP_SHARED, 0, what + " consumer page");
        MappedMemory prod = null;
        try {
            prod = Syscalls.mmap(Fd.of(map.handle()), page + 2L * size, Syscalls.PROT_READ, Syscalls.MAP_SHARED, page,
                    what + " producer page and data");
            RingBuffer ring = new RingBuffer(map.name(), cons.buffer(), prod.buffer(), (int) page, size, handler,
                    cons, prod);
            Syscalls.epollCtl(epoll, Syscalls.EPOLL_CTL_ADD, Fd.of(map.handle()), EpollEvent.EPOLLIN, rings.size(),
                    "adding " + what + " to the poller");
            rings.add(ring);
            return ring;
        } catch (RuntimeException e) {
            cons.close();
            if (prod != null) {
                prod.close();
            }
            throw e;
        }
    }

    /**
     * Adds a ring buffer of fixed-size records decoded by {@code codec}. A record shorter than the codec is
     * an error naming the ring; a longer one is decoded from its start.
     */
    public <T> RingBuffer add(MapRef map, Codec<T> codec, Consumer<? super T> consumer) {
        String name = map.name();
        int size = codec.size();
        return addView(map, record -> {
            if (record.length() < size) {
                throw new BpfException("ring buffer '" + name + "': a record of " + record.length()
                        + " bytes is shorter than the " + size + " bytes the codec decodes");
            }
            consumer.accept(codec.decode(record.buffer()));
            return 0;
        });
    }

    public List<RingBuffer> rings() {
        return List.copyOf(rings);
    }

    public RingBuffer ring(int index) {
        return rings.get(index);
    }

    /**
     * Waits up to {@code timeoutMs} (-1: forever, 0: not at all) for a ring to have data, then consumes the
     * rings that have.
     *
     * @return the records handled, or a handler's negative value when one stopped consumption
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
        int n = Syscalls.epollWait(epoll, events, MAX_EVENTS, timeoutMs, "ring buffer poll");
        int total = 0;
        for (int i = 0; i < n; i++) {
            RingBuffer ring = rings.get((int) EpollEvent.dataAt(events, i));
            int r = ring.consume();
            if (r < 0) {
                return r;
            }
            total = saturatingAdd(total, r);
        }
        return total;
    }

    /** Consumes every ring without waiting. Returns like {@link #poll}. */
    public int consume() {
        lifetime.begin("consume");
        try {
            return consumeRings();
        } finally {
            lifetime.end();
        }
    }

    private int consumeRings() {
        int total = 0;
        for (RingBuffer ring : rings) {
            int r = ring.consume();
            if (r < 0) {
                return r;
            }
            total = saturatingAdd(total, r);
        }
        return total;
    }

    /** The epoll descriptor, for embedding into another event loop (readable when a ring has data); do not close it. */
    public int epollFd() {
        return epoll.raw();
    }

    private static int saturatingAdd(int a, int b) {
        long s = (long) a + b;
        return s > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) s;
    }

    private String what() {
        List<String> names = new ArrayList<>();
        for (RingBuffer r : rings) {
            names.add(r.name());
        }
        return "ring buffer poller " + names;
    }

    /** Thread-safe; when a poll is in flight, the rings are unmapped once it returns. */
    @Override
    public void close() {
        lifetime.close();
    }

    private final class Lifetime extends OneConsumer {
        @Override
        IllegalStateException busyError(String operation) {
            return new IllegalStateException(what() + ": " + operation + "() while another thread is in poll(), "
                    + "consume() or add(); a poller has one consuming thread at a time");
        }

        @Override
        protected void free() {
            for (RingBuffer r : rings) {
                r.unmap();
            }
            epoll.close();
            events.close();
        }

        @Override
        public IllegalStateException closedError(String operation, String context) {
            return new IllegalStateException(what() + ": " + operation + "() after close");
        }
    }
}
