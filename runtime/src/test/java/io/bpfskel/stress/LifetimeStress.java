package io.bpfskel.stress;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfMap;
import io.bpfskel.MemoryView;
import io.bpfskel.maps.Codecs;
import io.bpfskel.maps.TypedMap;
import io.bpfskel.ringbuf.PerfBuffer;
import io.bpfskel.ringbuf.RingBuffer;
import io.bpfskel.ringbuf.RingBufferPoller;
import io.bpfskel.ringbuf.UserRingBuffer;
import io.bpfskel.skel.ViewMemory;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.uapi.BpfFlags;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a child JVM by {@link LifetimeStressTest}, so that a crash (a read of unmapped memory) fails that test
 * instead of killing the test run. Uses only the public API, the way an application that reloads its programs
 * while worker threads run would:
 *
 * <ol>
 *   <li>Rounds of: worker threads update and read a map (through {@link BpfMap}, a typed view and the raw
 *       {@link Fd} they took earlier) and the {@code .bss} view, while the main thread closes the collection
 *       and at once opens and loads a fresh one of the same object (so descriptor numbers are reused). Workers
 *       may only succeed or get {@link IllegalStateException}; the fresh collection's map and a canary
 *       collection opened at the start must never see the workers' writes.</li>
 *   <li>A read after close of every view kind, and reads racing with close from another thread.</li>
 * </ol>
 *
 * Prints one line starting with {@code OK} and exits 0, or prints the failures and exits 1.
 *
 * <pre>LifetimeStress BENCH_OBJECT RINGBUF_OBJECT ROUNDS</pre>
 */
public final class LifetimeStress {
    private static final int KEYS = 64;
    private static final long CANARY = 0xC0FFEE0000L;
    private static final long STALE = 0xBAD0000000L;
    private static final int WORKERS = 4;

    private final Path bench;
    private final Path ring;
    private final List<String> failures = new ArrayList<>();
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private LifetimeStress(Path bench, Path ring) {
        this.bench = bench;
        this.ring = ring;
    }

    public static void main(String[] args) throws Exception {
        LifetimeStress s = new LifetimeStress(Path.of(args[0]), Path.of(args[1]));
        int rounds = Integer.parseInt(args[2]);
        s.run(rounds);
        if (!s.failures.isEmpty()) {
            s.failures.stream().limit(20).forEach(System.out::println);
            System.out.println("FAILED: " + s.failures.size() + " failures");
            System.exit(1);
        }
        System.out.println("OK " + io.bpfskel.sys.Syscalls.nativeBackend() + " backend, " + rounds + " rounds, " + s.ops.get() + " operations, " + s.refused.get()
                + " refused after close");
    }

    private void run(int rounds) throws Exception {
        try (BpfCollection canary = loaded(bench)) {
            TypedMap<Integer, Long> canaryMap = canary.map("amap").typed(Codecs.int32(), Codecs.uint64());
            for (int k = 0; k < KEYS; k++) {
                canaryMap.update(k, CANARY + k);
            }
            canary.dataSection(".bss").putLong(0, CANARY);
            for (int r = 0; r < rounds; r++) {
                closeWhileInUse(r);
            }
            for (int k = 0; k < KEYS; k++) {
                Long v = canaryMap.lookup(k);
                check(v != null && v == CANARY + k, "canary amap[" + k + "] changed to " + v);
            }
            check(canary.dataSection(".bss").getLong(0) == CANARY, "canary .bss changed");
        }
        readAfterCloseOfEveryView();
        readsRacingWithClose();
        oneConsumerAtATime();
    }

    private static BpfCollection loaded(Path p) {
        BpfCollection c = BpfCollection.open(p);
        try {
            c.load();
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Workers write STALE values into a collection that the main thread closes and replaces. */
    private void closeWhileInUse(int round) throws Exception {
        BpfCollection victim = loaded(bench);
        BpfMap map = victim.map("amap");
        Fd raw = Fd.of(map.handle());
        TypedMap<Integer, Long> typed = map.typed(Codecs.int32(), Codecs.uint64());
        MemoryView bss = victim.dataSection(".bss");
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(WORKERS);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < WORKERS; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                started.countDown();
                byte[] key = new byte[4];
                byte[] value = new byte[8];
                for (int i = 0; !stop.get(); i++) {
                    int k = i % KEYS;
                    ByteBuffer.wrap(key).order(ByteOrder.nativeOrder()).putInt(0, k);
                    ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).putLong(0, STALE + k);
                    try {
                        switch ((i + id) % 4) {
                            case 0 -> map.update(key, value, BpfFlags.BPF_ANY);
                            case 1 -> typed.update(k, STALE + k);
                            case 2 -> Bpf.mapUpdateElem(raw, key, value, BpfFlags.BPF_ANY, "stale handle of amap");
                            default -> {
                                bss.putLong(8, STALE);
                                bss.getLong(0);
                            }
                        }
                        ops.incrementAndGet();
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                        String m = String.valueOf(e.getMessage());
                        if (!m.contains("amap") && !m.contains("object 'bench'")) {
                            unexpected.add(new AssertionError("the exception does not name the object: " + m));
                        }
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }
            }, "worker-" + t);
            threads.add(th);
            th.start();
        }
        started.await();
        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        victim.close();
        // At once a fresh collection of the same object: its descriptors likely get the numbers just freed.
        try (BpfCollection fresh = loaded(bench)) {
            Thread.sleep(1);
            stop.set(true);
            for (Thread th : threads) {
                th.join();
            }
            TypedMap<Integer, Long> freshMap = fresh.map("amap").typed(Codecs.int32(), Codecs.uint64());
            for (int k = 0; k < KEYS; k++) {
                Long v = freshMap.lookup(k);
                check(v != null && v == 0, "round " + round + ": a closed collection's write reached the fresh one: amap["
                        + k + "] = 0x" + Long.toHexString(v == null ? -1 : v));
            }
            check(fresh.dataSection(".bss").getLong(8) == 0, "round " + round + ": a write through a closed view "
                    + "reached the fresh collection's .bss");
        }
        for (Throwable t : unexpected) {
            check(false, "round " + round + ": unexpected " + t);
        }
    }

    private void readAfterCloseOfEveryView() {
        BpfCollection c = BpfCollection.open(bench);
        MemoryView image = c.dataSection(".bss");
        ViewMemory skelBefore = ViewMemory.section(c, ".bss", ByteOrder.nativeOrder(), ViewMemory.Access.READ_WRITE);
        c.load();
        MemoryView mapped = c.dataSection(".bss");
        MemoryView rodata = c.dataSection(".bss").asReadOnly();
        ViewMemory skel = ViewMemory.section(c, ".bss", ByteOrder.nativeOrder(), ViewMemory.Access.READ_WRITE);
        BpfMap amap = c.map("amap");
        TypedMap<Integer, Long> typed = amap.typed(Codecs.int32(), Codecs.uint64());
        skelBefore.getLong(0);
        c.close();
        refusedNaming("pre-load image view", "object 'bench'", () -> image.getLong(0));
        refusedNaming("mapped .bss view", "data section '.bss' of object 'bench'", () -> mapped.getLong(0));
        refusedNaming("read-only view", "object 'bench'", () -> rodata.get(0));
        refusedNaming("mapped view, bulk read", "object 'bench'", () -> mapped.toByteArray());
        refusedNaming("skeleton view", "object 'bench'", () -> skel.getLong(0));
        refusedNaming("skeleton view obtained before load", "object 'bench'", () -> skelBefore.putLong(0, 1));
        refusedNaming("map lookup", "amap", () -> amap.lookup(new byte[4], new byte[8]));
        refusedNaming("typed map view", "amap", () -> typed.lookup(0));

        try (BpfCollection r = loaded(ring)) {
            List<ByteBuffer> kept = new ArrayList<>();
            RingBufferPoller poller = RingBufferPoller.of(r.map("rb_a"), rec -> {
                kept.add(rec);
                return 0;
            });
            RingBuffer rb = poller.ring(0);
            produce(r, 3);
            poller.consume();
            poller.close();
            refusedNaming("ring buffer poller", "ring buffer poller", poller::consume);
            refusedNaming("ring buffer poll", "ring buffer poller", () -> poller.poll(0));
            refusedNaming("ring buffer", "ring buffer 'rb_a'", rb::consume);
            refusedNaming("ring buffer positions", "ring buffer 'rb_a'", rb::available);
            for (ByteBuffer b : kept) {
                b.getInt(0); // a record the handler kept is a heap copy: reading it later is safe
            }
            PerfBuffer perf = PerfBuffer.open(r.map("perf_events"), 1, new PerfBuffer.SampleHandler() {
                @Override
                public void onSample(int cpu, ByteBuffer data) {}

                @Override
                public void onLost(int cpu, long count) {}
            });
            perf.close();
            refusedNaming("perf buffer", "perf buffer 'perf_events'", perf::consume);
            UserRingBuffer user = UserRingBuffer.open(r.map("user_rb"));
            UserRingBuffer.Reservation res = user.reserve(8);
            user.close();
            res.buffer().putLong(0, 1); // the reservation's buffer is on the heap
            refusedNaming("user ring buffer submit", "user ring buffer 'user_rb'", res::submit);
            refusedNaming("user ring buffer write", "user ring buffer 'user_rb'", () -> user.write(new byte[8]));
        }
    }

    private static void produce(BpfCollection r, int count) {
        ByteBuffer args = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        args.putInt(count).putInt(0).putInt(0).putInt(0);
        r.program("produce").testRun(args.array());
    }

    /** A thread reads views as fast as it can while the main thread closes their owner. */
    private void readsRacingWithClose() throws Exception {
        for (int i = 0; i < 30; i++) {
            BpfCollection c = loaded(bench);
            MemoryView bss = c.dataSection(".bss");
            ViewMemory skel = ViewMemory.section(c, ".bss", ByteOrder.nativeOrder(), ViewMemory.Access.READ_WRITE);
            racing(() -> {
                bss.getLong(0);
                skel.getLong(8);
            }, c::close, "views of .bss");
        }
        for (int i = 0; i < 20; i++) {
            try (BpfCollection r = loaded(ring)) {
                RingBufferPoller poller = RingBufferPoller.of(r.map("rb_b"), rec -> 0);
                produce(r, 10);
                racing(() -> poller.poll(0), poller::close, "ring buffer poll");
            }
        }
    }

    private void racing(Runnable reader, Runnable closer, String what) throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        CountDownLatch running = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            running.countDown();
            while (true) {
                try {
                    reader.run();
                    ops.incrementAndGet();
                } catch (IllegalStateException e) {
                    refused.incrementAndGet();
                    if (closed.get()) {
                        return;
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                    return;
                }
            }
        });
        t.start();
        running.await();
        Thread.sleep(ThreadLocalRandom.current().nextInt(2));
        closer.run();
        closed.set(true);
        t.join(10_000);
        check(!t.isAlive(), what + ": the reader never saw the close");
        for (Throwable e : unexpected) {
            check(false, what + ": unexpected " + e);
        }
    }

    /** A second concurrent consume() on one poller fails clearly instead of corrupting it. */
    private void oneConsumerAtATime() throws Exception {
        try (BpfCollection r = loaded(ring)) {
            CountDownLatch inHandler = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            RingBufferPoller poller = RingBufferPoller.of(r.map("rb_a"), rec -> {
                inHandler.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            });
            produce(r, 1);
            Thread first = new Thread(poller::consume);
            first.start();
            inHandler.await();
            refusedNaming("second consume()", "one consuming thread", poller::consume);
            refusedNaming("second consume() on the ring", "one consumer", () -> poller.ring(0).consume());
            release.countDown();
            first.join();
            poller.close();
        }
    }

    /** An operation that must be refused; its result, if any, is ignored. */
    @FunctionalInterface
    private interface Op {
        void run() throws Exception;
    }

    private void refusedNaming(String what, String expected, Op op) {
        try {
            op.run();
            check(false, what + ": no exception after close");
        } catch (IllegalStateException e) {
            check(String.valueOf(e.getMessage()).contains(expected), what + ": the message does not name '" + expected
                    + "': " + e.getMessage());
        } catch (Throwable e) {
            check(false, what + ": " + e + " instead of IllegalStateException");
        }
    }

    private void check(boolean ok, String failure) {
        if (!ok) {
            synchronized (failures) {
                failures.add(failure);
            }
        }
    }
}
