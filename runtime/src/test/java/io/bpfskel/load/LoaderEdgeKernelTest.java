package io.bpfskel.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.uapi.ProgramType;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                assertEquals(Syscalls.possibleCpus(), Bpf.mapInfo(Fd.of(c.map("bpfskel_edge_perf").handle()), "test").maxEntries());
                firstId = Bpf.mapInfo(Fd.of(c.map("bpfskel_edge_perf").handle()), "test").id();
            }
            try (BpfCollection c = BpfCollection.open(obj, opts)) {
                c.load();
                assertEquals(firstId, Bpf.mapInfo(Fd.of(c.map("bpfskel_edge_perf").handle()), "test").id(), "the pinned map is reused");
            }
        } finally {
            Files.deleteIfExists(pin);
        }
    }

    /**
     * bcc's stack tools (capable, offcputime, profile, ...) leave a stack map's value_size and max_entries to user
     * space. Loaded unsized, the error names the object, the map, its definition and what is still 0; sized, it loads.
     */
    @Test
    void unsizedStackMapSaysWhatTheApplicationMustSet() {
        Path obj = compile("unsized_stack", """
                struct { __uint(type, BPF_MAP_TYPE_STACK_TRACE); __uint(key_size, sizeof(__u32)); } stackmap SEC(".maps");
                SEC("tracepoint/syscalls/sys_enter_getpid") int run(void *ctx) { return bpf_get_stackid(ctx, &stackmap, 0) < 0; }
                """);
        try (BpfCollection c = BpfCollection.open(obj)) {
            BpfLoadException e = assertThrows(BpfLoadException.class, c::load);
            assertEquals(obj + ": map 'stackmap' (STACK_TRACE, key_size 4, value_size 0, max_entries 0, flags 0x0): the kernel"
                    + " refused to create it: BPF_MAP_CREATE for map 'stackmap' failed: EINVAL (errno 22, Invalid argument);"
                    + " value_size and max_entries are 0 in the object: the application sets them before load"
                    + " (BpfMap.setValueSize/setMaxEntries, as libbpf's bpf_map__set_value_size/bpf_map__set_max_entries)",
                    e.getMessage());
            assertEquals(22, ((io.bpfskel.error.BpfSyscallException) e.getCause()).errno());
        }
        try (BpfCollection c = BpfCollection.open(obj)) {
            c.map("stackmap").setValueSize(127 * 8);
            c.map("stackmap").setMaxEntries(1024);
            c.load();
            assertEquals(1024, Bpf.mapInfo(Fd.of(c.map("stackmap").handle()), "test").maxEntries());
        }
    }

    /**
     * As libbpf's prog_is_subprog: a lone function outside any SEC() is a program of no type (the load fails naming it,
     * as libbpf's "missing BPF prog type"), while two such functions are both subprograms and nothing is loaded.
     */
    @Test
    void loneTextFunctionIsAProgramOfNoType() {
        Path lone = compile("lone_text", "int only(void *ctx) { return 0; }");
        try (BpfCollection c = BpfCollection.open(lone)) {
            assertEquals(List.of("only"), c.programs().stream().map(p -> p.name()).toList());
            assertEquals(".text", c.program("only").sectionName());
            assertEquals(ProgramType.UNSPEC, c.program("only").type());
            BpfLoadException e = assertThrows(BpfLoadException.class, c::load);
            assertTrue(e.getMessage().contains(lone + ": program 'only': section '.text' names no program type libbpf knows"
                    + " (a lone function outside any SEC() is a program of no type"), e.getMessage());
        }
        Path two = compile("two_text", "int one(void *ctx) { return 0; }\nint two(void *ctx) { return 1; }");
        try (BpfCollection c = BpfCollection.open(two)) {
            assertTrue(c.programs().isEmpty(), c.programs().toString());
            c.load();
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
            assertEquals(roundUp(5000, page), Bpf.mapInfo(Fd.of(c.map("rb").handle()), "test").maxEntries());
        }
        try (BpfCollection c = BpfCollection.open(obj)) {
            c.map("rb").setMaxEntries(3 * (int) page);
            c.load();
            assertEquals(roundUp(3 * page, page), Bpf.mapInfo(Fd.of(c.map("rb").handle()), "test").maxEntries());
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
            } catch (io.bpfskel.error.BpfNotSupportedException e) {
                assertTrue(e.getMessage().contains("map 'arena'") && e.getMessage().contains("BPF_MAP_TYPE_ARENA")
                        && e.getMessage().contains("CONFIG_BPF_ARENA"), e.getMessage());
                return;
            }
            org.junit.jupiter.api.Assumptions.abort("this kernel creates arena maps; the test is about kernels without them");
        }
    }
}
