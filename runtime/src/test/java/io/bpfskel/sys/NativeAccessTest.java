package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.error.BpfException;
import org.junit.jupiter.api.Test;

class NativeAccessTest {
    @Test
    void backendIsTheOneAskedForOrTheDefaultOfThisJvm() {
        String asked = System.getProperty("bpfskel.native", "");
        String expected = !asked.isEmpty() ? asked : Runtime.version().feature() >= 22 ? "ffm" : "jna";
        assertEquals(expected, Syscalls.nativeBackend());
    }

    @Test
    void unknownBackendFailsAtFirstUseNamingTheProperty() {
        NativeAccess access = chooseWith("jni");
        BpfException e = assertThrows(BpfException.class, () -> access.getpid());
        assertTrue(e.getMessage().contains("-Dbpfskel.native=jni is not a backend; use jna or ffm"), e.getMessage());
    }

    @Test
    void ffmOnAnOldJvmFailsAtFirstUseSayingWhy() {
        NativeAccess access = chooseWith("ffm");
        if (Runtime.version().feature() >= 22) {
            assertEquals("ffm", access.name());
            assertEquals(Syscalls.getpid(), access.getpid());
        } else {
            BpfException e = assertThrows(BpfException.class, () -> access.malloc(8));
            assertTrue(e.getMessage().contains("needs Java 22 or later"), e.getMessage());
        }
    }

    @Test
    void jnaWorksOnEveryJvm() {
        NativeAccess access = chooseWith("jna");
        assertEquals("jna", access.name());
        assertEquals(Syscalls.getpid(), access.getpid());
    }

    @Test
    void failedCallsReturnMinusErrno() {
        assertEquals(-Errno.EBADF, Syscalls.NATIVE.close(-1));
        assertEquals(-Errno.EBADF, Syscalls.NATIVE.fcntl(-1, 1030, 1));
        assertEquals(-Errno.EBADF, (int) Syscalls.NATIVE.mmap(0, 4096, Syscalls.PROT_READ, Syscalls.MAP_SHARED, -1, 0));
    }

    @Test
    void memoryRoundTripsThroughTheBackend() {
        try (NativeMemory m = NativeMemory.allocate(64)) {
            m.setLong(8, 0x1122334455667788L);
            NativeMemory view = NativeMemory.wrap(m.address(), 64);
            assertEquals(0x1122334455667788L, view.getLong(8));
            assertEquals(m.address(), NativeMemory.addressOf(m.byteBuffer()));
        }
    }

    private static NativeAccess chooseWith(String value) {
        String old = System.getProperty("bpfskel.native");
        System.setProperty("bpfskel.native", value);
        try {
            return NativeAccess.Selection.choose();
        } finally {
            if (old == null) {
                System.clearProperty("bpfskel.native");
            } else {
                System.setProperty("bpfskel.native", old);
            }
        }
    }
}
