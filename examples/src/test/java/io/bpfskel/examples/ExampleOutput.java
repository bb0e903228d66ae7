package io.bpfskel.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Captures what an example prints, run to completion or in the background. */
public final class ExampleOutput {
    /** Bounds every wait so that a broken example fails its test instead of hanging the build. */
    private static final long WAIT_SECONDS = 120;

    private ExampleOutput() {}

    /** Runs the example to completion; returns its output (also echoed to the test log). */
    public static String of(Consumer<PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(s);
        return s;
    }

    /** Starts the example on its own thread. */
    public static Background start(Consumer<PrintStream> example) {
        Background b = new Background();
        b.thread = new Thread(() -> {
            try (PrintStream out = new PrintStream(b.sink, true, StandardCharsets.UTF_8)) {
                example.accept(out);
            } catch (Throwable t) {
                b.failure = t;
            } finally {
                synchronized (b.text) {
                    b.done = true;
                    b.text.notifyAll();
                }
            }
        }, "example");
        b.thread.start();
        return b;
    }

    /** An example running in the background. */
    public static final class Background {
        private final StringBuilder text = new StringBuilder();
        private final OutputStream sink = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                line.write(b);
                if (b == '\n') {
                    flushLine();
                }
            }

            @Override
            public void flush() {
                flushLine();
            }

            private void flushLine() {
                String s = line.toString(StandardCharsets.UTF_8);
                line.reset();
                System.out.print(s);
                synchronized (text) {
                    text.append(s);
                    text.notifyAll();
                }
            }
        };
        private Thread thread;
        private volatile Throwable failure;
        private boolean done;

        /** Waits until the output contains {@code s} (the example is then past the point that prints it). */
        public void awaitOutput(String s) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            synchronized (text) {
                while (text.indexOf(s) < 0) {
                    if (done) {
                        fail("the example ended without printing '" + s + "'" + (failure == null ? "" : ": " + failure)
                                + "\noutput:\n" + text);
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        fail("the example did not print '" + s + "' within " + WAIT_SECONDS + " s\noutput:\n" + text);
                    }
                    text.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                }
            }
        }

        /** Waits for the example to return; rethrows what it threw; returns all of its output. */
        public String finish() throws Throwable {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            if (thread.isAlive()) {
                fail("the example did not finish within " + WAIT_SECONDS + " s\noutput:\n" + output());
            }
            if (failure != null) {
                throw failure;
            }
            return output();
        }

        public String output() {
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
