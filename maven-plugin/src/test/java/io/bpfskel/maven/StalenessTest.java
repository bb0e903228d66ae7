package io.bpfskel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StalenessTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path file(String name, int secondsAfterT0) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, name);
        Files.setLastModifiedTime(p, FileTime.from(T0.plusSeconds(secondsAfterT0)));
        return p;
    }

    @Test
    void missingObjectIsStale() throws Exception {
        Path src = file("a.bpf.c", 0);
        assertFalse(Staleness.upToDate(dir.resolve("a.bpf.o"), src, null));
    }

    @Test
    void objectNewerThanSourceWithoutHeadersIsUpToDate() throws Exception {
        Path src = file("a.bpf.c", 0);
        Path obj = file("out/a.bpf.o", 5);
        assertNull(Staleness.newestHeader(dir.resolve("none")));
        assertTrue(Staleness.upToDate(obj, src, Staleness.newestHeader(dir)));
    }

    @Test
    void sourceNewerOrSameTimeIsStale() throws Exception {
        Path obj = file("out/a.bpf.o", 5);
        assertFalse(Staleness.upToDate(obj, file("a.bpf.c", 6), null));
        assertFalse(Staleness.upToDate(obj, file("b.bpf.c", 5), null), "same timestamp: rebuild rather than miss an edit");
    }

    @Test
    void anyHeaderUnderTheSourceDirectoryCounts() throws Exception {
        Path src = file("src/a.bpf.c", 0);
        Path obj = file("out/a.bpf.o", 10);
        file("src/common.h", 3);
        assertTrue(Staleness.upToDate(obj, src, Staleness.newestHeader(dir.resolve("src"))));
        file("src/include/deep/vmlinux.h", 11);
        FileTime newest = Staleness.newestHeader(dir.resolve("src"));
        assertEquals(FileTime.from(T0.plusSeconds(11)), newest);
        assertFalse(Staleness.upToDate(obj, src, newest), "a nested header newer than the object");
        file("src/notes.txt", 100);
        assertEquals(newest, Staleness.newestHeader(dir.resolve("src")), "only *.h files are headers");
    }
}
