package io.bpfskel.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.testing.KernelTests;
import io.bpfskel.uapi.MapType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A lookup into an array longer than the value leaves the rest of the caller's array as it was. */
class LookupBufferTest {
    @Test
    void bytesTheKernelDoesNotWriteAreTheCallersNotAnEarlierLookups() {
        KernelTests.assumeKernel();
        try (Fd wide = Bpf.mapCreate(MapCreateAttr.builder(MapType.ARRAY).keySize(4).valueSize(32).maxEntries(1)
                        .mapName("bpfskel_wide").build(), "test map");
                Fd narrow = Bpf.mapCreate(MapCreateAttr.builder(MapType.ARRAY).keySize(4).valueSize(8).maxEntries(1)
                        .mapName("bpfskel_narrow").build(), "test map")) {
            byte[] secret = new byte[32];
            Arrays.fill(secret, (byte) 99);
            Bpf.mapUpdateElem(wide, new byte[4], secret, 0, "test");
            byte[] out = new byte[32];
            assertTrue(Bpf.mapLookupElem(wide, new byte[4], out, "test"));
            assertArrayEquals(secret, out);

            byte[] small = new byte[32];
            assertTrue(Bpf.mapLookupElem(narrow, new byte[4], small, "test"));
            assertArrayEquals(new byte[32], small, "nothing of the wide map's value may show up past the 8 bytes written");
        }
    }
}
