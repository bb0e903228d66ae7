package io.bpfskel.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.error.BpfException;
import io.bpfskel.testing.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Function offsets for uprobes, checked against a second computation: through the program headers
 * ({@code st_value - p_vaddr + p_offset} of the PT_LOAD segment holding the symbol, from readelf), where
 * {@link UprobeTarget} goes through the section headers.
 */
class UprobeTargetTest {
    @TempDir
    Path tmp;

    private static final String LIB_C = "int bpfskel_lib_fn(int x) { return x * 3; }\n"
            + "int bpfskel_weak_fn(void) __attribute__((weak));\nint bpfskel_weak_fn(void) { return 1; }\n";

    /** The file offset of a symbol by readelf's segments (an independent way to compute it). */
    private static long offsetBySegments(Path binary, String symbol) {
        long value = -1;
        for (String line : Commands.run("readelf", "-sW", binary.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[3].equals("FUNC") && (f[7].equals(symbol) || f[7].startsWith(symbol + "@"))
                    && !f[6].equals("UND")) {
                value = Long.parseLong(f[1], 16);
                break;
            }
        }
        assertTrue(value > 0, symbol + " in readelf -s of " + binary);
        for (String line : Commands.run("readelf", "-lW", binary.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[0].equals("LOAD")) {
                long offset = Long.decode(f[1]);
                long vaddr = Long.decode(f[2]);
                long filesz = Long.decode(f[4]);
                if (value >= vaddr && value < vaddr + filesz) {
                    return value - vaddr + offset;
                }
            }
        }
        throw new AssertionError("no PT_LOAD segment of " + binary + " holds 0x" + Long.toHexString(value));
    }

    @Test
    void executableWithoutPieHasAddressesFarFromOffsets() throws IOException {
        Path src = tmp.resolve("t.c");
        Files.writeString(src, "__attribute__((noinline)) int bpfskel_exe_fn(int x) { return x + 1; }\n"
                + "int main(int argc, char **argv) { return bpfskel_exe_fn(argc); }\n");
        Path exe = tmp.resolve("t");
        Commands.run("gcc", "-O1", "-no-pie", "-o", exe.toString(), src.toString());
        long off = UprobeTarget.functionOffset(exe, "bpfskel_exe_fn");
        assertEquals(offsetBySegments(exe, "bpfskel_exe_fn"), off);
        assertTrue(off < Files.size(exe), "a file offset, not the 0x400000-based address");
    }

    @Test
    void sharedObjectStrippedOrNot() throws IOException {
        Path src = tmp.resolve("lib.c");
        Files.writeString(src, LIB_C);
        Path lib = tmp.resolve("libbpfskeltest.so");
        Commands.run("gcc", "-O1", "-shared", "-fPIC", "-o", lib.toString(), src.toString());
        assertEquals(offsetBySegments(lib, "bpfskel_lib_fn"), UprobeTarget.functionOffset(lib, "bpfskel_lib_fn"));
        assertEquals(offsetBySegments(lib, "bpfskel_weak_fn"), UprobeTarget.functionOffset(lib, "bpfskel_weak_fn"));
        Path stripped = tmp.resolve("libstripped.so");
        Commands.run("strip", "-o", stripped.toString(), lib.toString());
        assertEquals(offsetBySegments(lib, "bpfskel_lib_fn"), UprobeTarget.functionOffset(stripped, "bpfskel_lib_fn"),
                "found in .dynsym");
        BpfException missing = assertThrows(BpfException.class, () -> UprobeTarget.functionOffset(stripped, "nope"));
        assertTrue(missing.getMessage().contains("no function 'nope'"), missing.getMessage());
        assertTrue(missing.getMessage().contains("stripped"), missing.getMessage());
    }

    @Test
    void libcByNameAndVersionedSymbol() {
        Path libc = UprobeTarget.resolveBinary("libc.so.6");
        assertTrue(Files.isRegularFile(libc), libc.toString());
        long getpid = UprobeTarget.functionOffset(libc, "getpid");
        assertEquals(offsetBySegments(libc, "getpid"), getpid);
        assertEquals(getpid, UprobeTarget.functionOffset(libc, "getpid@GLIBC_2.2.5"));
        assertEquals(Path.of("/x/y"), UprobeTarget.resolveBinary("/x/y"));
        assertThrows(BpfException.class, () -> UprobeTarget.resolveBinary("bpfskel-no-such-program"));
    }
}
