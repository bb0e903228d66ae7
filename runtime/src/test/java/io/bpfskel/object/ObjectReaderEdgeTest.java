package io.bpfskel.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.error.BpfFormatException;
import io.bpfskel.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objects libbpf treats specially, compiled on the fly (they would break the loop over the ordinary fixtures). */
class ObjectReaderEdgeTest {
    @TempDir
    Path dir;

    private BpfObject compile(String name, String source) throws Exception {
        Path c = dir.resolve(name + ".bpf.c");
        Path o = dir.resolve(name + ".bpf.o");
        Files.writeString(c, "#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n" + source
                + "\nchar LICENSE[] SEC(\"license\") = \"GPL\";\n");
        Tools.run(60, Tools.executable("clang"), "-O2", "-g", "-target", "bpfel", "-I/usr/include/x86_64-linux-gnu",
                "-c", c, "-o", o);
        return BpfObject.open(o);
    }

    /** libbpf rejects static maps: clang relocates them against the section symbol, so they cannot be told apart. */
    @Test
    void staticMapsAreRejectedAsLibbpfDoes() throws Exception {
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> compile("static_map", """
                static struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, int); __type(value, int); } first SEC(".maps");
                static struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, int); __type(value, int); } second SEC(".maps");
                SEC("syscall") int run(void *ctx) {
                    int k = 0; int *a = bpf_map_lookup_elem(&first, &k); int *b = bpf_map_lookup_elem(&second, &k);
                    return (a ? *a : 0) + (b ? *b : 0);
                }
                """));
        assertTrue(e.getMessage().contains("unsupported map linkage static"), e.getMessage());
    }

    /** A hidden weak function is a subprogram (libbpf's sym_is_subprog accepts STB_WEAK), usable as a callback. */
    @Test
    void weakHiddenFunctionsAreSubprograms() throws Exception {
        BpfObject o = compile("weak_cb", """
                long total;
                __attribute__((weak, visibility("hidden"))) int cb(__u64 i, void *ctx) { total += i; return 0; }
                SEC("syscall") int run(void *ctx) { bpf_loop(4, cb, 0, 0); return 0; }
                """);
        ProgramSpec run = o.program("run").orElseThrow();
        assertTrue(run.relocations().stream().anyMatch(r -> r.type() == Relocation.Type.SUBPROG_ADDR), run.relocations().toString());
        ProgramSpec cb = o.functions().stream().filter(f -> f.name().equals("cb")).findFirst().orElseThrow();
        assertTrue(cb.subprogram());
        assertEquals(false, cb.global(), "hidden functions are static to the verifier");
    }

    @Test
    void arenaGlobalsGetAClearError() throws Exception {
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> compile("arena", """
                struct { __uint(type, BPF_MAP_TYPE_ARENA); __uint(map_flags, BPF_F_MMAPABLE); __uint(max_entries, 1); } arena SEC(".maps");
                int __attribute__((section(".addr_space.1"))) shared = 1;
                SEC("syscall") int run(void *ctx) { return shared; }
                """));
        assertTrue(e.getMessage().contains("arena"), e.getMessage());
    }
}
