package io.bpfskel.examples.jvmgc;

/**
 * A JVM to watch: allocates short-lived arrays (and keeps a sliding window of them, so some survive a young
 * collection) for the given number of seconds, and loads a not yet used JDK class every 200 ms.
 * {@code java -Xmx64m -cp ... Allocator SECONDS}.
 */
public final class Allocator {
    private Allocator() {}

    /** JDK classes a program like this one does not load by itself. */
    private static final String[] LATER = {
        "java.util.zip.CRC32C", "java.time.chrono.HijrahDate", "java.util.concurrent.Exchanger",
        "java.util.concurrent.Phaser", "java.text.Bidi", "java.util.StringJoiner", "java.util.BitSet",
        "java.util.concurrent.LinkedTransferQueue", "java.util.concurrent.ConcurrentSkipListMap",
        "java.time.chrono.ThaiBuddhistDate", "java.time.chrono.MinguoDate", "java.util.zip.Adler32",
        "java.util.concurrent.atomic.LongAdder", "java.util.concurrent.atomic.DoubleAccumulator",
        "java.util.PriorityQueue", "java.util.IdentityHashMap", "java.util.EnumMap", "java.util.Base64",
        "java.util.HexFormat", "java.util.concurrent.CountDownLatch",
    };

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        byte[][] window = new byte[512][];
        long sink = 0;
        System.out.println("allocating for " + seconds + " s");
        System.out.flush();
        long nextClass = System.nanoTime();
        int loaded = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            if (loaded < LATER.length && System.nanoTime() >= nextClass) {
                Class.forName(LATER[loaded++]);
                nextClass += 200_000_000L;
            }
            byte[] b = new byte[16 * 1024 + (i & 1023)];
            b[i & 1023] = (byte) i;
            window[i & 511] = b;
            sink += b[(i * 7) & 1023];
            if ((i & 0x3f) == 0) {
                Thread.sleep(1);
            }
        }
        System.out.println("done " + sink);
    }
}
