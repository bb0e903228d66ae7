package io.bpfskel.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.CollectionTestAccess;
import io.bpfskel.maps.Codecs;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** User space produces into {@code user_rb}; the {@code drain} program consumes with bpf_user_ringbuf_drain. */
class UserRingBufferKernelTest {
    private BpfCollection obj;

    @BeforeEach
    void load() {
        KernelTests.assumeKernel();
        obj = BpfCollection.open(Fixtures.bpfel("ringbuf"));
        obj.load();
    }

    @AfterEach
    void close() {
        obj.close();
    }

    private long bss(String variable) {
        int offset = CollectionTestAccess.object(obj).dataSection(".bss").orElseThrow().variable(variable).offset();
        return obj.dataSection(".bss").getLong(offset);
    }

    private int drain() {
        return obj.program("drain").testRun(null).retvalInt();
    }

    @Test
    void recordsReachTheProgramAndDiscardsAreSkipped() {
        try (UserRingBuffer urb = UserRingBuffer.open(obj.map("user_rb"))) {
            long expected = 0;
            for (long v = 1; v <= 100; v++) {
                if (v == 50) {
                    UserRingBuffer.Reservation r = urb.reserve(8);
                    r.buffer().putLong(0, 1_000_000);
                    r.discard();
                    assertThrows(IllegalStateException.class, r::submit);
                    continue;
                }
                assertTrue(urb.write(Codecs.int64(), v));
                expected += v;
            }
            assertEquals(100 * 16, urb.pending());
            assertEquals(99, drain(), "samples drained, the discarded one not among them");
            assertEquals(expected, bss("drained_sum"));
            assertEquals(99, bss("drained_count"));
            assertEquals(0, bss("drained_bad"));
            assertEquals(0, urb.pending());
        }
    }

    @Test
    void fullRingRefusesUntilDrainedAndBusyRecordsWait() {
        try (UserRingBuffer urb = UserRingBuffer.open(obj.map("user_rb"))) {
            int written = 0;
            while (urb.write(Codecs.int64(), 1L)) {
                written++;
            }
            assertEquals(4096 / 16, written);
            assertNull(urb.reserve(8));
            assertEquals(written, drain());
            assertEquals(written, bss("drained_count"));

            // A reservation not yet submitted stops the kernel there; records after it wait too.
            UserRingBuffer.Reservation held = urb.reserve(8);
            assertNotNull(held);
            held.buffer().putLong(0, 40);
            assertTrue(urb.write(Codecs.int64(), 2L));
            assertEquals(0, drain());
            held.submit();
            assertEquals(2, drain());
            assertEquals(written + 42, bss("drained_sum"));

            assertThrows(IllegalArgumentException.class, () -> urb.reserve(4096));
            assertThrows(IllegalArgumentException.class, () -> urb.reserve(0));
            assertFalse(urb.pending() != 0);
        }
        assertThrows(IllegalArgumentException.class, () -> UserRingBuffer.open(obj.map("rb_a")));
    }
}
