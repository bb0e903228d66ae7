package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The processor on every BPF object of the repository (the runtime's fixtures, modelled on libbpf-tools and
 * libbpf's selftests, and the processor's own): each skeleton compiles under {@code -Xlint:all} with no javac
 * warning; the only warnings are the processor's.
 */
class EveryFixtureTest {
    private static Path runtimeEl() {
        return Path.of(System.getProperty("bpfskel.runtimeFixtures", "../runtime/target/test-classes/bpf/bpfel"));
    }

    static Stream<Path> objects() throws IOException {
        List<Path> all;
        try (Stream<Path> r = Files.list(runtimeEl()); Stream<Path> p = Files.list(Fixtures.el())) {
            all = Stream.concat(r, p).filter(f -> f.getFileName().toString().endsWith(".bpf.o")).sorted().toList();
        }
        assertTrue(all.size() > 20, "fixtures compiled: " + all);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void skeletonCompilesWithoutJavacWarnings(Path object) {
        String file = object.getFileName().toString();
        JavaFileObject src = Fixtures.annotated("Obj", file);
        Compilation c = Fixtures.compile(List.of(object.getParent()), src);
        assertThat(c).succeeded();
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            if (d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                assertTrue(d.getMessage(null).startsWith("'" + file + "': "), d.toString());
            }
        }
    }
}
