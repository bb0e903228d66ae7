package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * attach()/detach() are generated only when the runtime's BpfCollection has them (the loader/attach work adds
 * them). Simulated here by compiling a copy of BpfCollection with the two methods added.
 */
class AttachTest {
    @Test
    void notGeneratedWithTodaysRuntime() {
        Compilation c = Fixtures.compile(Fixtures.annotated("Flavors", "flavors.bpf.o"));
        assertThat(c).succeeded();
        String src = Fixtures.generated(c, "test.FlavorsSkel");
        assertFalse(src.contains("void attach()"), src);
    }

    @Test
    void generatedWhenBpfCollectionHasThem() throws IOException {
        Path runtimeSource = Path.of(System.getProperty("bpfskel.runtimeSources", "../runtime/src/main/java"))
                .resolve("io/bpfskel/BpfCollection.java");
        String s = Files.readString(runtimeSource);
        int end = s.lastIndexOf('}');
        String withAttach = s.substring(0, end) + "\n    public void attach() {}\n\n    public void detach() {}\n}\n";
        JavaFileObject collection = JavaFileObjects.forSourceString("io.bpfskel.BpfCollection", withAttach);
        JavaFileObject user = JavaFileObjects.forSourceString("test.Use", """
                package test;

                @io.bpfskel.BpfSkeleton("flavors.bpf.o")
                interface Flavors {
                    static void use(FlavorsSkel skel) {
                        skel.attach();
                        skel.detach();
                    }
                }
                """);
        Compilation c = Fixtures.compile(collection, user);
        assertThat(c).succeeded();
        String src = Fixtures.generated(c, "test.FlavorsSkel");
        assertTrue(src.contains("public void attach() {\n        obj.attach();\n    }"), src);
        assertTrue(src.contains("public void detach() {\n        obj.detach();\n    }"), src);
    }
}
