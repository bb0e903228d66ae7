package io.bpfskel.link;

import io.bpfskel.CollectionTestAccess;
import io.bpfskel.MemoryView;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.object.Variable;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/** Reading the fixtures' .bss counters and waiting for events that arrive asynchronously (packets, samples). */
final class LinkTests {
    private static final long WAIT_NANOS = 10_000_000_000L;

    private LinkTests() {}

    private static int offset(BpfCollection obj, String var) {
        Variable v = CollectionTestAccess.object(obj).dataSection(".bss").orElseThrow().variable(var);
        if (v == null) {
            throw new IllegalArgumentException("no .bss variable '" + var + "'");
        }
        return v.offset();
    }

    static long u64(BpfCollection obj, String var) {
        return obj.dataSection(".bss").getLong(offset(obj, var));
    }

    static void putU64(BpfCollection obj, String var, long value) {
        obj.dataSection(".bss").putLong(offset(obj, var), value);
    }

    static void putI32(BpfCollection obj, String var, int value) {
        MemoryView bss = obj.dataSection(".bss");
        bss.putInt(offset(obj, var), value);
    }

    /**
     * Polls {@code value} until it reaches {@code min}, calling {@code poke} (send another packet, spin the CPU)
     * between polls; fails after a generous deadline. Returns the last value.
     */
    static long awaitAtLeast(String what, long min, LongSupplier value, Runnable poke) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        long v = value.getAsLong();
        while (v < min && System.nanoTime() < deadline) {
            poke.run();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            v = value.getAsLong();
        }
        assertTrue(v >= min, what + ": expected at least " + min + ", got " + v);
        return v;
    }
}
