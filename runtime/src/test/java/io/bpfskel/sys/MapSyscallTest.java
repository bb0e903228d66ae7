package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.testing.KernelTests;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MapSyscallTest {

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    static Fd array(String name, int valueSize, int maxEntries, int flags) {
        return Bpf.mapCreate(MapCreateAttr.builder(MapType.ARRAY).keySize(4).valueSize(valueSize)
                .maxEntries(maxEntries).mapFlags(flags).mapName(name).build(), "map '" + name + "'");
    }

    static Fd hash(String name, int maxEntries) {
        return Bpf.mapCreate(MapCreateAttr.builder(MapType.HASH).keySize(4).valueSize(8).maxEntries(maxEntries)
                .mapName(name).build(), "map '" + name + "'");
    }

    @Test
    void arrayUpdateLookup() {
        try (Fd map = array("arr", 8, 4, 0)) {
            byte[] value = new byte[8];
            assertTrue(Bpf.mapLookupElem(map, Bytes.u32(2), value, "map 'arr'"));
            assertEquals(0, Bytes.u64(value), "array elements start zeroed");

            Bpf.mapUpdateElem(map, Bytes.u32(2), Bytes.u64(0x1122334455667788L), BpfFlags.BPF_ANY, "map 'arr'");
            assertTrue(Bpf.mapLookupElem(map, Bytes.u32(2), value, "map 'arr'"));
            assertEquals(0x1122334455667788L, Bytes.u64(value));

            assertFalse(Bpf.mapLookupElem(map, Bytes.u32(4), value, "map 'arr'"), "index out of range is ENOENT");
            BpfSyscallException e = assertThrows(BpfSyscallException.class,
                    () -> Bpf.mapUpdateElem(map, Bytes.u32(1), Bytes.u64(1), BpfFlags.BPF_NOEXIST, "map 'arr'"));
            assertEquals(Errno.EEXIST, e.errno());
        }
    }

    @Test
    void hashUpdateLookupDeleteAndIterate() {
        try (Fd map = hash("h", 16)) {
            String ctx = "map 'h'";
            for (int k = 1; k <= 5; k++) {
                Bpf.mapUpdateElem(map, Bytes.u32(k), Bytes.u64(k * 100L), BpfFlags.BPF_NOEXIST, ctx);
            }
            byte[] value = new byte[8];
            assertTrue(Bpf.mapLookupElem(map, Bytes.u32(3), value, ctx));
            assertEquals(300, Bytes.u64(value));
            assertFalse(Bpf.mapLookupElem(map, Bytes.u32(42), value, ctx));

            assertTrue(Bpf.mapDeleteElem(map, Bytes.u32(3), ctx));
            assertFalse(Bpf.mapDeleteElem(map, Bytes.u32(3), ctx), "second delete finds nothing");

            Set<Integer> keys = new HashSet<>();
            byte[] next = new byte[4];
            byte[] cursor = null;
            while (Bpf.mapGetNextKey(map, cursor, next, ctx)) {
                keys.add(Bytes.u32(next));
                cursor = next.clone();
            }
            assertEquals(Set.of(1, 2, 4, 5), keys);

            BpfSyscallException e = assertThrows(BpfSyscallException.class,
                    () -> Bpf.mapUpdateElem(map, Bytes.u32(1), Bytes.u64(1), BpfFlags.BPF_NOEXIST, ctx));
            assertEquals(Errno.EEXIST, e.errno());
            assertEquals("EEXIST", e.errnoName());
            assertEquals("BPF_MAP_UPDATE_ELEM", e.command());
            assertTrue(e.getMessage().contains("map 'h'"), e.getMessage());
        }
    }

    @Test
    void batchOperations() {
        try (Fd map = hash("batch", 64)) {
            String ctx = "map 'batch'";
            int n = 10;
            ByteBuffer keys = ByteBuffer.allocate(4 * n).order(java.nio.ByteOrder.nativeOrder());
            ByteBuffer values = ByteBuffer.allocate(8 * n).order(java.nio.ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                keys.putInt(i + 1);
                values.putLong((i + 1) * 11L);
            }
            assertEquals(n, Bpf.mapUpdateBatch(map, keys.array(), values.array(), n, 0, ctx));

            Set<Integer> seen = new HashSet<>();
            byte[] in = null;
            byte[] out = new byte[4];
            int count = 8;
            byte[] k = new byte[4 * count];
            byte[] v = new byte[8 * count];
            for (int rounds = 0; rounds < 10; rounds++) {
                BatchResult r = Bpf.mapLookupBatch(map, in, out, k, v, count, 0, ctx);
                for (int i = 0; i < r.count(); i++) {
                    int key = Bytes.u32(k, i);
                    assertEquals(key * 11L, Bytes.u64(v, i));
                    seen.add(key);
                }
                if (r.done()) {
                    break;
                }
                in = out.clone();
            }
            assertEquals(n, seen.size());

            byte[] toDelete = new byte[4 * 3];
            ByteBuffer.wrap(toDelete).order(java.nio.ByteOrder.nativeOrder()).putInt(1).putInt(2).putInt(3);
            assertEquals(3, Bpf.mapDeleteBatch(map, toDelete, 3, 0, ctx));
            assertFalse(Bpf.mapLookupElem(map, Bytes.u32(2), new byte[8], ctx));

            BatchResult drained = Bpf.mapLookupAndDeleteBatch(map, null, out, new byte[4 * 16], new byte[8 * 16],
                    16, 0, ctx);
            assertEquals(7, drained.count());
            assertTrue(drained.done());
            assertFalse(Bpf.mapGetNextKey(map, null, new byte[4], ctx), "map is empty now");
        }
    }

    @Test
    void queuePushPop() {
        MapCreateAttr attr = MapCreateAttr.builder(MapType.QUEUE).valueSize(4).maxEntries(4).mapName("q").build();
        try (Fd q = Bpf.mapCreate(attr, "map 'q'")) {
            Bpf.mapUpdateElem(q, (byte[]) null, Bytes.u32(7), BpfFlags.BPF_ANY, "map 'q'");
            Bpf.mapUpdateElem(q, (byte[]) null, Bytes.u32(8), BpfFlags.BPF_ANY, "map 'q'");
            byte[] v = new byte[4];
            assertTrue(Bpf.mapLookupAndDeleteElem(q, null, v, 0, "map 'q'"));
            assertEquals(7, Bytes.u32(v));
            assertTrue(Bpf.mapLookupAndDeleteElem(q, null, v, 0, "map 'q'"));
            assertEquals(8, Bytes.u32(v));
            assertFalse(Bpf.mapLookupAndDeleteElem(q, null, v, 0, "map 'q'"));
        }
    }

    @Test
    void frozenMapRefusesUpdatesWithEperm() {
        try (Fd map = array("frozen", 4, 1, 0)) {
            Bpf.mapUpdateElem(map, Bytes.u32(0), Bytes.u32(1), BpfFlags.BPF_ANY, "map 'frozen'");
            Bpf.mapFreeze(map, "map 'frozen'");
            BpfSyscallException e = assertThrows(BpfSyscallException.class,
                    () -> Bpf.mapUpdateElem(map, Bytes.u32(0), Bytes.u32(2), BpfFlags.BPF_ANY, "map 'frozen'"));
            assertEquals(Errno.EPERM, e.errno());
            assertTrue(e.getMessage().startsWith("BPF_MAP_UPDATE_ELEM for map 'frozen' failed: EPERM"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("frozen"), e.getMessage());
            byte[] v = new byte[4];
            assertTrue(Bpf.mapLookupElem(map, Bytes.u32(0), v, "map 'frozen'"));
            assertEquals(1, Bytes.u32(v), "reads still work");
        }
    }

    @Test
    void mmapableArraySeesUpdates() {
        int entries = 4;
        try (Fd map = array("mm", 8, entries, BpfFlags.BPF_F_MMAPABLE);
                MappedMemory mem = Syscalls.mmap(map, Syscalls.pageSize(), Syscalls.PROT_READ | Syscalls.PROT_WRITE,
                        Syscalls.MAP_SHARED, 0, "map 'mm'")) {
            ByteBuffer view = mem.buffer();
            assertEquals(0, view.getLong(2 * 8));
            Bpf.mapUpdateElem(map, Bytes.u32(2), Bytes.u64(0xfeedfacecafebeefL), BpfFlags.BPF_ANY, "map 'mm'");
            assertEquals(0xfeedfacecafebeefL, view.getLong(2 * 8), "syscall update visible through the mapping");

            view.putLong(3 * 8, 77);
            byte[] v = new byte[8];
            assertTrue(Bpf.mapLookupElem(map, Bytes.u32(3), v, "map 'mm'"));
            assertEquals(77, Bytes.u64(v), "store through the mapping visible to lookup");

            mem.close();
            mem.close();
            assertTrue(mem.isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> mem.enter("read", "map 'mm'"));
            assertTrue(e.getMessage().startsWith("map 'mm': read after the memory was unmapped"), e.getMessage());
        }
    }

    @Test
    void mapInfo() {
        try (Fd map = hash("info_map", 32)) {
            MapInfo info = Bpf.mapInfo(map, "map 'info_map'");
            assertEquals(MapType.HASH.number(), info.type());
            assertEquals(4, info.keySize());
            assertEquals(8, info.valueSize());
            assertEquals(32, info.maxEntries());
            assertEquals("info_map", info.name());
            assertNotEquals(0, info.id());
            try (Fd again = Bpf.mapGetFdById(info.id(), 0)) {
                assertEquals(info.id(), Bpf.mapInfo(again, "map by id").id());
            }
            assertTrue(Bpf.mapGetNextId(0).isPresent());
        }
    }

    @Test
    void longNamesAreTruncatedAndBadNamesRejected() {
        try (Fd map = array("a_rather_long_map_name", 4, 1, 0)) {
            assertEquals("a_rather_long_m", Bpf.mapInfo(map, "long name").name());
        }
        assertThrows(IllegalArgumentException.class,
                () -> MapCreateAttr.builder(MapType.ARRAY).mapName("bad-name").build());
    }

    @Test
    void closedFdIsRefusedBeforeTheKernel() {
        Fd map = array("closed", 4, 1, 0);
        map.close();
        map.close();
        assertTrue(map.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Bpf.mapLookupElem(map, Bytes.u32(0), new byte[4], "map 'closed'"));
        assertTrue(e.getMessage().startsWith("BPF_MAP_LOOKUP_ELEM for map 'closed': "), e.getMessage());
        assertTrue(e.getMessage().contains("already closed"), e.getMessage());
        assertThrows(IllegalStateException.class, map::raw);
        assertThrows(IllegalStateException.class, map::dup);
        assertThrows(IllegalStateException.class, () -> Bpf.mapInfo(map, "map 'closed'"));
    }

    @Test
    void e2bigFromAFullMapSaysTheMapIsFull() {
        try (Fd map = hash("full", 1); Fd arr = array("small", 4, 2, 0)) {
            Bpf.mapUpdateElem(map, Bytes.u32(1), Bytes.u64(1), BpfFlags.BPF_ANY, "map 'full'");
            BpfSyscallException e = assertThrows(BpfSyscallException.class,
                    () -> Bpf.mapUpdateElem(map, Bytes.u32(2), Bytes.u64(2), BpfFlags.BPF_ANY, "map 'full'"));
            assertEquals(Errno.E2BIG, e.errno());
            assertTrue(e.getMessage().contains("the map is full"), e.getMessage());
            assertFalse(e.getMessage().contains("too old"), e.getMessage());
            BpfSyscallException index = assertThrows(BpfSyscallException.class,
                    () -> Bpf.mapUpdateElem(arr, Bytes.u32(2), Bytes.u32(2), BpfFlags.BPF_ANY, "map 'small'"));
            assertTrue(index.getMessage().contains("not below max_entries"), index.getMessage());
        }
    }

    @Test
    void closeWaitsForTheCallInFlight() {
        Fd map = array("inflight", 4, 1, 0);
        int raw = map.acquire("test", "map 'inflight'");
        map.close();
        assertTrue(map.isClosed());
        // Still open in the kernel: the call that acquired it may use the number until it exits.
        try (Fd copy = Fd.adopt(raw).dup()) {
            assertEquals("inflight", Bpf.mapInfo(copy, "dup of the held fd").name());
        }
        assertThrows(IllegalStateException.class, () -> map.acquire("test", "map 'inflight'"));
        map.exit();
        BpfSyscallException gone = assertThrows(BpfSyscallException.class, () -> Fd.adopt(raw).dup());
        assertEquals(Errno.EBADF, gone.errno(), "closed by the last exit");
    }

    @Test
    void kernelEbadfIsReportedCleanly() {
        Fd bogus = Fd.adopt(1_000_000);
        BpfSyscallException e = assertThrows(BpfSyscallException.class,
                () -> Bpf.mapLookupElem(bogus, Bytes.u32(0), new byte[4], "map 'bogus'"));
        assertEquals(Errno.EBADF, e.errno());
        assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
        BpfSyscallException onClose = assertThrows(BpfSyscallException.class, bogus::close);
        assertEquals(Errno.EBADF, onClose.errno());
    }

    @Test
    void invalidAttributesNameTheCommandAndErrno() {
        MapCreateAttr attr = MapCreateAttr.builder(MapType.HASH).keySize(0).valueSize(8).maxEntries(1)
                .mapName("broken").build();
        BpfSyscallException e = assertThrows(BpfSyscallException.class, () -> Bpf.mapCreate(attr, "map 'broken'"));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("BPF_MAP_CREATE for map 'broken' failed: EINVAL (errno 22, Invalid argument)", e.getMessage());
    }

    @Test
    void dupGivesAnIndependentDescriptor() {
        try (Fd map = array("dup", 4, 1, 0); Fd copy = map.dup()) {
            assertNotEquals(map.raw(), copy.raw());
            map.close();
            Bpf.mapUpdateElem(copy, Bytes.u32(0), Bytes.u32(5), BpfFlags.BPF_ANY, "dup");
            byte[] v = new byte[4];
            assertTrue(Bpf.mapLookupElem(copy, Bytes.u32(0), v, "dup"));
            assertEquals(5, Bytes.u32(v));
        }
    }

    @Test
    void createCloseCyclesDoNotLeakDescriptors() throws IOException {
        // Warm up so that lazily opened JVM files (jars, JNA) are already open.
        for (int i = 0; i < 10; i++) {
            array("leak", 8, 1, 0).close();
        }
        long before = openFds();
        for (int i = 0; i < 1000; i++) {
            try (Fd map = array("leak", 8, 1, 0)) {
                Bpf.mapUpdateElem(map, Bytes.u32(0), Bytes.u64(i), BpfFlags.BPF_ANY, "map 'leak'");
            }
        }
        long after = openFds();
        assertTrue(after <= before + 2, "open fds went from " + before + " to " + after);
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void hotPathLookupIsStableAcrossThreads() throws Exception {
        try (Fd map = hash("threads", 1024)) {
            for (int k = 0; k < 100; k++) {
                Bpf.mapUpdateElem(map, Bytes.u32(k), Bytes.u64(k * 3L), BpfFlags.BPF_ANY, "map 'threads'");
            }
            Thread[] threads = new Thread[4];
            Throwable[] failure = new Throwable[1];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    try {
                        byte[] v = new byte[8];
                        for (int i = 0; i < 5000; i++) {
                            int k = i % 100;
                            assertTrue(Bpf.mapLookupElem(map, Bytes.u32(k), v, "map 'threads'"));
                            assertEquals(k * 3L, Bytes.u64(v));
                        }
                    } catch (Throwable e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure[0] != null) {
                throw new AssertionError(failure[0]);
            }
        }
    }

    @Test
    void perCpuValuesHaveOneSlotPerPossibleCpu() {
        int cpus = Syscalls.possibleCpus();
        MapCreateAttr attr = MapCreateAttr.builder(MapType.PERCPU_ARRAY).keySize(4).valueSize(4).maxEntries(1)
                .mapName("percpu").build();
        try (Fd map = Bpf.mapCreate(attr, "map 'percpu'")) {
            byte[] values = new byte[8 * cpus]; // value_size 4 rounded up to 8 per CPU
            for (int cpu = 0; cpu < cpus; cpu++) {
                values[8 * cpu] = (byte) (cpu + 1);
            }
            Bpf.mapUpdateElem(map, Bytes.u32(0), values, BpfFlags.BPF_ANY, "map 'percpu'");
            byte[] out = new byte[8 * cpus];
            assertTrue(Bpf.mapLookupElem(map, Bytes.u32(0), out, "map 'percpu'"));
            assertArrayEquals(values, out);
        }
    }

    @Test
    void valuesRoundTripExactly() {
        try (Fd map = array("bytes", 16, 1, 0)) {
            byte[] value = new byte[16];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) (i * 17);
            }
            Bpf.mapUpdateElem(map, Bytes.u32(0), value, BpfFlags.BPF_ANY, "map 'bytes'");
            byte[] out = new byte[16];
            assertTrue(Bpf.mapLookupElem(map, Bytes.u32(0), out, "map 'bytes'"));
            assertArrayEquals(value, out);
        }
    }
}
