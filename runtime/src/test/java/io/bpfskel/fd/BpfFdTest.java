package io.bpfskel.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.link.ProgramRef;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import org.junit.jupiter.api.Test;

/** The public face of descriptors: who owns what, and what happens after close. */
class BpfFdTest {
    /** Something that is not a descriptor bpfskel opened. */
    private static final class Foreign implements BpfFd {
        @Override
        public int raw() {
            return 0;
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public BpfFd dup() {
            return this;
        }

        @Override
        public void close() {}
    }

    @Test
    void otherImplementationsAreRefusedBeforeAnySystemCall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgramRef.of("x", new Foreign()));
        assertTrue(e.getMessage().contains("not a descriptor bpfskel opened"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProgramRef.of("x", null));
    }

    @Test
    void aDupOutlivesItsCollectionAndTheHandleDoesNot() {
        KernelTests.assumeKernel();
        BpfFd handle;
        BpfFd copy;
        int mapId;
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("bench"))) {
            obj.load();
            handle = obj.map("hmap").handle();
            copy = handle.dup();
            assertNotEquals(handle.raw(), copy.raw());
            mapId = Bpf.mapInfo(Fd.of(handle), "test").id();
        }
        assertTrue(handle.isClosed(), "the collection closed its map's descriptor");
        assertThrows(IllegalStateException.class, handle::raw);
        assertThrows(IllegalStateException.class, handle::dup);
        try {
            assertFalse(copy.isClosed());
            assertEquals(mapId, Bpf.mapInfo(Fd.of(copy), "test").id(), "the copy still names the map");
        } finally {
            copy.close();
        }
        assertThrows(IllegalStateException.class, copy::raw);
        copy.close();
    }
}
