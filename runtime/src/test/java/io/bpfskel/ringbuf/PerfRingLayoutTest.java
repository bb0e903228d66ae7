package io.bpfskel.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The perf ring reader on simulated memory (no kernel): samples in place and across the end of the data area
 * (scratch copy), lost records, and the checks that keep its raw reads inside the mapping — a record header
 * claiming more than the ring holds, or a size that is not a multiple of 8, is refused naming the perf buffer
 * and CPU, and {@code data_tail} still moves past the records handled before it.
 */
class PerfRingLayoutTest {
    private static final int PAGE = 4096;
    private static final int SIZE = 4096;

    private final ByteBuffer mapping = ByteBuffer.allocateDirect(PAGE + SIZE).order(ByteOrder.nativeOrder());
    private final AtomicLong lost = new AtomicLong();
    private final List<Long> seen = new ArrayList<>();
    private final PerfSampleHandler handler = s -> seen.add(s.getLong(0));
    private long head;

    private PerfRing ring() {
        return new PerfRing(3, mapping, PAGE, SIZE, "perf buffer 'sim'", lost);
    }

    /** Writes a record of {@code size} bytes at head: header, then {@code words} from byte 8 (wrapping). */
    private void record(int type, int size, long... words) {
        put(head, (long) type | ((long) size << 48));
        for (int i = 0; i < words.length; i++) {
            put(head + 8 + 8L * i, words[i]);
        }
        head += size;
        mapping.putLong(PerfRing.DATA_HEAD, head);
    }

    private void put(long pos, long v) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, v);
        for (int i = 0; i < 8; i++) {
            mapping.put(PAGE + (int) ((pos + i) & (SIZE - 1)), b.get(i));
        }
    }

    /** A sample of 8 payload bytes: u32 size 12 at 8, payload at 12 (a 24-byte record). */
    private void sample(long value) {
        long lo = 12L | (value << 32);
        long hi = value >>> 32;
        record(PerfRing.RECORD_SAMPLE, 24, lo, hi);
    }

    @Test
    void readsSamplesInPlaceAcrossTheEndAndLostRecords() {
        PerfRing ring = ring();
        sample(1);
        record(PerfRing.RECORD_LOST, 24, 0, 5);
        assertEquals(1, ring.read(handler));
        assertEquals(List.of(1L), seen);
        assertEquals(5, lost.get());
        head = SIZE - 8; // the next sample wraps: its header at the end, its data at the start
        mapping.putLong(PerfRing.DATA_TAIL, head);
        sample(0x1122334455667788L);
        sample(2);
        assertEquals(2, ring.read(handler));
        assertEquals(List.of(1L, 0x1122334455667788L, 2L), seen);
        assertEquals(head, mapping.getLong(PerfRing.DATA_TAIL));
    }

    @Test
    void refusesARecordLongerThanTheRing() {
        PerfRing ring = ring();
        sample(1);
        long bad = head;
        record(7, 65528); // more than the 4096-byte ring, 8-byte aligned
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ring.read(handler));
        assertTrue(e.getMessage().contains("perf buffer 'sim' on CPU 3"), e.getMessage());
        assertTrue(e.getMessage().contains("more than the ring's 4096 bytes"), e.getMessage());
        assertEquals(List.of(1L), seen);
        assertEquals(bad, mapping.getLong(PerfRing.DATA_TAIL), "the sample before it is consumed");
    }

    @Test
    void refusesAMisalignedRecord() {
        PerfRing ring = ring();
        record(PerfRing.RECORD_SAMPLE, 20, 8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ring.read(handler));
        assertTrue(e.getMessage().contains("perf buffer 'sim' on CPU 3"), e.getMessage());
        assertTrue(seen.isEmpty());
    }

    @Test
    void refusesADataAreaOutsideTheMapping() {
        mapping.putLong(PerfRing.DATA_OFFSET, PAGE);
        mapping.putLong(PerfRing.DATA_SIZE, 2L * SIZE);
        assertThrows(IllegalArgumentException.class, this::ring);
    }
}
