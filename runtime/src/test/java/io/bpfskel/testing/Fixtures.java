package io.bpfskel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Compiled BPF fixtures: {@code src/test/bpf/NAME.bpf.c} built by the Maven build into {@code target/test-classes/bpf/<target>/}. */
public final class Fixtures {
    private Fixtures() {}

    public static Path dir(String target) {
        return Path.of("target", "test-classes", "bpf", target);
    }

    /** The little-endian object for a fixture name ("minimal" → bpfel/minimal.bpf.o). */
    public static Path bpfel(String name) {
        return object("bpfel", name);
    }

    public static Path bpfeb(String name) {
        return object("bpfeb", name);
    }

    public static Path object(String target, String name) {
        Path p = dir(target).resolve(name + ".bpf.o");
        if (!Files.exists(p)) {
            throw new IllegalStateException("fixture " + p + " is missing: is src/test/bpf/" + name + ".bpf.c compiled by the build?");
        }
        return p;
    }

    /** Every compiled fixture object of a target. */
    public static List<Path> all(String target) {
        try (Stream<Path> s = Files.list(dir(target))) {
            return s.filter(p -> p.toString().endsWith(".o")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
