package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * attach()/detach() are generated when the runtime's BpfCollection has them, which it does since the attach work
 * (io.bpfskel.link): the skeleton delegates to the collection.
 */
class AttachTest {
    @Test
    void generatedWithTodaysRuntimeAndCallable() {
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
        Compilation c = Fixtures.compile(user);
        assertThat(c).succeeded();
        String src = Fixtures.generated(c, "test.FlavorsSkel");
        assertTrue(src.contains("public void attach() {\n        obj.attach();\n    }"), src);
        assertTrue(src.contains("public void detach() {\n        obj.detach();\n    }"), src);
    }
}
