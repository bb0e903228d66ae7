package io.bpfskel.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.CollectionTestAccess;
import io.bpfskel.error.BpfVerifierException;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * 1,000 open → load → run → close cycles of the smallest fixture leave nothing behind: no file descriptors (maps,
 * program, BTF, module BTF), no memory mappings of global data, no heap. 1,000 cycles take about 1.5 s here.
 */
class LeakTest {
    private static final int CYCLES = 1000;
    private static final int WARMUP = 100;

    /**
     * Allowed heap growth between cycle 100 and cycle 1000, measured after full GCs. A leaked collection retains at
     * least its object's bytes (minimal.bpf.o is 4 KiB) plus the parsed ELF and BTF, so leaking one per cycle would
     * add more than 900 × 4 KiB ≈ 3.5 MiB; 64 KiB catches anything of 73 bytes or more per cycle (a leaked
     * map/program wrapper, mapping, or registry entry). What a full GC does not bring back to the same size every
     * time (region bookkeeping, the surefire reporter's buffers) measured 3-4 KiB here, well inside it. Smaller
     * leaks of fd handles show up in the fd count instead, which must not change at all.
     */
    private static final long HEAP_TOLERANCE = 64 * 1024;

    @Test
    void openLoadCloseCyclesLeakNothing() throws Exception {
        KernelTests.assumeKernel();
        Path obj = Fixtures.bpfel("minimal");
        long fdsAtWarmup = 0;
        long mappingsAtWarmup = 0;
        long heapAtWarmup = 0;
        long start = System.nanoTime();
        for (int i = 1; i <= CYCLES; i++) {
            try (BpfCollection c = BpfCollection.open(obj)) {
                c.load();
                c.program("bump").testRun(null);
                assertEquals(1, c.dataSection(".bss").getInt(0), "cycle " + i);
            }
            if (i == WARMUP) {
                fdsAtWarmup = openFds();
                mappingsAtWarmup = bpfMappings();
                heapAtWarmup = usedHeapAfterGc();
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        long fds = openFds();
        long mappings = bpfMappings();
        long heap = usedHeapAfterGc();
        System.out.printf("LeakTest: %d cycles in %d s; fds %d -> %d, bpf mappings %d -> %d, heap %d KiB -> %d KiB%n",
                CYCLES, seconds, fdsAtWarmup, fds, mappingsAtWarmup, mappings, heapAtWarmup / 1024, heap / 1024);
        assertEquals(fdsAtWarmup, fds, "open file descriptors at cycle " + WARMUP + " and " + CYCLES);
        assertEquals(0, mappingsAtWarmup, "bpf map mappings after close at cycle " + WARMUP);
        assertEquals(0, mappings, "bpf map mappings after close at cycle " + CYCLES);
        assertTrue(heap - heapAtWarmup <= HEAP_TOLERANCE, "used heap after GC grew from " + heapAtWarmup + " to " + heap
                + " bytes between cycle " + WARMUP + " and " + CYCLES + " (tolerance " + HEAP_TOLERANCE + ")");
    }

    /**
     * Loads the verifier rejects (after the object's BTF and maps were created) release everything too. The kernel
     * environment is shared so that vmlinux BTF is parsed once, not per load.
     */
    @Test
    void rejectedLoadsLeakNothing() throws Exception {
        KernelTests.assumeKernel();
        Path obj = Fixtures.bpfel("extern_unguarded");
        try (KernelModules modules = new KernelModules()) {
            LiveKernel kernel = new LiveKernel(null, modules::load);
            long fdsAtWarmup = 0;
            for (int i = 1; i <= 200; i++) {
                try (BpfCollection c = BpfCollection.open(obj)) {
                    assertThrows(BpfVerifierException.class, () -> CollectionTestAccess.load(c, kernel), "cycle " + i);
                }
                if (i == 20) {
                    fdsAtWarmup = openFds();
                }
            }
            assertEquals(fdsAtWarmup, openFds(), "open file descriptors at cycle 20 and 200 of rejected loads");
            assertEquals(0, bpfMappings());
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** Mappings of BPF map fds (global data) still in the address space. */
    private static long bpfMappings() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains("bpf-map")).count();
        }
    }

    /** The smallest of a few post-GC readings: a GC may run concurrently with the reading. */
    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(20);
            best = Math.min(best, mem.getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
