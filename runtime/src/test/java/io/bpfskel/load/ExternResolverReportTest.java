package io.bpfskel.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfBuilder;
import io.bpfskel.btf.BtfType;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ExternResolver#resolveReport}: every extern gets a verdict even when a strong one fails, missing kernel
 * sources make externs unchecked rather than failing, and where {@link ExternResolver#resolve} succeeds both
 * agree.
 */
class ExternResolverReportTest {

    /** A kernel made of a synthetic BTF and optional config/kallsyms text; nothing read from this machine. */
    record FakeKernel(Btf vmlinux, String kernelConfig, String kallsyms, int kernelVersion) implements KernelEnvironment {
        public List<ModuleBtf> modules() {
            return List.of();
        }

        public String kernelConfigSources() {
            return "[fake config]";
        }

        public boolean hasBpfCookie() {
            return true;
        }

        public boolean hasSyscallWrapper() {
            return false;
        }

        public List<String> warnings() {
            return List.of();
        }
    }

    /** {@code int bpf_strlen(const char *s)}, with an extra {@code int} parameter when {@code twoParams}. */
    static Btf kernelWithStrlen(boolean twoParams) {
        BtfBuilder b = new BtfBuilder();
        int i = b.addInt("int", 4, BtfType.Int.SIGNED);
        int c = b.addInt("char", 1, 0);
        int p = b.addPtr(b.addConst(c));
        List<BtfType.Param> params = twoParams
                ? List.of(new BtfType.Param("s", p), new BtfType.Param("maxlen", i))
                : List.of(new BtfType.Param("s__ign", p));
        b.addFunc("bpf_strlen", b.addFuncProto(i, params), BtfType.Func.GLOBAL);
        return b.build("fake vmlinux");
    }

    @Test
    void agreesWithResolveWhereResolveSucceeds() {
        BpfObject obj = BpfObject.open(Fixtures.bpfel("flavors"));
        for (boolean two : new boolean[] {false, true}) {
            FakeKernel k = new FakeKernel(kernelWithStrlen(two), null, null, 0);
            ExternResolution strict = ExternResolver.resolve(obj, k, null);
            ExternReport report = ExternResolver.resolveReport(obj, k, null);
            assertEquals(strict.externs(), report.externs().stream().map(ExternReport.Check::resolution).toList());
            assertEquals(two ? ExternReport.Verdict.WEAK_UNRESOLVED : ExternReport.Verdict.RESOLVED,
                    report.get("bpf_strlen___new").verdict());
            assertEquals(two ? ExternReport.Verdict.RESOLVED : ExternReport.Verdict.WEAK_UNRESOLVED,
                    report.get("bpf_strlen___old").verdict());
            assertTrue(report.failures().isEmpty());
        }
    }

    @Test
    void strongFailureIsReportedAlongsideTheOtherVerdicts() {
        BpfObject obj = BpfObject.open(Fixtures.bpfel("extern_strong_missing"));
        FakeKernel k = new FakeKernel(kernelWithStrlen(false), null, null, 0);
        BpfLoadException e = assertThrows(BpfLoadException.class, () -> ExternResolver.resolve(obj, k, null));
        ExternReport report = ExternResolver.resolveReport(obj, k, null);
        ExternReport.Check c = report.get("bpf_bpfskel_missing_kfunc");
        assertEquals(ExternReport.Verdict.FAILS_LOAD, c.verdict());
        assertTrue(e.getMessage().endsWith(c.reason()), "the report's reason is the loader's error: " + e.getMessage()
                + " / " + c.reason());
        assertEquals(List.of(c), report.failures());
    }

    @Test
    void missingKernelSourcesLeaveExternsUncheckedInsteadOfFailing() {
        BpfObject obj = BpfObject.open(Fixtures.bpfel("externs"));
        FakeKernel k = new FakeKernel(kernelWithStrlen(false), null, null, 0);
        assertThrows(BpfLoadException.class, () -> ExternResolver.resolve(obj, k, null));
        ExternReport r = ExternResolver.resolveReport(obj, k, null);
        assertEquals(ExternReport.Verdict.NOT_CHECKED, r.get("CONFIG_HZ").verdict());
        assertTrue(r.get("CONFIG_HZ").reason().contains("[fake config]"), r.get("CONFIG_HZ").reason());
        assertEquals(ExternReport.Verdict.NOT_CHECKED, r.get("CONFIG_BPF_SYSCALL").verdict());
        assertEquals(ExternReport.Verdict.NOT_CHECKED, r.get("bpf_prog_put").verdict());
        assertEquals(ExternReport.Verdict.NOT_CHECKED, r.get("LINUX_KERNEL_VERSION").verdict());
        assertEquals(ExternReport.Verdict.RESOLVED, r.get("LINUX_HAS_BPF_COOKIE").verdict());
        assertEquals(ExternReport.Verdict.RESOLVED, r.get("bpf_strlen___new").verdict());
        assertEquals(ExternReport.Verdict.WEAK_UNRESOLVED, r.get("bpf_strlen___old").verdict());
        assertEquals(ExternReport.Verdict.WEAK_UNRESOLVED, r.get("bpf_iter_num_new").verdict());
        assertTrue(r.failures().isEmpty(), r.failures().toString());

        // With the kernel's config and kallsyms, the same externs get real verdicts; a strong option the config
        // lacks fails the load.
        FakeKernel full = new FakeKernel(kernelWithStrlen(false), "CONFIG_BPF_SYSCALL=y\n# CONFIG_PREEMPT is not set\n",
                "ffffffff81000000 T bpf_prog_put\n", LiveKernel.kernelVersionCode(6, 8, 0));
        ExternReport r2 = ExternResolver.resolveReport(obj, full, null);
        assertEquals(ExternReport.Verdict.RESOLVED, r2.get("CONFIG_BPF_SYSCALL").verdict());
        assertEquals(ExternReport.Verdict.RESOLVED, r2.get("bpf_prog_put").verdict());
        assertEquals(0xffffffff81000000L, r2.get("bpf_prog_put").resolution().address());
        assertEquals(ExternReport.Verdict.RESOLVED, r2.get("LINUX_KERNEL_VERSION").verdict());
        assertEquals(ExternReport.Verdict.FAILS_LOAD, r2.get("CONFIG_HZ").verdict());
        assertTrue(r2.get("CONFIG_HZ").reason().contains("'CONFIG_HZ' (strong): not resolved"), r2.get("CONFIG_HZ").reason());
        assertEquals(ExternReport.Verdict.WEAK_UNRESOLVED, r2.get("CONFIG_PREEMPT").verdict());
        assertNull(r2.get("CONFIG_BPF_SYSCALL").reason());
        // user kconfig text takes precedence and completes the config
        ExternReport r3 = ExternResolver.resolveReport(obj, full, "CONFIG_HZ=250\n");
        assertEquals(ExternReport.Verdict.RESOLVED, r3.get("CONFIG_HZ").verdict());
        assertTrue(r3.failures().isEmpty(), r3.failures().toString());
    }
}
