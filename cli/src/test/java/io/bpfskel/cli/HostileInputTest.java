package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile-but-fair user gets from the command line: one line naming the file and the problem, bounded
 * memory, no files read through links out of a directory, nothing left pinned by {@code load}.
 */
class HostileInputTest {
    @TempDir
    Path tmp;

    private static void assertOneLine(Cli.Result r, String... parts) {
        assertEquals(1, r.exit(), r.err());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("Error:"), "a message, not an exception: " + err);
        for (String p : parts) {
            assertTrue(err.contains(p), "'" + p + "' in: " + err + " (out: " + r.out() + ")");
        }
    }

    /** globals.bpf.o whose NOBITS .bss header claims 0x7ffffff0 bytes: no file bytes back it. */
    private Path hugeBss() throws Exception {
        byte[] d = Files.readAllBytes(Cli.fixture("globals"));
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(40);
        int shnum = Short.toUnsignedInt(b.getShort(60));
        int shstrndx = Short.toUnsignedInt(b.getShort(62));
        int strtab = (int) b.getLong((int) shoff + shstrndx * 64 + 24);
        boolean patched = false;
        for (int i = 0; i < shnum; i++) {
            int h = (int) shoff + i * 64;
            int name = strtab + b.getInt(h);
            if (new String(d, name, 5, java.nio.charset.StandardCharsets.US_ASCII).equals(".bss\0")) {
                assertEquals(8, b.getInt(h + 4), ".bss is NOBITS");
                b.putLong(h + 32, 0x7ffffff0L);
                patched = true;
            }
        }
        assertTrue(patched, "globals has a .bss");
        Path p = tmp.resolve("hugebss.bpf.o");
        Files.write(p, d);
        return p;
    }

    @Test
    void aHugeBssHeaderIsRefusedBeforeAllocation() throws Exception {
        Path p = hugeBss();
        assertOneLine(Cli.run("inspect", p), p.toString(), "section '.bss' is 2147483632 bytes", "64 MiB");
        assertOneLine(Cli.run("gen", p), "section '.bss'");
    }

    @Test
    void aFileAboveTheLimitIsOneLine() throws Exception {
        Path sparse = tmp.resolve("sparse.o");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(4L << 30); // sparse: costs no disk
        }
        assertOneLine(Cli.run("inspect", sparse), sparse.toString(), "4294967296 bytes", "256 MiB");
        assertOneLine(Cli.run("btf", "dump", "--file", sparse, "--format", "c"), "256 MiB");
        // resolve reports an unreadable kernel as that kernel's result line, on stdout.
        Cli.Result r = Cli.run("resolve", "--btf", sparse, Cli.fixture("flavors"));
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        assertTrue(r.out().contains("256 MiB"), r.out());
    }

    @Test
    void directoriesAreNamedAsSuch() {
        assertOneLine(Cli.run("btf", "dump", "--file", tmp, "--format", "c"), tmp + ": is a directory");
        assertOneLine(Cli.run("inspect", tmp), tmp + ": is a directory");
    }

    @Test
    void resolveFollowsNoLinkOutOfTheDirectory() throws Exception {
        Path fleet = Files.createDirectory(tmp.resolve("fleet"));
        KernelBtfs.write(fleet.resolve("a.btf"), KernelBtfs.Strlen.ONE_PARAM, true);
        Path outside = tmp.resolve("secret.btf");
        KernelBtfs.write(outside, KernelBtfs.Strlen.ONE_PARAM, true);
        Files.createSymbolicLink(fleet.resolve("evil.btf"), outside);
        Files.createSymbolicLink(fleet.resolve("alias.btf"), fleet.resolve("a.btf"));
        String out = Cli.run("resolve", "--btf", fleet, Cli.fixture("flavors")).out();
        assertTrue(out.contains("a.btf"), out);
        assertTrue(out.contains("alias.btf"), "a link inside the directory is followed: " + out);
        assertFalse(out.contains("evil.btf"), "a link out of the directory is not: " + out);
    }

    @Test
    void loadCreatesTheMissingPinRootAndLeavesNoPin() throws Exception {
        Cli.assumeKernel();
        Path bpffs = Path.of("/sys/fs/bpf");
        Cli.need(Files.isDirectory(bpffs), "no bpf filesystem at " + bpffs);
        Path root = bpffs.resolve("bpfskel_life_cli_" + ProcessHandle.current().pid()).resolve("missing");
        try {
            Cli.run("load", Cli.fixture("maps"), "--pin-root", root).expectExit(0);
            assertTrue(Files.isDirectory(root), "the pin root was created");
            assertFalse(Files.exists(root.resolve("pinned_counts")), "the pin made by load is removed before exit");
        } finally {
            Files.deleteIfExists(root.resolve("pinned_counts"));
            Files.deleteIfExists(root);
            Files.deleteIfExists(root.getParent());
        }
    }
}
