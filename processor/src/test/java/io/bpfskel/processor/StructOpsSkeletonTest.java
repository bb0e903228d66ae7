package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.bpfskel.processor.CompiledClasses.call;
import static io.bpfskel.processor.CompiledClasses.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.bpfskel.BpfProgram;
import io.bpfskel.link.StructOpsLink;
import io.bpfskel.testing.KernelTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The typed struct_ops views (libbpf's skeleton shadow types): function pointers as program handles that can be
 * repointed before load, data members as typed fields, attach() registering and close() unregistering.
 */
class StructOpsSkeletonTest {
    @Test
    void viewsHaveTypedMembers() {
        JavaFileObject user = JavaFileObjects.forSourceString("test.Use", """
                package test;

                import io.bpfskel.BpfProgram;
                import io.bpfskel.link.StructOpsLink;

                @io.bpfskel.BpfSkeleton("sops.bpf.o")
                interface Sops {
                    static void use(SopsSkel skel) {
                        SopsSkel.StructOps.SopsLink v = skel.structOps().sopsLink();
                        BpfProgram p = v.congAvoid();
                        v.congAvoid(skel.progs().sopsCongAvoid2()).name("x").flags(1);
                        String name = v.name();
                        byte[] raw = v.nameBytes();
                        int flags = v.flags();
                        SopsSkel.StructOps.SopsPlain plain = skel.structOps().sopsPlain();
                        BpfProgram none = plain.notInThisKernel();
                        StructOpsLink reg = v.attach();
                        reg.close();
                        io.bpfskel.BpfStructOps h = skel.structOps().sopsOptional().handle();
                    }
                }
                """);
        Compilation c = Fixtures.compile(user);
        assertThat(c).succeeded();
        String src = Fixtures.generated(c, "test.SopsSkel");
        assertTrue(src.contains("public StructOps structOps() {\n        return new StructOps(obj);\n    }"), src);
        assertTrue(src.contains("return ops.program(\"cong_avoid\").orElse(null);"), src);
        assertTrue(src.contains("ViewMemory.of(ops.mutableValue(), BYTE_ORDER).putInt(16, value);"), src);
        assertTrue(src.contains("Not created unless {@code handle().setAutocreate(true)} before load."), src);
    }

    @Test
    void collidingMemberNamesFollowTheNamingRuleWithWarnings() {
        JavaFileObject user = JavaFileObjects.forSourceString("test.Use", """
                package test;

                @io.bpfskel.BpfSkeleton("sops.bpf.o")
                interface Sops {
                    static void use(SopsSkel skel) {
                        SopsSkel.StructOps.SopsNames v = skel.structOps().sopsNames();
                        int l = v.link2();
                        io.bpfskel.link.StructOpsLink reg = v.link();
                        String n = v.name();
                        byte[] raw = v.nameBytes_();
                        int other = v.nameBytes();
                    }
                }
                """);
        Compilation c = Fixtures.compile(user);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining("member 'link' would become 'link', which is the view's method link()");
        assertThat(c).hadWarningContaining("'nameBytes' for member 'name' (bytes) is member 'nameBytes'; generated 'nameBytes_'");
    }

    @Test
    void objectsWithoutStructOpsHaveNoGroup() {
        Compilation c = Fixtures.compile(Fixtures.annotated("Flavors", "flavors.bpf.o"));
        assertThat(c).succeeded();
        assertFalse(Fixtures.generated(c, "test.FlavorsSkel").contains("structOps"));
    }

    @Test
    void repointBeforeLoadThenAttachRegistersAndCloseUnregisters() throws Exception {
        KernelTests.assumeKernel();
        Class<?> type = GeneratedRuntimeTest.skeleton(Fixtures.el(), "sops.bpf.o", "Sops",
                Map.of("sops.bpf.o", Fixtures.bytes(Fixtures.el().resolve("sops.bpf.o"))));
        String name = "bsk_skel_" + (ProcessHandle.current().pid() % 100000);
        try (AutoCloseable skel = (AutoCloseable) call(type, "open")) {
            Object view = path(skel, "structOps", "sopsLink");
            assertEquals("bsk_skel_link", call(view, "name"));
            assertEquals(1, call(view, "flags"), "TCP_CONG_NON_RESTRICTED from the object");
            BpfProgram other = (BpfProgram) path(skel, "progs", "sopsCongAvoid2");
            assertEquals("sops_cong_avoid", ((BpfProgram) call(view, "congAvoid")).name());
            assertSame(view, call(view, "congAvoid", other));
            assertEquals("sops_cong_avoid2", ((BpfProgram) call(view, "congAvoid")).name());
            call(view, "name", name);
            ((io.bpfskel.BpfStructOps) call(path(skel, "structOps", "sopsLink2"), "handle")).setAutocreate(false);
            ((io.bpfskel.BpfStructOps) call(path(skel, "structOps", "sopsPlain"), "handle")).setAutoattach(false);
            call(skel, "load");
            assertTrue(((BpfProgram) path(skel, "progs", "sopsCongAvoid")).isLoaded(), "sops_plain still points at it");
            assertTrue(other.isLoaded());
            assertThrows(IllegalStateException.class, () -> call(view, "flags", 0), "data members only before load");
            assertEquals(name, call(view, "name"), "readable after load");
            assertNull(call(view, "link"));
            StructOpsLink reg = (StructOpsLink) call(view, "attach");
            assertTrue(available().contains(name), available().toString());
            assertSame(reg, call(view, "link"));
            reg.close();
            assertFalse(available().contains(name));
            call(skel, "attach");
            assertTrue(available().contains(name), "the skeleton's attach() registers created struct_ops maps");
            assertFalse(available().contains("bsk_skel_plain"), "autoattach off");
        }
        assertFalse(available().contains(name), "close() unregisters");
    }

    private static Set<String> available() throws IOException {
        return Set.of(Files.readString(Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control")).trim().split("\\s+"));
    }
}
