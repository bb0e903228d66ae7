package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.testing.KernelTests;
import io.bpfskel.uapi.BpfFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PinSyscallTest {
    private Path dir;

    @BeforeEach
    void bpffsDir() throws IOException {
        Path root = KernelTests.bpffs();
        dir = Files.createDirectory(root.resolve("bpfskel-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (dir != null) {
            try (var entries = Files.list(dir)) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void pinAndGetMapAndProgram() {
        Path mapPath = dir.resolve("counts");
        Path progPath = dir.resolve("answer");
        try (Fd map = MapSyscallTest.array("counts", 8, 1, 0);
                Fd prog = Bpf.progLoad(TestPrograms.syscallProgram("answer", TestPrograms.returnConstant(42)),
                        "program 'answer'")) {
            Bpf.mapUpdateElem(map, Bytes.u32(0), Bytes.u64(31337), BpfFlags.BPF_ANY, "map 'counts'");
            Bpf.objPin(map, mapPath.toString(), "map 'counts'");
            Bpf.objPin(prog, progPath.toString(), "program 'answer'");
            assertTrue(Files.exists(mapPath));

            try (Fd again = Bpf.objGet(mapPath.toString(), 0, "map 'counts'")) {
                assertEquals(Bpf.mapInfo(map, "orig").id(), Bpf.mapInfo(again, "pinned").id());
                byte[] v = new byte[8];
                assertTrue(Bpf.mapLookupElem(again, Bytes.u32(0), v, "pinned map"));
                assertEquals(31337, Bytes.u64(v));
            }
            try (Fd readOnly = Bpf.objGet(mapPath.toString(), BpfFlags.BPF_F_RDONLY, "map 'counts'")) {
                BpfSyscallException e = assertThrows(BpfSyscallException.class,
                        () -> Bpf.mapUpdateElem(readOnly, Bytes.u32(0), Bytes.u64(1), BpfFlags.BPF_ANY, "read-only"));
                assertEquals(Errno.EPERM, e.errno());
            }
            try (Fd pinnedProg = Bpf.objGet(progPath.toString(), 0, "program 'answer'")) {
                assertEquals(42, Bpf.progTestRun(ProgTestRunAttr.of(pinnedProg), "pinned").retval());
            }

            BpfSyscallException exists = assertThrows(BpfSyscallException.class,
                    () -> Bpf.objPin(map, mapPath.toString(), "map 'counts'"));
            assertEquals(Errno.EEXIST, exists.errno());
            assertTrue(exists.getMessage().contains(mapPath.toString()), exists.getMessage());
        }
        BpfSyscallException missing = assertThrows(BpfSyscallException.class,
                () -> Bpf.objGet(dir.resolve("nope").toString(), 0, "map 'nope'"));
        assertEquals(Errno.ENOENT, missing.errno());
        assertEquals("BPF_OBJ_GET", missing.command());
    }
}
