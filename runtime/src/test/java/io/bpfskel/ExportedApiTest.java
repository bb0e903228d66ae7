package io.bpfskel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No public or protected member of an exported package takes, returns or throws a type of a package that is
 * exported only to the project's own modules (elf, btf, object, load, sys, ...): a user on the module path could
 * not name it. Compiles the runtime's sources as module io.bpfskel with {@code -Xlint:exports} and fails naming
 * every member javac flags.
 */
class ExportedApiTest {
    private static final Path SOURCES = Path.of("src", "main", "java");

    @Test
    void noPublicMemberExposesAnInternalType(@TempDir Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<File> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
        }
        assertTrue(files.size() > 100, "found the runtime's sources in " + SOURCES.toAbsolutePath());
        List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:exports", "-Xmaxwarns", "10000",
                "-Xmaxerrs", "100", "-d", out.toString(), "--module-path", jna().toString());
        boolean compiled;
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            compiled = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromFiles(files)).call();
        }
        List<String> leaks = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            String where = (d.getSource() == null ? "?" : SOURCES.toAbsolutePath().relativize(
                    Path.of(d.getSource().toUri())).toString()) + ":" + d.getLineNumber();
            if (d.getCode().startsWith("compiler.warn.leaks.not.accessible")) {
                leaks.add(where + ": " + d.getMessage(Locale.ROOT) + "\n    " + line(d));
            } else if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(where + ": " + d.getMessage(Locale.ROOT));
            }
        }
        assertTrue(compiled, "the runtime's sources compile as a module:\n" + String.join("\n", errors));
        assertEquals("", String.join("\n", leaks), leaks.size() + " public members of exported packages use types of"
                + " internal packages; give the public API an exported type or make the member non-public");
    }

    private static String line(Diagnostic<? extends JavaFileObject> d) {
        try {
            List<String> lines = Files.readAllLines(Path.of(d.getSource().toUri()));
            long n = d.getLineNumber();
            return n >= 1 && n <= lines.size() ? lines.get((int) n - 1).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JNA jar the runtime module requires, from the test class path. */
    private static Path jna() {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty() && Path.of(e).getFileName().toString().matches("jna-[0-9.]+\\.jar")) {
                return Path.of(e);
            }
        }
        throw new AssertionError("no jna jar on the test class path: " + System.getProperty("java.class.path"));
    }
}
