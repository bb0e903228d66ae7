package io.bpfskel.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The consumer's reading of the ring layout on simulated memory (no kernel): a record a producer has not
 * committed yet (BUSY) stops consumption until it is, DISCARD records are skipped, and records crossing the
 * end of the data area are read through the second mapping.
 */
class RingBufferLayoutTest {
    private static final int PAGE = 64;
    private static final int SIZE = 64;

    private final ByteBuffer consumer = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
    private final ByteBuffer producer = ByteBuffer.allocateDirect(PAGE + 2 * SIZE).order(ByteOrder.nativeOrder());
    private final List<String> seen = new ArrayList<>();
    private final RingBuffer ring = new RingBuffer("sim", consumer, producer, PAGE, SIZE, (RecordHandler) r -> {
        byte[] b = new byte[r.remaining()];
        r.get(b);
        seen.add(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
        return 0;
    });
    private long prod;

    /** Writes a record at the producer position into both mappings of the data area. */
    private void write(String data, int flags) {
        byte[] payload = data.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int total = (payload.length + 8 + 7) & ~7;
        for (int i = 0; i < total; i++) {
            byte v;
            if (i < 4) {
                v = (byte) 0;
            } else if (i < 8) {
                v = 0;
            } else {
                v = i - 8 < payload.length ? payload[i - 8] : 0;
            }
            put(prod + i, v);
        }
        int len = payload.length | flags;
        ByteBuffer hdr = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, len);
        for (int i = 0; i < 4; i++) {
            put(prod + i, hdr.get(i));
        }
        prod += total;
        producer.putLong(0, prod);
    }

    private void put(long pos, byte v) {
        int off = (int) (pos & (SIZE - 1));
        producer.put(PAGE + off, v);
        producer.put(PAGE + SIZE + off, v);
    }

    private void setHeaderFlags(long pos, int len) {
        ByteBuffer hdr = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(0, len);
        for (int i = 0; i < 4; i++) {
            put(pos + i, hdr.get(i));
        }
    }

    @Test
    void busyStopsDiscardSkipsAndWrappedRecordsAreContiguous() {
        write("first", 0); // 16 bytes
        write("gone", RingBuffer.DISCARD_BIT); // 16
        long busyAt = prod;
        write("later", RingBuffer.BUSY_BIT); // 16
        write("after", 0); // 16
        assertEquals(1, ring.consume());
        assertEquals(List.of("first"), seen);
        assertEquals(busyAt, ring.consumerPosition(), "stopped at the busy record, past the discarded one");
        assertEquals(0, ring.consume(), "still busy");

        setHeaderFlags(busyAt, 5); // committed
        assertEquals(2, ring.consume());
        assertEquals(List.of("first", "later", "after"), seen);

        // prod is now 64 = one full lap; a 27-byte record at 112 crosses the end of the data area (128).
        write("0123456789", 0); // 24 bytes: 64..88
        write("abcdefghijklmnop", 0); // 24 bytes: 88..112
        assertEquals(2, ring.consume());
        write("ABCDEFGHIJKLMNOPQRSTUVWXYZ!", 0); // 40 bytes: 112..152, wraps at 128
        assertEquals(1, ring.consume());
        assertEquals("ABCDEFGHIJKLMNOPQRSTUVWXYZ!", seen.get(seen.size() - 1));
        assertEquals(152, ring.consumerPosition());
    }

    @Test
    void recordViewPublishesTheConsumerPositionAfterEveryRecord() {
        write("first", 0); // 16 bytes
        write("gone", RingBuffer.DISCARD_BIT); // 16
        write("0123456789ab", 0); // 24
        List<Long> positionsSeen = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        assertEquals(2, ring.consume(record -> {
            positionsSeen.add(ring.consumerPosition());
            byte[] b = new byte[record.length()];
            record.get(0, b, 0, b.length);
            payloads.add(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
            return 0;
        }));
        assertEquals(List.of("first", "0123456789ab"), payloads);
        // libbpf releases the position after each record, discarded ones too: the second handler call sees
        // the first record and the discarded one given back already.
        assertEquals(List.of(0L, 32L), positionsSeen);
        assertEquals(56, ring.consumerPosition());
    }

    @Test
    void recordViewChecksOffsetsAgainstTheRecordLength() {
        write("12345678", 0);
        assertEquals(1, ring.consume(record -> {
            assertEquals(8, record.length());
            assertEquals(0x3837363534333231L, record.getLong(0));
            org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> record.getInt(6));
            org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> record.getByte(-1));
            return 0;
        }));
    }

    @Test
    void consumeStopsAfterMax() {
        write("a", 0);
        write("b", 0);
        write("c", 0);
        assertEquals(2, ring.consume(2));
        assertEquals(1, ring.consume(5));
        assertEquals(List.of("a", "b", "c"), seen);
    }

    @Test
    void consumesThroughThisJvmsRawAccess() {
        // Java 22+ loads the java.lang.foreign version from META-INF/versions/22 (first on the class path in the
        // kernel-tests-ffm run); sun.misc.Unsafe is touched on 17-21 only.
        assertEquals(Runtime.version().feature() >= 22 ? "java.lang.foreign" : "unsafe", RingMemory.implementation());
    }

    @Test
    void aHeaderClaimingMoreThanTheRingHoldsIsRefusedNotFollowed() {
        write("ok", 0);
        long badAt = prod;
        write("x", 0);
        setHeaderFlags(badAt, SIZE - 7); // one byte more than a 64-byte ring can hold after the header
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                ring::consume);
        assertEquals("ring buffer 'sim': the record at position 16 claims 57 bytes, more than the ring's 64 bytes "
                + "can hold", e.getMessage());
        assertEquals(List.of("ok"), seen);
        assertEquals(badAt, ring.consumerPosition(), "the bad record is not consumed");
        setHeaderFlags(badAt, SIZE - 8); // the most a record can hold: accepted (its bytes are read in place)
        assertEquals(1, ring.consume());
        assertEquals(SIZE - 8, seen.get(1).length());
    }
}
