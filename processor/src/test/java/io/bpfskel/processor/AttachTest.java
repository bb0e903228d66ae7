package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.bpfskel.processor.CompiledClasses.call;
import static io.bpfskel.processor.CompiledClasses.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.bpfskel.link.BpfLink;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.KernelTests;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * attach()/detach() delegate to the collection; links() has one accessor per program returning the program's current
 * link (BpfProgram.link()).
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
                        io.bpfskel.link.BpfLink link = skel.links().flavorsRun();
                        if (link != null) {
                            link.close();
                        }
                        skel.detach();
                    }
                }
                """);
        Compilation c = Fixtures.compile(user);
        assertThat(c).succeeded();
        String src = Fixtures.generated(c, "test.FlavorsSkel");
        assertTrue(src.contains("public void attach() {\n        obj.attach();\n    }"), src);
        assertTrue(src.contains("public void detach() {\n        obj.detach();\n    }"), src);
        assertTrue(src.contains("public Links links() {\n        return links;\n    }"), src);
        assertTrue(src.contains("public BpfLink flavorsRun() {\n            return obj.program(\"flavors_run\").link();\n        }"), src);
    }

    /** kitchen's tracepoint program through the generated links() group on the running kernel. */
    @Test
    void linksFollowAttachAndDetach() throws Exception {
        KernelTests.assumeKernel();
        Class<?> type = GeneratedRuntimeTest.skeleton(Fixtures.el(), "kitchen.bpf.o", "Kitchen",
                Map.of("kitchen.bpf.o", Fixtures.bytes(Fixtures.el().resolve("kitchen.bpf.o"))));
        try (AutoCloseable skel = (AutoCloseable) call(type, "openAndLoad")) {
            Object links = call(skel, "links");
            assertNull(call(links, "handleGetpid"), "no link before attach()");
            call(skel, "attach");
            BpfLink tp = (BpfLink) call(links, "handleGetpid");
            assertNotNull(tp);
            assertEquals("handle_getpid", tp.program());
            assertEquals("tracepoint syscalls/sys_enter_getpid", tp.target());
            assertNull(call(links, "kitchenRun"), "a syscall program's section does not say where to attach");
            long before = (long) path(skel, "bss", "counter");
            Syscalls.getpid();
            assertTrue((long) path(skel, "bss", "counter") > before, "the tracepoint program ran");

            call(skel, "detach");
            assertTrue(tp.isClosed());
            assertNull(call(links, "handleGetpid"), "no link after detach()");
            call(skel, "attach");
            BpfLink again = (BpfLink) call(links, "handleGetpid");
            assertNotNull(again);
            assertTrue(again != tp && !again.isClosed(), "attach() after detach() makes a new link");
        }
    }
}
