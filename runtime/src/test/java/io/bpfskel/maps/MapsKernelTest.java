package io.bpfskel.maps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfMap;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.BpfProgram;
import io.bpfskel.KernelProgram;
import io.bpfskel.sys.Bpf;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.error.Errno;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MapCreateAttr;
import io.bpfskel.uapi.MapType;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every map kind of the {@code maps} fixture through the typed views, against the running kernel. */
class MapsKernelTest {
    /** struct flow_key: 16 bytes, 3 bytes of padding at the end that must stay zero. */
    record FlowKey(int saddr, int daddr, short sport, short dport, byte proto) {
        static final Codec<FlowKey> CODEC = Codec.of(16,
                (k, b) -> b.putInt(k.saddr).putInt(k.daddr).putShort(k.sport).putShort(k.dport).put(k.proto),
                b -> new FlowKey(b.getInt(), b.getInt(), b.getShort(), b.getShort(), b.get()));
    }

    /** struct flow_stats: 24 bytes, written with absolute offsets from position() (the other codec style). */
    record FlowStats(long packets, long bytes, int lastLen, String tag) {
        static final Codec<String> TAG = Codecs.string(4);
        static final Codec<FlowStats> CODEC = Codec.of(24, (s, b) -> {
            int p = b.position();
            b.putLong(p, s.packets).putLong(p + 8, s.bytes).putInt(p + 16, s.lastLen);
            TAG.encode(s.tag, b.position(p + 20));
        }, b -> {
            int p = b.position();
            return new FlowStats(b.getLong(p), b.getLong(p + 8), b.getInt(p + 16), TAG.decode(b.position(p + 20)));
        });
    }

    /** struct event: 16 bytes. */
    record Event(int seq, int kind, long value) {
        static final Codec<Event> CODEC = Codec.of(16, (e, b) -> b.putInt(e.seq).putInt(e.kind).putLong(e.value),
                b -> new Event(b.getInt(), b.getInt(), b.getLong()));
    }

    private static final FlowKey FIXTURE_FLOW = new FlowKey(0x0a000001, 0x0a000002, (short) 1234, (short) 80, (byte) 6);

    private Path pinRoot;
    private BpfCollection obj;

    @BeforeEach
    void load() throws IOException {
        pinRoot = KernelTests.bpffs().resolve("bpfskel-maps-" + ProcessHandle.current().pid());
        Files.createDirectories(pinRoot);
        obj = BpfCollection.open(Fixtures.bpfel("maps"), BpfOpenOptions.builder().pinRoot(pinRoot).build());
        obj.load();
    }

    @AfterEach
    void close() throws IOException {
        obj.close();
        try (var files = Files.walk(pinRoot)) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void runSyscall() {
        assertEquals(0, obj.program("maps_syscall").testRun(null).retvalInt());
    }

    /**
     * The raw path over direct buffers allocates nothing of its own per call: no more than the primitive path
     * ({@code lookupLong}/{@code updateLong}, which copies nothing), measured with ThreadMXBean's per-thread
     * allocation counter, not a timing. Each path's best of several rounds counts, so that both are compared
     * after the JIT compiled them; what the shared system-call path allocates is the primitive path's business.
     */
    @Test
    void theRawPathOverDirectBuffersAllocatesNoMoreThanThePrimitivePath() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (BpfCollection bench = BpfCollection.open(Fixtures.bpfel("bench"))) {
            bench.load();
            BpfMap hmap = bench.map("hmap");
            ByteBuffer key = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            ByteBuffer value = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            int calls = 10_000;
            long raw = Long.MAX_VALUE;
            long primitive = Long.MAX_VALUE;
            long found = 0;
            for (int round = 0; round < 6; round++) {
                long t0 = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < calls; i++) {
                    key.putInt(0, i & 63);
                    value.putLong(0, i);
                    hmap.update(key, value, BpfFlags.BPF_ANY);
                    found += hmap.lookup(key, value) ? 1 : 0;
                }
                long t1 = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < calls; i++) {
                    hmap.updateLong(i & 63, i, BpfFlags.BPF_ANY);
                    found += hmap.lookupLong(i & 63, -1) == i ? 1 : 0;
                }
                long t2 = threads.getCurrentThreadAllocatedBytes();
                raw = Math.min(raw, t1 - t0);
                primitive = Math.min(primitive, t2 - t1);
            }
            assertEquals(6 * 2 * calls, found);
            assertTrue(raw <= primitive + calls, calls + " raw-path update+lookup pairs allocated " + raw
                    + " bytes, the primitive path " + primitive);
        }
    }

    @Test
    void primitiveAndRawPathsAgreeWithTheTypedOnes() {
        try (BpfCollection bench = BpfCollection.open(Fixtures.bpfel("bench"))) {
            bench.load();
            BpfMap hmap = bench.map("hmap");
            BpfMap amap = bench.map("amap");
            TypedMap<Integer, Long> typed = hmap.typed(Codecs.int32(), Codecs.uint64());

            assertEquals(-1, hmap.lookupLong(7, -1), "absent key gives the default");
            hmap.updateLong(7, 0x1_0000_0002L, BpfFlags.BPF_NOEXIST);
            assertEquals(0x1_0000_0002L, typed.lookup(7));
            assertEquals(0x1_0000_0002L, hmap.lookupLong(7, -1));
            BpfSyscallException e = assertThrows(BpfSyscallException.class,
                    () -> hmap.updateLong(7, 1, BpfFlags.BPF_NOEXIST));
            assertEquals(Errno.EEXIST, e.errno());

            // the raw path over caller memory: direct buffers in place, from their positions, which do not move
            ByteBuffer key = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
            ByteBuffer value = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).position(8);
            key.putInt(0, 7);
            assertTrue(hmap.lookup(key, value));
            assertEquals(0x1_0000_0002L, value.getLong(8));
            assertEquals(8, value.position(), "the position does not move");
            value.putLong(8, 99);
            key.putInt(0, 8);
            hmap.update(key, value, BpfFlags.BPF_ANY);
            assertEquals(99L, typed.lookup(8));
            key.putInt(0, 9);
            assertFalse(hmap.lookup(key, value));
            amap.update(key, value.putLong(8, 5), BpfFlags.BPF_ANY);
            assertEquals(5, amap.lookupLong(9, -1));
            // heap buffers go through per-thread native memory, and the value comes back
            ByteBuffer heapKey = ByteBuffer.allocate(6).order(ByteOrder.nativeOrder()).position(2);
            ByteBuffer heapValue = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            heapKey.putInt(2, 8);
            assertTrue(hmap.lookup(heapKey, heapValue));
            assertEquals(99L, heapValue.getLong(0));
            heapKey.putInt(2, 10);
            hmap.update(heapKey.asReadOnlyBuffer(), heapValue.putLong(0, 42), BpfFlags.BPF_ANY);
            assertEquals(42L, typed.lookup(10));

            ByteBuffer small = ByteBuffer.allocateDirect(4);
            IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                    () -> hmap.lookup(small, small), "value too small");
            assertEquals("map 'hmap' needs 4 key bytes and 8 value bytes, got 4 and 4", tooSmall.getMessage());
            assertThrows(IllegalArgumentException.class, () -> hmap.lookup(key, value.asReadOnlyBuffer()),
                    "a lookup writes the value");
        }
        assertThrows(IllegalStateException.class, () -> obj.map("flows").lookupLong(1, 0), "struct key, not u32");
    }

    /**
     * Each thread's calls go through its own attribute memory, errno slot and key/value buffers (prepared once
     * per thread): many threads on the same maps, on the typed, primitive and raw paths, with answers that are
     * errnos (ENOENT from lookups of absent keys, EEXIST from putIfAbsent) interleaved with successes, never see
     * another thread's key, value or errno.
     */
    @Test
    void perThreadStateUnderConcurrentOperations() throws Exception {
        try (BpfCollection bench = BpfCollection.open(Fixtures.bpfel("bench"))) {
            bench.load();
            BpfMap hmap = bench.map("hmap");
            BpfMap amap = bench.map("amap");
            TypedMap<Integer, Long> typed = hmap.typed(Codecs.int32(), Codecs.uint64());
            int threads = 4;
            int perThread = 500;
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    try {
                        start.await();
                        ByteBuffer key = ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder());
                        ByteBuffer value = ByteBuffer.allocateDirect(8).order(java.nio.ByteOrder.nativeOrder());
                        for (int i = 0; i < perThread; i++) {
                            int k = 100_000 + id * perThread + i; // disjoint key ranges per thread
                            long v = ((long) id << 40) | i;
                            assertNull(typed.lookup(k), "absent before insert");
                            assertTrue(typed.putIfAbsent(k, v));
                            assertFalse(typed.putIfAbsent(k, v + 1), "EEXIST is an answer");
                            assertEquals(v, typed.lookup(k));
                            assertEquals(v, hmap.lookupLong(k, -1));
                            key.putInt(0, k);
                            assertTrue(hmap.lookup(key, value), "raw path over caller memory");
                            assertEquals(v, value.getLong(0));
                            int slot = id * 200 + (i % 200); // disjoint array slots per thread
                            amap.updateLong(slot, v, BpfFlags.BPF_ANY);
                            assertEquals(v, amap.lookupLong(slot, -1));
                            assertTrue(typed.delete(k));
                            assertFalse(typed.delete(k), "ENOENT is an answer");
                            assertEquals(-1, hmap.lookupLong(k, -1));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "bpfskel-maps-thread-" + t);
                w.start();
                workers.add(w);
            }
            start.countDown();
            for (Thread w : workers) {
                w.join(120_000);
                assertFalse(w.isAlive(), w.getName() + " did not finish");
            }
            if (!failures.isEmpty()) {
                AssertionError e = new AssertionError(failures.size() + " thread(s) failed");
                failures.forEach(e::addSuppressed);
                throw e;
            }
        }
    }

    /** struct flow_stats as a mutable holder whose codec decodes into a reused instance. */
    static final class MutableStats {
        long packets;
        long bytes;
        int lastLen;
        int decodedInto;

        static final Codec<MutableStats> CODEC = new Codec<>() {
            @Override
            public int size() {
                return 24;
            }

            @Override
            public void encode(MutableStats s, ByteBuffer b) {
                b.putLong(s.packets).putLong(s.bytes).putInt(s.lastLen);
            }

            @Override
            public MutableStats decode(ByteBuffer b) {
                return decodeInto(b, new MutableStats());
            }

            @Override
            public MutableStats decodeInto(ByteBuffer b, MutableStats s) {
                s.packets = b.getLong();
                s.bytes = b.getLong();
                s.lastLen = b.getInt();
                s.decodedInto++;
                return s;
            }
        };
    }

    @Test
    void lookupIntoAReusedTarget() {
        TypedMap<FlowKey, MutableStats> flows = obj.map("flows").typed(FlowKey.CODEC, MutableStats.CODEC);
        MutableStats target = new MutableStats();
        assertNull(flows.lookupInto(FIXTURE_FLOW, target), "absent: null, target untouched");
        assertEquals(0, target.decodedInto);
        runSyscall();
        assertSame(target, flows.lookupInto(FIXTURE_FLOW, target));
        assertEquals(1, target.packets);
        assertEquals(64, target.bytes);
        assertEquals(-1, target.lastLen);
        runSyscall();
        assertSame(target, flows.lookupInto(FIXTURE_FLOW, target, 0));
        assertEquals(2, target.packets);
        assertEquals(128, target.bytes);
        assertEquals(2, target.decodedInto);

        // A codec of an immutable type ignores the target and returns a new value, as lookup(key) does.
        TypedMap<FlowKey, FlowStats> records = obj.map("flows").typed(FlowKey.CODEC, FlowStats.CODEC);
        FlowStats stale = new FlowStats(0, 0, 0, "");
        assertEquals(new FlowStats(2, 128, -1, "abc"), records.lookupInto(FIXTURE_FLOW, stale));
    }

    @Test
    void hashWithStructKeyAndValue() {
        TypedMap<FlowKey, FlowStats> flows = obj.map("flows").typed(FlowKey.CODEC, FlowStats.CODEC);
        assertNull(flows.lookup(FIXTURE_FLOW));
        runSyscall();
        assertEquals(new FlowStats(1, 64, -1, "abc"), flows.lookup(FIXTURE_FLOW));
        runSyscall();
        assertEquals(new FlowStats(2, 128, -1, "abc"), flows.lookup(FIXTURE_FLOW));

        // The program looks up the same key: a user-space update must encode it bytewise identically.
        flows.update(FIXTURE_FLOW, new FlowStats(10, 1000, 5, "xy"));
        runSyscall();
        assertEquals(new FlowStats(11, 1064, 5, "xy"), flows.lookup(FIXTURE_FLOW));

        FlowKey other = new FlowKey(1, 2, (short) 3, (short) 4, (byte) 17);
        assertFalse(flows.replace(other, new FlowStats(0, 0, 0, "")));
        assertTrue(flows.putIfAbsent(other, new FlowStats(7, 8, 9, "new")));
        assertFalse(flows.putIfAbsent(other, new FlowStats(0, 0, 0, "")));
        assertTrue(flows.replace(other, new FlowStats(70, 80, 90, "rep")));
        BpfSyscallException e = assertThrows(BpfSyscallException.class,
                () -> flows.update(other, new FlowStats(0, 0, 0, ""), BpfFlags.BPF_NOEXIST));
        assertEquals(Errno.EEXIST, e.errno());
        assertTrue(e.getMessage().contains("'flows'"), e.getMessage());

        assertEquals(Set.of(FIXTURE_FLOW, other), toSet(flows.keys()));
        assertEquals(new FlowStats(70, 80, 90, "rep"), flows.toMap().get(other));
        assertTrue(flows.containsKey(other));
        assertEquals(new FlowStats(70, 80, 90, "rep"), flows.lookupAndDelete(other));
        assertNull(flows.lookupAndDelete(other));
        assertFalse(flows.containsKey(other));
        assertTrue(flows.delete(FIXTURE_FLOW));
        assertFalse(flows.delete(FIXTURE_FLOW));
        assertFalse(flows.keys().iterator().hasNext());
    }

    @Test
    void arraysAndRawSizedValues() {
        TypedMap<Integer, Long> counters = obj.map("counters").typed(Codecs.uint32Bits(), Codecs.uint64());
        runSyscall();
        runSyscall();
        assertEquals(2L, counters.lookup(0));
        assertEquals(0L, counters.lookup(15));
        assertNull(counters.lookup(16), "index past max_entries");
        counters.update(5, -1L); // __u64 max, two's complement
        assertEquals("18446744073709551615", Long.toUnsignedString(counters.lookup(5)));
        List<Integer> keys = new ArrayList<>();
        counters.keys().forEach(keys::add);
        assertEquals(IntStream.range(0, 16).boxed().toList(), keys);
        BpfSyscallException e = assertThrows(BpfSyscallException.class, () -> counters.delete(1));
        assertEquals(Errno.EINVAL, e.errno(), "arrays cannot delete");

        TypedMap<Integer, byte[]> raw = obj.map("raw_sized").typed(Codecs.int32(), Codecs.bytes(24));
        byte[] expected = new byte[24];
        expected[0] = 'r';
        assertArrayEquals(expected, raw.lookup(3));
    }

    @Test
    void perCpuValuesSumAcrossCpus() {
        int cpus = Syscalls.possibleCpus();
        PerCpuMap<Integer, Long> pcpuHash = obj.map("pcpu_hash").perCpu(Codecs.int32(), Codecs.uint64());
        PerCpuMap<Integer, FlowStats> pcpuArray = obj.map("pcpu_array").perCpu(Codecs.int32(), FlowStats.CODEC);
        PerCpuMap<Integer, Long> lruPcpu = obj.map("lru_pcpu").perCpu(Codecs.int32(), Codecs.uint64());
        assertEquals(cpus, pcpuHash.cpus());
        int runs = 7;
        for (int i = 0; i < runs; i++) {
            runSyscall();
        }
        List<Long> perCpu = pcpuHash.lookup(2);
        assertEquals(cpus, perCpu.size());
        assertEquals(runs, perCpu.stream().mapToLong(Long::longValue).sum());
        assertEquals(runs, pcpuArray.lookup(1).stream().mapToLong(FlowStats::packets).sum());
        assertEquals(1, lruPcpu.lookup(0).stream().mapToLong(Long::longValue).sum(), "one CPU holds 1, the others 0");

        List<Long> mine = IntStream.range(0, cpus).mapToObj(c -> 100L + c).toList();
        pcpuHash.update(9, mine);
        assertEquals(mine, pcpuHash.lookup(9));
        pcpuHash.updateAll(10, 3L);
        assertEquals(3L * cpus, pcpuHash.lookup(10).stream().mapToLong(Long::longValue).sum());
        assertThrows(IllegalArgumentException.class, () -> pcpuHash.update(11, List.of(1L)));

        Map<Integer, List<Long>> viaBatch = new HashMap<>();
        assertEquals(3, pcpuHash.lookupBatch(2, viaBatch::put));
        assertEquals(Map.of(2, perCpu, 9, mine, 10, pcpuHash.lookup(10)), viaBatch);
        assertEquals(Map.of(2, perCpu, 9, mine, 10, pcpuHash.lookup(10)), pcpuHash.toMap());
    }

    @Test
    void perCpuValuesArePaddedToEightBytes() {
        // A 4-byte value: each CPU's slot is 8 bytes, the codec must see only its 4.
        try (KernelMap m = KernelMap.adopt(Bpf.mapCreate(MapCreateAttr.builder(MapType.PERCPU_ARRAY).keySize(4)
                .valueSize(4).maxEntries(2).mapName("pad_test").build(), "test"), "pad_test")) {
            PerCpuMap<Integer, Integer> v = m.perCpu(Codecs.int32(), Codecs.int32());
            List<Integer> values = IntStream.range(0, v.cpus()).map(c -> -1 - c).boxed().toList();
            v.update(1, values);
            assertEquals(values, v.lookup(1));
            byte[] raw = new byte[8 * v.cpus()];
            assertTrue(Bpf.mapLookupElem(Fd.of(m.handle()), new byte[] {1, 0, 0, 0}, raw, "raw"));
            ByteBuffer b = ByteBuffer.wrap(raw).order(java.nio.ByteOrder.nativeOrder());
            for (int c = 0; c < v.cpus(); c++) {
                assertEquals(-1 - c, b.getInt(8 * c), "cpu " + c);
            }
        }
    }

    @Test
    void lruEvictsInsteadOfFailing() {
        TypedMap<Long, Integer> lru = obj.map("lru").typed(Codecs.int64(), Codecs.int32());
        runSyscall();
        assertEquals(4242, lru.lookup(42L));
        for (long k = 1000; k < 1000 + 200; k++) {
            lru.update(k, (int) k);
        }
        Map<Long, Integer> all = lru.toMap();
        assertTrue(all.size() <= 32 && all.size() > 0, "size " + all.size());
        all.forEach((k, v) -> assertEquals(k.intValue(), v));
        assertEquals(1199, lru.lookup(1199L), "the newest key survives");
    }

    @Test
    void queueAndStack() {
        QueueMap<Long> fifo = obj.map("fifo").queue(Codecs.uint32());
        runSyscall(); // pushes 1000 and pops it again
        assertEquals(1000, obj.dataSection(".bss").getInt(32));
        assertNull(fifo.peek());
        fifo.push(1L);
        fifo.push(2L);
        fifo.push(3L);
        assertEquals(1L, fifo.peek());
        assertEquals(1L, fifo.pop());
        for (long v = 4; v <= 17; v++) {
            assertTrue(fifo.offer(v));
        }
        assertFalse(fifo.offer(99L), "full at 16");
        assertEquals(Errno.E2BIG, assertThrows(BpfSyscallException.class, () -> fifo.push(99L)).errno());
        fifo.push(18L, BpfFlags.BPF_EXIST); // drops the oldest (2)
        List<Long> drained = new ArrayList<>();
        for (Long v; (v = fifo.pop()) != null; ) {
            drained.add(v);
        }
        assertEquals(java.util.stream.LongStream.rangeClosed(3, 18).boxed().toList(), drained);

        QueueMap<Event> lifo = obj.map("lifo").queue(Event.CODEC);
        assertEquals(new Event(7, 2, 99), lifo.peek(), "pushed by the program");
        lifo.push(new Event(8, 0, -5));
        assertEquals(new Event(8, 0, -5), lifo.pop());
        assertEquals(new Event(7, 2, 99), lifo.pop());
        assertNull(lifo.pop());
    }

    @Test
    void bloomFilter() {
        BloomFilter<Integer> seen = obj.map("seen").bloomFilter(Codecs.uint32Bits());
        assertFalse(seen.mightContain(12345));
        seen.add(12345);
        assertTrue(seen.mightContain(12345));
        assertFalse(seen.mightContain(54321));
        assertThrows(IllegalArgumentException.class, () -> obj.map("seen").typed(Codecs.int32(), Codecs.int32()));
    }

    @Test
    void mapInMapInnerLookup() {
        runSyscall();
        MapOfMaps<Integer> outer = obj.map("outer_arr").mapOfMaps(Codecs.int32());
        try (KernelMap innerA = outer.openInner(0)) {
            assertNotNull(innerA);
            assertEquals("inner_a", innerA.name());
            assertEquals(1, innerA.typed(Codecs.int32(), Codecs.int32()).lookup(0), "the program's increment");
            innerA.typed(Codecs.int32(), Codecs.int32()).update(0, 41);
        }
        runSyscall();
        assertEquals(42, obj.dataSection(".bss").getInt(8), "inner_a_seen after our write");

        assertTrue(outer.innerId(1).isEmpty());
        assertNull(outer.openInner(1));
        BpfMap innerB = obj.map("inner_b");
        outer.set(1, innerB);
        assertEquals(Bpf.mapInfo(Fd.of(innerB.handle()), "t").id(), outer.innerId(1).getAsInt());
        assertEquals(List.of(0, 1, 2), toList(outer.keys()));
        assertTrue(outer.delete(1));
        assertEquals(List.of(0, 2), toList(outer.keys()));

        MapOfMaps<Integer> hashOuter = obj.map("outer_hash").mapOfMaps(Codecs.int32());
        try (KernelMap innerH = hashOuter.openInner(1)) {
            assertEquals(Map.of(3, 1L), innerH.typed(Codecs.int32(), Codecs.int64()).toMap());
        }
        assertNull(hashOuter.openInner(2));
    }

    @Test
    void progArraySlotDrivesTailCalls() {
        ProgArray jmp = obj.map("jmp_table").progArray();
        BpfProgram tail0 = obj.program("xdp_tail_0");
        BpfProgram tail1 = obj.program("xdp_tail_1");
        assertEquals(tail0.id(), jmp.programId(0).getAsInt());
        assertTrue(jmp.programId(2).isEmpty());
        assertEquals(0, dispatch(2), "empty slot: XDP_ABORTED");
        jmp.set(2, tail1.ref());
        assertEquals(1, dispatch(2), "tail call into xdp_tail_1: XDP_DROP");
        jmp.set(0, tail1.ref());
        assertEquals(1, dispatch(0));
        assertEquals(tail1.id(), jmp.programId(0).getAsInt());
        assertTrue(jmp.clear(2));
        assertFalse(jmp.clear(2));
        assertEquals(0, dispatch(2));
        jmp.set(0, tail0.ref());
        assertEquals(2, dispatch(0), "XDP_PASS from xdp_tail_0");
    }

    private int dispatch(int slot) {
        byte[] pkt = new byte[64];
        pkt[0] = (byte) slot;
        return obj.program("xdp_dispatch").testRun(pkt, 0, 1).retvalInt();
    }

    @Test
    void batchOperations() {
        TypedMap<Integer, Long> sparse = obj.map("sparse").typed(Codecs.int32(), Codecs.int64());
        List<Integer> keys = IntStream.range(100, 150).boxed().toList();
        List<Long> values = keys.stream().map(k -> k * 1000L).toList();
        assertEquals(50, sparse.updateBatch(keys, values, BpfFlags.BPF_ANY));

        Map<Integer, Long> read = new HashMap<>();
        assertEquals(50, sparse.lookupBatch(7, (k, v) -> assertNull(read.put(k, v), "duplicate key " + k)));
        assertEquals(IntStream.range(100, 150).boxed().collect(Collectors.toMap(k -> k, k -> k * 1000L)), read);
        Map<Integer, Long> rawRead = new HashMap<>();
        assertEquals(50, sparse.lookupBatchRaw(16, (ks, vs, n) -> {
            assertTrue(n <= 16);
            for (int i = 0; i < n; i++) {
                rawRead.put(ks.getInt(4 * i), vs.getLong(8 * i));
            }
        }));
        assertEquals(read, rawRead);

        List<Integer> gone = IntStream.range(100, 110).boxed().toList();
        assertEquals(10, sparse.deleteBatch(gone));
        BpfSyscallException e = assertThrows(BpfSyscallException.class, () -> sparse.deleteBatch(List.of(110, 100)));
        assertEquals(Errno.ENOENT, e.errno(), "100 is gone");
        assertNull(sparse.lookup(110), "110 was deleted before the missing key stopped the batch");

        Map<Integer, Long> drained = new HashMap<>();
        assertEquals(39, sparse.lookupAndDeleteBatch(16, drained::put));
        assertEquals(39, drained.size());
        assertFalse(sparse.keys().iterator().hasNext(), "lookup-and-delete emptied the map");
        assertEquals(0, sparse.lookupBatch(4, (k, v) -> { throw new AssertionError(); }), "empty map: ENOENT at once");

        TypedMap<Integer, Long> counters = obj.map("counters").typed(Codecs.int32(), Codecs.int64());
        counters.updateBatch(List.of(3, 4), List.of(33L, 44L), BpfFlags.BPF_ANY);
        Map<Integer, Long> all = new HashMap<>();
        assertEquals(16, counters.lookupBatch(5, all::put));
        assertEquals(33L, all.get(3));
        assertEquals(44L, all.get(4));
        assertEquals(16, all.size());
    }

    @Test
    void batchLookupGrowsTheChunkOnEnospc() {
        // 40 keys in a map with few buckets: a chunk of 1 is smaller than a bucket, the kernel answers ENOSPC.
        TypedMap<Integer, Long> sparse = obj.map("sparse").typed(Codecs.int32(), Codecs.int64());
        for (int k = 0; k < 60; k++) {
            sparse.update(k, (long) k);
        }
        Set<Integer> seen = new HashSet<>();
        assertEquals(60, sparse.lookupBatch(1, (k, v) -> assertTrue(seen.add(k))));
        assertEquals(60, seen.size());
    }

    @Test
    void iterationSurvivesDeletion() {
        TypedMap<Integer, Long> sparse = obj.map("sparse").typed(Codecs.int32(), Codecs.int64());
        for (int k = 0; k < 40; k++) {
            sparse.update(k, (long) k);
        }
        List<Integer> order = toList(sparse.keys());
        assertEquals(40, new HashSet<>(order).size());

        // Keys ahead of the iterator (beyond the one it has fetched) vanish: they are not seen.
        Set<Integer> removedAhead = new HashSet<>(order.subList(5, 10));
        List<Integer> seen = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : sparse.entries()) {
            if (seen.isEmpty()) {
                removedAhead.forEach(sparse::delete);
            }
            assertEquals((long) e.getKey(), e.getValue());
            seen.add(e.getKey());
        }
        List<Integer> expected = new ArrayList<>(order);
        expected.removeAll(removedAhead);
        assertEquals(expected, seen);

        // Deleting each key as it is handed out: every key once, and the map ends empty.
        List<Integer> deleted = new ArrayList<>();
        for (Integer k : sparse.keys()) {
            assertTrue(sparse.delete(k));
            deleted.add(k);
        }
        assertEquals(expected, deleted);
        assertTrue(sparse.toMap().isEmpty());
    }

    @Test
    void pinAndOpenPinnedMapsAndPrograms() {
        Path mapPin = pinRoot.resolve("sub/counters");
        BpfMap counters = obj.map("counters");
        counters.pin(mapPin);
        counters.typed(Codecs.int32(), Codecs.int64()).update(7, 77L);
        try (KernelMap opened = BpfMap.openPinned(mapPin)) {
            assertEquals("counters", opened.name());
            assertEquals(io.bpfskel.uapi.MapType.ARRAY, opened.type());
            assertEquals(77L, opened.typed(Codecs.int32(), Codecs.int64()).lookup(7));
        }
        assertTrue(BpfMap.unpin(mapPin));
        assertFalse(BpfMap.unpin(mapPin));
        BpfSyscallException e = assertThrows(BpfSyscallException.class, () -> BpfMap.openPinned(mapPin));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains(mapPin.toString()), e.getMessage());

        // The pinned program outlives the collection.
        Path progPin = pinRoot.resolve("maps_syscall");
        obj.program("maps_syscall").pin(progPin);
        obj.close();
        try (KernelProgram p = BpfProgram.openPinned(progPin)) {
            assertEquals("maps_syscall", p.name());
            assertEquals(io.bpfskel.uapi.ProgramType.SYSCALL, p.type());
            assertEquals(0, p.testRun(null).retvalInt());
        }
        assertTrue(BpfProgram.unpin(progPin));

        // The fixture's LIBBPF_PIN_BY_NAME map went under our pin root, and opens like any other pin.
        try (KernelMap pinned = BpfMap.openPinned(pinRoot.resolve("pinned_counts"))) {
            assertTrue(pinned.typed(Codecs.int32(), Codecs.int64()).lookup(0) >= 1);
        }
    }

    @Test
    void viewsRefuseMismatchedCodecsAndTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> obj.map("flows").typed(Codecs.int32(), FlowStats.CODEC));
        assertTrue(e.getMessage().contains("'flows'") && e.getMessage().contains("16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> obj.map("pcpu_hash").typed(Codecs.int32(), Codecs.int64()));
        assertThrows(IllegalArgumentException.class, () -> obj.map("counters").perCpu(Codecs.int32(), Codecs.int64()));
        assertThrows(IllegalArgumentException.class, () -> obj.map("counters").queue(Codecs.int64()));
        assertThrows(IllegalArgumentException.class, () -> obj.map("fifo").typed(Codecs.int32(), Codecs.int32()));
        assertThrows(IllegalArgumentException.class, () -> obj.map("counters").progArray());
        assertThrows(IllegalArgumentException.class, () -> Codecs.uint8().encode(256, ByteBuffer.allocate(1)));
        assertThrows(IllegalArgumentException.class, () -> Codecs.uint32().encode(-1L, ByteBuffer.allocate(4)));
        assertThrows(IllegalArgumentException.class, () -> Codecs.string(4).encode("abcd", ByteBuffer.allocate(4)));
        TypedMap<Integer, Long> counters = obj.map("counters").typed(Codecs.int32(), Codecs.int64());
        obj.close();
        assertThrows(IllegalStateException.class, () -> counters.lookup(0), "map of a closed collection");
    }

    @Test
    void codecsOfEveryWidth() {
        ByteBuffer b = ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder());
        Codecs.uint8().encode(255, b);
        assertEquals(255, Codecs.uint8().decode(b));
        assertEquals((byte) -1, Codecs.int8().decode(b));
        Codecs.uint16().encode(65535, b);
        assertEquals(65535, Codecs.uint16().decode(b));
        assertEquals((short) -1, Codecs.int16().decode(b));
        Codecs.uint32().encode(0xFFFF_FFFFL, b);
        assertEquals(0xFFFF_FFFFL, Codecs.uint32().decode(b));
        assertEquals(-1, Codecs.int32().decode(b));
        Codecs.int64().encode(Long.MIN_VALUE, b);
        assertEquals(Long.MIN_VALUE, Codecs.uint64().decode(b));
        Codecs.string(8).encode("héllo", b.clear());
        assertEquals("héllo", Codecs.string(8).decode(b));
        assertArrayEquals("h\u00c3".getBytes(StandardCharsets.ISO_8859_1), Codecs.bytes(2).decode(b));
        Codec<Boolean> asBool = Codecs.uint8().map(v -> v ? 1 : 0, v -> v != 0);
        asBool.encode(true, b.clear());
        assertTrue(asBool.decode(b));
    }

    private static <T> List<T> toList(Iterable<T> it) {
        List<T> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    private static <T> Set<T> toSet(Iterable<T> it) {
        return new HashSet<>(toList(it));
    }
}
