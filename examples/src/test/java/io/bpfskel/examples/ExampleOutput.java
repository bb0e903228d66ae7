package io.bpfskel.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Captures what an example prints. */
public final class ExampleOutput {
    private ExampleOutput() {}

    public static String of(Consumer<PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(s);
        return s;
    }
}
