package io.bpfskel.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfLoadException;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load-time decisions on objects compiled on the fly (cases a reviewer found against libbpf). */
class LoaderEdgeKernelTest {
    @TempDir
    Path dir;

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    private Path compile(String name, String source) {
        Path c = dir.resolve(name + ".bpf.c");
        Path o = dir.resolve(name + ".bpf.o");
        try {
            Files.writeString(c, "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n" + source
                    + "\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Tools.run(60, Tools.executable("clang"), "-O2", "-g", "-target", "bpfel", "-I/usr/include/x86_64-linux-gnu",
                "-c", c, "-o", o);
        return o;
    }

    /** libbpf sets a perf event array's size before it compares with a pinned map, so a second load reuses the pin. */
    @Test
    void pinnedPerfEventArrayWithoutSizeIsReused() throws Exception {
        Path obj = compile("pinned_perf", """
                struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, 4); __uint(value_size, 4);
                         __uint(pinning, LIBBPF_PIN_BY_NAME); } bpfskel_edge_perf SEC(".maps");
                SEC("xdp") int run(struct xdp_md *ctx) { int v = 1; bpf_perf_event_output(ctx, &bpfskel_edge_perf, BPF_F_CURRENT_CPU, &v, 4); return XDP_PASS; }
                """);
        Path pinRoot = KernelTests.bpffs();
        Path pin = pinRoot.resolve("bpfskel_edge_perf");
        Files.deleteIfExists(pin);
        BpfOpenOptions opts = BpfOpenOptions.builder().pinRoot(pinRoot).build();
        try {
            int firstId;
            try (BpfCollection c = BpfCollection.open(obj, opts)) {
                c.load();
                assertEquals(Syscalls.possibleCpus(), Bpf.mapInfo(c.map("bpfskel_edge_perf").handle(), "test").maxEntries());
                firstId = Bpf.mapInfo(c.map("bpfskel_edge_perf").handle(), "test").id();
            }
            try (BpfCollection c = BpfCollection.open(obj, opts)) {
                c.load();
                assertEquals(firstId, Bpf.mapInfo(c.map("bpfskel_edge_perf").handle(), "test").id(), "the pinned map is reused");
            }
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    /** Ring buffer sizes are rounded up to a power-of-two number of pages, also after setMaxEntries (adjust_ringbuf_sz). */
    @Test
    void ringBufferSizesAreRoundedToPages() {
        Path obj = compile("ringbuf_size", """
                struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 5000); } rb SEC(".maps");
                SEC("syscall") int run(void *ctx) { bpf_ringbuf_output(&rb, &ctx, 8, 0); return 0; }
                """);
        long page = Syscalls.pageSize();
        try (BpfCollection c = BpfCollection.open(obj)) {
            c.load();
            assertEquals(roundUp(5000, page), Bpf.mapInfo(c.map("rb").handle(), "test").maxEntries());
        }
        try (BpfCollection c = BpfCollection.open(obj)) {
            c.map("rb").setMaxEntries(3 * (int) page);
            c.load();
            assertEquals(roundUp(3 * page, page), Bpf.mapInfo(c.map("rb").handle(), "test").maxEntries());
        }
    }

    private static long roundUp(long size, long page) {
        long s = page;
        while (s < size) {
            s <<= 1;
        }
        return s;
    }

    /** This kernel has no arenas: the error says so instead of blaming privileges. */
    @Test
    void arenaMapsAreAClearNotSupportedError() {
        Path obj = compile("arena", """
                struct { __uint(type, BPF_MAP_TYPE_ARENA); __uint(map_flags, BPF_F_MMAPABLE); __uint(max_entries, 2); } arena SEC(".maps");
                SEC("syscall") int run(void *ctx) { return 0; }
                """);
        try (BpfCollection c = BpfCollection.open(obj)) {
            try {
                c.load();
            } catch (io.bpfskel.BpfNotSupportedException e) {
                assertTrue(e.getMessage().contains("map 'arena'") && e.getMessage().contains("BPF_MAP_TYPE_ARENA")
                        && e.getMessage().contains("CONFIG_BPF_ARENA"), e.getMessage());
                return;
            }
            org.junit.jupiter.api.Assumptions.abort("this kernel creates arena maps; the test is about kernels without them");
        }
    }
}
