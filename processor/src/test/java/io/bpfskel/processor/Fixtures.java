package io.bpfskel.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Paths of the compiled BPF fixtures and helpers to run the processor on them. */
final class Fixtures {
    private Fixtures() {}

    /** {@code target/test-classes/bpf}: holds {@code bpfel/} and {@code bpfeb/}. */
    static Path root() {
        return Path.of(System.getProperty("bpfskel.fixtures", "target/test-classes/bpf"));
    }

    /** The little-endian fixtures directory (what -Abpfskel.objectPath points at). */
    static Path el() {
        return root().resolve("bpfel");
    }

    static Path eb() {
        return root().resolve("bpfeb");
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new IllegalStateException("fixture " + p + " missing (run mvn test-compile; needs clang)", e);
        }
    }

    /** {@code @BpfSkeleton(resource) interface <name> {}} in package {@code test}. */
    static JavaFileObject annotated(String name, String resource) {
        return JavaFileObjects.forSourceString("test." + name,
                "package test;\n\n@io.bpfskel.BpfSkeleton(\"" + resource + "\")\ninterface " + name + " {}\n");
    }

    /** Runs javac with the processor, {@code -Abpfskel.objectPath=dirs}. */
    static Compilation compile(List<Path> objectPath, JavaFileObject... sources) {
        List<String> opts = new ArrayList<>();
        if (!objectPath.isEmpty()) {
            StringBuilder b = new StringBuilder();
            for (Path p : objectPath) {
                if (b.length() > 0) {
                    b.append(java.io.File.pathSeparator);
                }
                b.append(p.toAbsolutePath());
            }
            opts.add("-A" + BpfSkeletonProcessor.OBJECT_PATH_OPTION + "=" + b);
        }
        opts.add("-Xlint:all");
        opts.add("-Xlint:-processing");
        return javac().withProcessors(new BpfSkeletonProcessor()).withOptions(opts).compile(sources);
    }

    static Compilation compile(JavaFileObject... sources) {
        return compile(List.of(el()), sources);
    }

    /** The text of a generated source file. */
    static String generated(Compilation c, String qualifiedName) {
        try {
            return c.generatedSourceFile(qualifiedName).orElseThrow(
                    () -> new AssertionError("no generated " + qualifiedName + "; diagnostics: " + c.diagnostics()))
                    .getCharContent(true).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
