package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.error.BpfException;
import io.bpfskel.testing.KernelTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one pinning helper: parent directories, the bpffs check, the errors. */
class BpfFsTest {
    private Path dir;

    @BeforeEach
    void bpffsDir() {
        KernelTests.assumeKernel();
        dir = KernelTests.bpffs().resolve("bpfskel-arch-bpffs-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void pinsIntoNewDirectoriesAndOpensAgain() {
        Path mapPin = dir.resolve("a/b/counts");
        Path progPin = dir.resolve("c/answer");
        try (Fd map = MapSyscallTest.array("counts", 8, 1, 0);
                Fd prog = Bpf.progLoad(TestPrograms.syscallProgram("answer", TestPrograms.returnConstant(42)), "program 'answer'")) {
            assertTrue(BpfFs.isBpfFs(KernelTests.bpffs()));
            BpfFs.pin(map, mapPin, "map 'counts'");
            BpfFs.pin(prog, progPin, "program 'answer'");
            assertTrue(Files.exists(mapPin) && Files.exists(progPin));
            try (Fd again = BpfFs.open(mapPin, 0, "map 'counts'")) {
                assertEquals(Bpf.mapInfo(map, "orig").id(), Bpf.mapInfo(again, "pinned").id());
            }
            BpfSyscallException exists = assertThrows(BpfSyscallException.class, () -> BpfFs.pin(map, mapPin, "map 'counts'"));
            assertEquals(Errno.EEXIST, exists.errno());
            assertTrue(exists.getMessage().contains("map 'counts'") && exists.getMessage().contains(mapPin.toString()),
                    exists.getMessage());
            assertTrue(BpfFs.unpin(mapPin, "map 'counts'"));
            assertFalse(BpfFs.unpin(mapPin, "map 'counts'"));
        }
    }

    @Test
    void refusesAPathOutsideBpffs(@TempDir Path tmp) {
        try (Fd map = MapSyscallTest.array("counts", 8, 1, 0)) {
            assertFalse(BpfFs.isBpfFs(tmp));
            Path pin = tmp.resolve("sub/counts");
            BpfException e = assertThrows(BpfException.class, () -> BpfFs.pin(map, pin, "map 'counts'"));
            assertTrue(e.getMessage().startsWith("cannot pin map 'counts' at " + pin + ": " + tmp + " is not on a bpf filesystem"),
                    e.getMessage());
            assertFalse(Files.exists(tmp.resolve("sub")), "nothing created outside bpffs");
        }
    }

    @Test
    void openOfAMissingPinNamesIt() {
        BpfSyscallException e = assertThrows(BpfSyscallException.class, () -> BpfFs.open(dir.resolve("nope"), 0, "pinned map"));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains(dir.resolve("nope").toString()), e.getMessage());
    }
}
