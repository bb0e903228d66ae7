package io.bpfskel.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every compiled BPF fixture object: {@code target/test-classes/bpf/{bpfel,bpfeb}/*.bpf.o}, built from
 * {@code src/test/bpf/*.bpf.c} by the build. Tests iterate over all of them so new fixtures are covered
 * without touching the tests.
 */
public final class FixtureObjects {
    public static final List<String> BYTE_ORDERS = List.of("bpfel", "bpfeb");

    private FixtureObjects() {}

    /** The directory holding {@code bpfel/} and {@code bpfeb/}. */
    public static Path root() {
        URL url = FixtureObjects.class.getClassLoader().getResource("bpf");
        if (url == null) {
            fail("no 'bpf' directory on the test class path: the build compiles src/test/bpf/*.bpf.c into "
                    + "target/test-classes/bpf (exec-maven-plugin, scripts/compile-bpf.sh)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All fixture objects of both byte orders, sorted by byte order then name. Never empty. */
    public static List<Path> all() {
        List<Path> out = new ArrayList<>();
        for (String order : BYTE_ORDERS) {
            Path dir = root().resolve(order);
            if (!Files.isDirectory(dir)) {
                fail("missing fixture directory " + dir);
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".bpf.o")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertFalse(out.isEmpty(), "no fixture objects under " + root());
        return out;
    }

    /** A short display name: {@code bpfel/minimal.bpf.o}. */
    public static String displayName(Path object) {
        return object.getParent().getFileName() + "/" + object.getFileName();
    }
}
