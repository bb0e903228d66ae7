package io.bpfskel.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** USDT, uprobe.multi and kprobe.multi programs get attach methods on the skeleton; other programs do not. */
class ProbeAttachTest {
    @Test
    void attachMethodsOfUsdtAndMultiProgramsCompileAndDelegate() {
        JavaFileObject user = JavaFileObjects.forSourceString("test.Use", """
                package test;

                import io.bpfskel.link.BpfLink;
                import io.bpfskel.link.KprobeMultiOptions;
                import io.bpfskel.link.UprobeMultiOptions;
                import io.bpfskel.link.UsdtOptions;
                import java.nio.file.Path;

                @io.bpfskel.BpfSkeleton("probes.bpf.o")
                interface Probes {
                    static void use(ProbesSkel skel, int pid) {
                        BpfLink gc = skel.attachOnGcBegin(UsdtOptions.defaults().withPid(pid));
                        BpfLink any = skel.attachOnAnyUsdt(Path.of("/bin/app"), "app", "start", UsdtOptions.defaults());
                        BpfLink many = skel.attachOnMany(Path.of("libc.so.6"), "str*", UprobeMultiOptions.defaults());
                        BpfLink k = skel.attachOnKernelMany(null, KprobeMultiOptions.symbols("do_nanosleep"));
                    }
                }
                """);
        Compilation c = Fixtures.compile(user);
        assertThat(c).succeeded();
        String src = Fixtures.generated(c, "test.ProbesSkel");
        assertTrue(src.contains("return obj.program(\"on_gc_begin\").attachUsdt(options);"), src);
        assertTrue(src.contains("return obj.program(\"on_gc_begin\").attachUsdt(binary, provider, name, options);"), src);
        assertFalse(src.contains("obj.program(\"on_any_usdt\").attachUsdt(options)"),
                "a bare SEC(\"usdt\") names no probe: no options-only overload");
        assertTrue(src.contains("obj.program(\"on_many\").attachUprobeMulti(binary, pattern, options)"), src);
        assertTrue(src.contains("obj.program(\"on_kernel_many\").attachKprobeMulti(pattern, options)"), src);
    }
}
