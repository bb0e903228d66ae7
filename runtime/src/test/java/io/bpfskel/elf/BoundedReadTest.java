package io.bpfskel.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.error.BpfFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedReadTest {
    @TempDir
    Path tmp;

    @Test
    void readsSmallFilesWhole() throws IOException {
        byte[] data = new byte[200_000];
        data[199_999] = 7;
        Path p = Files.write(tmp.resolve("x"), data);
        assertArrayEquals(data, BoundedRead.file(p));
    }

    @Test
    void refusesAFileAboveTheLimitBeforeReadingIt() throws IOException {
        Path p = tmp.resolve("big");
        try (var f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(BoundedRead.MAX_FILE_SIZE + 1);
        }
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> BoundedRead.file(p));
        assertEquals(p + ": is " + (BoundedRead.MAX_FILE_SIZE + 1) + " bytes; bpfskel reads files of at most 256 MiB "
                + "(BPF objects and BTF are far smaller)", e.getMessage());
    }

    @Test
    void aLargeElfGivesItsBtfSectionWithoutBeingReadWhole() throws IOException {
        // A vmlinux with DWARF is hundreds of MiB: a (sparse) file above the limit whose ELF .BTF is small
        Path p = tmp.resolve("vmlinux");
        Files.copy(io.bpfskel.testing.Fixtures.bpfel("globals"), p);
        try (var f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(BoundedRead.MAX_FILE_SIZE + 4096);
        }
        io.bpfskel.btf.Btf btf = io.bpfskel.btf.KernelBtf.load(p);
        assertTrue(btf.typeCount() > 1, "types: " + btf.typeCount());
        BpfFormatException e = assertThrows(BpfFormatException.class, () -> BoundedRead.sectionOfLargeElf(p, ".nope"));
        assertEquals(p + ": is " + (BoundedRead.MAX_FILE_SIZE + 4096) + " bytes and has no .nope section", e.getMessage());
        assertTrue(BoundedRead.sectionOfLargeElf(io.bpfskel.testing.Fixtures.bpfel("globals"), ".BTF").isEmpty(),
                "a file within the limit is read whole");
    }

    @Test
    void anEndlessStreamStopsAtTheLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }
        };
        BpfFormatException e = assertThrows(BpfFormatException.class,
                () -> BoundedRead.stream("/dev/zero", endless, 1 << 20));
        assertTrue(e.getMessage().startsWith("/dev/zero: is larger than the limit"), e.getMessage());
    }

    @Test
    void aStreamOfExactlyTheLimitIsRead() throws IOException {
        byte[] data = new byte[1 << 20];
        assertArrayEquals(data, BoundedRead.stream("s", new java.io.ByteArrayInputStream(data), 1 << 20));
    }

    @Test
    void errorsKeepTheReason() {
        assertEquals("permission denied (EACCES)", BoundedRead.reason(new AccessDeniedException("/x")));
        BpfFormatException missing = assertThrows(BpfFormatException.class, () -> BoundedRead.file(tmp.resolve("nope")));
        assertEquals(tmp.resolve("nope") + ": cannot read: no such file", missing.getMessage());
        BpfFormatException dir = assertThrows(BpfFormatException.class, () -> BoundedRead.file(tmp));
        assertEquals(tmp + ": is a directory, not a file", dir.getMessage());
    }
}
