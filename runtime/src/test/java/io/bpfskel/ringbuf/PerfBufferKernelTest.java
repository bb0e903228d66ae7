package io.bpfskel.ringbuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.bpfskel.BpfCollection;
import io.bpfskel.CollectionTestAccess;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The perf buffer against samples from {@code perf_out} (XDP, run with BPF_PROG_TEST_RUN). */
class PerfBufferKernelTest {
    /** The test thread stays on one CPU so that every sample goes to the same ring. */
    interface Affinity extends Library {
        Affinity C = Native.load("c", Affinity.class);

        int sched_getaffinity(int pid, long size, long[] mask);

        int sched_setaffinity(int pid, long size, long[] mask);
    }

    private BpfCollection obj;
    private final long[] savedAffinity = new long[16];
    private int cpu;

    @BeforeEach
    void load() {
        KernelTests.assumeKernel();
        obj = BpfCollection.open(Fixtures.bpfel("ringbuf"));
        obj.load();
        assertEquals(0, Affinity.C.sched_getaffinity(0, 8L * savedAffinity.length, savedAffinity));
        cpu = Syscalls.onlineCpus()[0];
        long[] one = new long[16];
        one[cpu / 64] = 1L << (cpu % 64);
        assertEquals(0, Affinity.C.sched_setaffinity(0, 8L * one.length, one));
    }

    @AfterEach
    void close() {
        Affinity.C.sched_setaffinity(0, 8L * savedAffinity.length, savedAffinity);
        obj.close();
    }

    private void emit(int count, int start) {
        byte[] pkt = new byte[64];
        ByteBuffer.wrap(pkt).order(ByteOrder.nativeOrder()).putInt(count).putInt(start);
        assertEquals(2, obj.program("perf_out").testRun(pkt, 0, 1).retvalInt(), "XDP_PASS");
    }

    private long bss(String variable) {
        int offset = CollectionTestAccess.object(obj).dataSection(".bss").orElseThrow().variable(variable).offset();
        return obj.dataSection(".bss").getLong(offset);
    }

    private static void checkSample(ByteBuffer data, int expectedSeq) {
        assertEquals(36, data.remaining(), "32 bytes of struct rec + 4 bytes of padding");
        int p = data.position();
        int seq = data.getInt(p);
        assertEquals(expectedSeq, seq);
        assertEquals(99, data.getInt(p + 4));
        assertEquals((long) seq * seq, data.getLong(p + 8));
        for (int j = 0; j < 16; j++) {
            assertEquals((byte) (seq + j), data.get(p + 16 + j));
        }
    }

    @Test
    void samplesArriveInOrderAcrossManyWraps() {
        List<Integer> seqs = new ArrayList<>();
        int[] next = {0};
        try (PerfBuffer pb = PerfBuffer.open(obj.map("perf_events"), 1, (c, data) -> {
            assertEquals(cpu, c);
            checkSample(data, next[0]++);
            seqs.add(data.getInt(data.position()));
        })) {
            assertTrue(pb.cpus().length >= 1);
            // 48-byte records in a 4096-byte ring: every few laps one straddles the end.
            for (int round = 0; round < 25; round++) {
                emit(40, round * 40);
                int n = 0;
                while (n < 40) {
                    int c = pb.poll(1000);
                    assertTrue(c > 0, "round " + round + ": poll timed out after " + n);
                    n += c;
                }
                assertEquals(40, n);
            }
            assertEquals(0, pb.lostSamples());
            assertEquals(1000, bss("perf_sent"));
        }
        assertEquals(1000, seqs.size());
    }

    @Test
    void lostSamplesAreCountedWhenTheRingOverflows() {
        List<Integer> seqs = new ArrayList<>();
        long[] lostReported = {0};
        try (PerfBuffer pb = PerfBuffer.open(obj.map("perf_events"), 1, new PerfBuffer.SampleHandler() {
            @Override
            public void onSample(int c, ByteBuffer data) {
                seqs.add(data.getInt(data.position()));
            }

            @Override
            public void onLost(int c, long count) {
                assertEquals(cpu, c);
                lostReported[0] += count;
            }
        })) {
            emit(300, 0); // 85 records of 48 bytes fit in 4096
            long sent = bss("perf_sent");
            long failed = bss("perf_failed");
            assertEquals(300, sent + failed);
            assertEquals(85, sent);
            assertEquals(sent, pb.consume());
            assertEquals(0, pb.lostSamples(), "the kernel reports the loss with the next sample that fits");
            emit(1, 5000);
            assertEquals(1, pb.poll(1000));
            assertEquals(failed, pb.lostSamples());
            assertEquals(failed, lostReported[0]);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 85; i++) {
            expected.add(i);
        }
        expected.add(5000);
        assertEquals(expected, seqs);
    }

    private void checkSample(PerfSample s, int expectedSeq) {
        assertEquals(cpu, s.cpu());
        assertEquals(36, s.length(), "32 bytes of struct rec + 4 bytes of padding");
        int seq = s.getInt(0);
        assertEquals(expectedSeq, seq);
        assertEquals(99, s.getInt(4));
        assertEquals((long) seq * seq, s.getLong(8));
        byte[] tail = new byte[16];
        s.get(16, tail, 0, 16);
        for (int j = 0; j < 16; j++) {
            assertEquals((byte) (seq + j), s.getByte(16 + j));
            assertEquals((byte) (seq + j), tail[j]);
        }
        assertEquals(seq, s.buffer().getInt(s.buffer().position()));
        assertEquals(36, s.toByteArray().length);
        assertThrows(IndexOutOfBoundsException.class, () -> s.getLong(32), "past the sample");
        assertThrows(IndexOutOfBoundsException.class, () -> s.getInt(-1));
    }

    @Test
    void sampleViewReadsRecordsThatWrapTheRingsEnd() {
        int[] next = {0};
        PerfSampleHandler handler = s -> checkSample(s, next[0]++);
        try (PerfBuffer pb = PerfBuffer.open(obj.map("perf_events"), 1, handler)) {
            // 48-byte records in a 4096-byte ring: 4096 = 85 * 48 + 16, so every lap one record straddles the end
            // (its header before it, its data after), and is read from the scratch copy.
            for (int round = 0; round < 25; round++) {
                emit(40, round * 40);
                assertEquals(40, pb.consume(handler), "round " + round);
            }
            assertEquals(1000, next[0]);
            assertEquals(0, pb.lostSamples());
        }
    }

    @Test
    void sampleViewHandlerIsToldOfLostSamples() {
        List<Integer> seqs = new ArrayList<>();
        long[] lostReported = {0};
        PerfSampleHandler handler = new PerfSampleHandler() {
            @Override
            public void onSample(PerfSample s) {
                seqs.add(s.getInt(0));
            }

            @Override
            public void onLost(int c, long count) {
                assertEquals(cpu, c);
                lostReported[0] += count;
            }
        };
        try (PerfBuffer pb = PerfBuffer.open(obj.map("perf_events"), 1, handler)) {
            emit(100, 0); // 85 fit
            assertEquals(85, pb.consume());
            emit(1, 7000);
            assertEquals(1, pb.consume());
            assertEquals(15, lostReported[0]);
            assertEquals(15, pb.lostSamples());
            assertEquals(bss("perf_failed"), lostReported[0]);
        }
        assertEquals(86, seqs.size());
        assertEquals(7000, seqs.get(85));
    }

    @Test
    void wakeupEventsDelayTheWakeupButNotTheData() {
        try (PerfBuffer pb = PerfBuffer.open(obj.map("perf_events"), 2, 10, s -> { })) {
            emit(5, 0);
            assertEquals(0, pb.poll(0), "5 samples of 10: no wakeup yet");
            assertEquals(5, pb.consume(), "the data is there all the same");
            emit(10, 5);
            assertEquals(10, pb.poll(1000), "the 10th sample since the last wakeup wakes the poller");
        }
        assertThrows(IllegalArgumentException.class, () -> PerfBuffer.open(obj.map("perf_events"), 1, 0, s -> { }));
    }

    @Test
    void consumeAfterCloseThrows() {
        PerfBuffer pb = PerfBuffer.open(obj.map("perf_events"), 1, s -> { });
        emit(3, 0);
        pb.close();
        assertThrows(IllegalStateException.class, pb::consume);
        assertThrows(IllegalStateException.class, () -> pb.consume(s -> { }));
    }

    @Test
    void mapSlotsHoldTheEventsUntilClose() {
        PerfBuffer pb = PerfBuffer.open(obj.map("perf_events"), 2, (c, d) -> { });
        pb.close();
        emit(3, 0);
        assertEquals(0, bss("perf_sent"), "slots cleared on close: output finds no event");
        assertThrows(IllegalStateException.class, () -> pb.poll(0));
        assertThrows(IllegalArgumentException.class, () -> PerfBuffer.open(obj.map("perf_events"), 3, (c, d) -> { }));
        assertThrows(IllegalArgumentException.class, () -> PerfBuffer.open(obj.map("rb_a"), 1, (c, d) -> { }));
    }
}
