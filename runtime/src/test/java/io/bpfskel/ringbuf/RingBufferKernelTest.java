package io.bpfskel.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.CollectionTestAccess;
import io.bpfskel.maps.Codec;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ring buffer consumer against records produced by {@code ringbuf.bpf.c} in the running kernel. */
class RingBufferKernelTest {
    /** struct rec of the fixture. */
    record Rec(int seq, int ring, long square, byte[] bytes) {
        static final Codec<Rec> CODEC = Codec.of(32, (r, b) -> {
            throw new UnsupportedOperationException();
        }, b -> {
            int seq = b.getInt();
            int ring = b.getInt();
            long sq = b.getLong();
            byte[] bytes = new byte[16];
            b.get(bytes);
            return new Rec(seq, ring, sq, bytes);
        });

        void check(int expectedSeq, int expectedRing) {
            assertEquals(expectedSeq, seq);
            assertEquals(expectedRing, ring, "ring of seq " + seq);
            assertEquals((long) seq * seq, square, "square of seq " + seq);
            for (int j = 0; j < 16; j++) {
                assertEquals((byte) (seq + j), bytes[j], "byte " + j + " of seq " + seq);
            }
        }
    }

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

    private void produce(String prog, int count, int discardEvery, int ring, int start) {
        ByteBuffer args = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        args.putInt(count).putInt(discardEvery).putInt(ring).putInt(start);
        assertEquals(0, obj.program(prog).testRun(args.array()).retvalInt());
    }

    private long bss(String variable) {
        int offset = CollectionTestAccess.object(obj).dataSection(".bss").orElseThrow().variable(variable).offset();
        return obj.dataSection(".bss").getLong(offset);
    }

    private long submitted() {
        return bss("submitted");
    }

    private long discarded() {
        return bss("discarded");
    }

    private long dropped() {
        return bss("dropped");
    }

    @Test
    void exactCountsAndPayloadsWithDiscards() {
        List<Rec> got = new ArrayList<>();
        try (RingBufferPoller poller = RingBufferPoller.create()) {
            poller.add(obj.map("rb_a"), Rec.CODEC, got::add);
            assertEquals(0, poller.poll(0), "nothing produced yet");
            produce("produce", 50, 7, 0, 1);
            assertEquals(43, submitted());
            assertEquals(7, discarded());
            assertEquals(43, poller.poll(1000));
            assertEquals(0, poller.poll(0));
            RingBuffer ring = poller.ring(0);
            assertEquals(50 * 40, ring.consumerPosition(), "discarded records are skipped, not left behind");
            assertEquals(ring.producerPosition(), ring.consumerPosition());
        }
        List<Integer> expected = new ArrayList<>();
        for (int s = 1; s <= 50; s++) {
            if (s % 7 != 0) {
                expected.add(s);
            }
        }
        assertEquals(expected, got.stream().map(Rec::seq).toList());
        for (int i = 0; i < got.size(); i++) {
            got.get(i).check(expected.get(i), 0);
        }
    }

    @Test
    void wrapsAroundManyTimesWhenConsumedInRounds() {
        int rounds = 60;
        int perRound = 100; // 4000 of the 4096 bytes
        List<Rec> got = new ArrayList<>();
        try (RingBufferPoller poller = RingBufferPoller.of(obj.map("rb_a"), record -> {
            assertEquals(32, record.remaining());
            got.add(Rec.CODEC.decode(record));
            return 0;
        })) {
            for (int r = 0; r < rounds; r++) {
                produce("produce", perRound, 0, 0, r * perRound);
                int n = 0;
                while (n < perRound) {
                    int c = poller.poll(1000);
                    assertTrue(c > 0, "round " + r + ": poll timed out after " + n);
                    n += c;
                }
                assertEquals(perRound, n);
            }
            assertEquals(0, dropped());
            assertEquals((long) rounds * perRound * 40, poller.ring(0).consumerPosition());
            assertTrue(poller.ring(0).consumerPosition() > 50L * 4096, "wrapped about 58 times");

            // More than the ring holds in one go: 102 records of 40 bytes fit in 4096, the rest are dropped.
            produce("produce", 200, 0, 0, 1_000_000);
            assertEquals(98, dropped());
            assertEquals(102, poller.poll(1000));
        }
        assertEquals(rounds * perRound + 102, got.size());
        for (int i = 0; i < rounds * perRound; i++) {
            got.get(i).check(i, 0);
        }
        for (int i = 0; i < 102; i++) {
            got.get(rounds * perRound + i).check(1_000_000 + i, 0);
        }
    }

    @Test
    void severalProducersAtOnceEveryRecordOnceInEachProducersOrder() throws Exception {
        int producers = 3;
        int runs = 40;
        int perRun = 30; // 1200 bytes per run into a 4096-byte ring: producers overrun it, the kernel drops
        int[] next = new int[producers];
        long[] received = {0};
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        try (RingBufferPoller poller = RingBufferPoller.create()) {
            poller.addView(obj.map("rb_a"), record -> {
                assertEquals(32, record.length());
                Rec rec = Rec.CODEC.decode(record.buffer());
                int producer = rec.seq() / 1_000_000;
                assertTrue(rec.seq() % 1_000_000 >= next[producer],
                        "producer " + producer + ": seq " + rec.seq() + " after " + next[producer]);
                next[producer] = rec.seq() % 1_000_000 + 1;
                rec.check(rec.seq(), 0);
                received[0]++;
                return 0;
            });
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < producers; t++) {
                int id = t;
                Thread thread = new Thread(() -> {
                    try {
                        for (int r = 0; r < runs; r++) {
                            produce("produce", perRun, 0, 0, id * 1_000_000 + r * perRun);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "ringbuf-producer-" + t);
                threads.add(thread);
                thread.start();
            }
            Thread joiner = new Thread(() -> {
                for (Thread t : threads) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                done.set(true);
            });
            joiner.start();
            while (!done.get()) {
                poller.poll(10);
            }
            joiner.join();
            poller.consume();
            assertEquals(List.of(), failures);
            long produced = (long) producers * runs * perRun;
            assertEquals(produced, submitted() + dropped(), "every reservation either submitted or dropped");
            assertEquals(submitted(), received[0], "every submitted record consumed exactly once");
            assertTrue(received[0] > 0);
            assertEquals(poller.ring(0).producerPosition(), poller.ring(0).consumerPosition());
        }
    }

    @Test
    void twoRingBuffersInOnePoller() {
        List<Rec> a = new ArrayList<>();
        List<Rec> b = new ArrayList<>();
        try (RingBufferPoller poller = RingBufferPoller.create()) {
            poller.add(obj.map("rb_a"), Rec.CODEC, a::add);
            poller.add(obj.map("rb_b"), Rec.CODEC, b::add);
            assertEquals(8192, poller.ring(1).size());
            produce("produce", 10, 0, 0, 0);
            produce("produce", 150, 0, 1, 500);
            int n = 0;
            while (n < 160) {
                int c = poller.poll(1000);
                assertTrue(c > 0, "poll timed out after " + n);
                n += c;
            }
            assertEquals(160, n);
            produce("produce", 3, 0, 1, 900);
            assertEquals(3, poller.consume(), "consume() reads every ring without waiting");
        }
        assertEquals(10, a.size());
        assertEquals(153, b.size());
        for (int i = 0; i < 10; i++) {
            a.get(i).check(i, 0);
        }
        for (int i = 0; i < 150; i++) {
            b.get(i).check(500 + i, 1);
        }
        b.get(152).check(902, 1);
    }

    @Test
    void variableLengthRecords() {
        List<byte[]> got = new ArrayList<>();
        try (RingBufferPoller poller = RingBufferPoller.of(obj.map("rb_b"), record -> {
            byte[] bytes = new byte[record.remaining()];
            record.get(bytes);
            got.add(bytes);
            return 0;
        })) {
            produce("produce_var", 150, 0, 0, 7);
            assertEquals(0, dropped());
            assertEquals(150, poller.poll(1000));
        }
        for (int i = 0; i < 150; i++) {
            int seq = 7 + i;
            byte[] r = got.get(i);
            assertEquals(seq % 61 + 1, r.length, "length of seq " + seq);
            for (int j = 0; j < r.length; j++) {
                assertEquals((byte) (seq + j), r[j]);
            }
        }
    }

    @Test
    void handlerStopsConsumptionAndExceptionsConsumeTheRecord() {
        List<Integer> seqs = new ArrayList<>();
        try (RingBufferPoller poller = RingBufferPoller.of(obj.map("rb_a"), record -> {
            int seq = record.getInt(record.position());
            seqs.add(seq);
            if (seq == 2) {
                return -7;
            }
            if (seq == 5) {
                throw new IllegalStateException("handler failure at 5");
            }
            return 0;
        })) {
            produce("produce", 10, 0, 0, 0);
            assertEquals(-7, poller.poll(1000), "the handler's stop value");
            assertEquals(List.of(0, 1, 2), seqs);
            IllegalStateException e = assertThrows(IllegalStateException.class, poller::consume);
            assertEquals("handler failure at 5", e.getMessage());
            assertEquals(4, poller.ring(0).consume(), "records 6..9 remain; 5 counts as consumed");
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seqs);
        }
    }

    @Test
    void typedRecordsShorterThanTheCodecAreRefused() {
        try (RingBufferPoller poller = RingBufferPoller.create()) {
            poller.add(obj.map("rb_b"), Codec.of(64, (v, b) -> { }, b -> b), r -> { });
            produce("produce", 1, 0, 1, 0);
            Exception e = assertThrows(io.bpfskel.error.BpfException.class, () -> poller.poll(1000));
            assertTrue(e.getMessage().contains("'rb_b'") && e.getMessage().contains("32"), e.getMessage());
        }
    }

    @Test
    void refusesOtherMapsAndUseAfterClose() {
        assertThrows(IllegalArgumentException.class, () -> RingBufferPoller.of(obj.map("perf_events"), r -> 0));
        RingBufferPoller poller = RingBufferPoller.of(obj.map("rb_a"), r -> 0);
        RingBuffer ring = poller.ring(0);
        poller.close();
        assertThrows(IllegalStateException.class, () -> poller.poll(0));
        assertThrows(IllegalStateException.class, ring::consume);
    }

    @Test
    void aRecordViewKeptPastCloseReadsZerosNotUnmappedMemory() {
        RingRecord[] kept = new RingRecord[1];
        RingBufferPoller poller = RingBufferPoller.create();
        poller.addView(obj.map("rb_a"), r -> {
            kept[0] = r;
            return 0;
        });
        produce("produce", 1, 0, 0, 7);
        assertEquals(1, poller.consume());
        assertEquals(7, kept[0].getInt(0), "read in place: the record is still there");
        poller.close();
        System.gc(); // the view refers to the mapping, so the range stays mapped (zero pages after close)
        assertEquals(0L, kept[0].getLong(8));
        byte[] bytes = kept[0].toByteArray();
        assertEquals(kept[0].length(), bytes.length);
        for (byte b : bytes) {
            assertEquals(0, b);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> kept[0].getLong(kept[0].length() - 4));
    }
}
