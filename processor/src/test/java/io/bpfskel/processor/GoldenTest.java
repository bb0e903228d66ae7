package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated sources, compared with golden files under {@code src/test/resources/golden/}. The object's SHA-256
 * is masked (it depends on the clang version). Regenerate with {@code mvn test -Dbpfskel.updateGolden=true}.
 */
class GoldenTest {
    static final String SHA_MASK = "<sha256>";

    @ParameterizedTest(name = "{0} from {1}/{2}")
    @CsvSource({
        "Flavors, bpfel, flavors.bpf.o",
        "Kitchen, bpfel, kitchen.bpf.o",
        "Warnings, bpfel, warnings.bpf.o",
        "KitchenBigEndian, bpfeb, kitchen.bpf.o",
        "Tools, bpfel, tools.bpf.o",
    })
    void matchesGolden(String name, String dir, String object) throws IOException {
        JavaFileObject src = JavaFileObjects.forSourceString("test." + name,
                "package test;\n\n@io.bpfskel.BpfSkeleton(\"" + object + "\")\ninterface " + name + " {}\n");
        Compilation c = Fixtures.compile(List.of(Fixtures.root().resolve(dir)), src);
        assertThat(c).succeeded();
        String actual = mask(Fixtures.generated(c, "test." + name + "Skel"));
        Path golden = Path.of(System.getProperty("bpfskel.golden", "src/test/resources/golden")).resolve(name + "Skel.java");
        if (Boolean.getBoolean("bpfskel.updateGolden")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) {
            fail("no golden file " + golden + "; run mvn test -Dbpfskel.updateGolden=true");
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            fail("generated " + name + "Skel differs from " + golden + " " + firstDifference(expected, actual)
                    + "\n(if the change is intended: mvn test -Dbpfskel.updateGolden=true, then review the diff)");
        }
    }

    /** Static variables (bpftool skips them), function-local statics, bpf_printk's ____fmt, hidden globals. */
    @Test
    void staticsAreSkipped() {
        Compilation c = Fixtures.compile(Fixtures.annotated("Kitchen", "kitchen.bpf.o"));
        String src = Fixtures.generated(c, "test.KitchenSkel");
        for (String absent : new String[] {"hiddenCounter", "hidden_counter", "hiddenGlobal", "____fmt", "Fmt(", "calls("}) {
            assertFalse(src.contains(absent), absent);
        }
        // .rodata.str1.1 (string literals) has no variables: a map handle, no view
        assertTrue(src.contains("public BpfMap rodataStr11()"));
        assertFalse(src.contains("RodataStr11 rodataStr11()"));
    }

    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end of file>";
            String al = i < a.length ? a[i] : "<end of file>";
            if (!el.equals(al)) {
                return "at line " + (i + 1) + ":\n  golden:    " + el + "\n  generated: " + al;
            }
        }
        return "";
    }

    static String mask(String source) {
        return source.replaceAll("OBJECT_SHA256 = \"[0-9a-f]{64}\"", "OBJECT_SHA256 = \"" + SHA_MASK + "\"");
    }
}
