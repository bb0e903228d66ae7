package io.bpfskel.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfBuilder;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType.Member;
import io.bpfskel.btf.BtfType.Param;
import io.bpfskel.btf.BtfType;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.Extern;
import io.bpfskel.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Extern resolution without a kernel: the fixtures' externs against a synthetic vmlinux (and synthetic modules as
 * split BTF with made-up fd numbers) built with {@link BtfBuilder}, with kconfig and kallsyms text given as strings.
 * Expected behaviour is libbpf's {@code bpf_object__resolve_externs} (reference: libbpf-externs.md §1.2, §2.7–2.9).
 */
class ExternResolverTest {

    // ---------------------------------------------------------------- a synthetic kernel

    /** The kernel types the fixtures' externs refer to; kfuncs and variables are added to vmlinux or to a module. */
    static final class KernelTypes {
        final BtfBuilder b = new BtfBuilder();
        final int i32 = b.addInt("int", 4, BtfType.Int.SIGNED);
        final int u64 = b.addInt("unsigned long long", 8, 0);
        final int chr = b.addInt("char", 1, BtfType.Int.SIGNED);
        final int constChr = b.addConst(chr);
        final int str = b.addPtr(constChr);
        final int i32Ptr = b.addPtr(i32);
        final int task = b.addStruct("task_struct", 3264, List.of(new Member("pid", i32, 1264 * 8, 0),
                new Member("tgid", i32, 1268 * 8, 0)));
        final int taskPtr = b.addPtr(task);
        final int opaque = b.addArray(u64, i32, 1);
        final int iter = b.addStruct("bpf_iter_num", 8, List.of(new Member("__opaque", opaque, 0, 0)));
        final int iterPtr = b.addPtr(iter);
        final int cpumask = b.addStruct("bpf_cpumask", 16, List.of(new Member("usage", i32, 0, 0)));
        final int cpumaskPtr = b.addPtr(cpumask);
        final int rq = b.addStruct("rq", 4096, List.of(new Member("cpu", i32, 0, 0)));
        final int missing = b.addStruct("bpfskel_missing", 4, List.of(new Member("x", i32, 0, 0)));

        /** Adds kfunc {@code name} with the kernel's prototype to {@code to} (this vmlinux, or a module on top of it). */
        int kfunc(BtfBuilder to, String name) {
            int proto;
            if (name.startsWith("bpf_strlen")) {
                proto = to.addFuncProto(i32, List.of(new Param("s__ign", str)));
            } else if (name.equals("bpf_iter_num_new")) {
                proto = to.addFuncProto(i32, List.of(new Param("it", iterPtr), new Param("start", i32), new Param("end", i32)));
            } else if (name.equals("bpf_iter_num_next")) {
                proto = to.addFuncProto(i32Ptr, List.of(new Param("it", iterPtr)));
            } else if (name.equals("bpf_iter_num_destroy")) {
                proto = to.addFuncProto(0, List.of(new Param("it", iterPtr)));
            } else if (name.equals("bpf_task_from_pid")) {
                proto = to.addFuncProto(taskPtr, List.of(new Param("pid", i32)));
            } else if (name.equals("bpf_task_release")) {
                proto = to.addFuncProto(0, List.of(new Param("p", taskPtr)));
            } else if (name.equals("bpf_cpumask_create")) {
                proto = to.addFuncProto(cpumaskPtr, List.of());
            } else if (name.equals("bpf_cpumask_release")) {
                proto = to.addFuncProto(0, List.of(new Param("cpumask", cpumaskPtr)));
            } else {
                throw new IllegalArgumentException(name);
            }
            return to.addFunc(name, proto, BtfType.Func.GLOBAL);
        }

        int var(BtfBuilder to, String name, int type) {
            return to.addVar(name, type, BtfType.Var.GLOBAL_ALLOCATED);
        }

        Btf build() {
            return b.build("fake vmlinux");
        }
    }

    /** Every kfunc the externs fixture can resolve on 6.18 (bpf_cpumask_* too: only the local FWD stops them). */
    static final List<String> KFUNCS = List.of("bpf_strlen", "bpf_iter_num_new", "bpf_iter_num_next", "bpf_iter_num_destroy",
            "bpf_task_from_pid", "bpf_task_release", "bpf_cpumask_create", "bpf_cpumask_release");

    /** The running kernel's config lines that the externs fixture reads (from EXPECTED.md). */
    static final String CONFIG = String.join("\n",
            "# comment",
            "CONFIG_BPF_SYSCALL=y",
            "# CONFIG_KALLSYMS_ALL is not set",
            "CONFIG_BPF_LSM=y",
            "# CONFIG_PREEMPT is not set",
            "CONFIG_BPF_JIT=y",
            "CONFIG_LOG_BUF_SHIFT=17",
            "CONFIG_NR_CPUS=256",
            "CONFIG_HZ=250",
            "CONFIG_DEFAULT_MMAP_MIN_ADDR=4096",
            "CONFIG_PHYSICAL_ALIGN=0x1000000",
            "CONFIG_ILLEGAL_POINTER_VALUE=0xdead000000000000",
            "CONFIG_LOCALVERSION=\"-fc-v782\"",
            "CONFIG_DEFAULT_HOSTNAME=\"(none)\"",
            "");

    static final long PROG_PUT = 0xffffffff814e61b0L;

    /** A {@link KernelEnvironment} made of values; counts what the resolver asked for. */
    static final class FakeKernel implements KernelEnvironment {
        Btf vmlinux;
        List<ModuleBtf> modules = List.of();
        String config = CONFIG;
        String kallsyms = String.format("%016x T bpf_prog_put%n%016x t bpf_prog_put_deferred%n", PROG_PUT, PROG_PUT + 0x80);
        int version = 0x6122c;
        boolean cookie = true;
        boolean wrapper;
        List<String> warnings = List.of();
        int vmlinuxCalls;
        int modulesCalls;
        int configCalls;
        int kallsymsCalls;

        @Override
        public Btf vmlinux() {
            vmlinuxCalls++;
            return vmlinux;
        }

        @Override
        public List<ModuleBtf> modules() {
            modulesCalls++;
            return modules;
        }

        @Override
        public String kernelConfig() {
            configCalls++;
            return config;
        }

        @Override
        public String kernelConfigSources() {
            return "[/fake/config]";
        }

        @Override
        public String kallsyms() {
            kallsymsCalls++;
            return kallsyms;
        }

        @Override
        public int kernelVersion() {
            return version;
        }

        @Override
        public boolean hasBpfCookie() {
            return cookie;
        }

        @Override
        public boolean hasSyscallWrapper() {
            return wrapper;
        }

        @Override
        public List<String> warnings() {
            return warnings;
        }
    }

    /** A kernel whose vmlinux has every kfunc of {@link #KFUNCS}. */
    private static FakeKernel kernel(KernelTypes t) {
        for (String k : KFUNCS) {
            t.kfunc(t.b, k);
        }
        FakeKernel k = new FakeKernel();
        k.vmlinux = t.build();
        return k;
    }

    private static FakeKernel kernel() {
        return kernel(new KernelTypes());
    }

    private static BpfObject fixture(String name) {
        return BpfObject.open(Fixtures.bpfel(name));
    }

    private static ExternResolution resolve(String fixture, KernelEnvironment k) {
        return resolve(fixture, k, null);
    }

    private static ExternResolution resolve(String fixture, KernelEnvironment k, String userKconfig) {
        return ExternResolver.resolve(fixture(fixture), k, userKconfig);
    }

    private static ResolvedExtern ext(ExternResolution r, String name) {
        return r.externs().stream().filter(e -> e.ext().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no extern " + name));
    }

    private static BpfLoadException fails(String fixture, KernelEnvironment k, String userKconfig) {
        return assertThrows(BpfLoadException.class, () -> resolve(fixture, k, userKconfig));
    }

    private static void assertContains(String haystack, String... needles) {
        for (String n : needles) {
            assertTrue(haystack.contains(n), "expected '" + n + "' in: " + haystack);
        }
    }

    // ---------------------------------------------------------------- kfuncs

    @Test
    void flavorResolvesByItsEssentialName() {
        KernelTypes t = new KernelTypes();
        FakeKernel k = kernel(t);
        int strlen = k.vmlinux.findByNameKind("bpf_strlen", BtfKind.FUNC);
        ExternResolution r = resolve("externs", k);
        ResolvedExtern e = ext(r, "bpf_strlen___new");
        assertEquals("bpf_strlen", e.ext().essentialName());
        assertTrue(e.set());
        assertEquals(strlen, e.kernelBtfId());
        assertNull(e.module());
        assertEquals(0, e.fdArrayIndex());
        assertNull(e.reason());
        assertEquals(0, r.fdArray().length, "every kfunc in vmlinux: no fd_array");
        assertTrue(r.log().contains("extern (func ksym) 'bpf_strlen___new': resolved to vmlinux [" + strlen + "]"), r.log().toString());
        // The other resolvable kfuncs, the strong iterator ones among them.
        for (String name : List.of("bpf_iter_num_new", "bpf_iter_num_next", "bpf_iter_num_destroy", "bpf_task_from_pid", "bpf_task_release")) {
            assertTrue(ext(r, name).set(), name);
        }
    }

    @Test
    void flavorWithAnExtraParameterIsWeakUnresolvedWithTheReason() {
        ExternResolution r = resolve("externs", kernel());
        ResolvedExtern old = ext(r, "bpf_strlen___old");
        assertFalse(old.set());
        assertEquals(0, old.kernelBtfId());
        assertContains(old.reason(), "int bpf_strlen___old(const char *, int)", "incompatible with vmlinux",
                "int bpf_strlen(const char *s__ign)");
        assertTrue(r.log().contains("extern 'bpf_strlen___old' (weak): not resolved, defaulting to zero"), r.log().toString());
        // A forward-declared struct is not compatible with the kernel's struct (btf_kind_core_compat(FWD, STRUCT)).
        ResolvedExtern cpumask = ext(r, "bpf_cpumask_create");
        assertFalse(cpumask.set());
        assertContains(cpumask.reason(), "struct bpf_cpumask *bpf_cpumask_create(void)", "incompatible");
        // Not found at all: the reason says so.
        assertContains(ext(r, "bpf_bpfskel_no_such_kfunc").reason(), "'bpf_bpfskel_no_such_kfunc' not found in kernel or module BTFs");
    }

    @Test
    void strongMismatchFailsNamingBothPrototypesInC() {
        BpfLoadException e = fails("extern_strong_mismatch", kernel(), null);
        assertContains(e.getMessage(), "extern_strong_mismatch.bpf.o", "extern (func ksym) 'bpf_strlen'",
                "int bpf_strlen(const char *, int)", "incompatible with vmlinux", "int bpf_strlen(const char *s__ign)");
    }

    @Test
    void strongMissingFails() {
        BpfLoadException e = fails("extern_strong_missing", kernel(), null);
        assertContains(e.getMessage(), "extern_strong_missing.bpf.o",
                "extern (func ksym) 'bpf_bpfskel_missing_kfunc': 'bpf_bpfskel_missing_kfunc' not found in kernel or module BTFs");
    }

    @Test
    void onlyTheLastFlavorSeparatorCounts() {
        KernelTypes t = new KernelTypes();
        int v2 = t.kfunc(t.b, "bpf_strlen___v2");
        int bar = t.kfunc(t.b, "bpf_strlen____bar");
        FakeKernel k = kernel(t);
        ExternResolution r = resolve("externs", k);
        ResolvedExtern compat = ext(r, "bpf_strlen___v2___compat");
        assertEquals("bpf_strlen___v2", compat.ext().essentialName());
        assertTrue(compat.set());
        assertEquals(v2, compat.kernelBtfId());
        // Four underscores are no separator: the name is looked up as it is.
        ResolvedExtern four = ext(r, "bpf_strlen____bar");
        assertEquals("bpf_strlen____bar", four.ext().essentialName());
        assertEquals(bar, four.kernelBtfId());

        ExternResolution without = resolve("externs", kernel());
        assertFalse(ext(without, "bpf_strlen___v2___compat").set());
        assertContains(ext(without, "bpf_strlen___v2___compat").reason(),
                "'bpf_strlen___v2' (essential name of 'bpf_strlen___v2___compat') not found");
    }

    @Test
    void moduleKfuncsGetFdArrayIndexesInOrderOfFirstUse() {
        KernelTypes t = new KernelTypes();
        for (String k : List.of("bpf_strlen", "bpf_cpumask_create", "bpf_cpumask_release")) {
            t.kfunc(t.b, k);
        }
        Btf vmlinux = t.build();
        BtfBuilder taskMod = new BtfBuilder(vmlinux);
        int fromPid = t.kfunc(taskMod, "bpf_task_from_pid");
        int release = t.kfunc(taskMod, "bpf_task_release");
        t.kfunc(taskMod, "bpf_strlen"); // also in vmlinux, which is searched first
        BtfBuilder iterMod = new BtfBuilder(vmlinux);
        int iterNew = t.kfunc(iterMod, "bpf_iter_num_new");
        int iterNext = t.kfunc(iterMod, "bpf_iter_num_next");
        int iterDestroy = t.kfunc(iterMod, "bpf_iter_num_destroy");
        ModuleBtf task = new ModuleBtf("bpfskel_task", taskMod.build("fake module bpfskel_task"), 41);
        ModuleBtf iter = new ModuleBtf("bpfskel_iter", iterMod.build("fake module bpfskel_iter"), 42);
        // A third module with the iterator kfuncs again: the first module in kernel order wins.
        BtfBuilder dupMod = new BtfBuilder(vmlinux);
        t.kfunc(dupMod, "bpf_iter_num_new");
        ModuleBtf dup = new ModuleBtf("bpfskel_dup", dupMod.build("fake module bpfskel_dup"), 43);

        FakeKernel k = new FakeKernel();
        k.vmlinux = vmlinux;
        k.modules = List.of(task, iter, dup);
        ExternResolution r = resolve("externs", k);

        // Externs resolve in libbpf's sorted order: bpf_iter_num_* (#21-23) before bpf_task_* (#30, #31), so the
        // iterator module gets index 1 although the task module comes first in kernel order.
        for (String name : List.of("bpf_iter_num_destroy", "bpf_iter_num_new", "bpf_iter_num_next")) {
            ResolvedExtern e = ext(r, name);
            assertTrue(e.set(), name);
            assertEquals(iter, e.module(), name);
            assertEquals(1, e.fdArrayIndex(), name);
            assertEquals(42, e.kernelBtfObjFd(), name);
            assertEquals("bpfskel_iter", e.module().name());
        }
        assertEquals(iterNew, ext(r, "bpf_iter_num_new").kernelBtfId());
        assertEquals(iterNext, ext(r, "bpf_iter_num_next").kernelBtfId());
        assertEquals(iterDestroy, ext(r, "bpf_iter_num_destroy").kernelBtfId());
        assertEquals(fromPid, ext(r, "bpf_task_from_pid").kernelBtfId());
        assertEquals(release, ext(r, "bpf_task_release").kernelBtfId());
        for (String name : List.of("bpf_task_from_pid", "bpf_task_release")) {
            assertEquals(task, ext(r, name).module(), name);
            assertEquals(2, ext(r, name).fdArrayIndex(), name);
        }
        ResolvedExtern strlen = ext(r, "bpf_strlen___new");
        assertNull(strlen.module());
        assertEquals(0, strlen.fdArrayIndex());
        assertEquals(vmlinux.findByNameKind("bpf_strlen", BtfKind.FUNC), strlen.kernelBtfId());
        assertArrayEquals(new int[] {0, 42, 41}, r.fdArray(), "fd_array: index 0 unused, then one fd per module");
        assertTrue(r.log().contains("extern (func ksym) 'bpf_task_release': resolved to bpfskel_task [" + release + "]"),
                r.log().toString());
    }

    @Test
    void moduleWarningsAreReportedNotFatal() {
        FakeKernel k = kernel();
        k.warnings = List.of("skipping kernel BTF object 7: bad magic");
        ExternResolution r = resolve("externs", k);
        assertTrue(r.log().contains("warning: skipping kernel BTF object 7: bad magic"), r.log().toString());
    }

    // ---------------------------------------------------------------- typed ksym variables

    @Test
    void typedKsymVariableResolvesInVmlinuxOrAModule() {
        KernelTypes t = new KernelTypes();
        int var = t.var(t.b, "bpfskel_no_such_var", t.missing);
        ExternResolution r = resolve("externs", kernel(t));
        ResolvedExtern e = ext(r, "bpfskel_no_such_var");
        assertEquals(Extern.Kind.KSYM_VAR, e.ext().kind());
        assertTrue(e.set());
        assertEquals(var, e.kernelBtfId());
        assertNull(e.module());
        assertEquals(0, e.kernelBtfObjFd());

        KernelTypes t2 = new KernelTypes();
        FakeKernel k = kernel(t2);
        BtfBuilder mod = new BtfBuilder(k.vmlinux);
        int modVar = t2.var(mod, "bpfskel_no_such_var", t2.missing);
        ModuleBtf m = new ModuleBtf("bpfskel_vars", mod.build("fake module"), 77);
        k.modules = List.of(m);
        ResolvedExtern inModule = ext(resolve("externs", k), "bpfskel_no_such_var");
        assertTrue(inModule.set());
        assertEquals(modVar, inModule.kernelBtfId());
        assertEquals(m, inModule.module());
        assertEquals(77, inModule.kernelBtfObjFd(), "ld_imm64 carries the module BTF fd itself");
        assertEquals(0, inModule.fdArrayIndex(), "variables do not use fd_array");

        // ksym_typed: both per-CPU variables are in BTF.
        KernelTypes t3 = new KernelTypes();
        int rq = t3.var(t3.b, "runqueues", t3.rq);
        int active = t3.var(t3.b, "bpf_prog_active", t3.i32);
        ExternResolution typed = resolve("ksym_typed", kernel(t3));
        assertEquals(rq, ext(typed, "runqueues").kernelBtfId());
        assertEquals(active, ext(typed, "bpf_prog_active").kernelBtfId());
    }

    @Test
    void incompatibleTypedKsymVariableFailsEvenWhenWeak() {
        KernelTypes t = new KernelTypes();
        t.var(t.b, "bpfskel_no_such_var", t.i32);
        BpfLoadException e = fails("externs", kernel(t), null);
        assertContains(e.getMessage(), "extern (var ksym) 'bpfskel_no_such_var': incompatible types, expected [",
                "struct bpfskel_missing", "but kernel has [" + t.i32 + "] int");

        KernelTypes t2 = new KernelTypes();
        t2.var(t2.b, "runqueues", t2.rq);
        BpfLoadException mismatch = fails("extern_var_mismatch", kernel(t2), null);
        assertContains(mismatch.getMessage(), "extern (var ksym) 'runqueues': incompatible types, expected [", "int",
                "but kernel has [" + t2.rq + "] struct rq");
    }

    @Test
    void weakTypedKsymVariableMissingStaysZero() {
        ResolvedExtern e = ext(resolve("externs", kernel()), "bpfskel_no_such_var");
        assertFalse(e.set());
        assertContains(e.reason(), "'bpfskel_no_such_var' not found in kernel BTF");
    }

    // ---------------------------------------------------------------- typeless ksyms (kallsyms)

    @Test
    void typelessKsymsComeFromKallsyms() {
        FakeKernel k = kernel();
        k.kallsyms = "ffffffff81000000 T _stext\n"
                + String.format("%016x T bpf_prog_put%n", PROG_PUT)
                + "ffffffff82345678 d bpf_prog_fops.llvm.10329876543210\n"
                + "ffffffffc0001000 t some_module_fn\t[bpfskel_mod]\n";
        ExternResolution r = resolve("externs", k);
        assertTrue(ext(r, "bpf_prog_put").set());
        assertEquals(PROG_PUT, ext(r, "bpf_prog_put").address());
        assertEquals(PROG_PUT, ext(r, "bpf_prog_put").address());
        // 'd' symbols renamed by LTO (name.llvm.<hash>) match on the part before ".llvm.".
        assertTrue(ext(r, "bpf_prog_fops").set());
        assertEquals(0xffffffff82345678L, ext(r, "bpf_prog_fops").address());
        assertEquals(1, k.kallsymsCalls);
    }

    @Test
    void llvmSuffixIsStrippedOnlyForLowercaseDataSymbols() {
        FakeKernel k = kernel();
        k.kallsyms = String.format("%016x T bpf_prog_put%n", PROG_PUT) + "ffffffff82345678 D bpf_prog_fops.llvm.1\n"
                + "ffffffff82345680 t bpf_prog_fops.llvm.2\n";
        ResolvedExtern fops = ext(resolve("externs", k), "bpf_prog_fops");
        assertFalse(fops.set());
        assertEquals(0, fops.address());
    }

    @Test
    void kallsymsAmbiguityIsAnError() {
        FakeKernel k = kernel();
        k.kallsyms = String.format("%016x T bpf_prog_put%n%016x t bpf_prog_put%n", PROG_PUT, PROG_PUT + 16);
        BpfLoadException e = fails("externs", k, null);
        assertContains(e.getMessage(), "'bpf_prog_put'", "ambiguous", Long.toHexString(PROG_PUT), Long.toHexString(PROG_PUT + 16));
        // The same address twice is not ambiguous.
        k.kallsyms = String.format("%016x T bpf_prog_put%n%016x T bpf_prog_put%n", PROG_PUT, PROG_PUT);
        assertEquals(PROG_PUT, ext(resolve("externs", k), "bpf_prog_put").address());
    }

    @Test
    void kallsymsProblems() {
        FakeKernel missing = kernel();
        missing.kallsyms = "ffffffff81000000 T _stext\n";
        assertContains(fails("externs", missing, null).getMessage(), "extern 'bpf_prog_put' (strong): not resolved");
        FakeKernel unreadable = kernel();
        unreadable.kallsyms = null;
        assertContains(fails("externs", unreadable, null).getMessage(), "/proc/kallsyms");
        FakeKernel malformed = kernel();
        malformed.kallsyms = "ffffffff81000000 T\n";
        assertContains(fails("externs", malformed, null).getMessage(), "failed to read kallsyms entry 'ffffffff81000000 T'");
    }

    // ---------------------------------------------------------------- kconfig

    private static long value(ExternResolution r, BpfObject obj, String name) {
        Extern.Kconfig k = obj.extern(name).orElseThrow().kconfig();
        ByteBuffer b = ByteBuffer.wrap(r.kconfigImage()).order(ByteOrder.nativeOrder());
        switch (k.size()) {
            case 1:
                return b.get(k.offset());
            case 2:
                return b.getShort(k.offset());
            case 4:
                return b.getInt(k.offset());
            case 8:
                return b.getLong(k.offset());
            default:
                throw new IllegalArgumentException(name + " has size " + k.size());
        }
    }

    private static String string(ExternResolution r, BpfObject obj, String name) {
        Extern.Kconfig k = obj.extern(name).orElseThrow().kconfig();
        byte[] img = r.kconfigImage();
        int n = 0;
        while (n < k.size() && img[k.offset() + n] != 0) {
            n++;
        }
        assertTrue(n < k.size(), name + " is not NUL-terminated");
        return new String(img, k.offset(), n, StandardCharsets.UTF_8);
    }

    @Test
    void kernelConfigValuesOfEveryType() {
        BpfObject obj = fixture("externs");
        FakeKernel k = kernel();
        ExternResolution r = ExternResolver.resolve(obj, k, null);
        assertEquals(1, value(r, obj, "CONFIG_BPF_SYSCALL"));
        assertEquals(0, value(r, obj, "CONFIG_KALLSYMS_ALL"));
        assertFalse(ext(r, "CONFIG_KALLSYMS_ALL").set(), "'# ... is not set' leaves it unset");
        assertEquals("not set in the kernel config", ext(r, "CONFIG_KALLSYMS_ALL").reason());
        assertEquals(1, value(r, obj, "CONFIG_BPF_LSM"));
        assertEquals(0, value(r, obj, "CONFIG_PREEMPT"));
        assertEquals('y', value(r, obj, "CONFIG_BPF_JIT"));
        assertEquals(17, value(r, obj, "CONFIG_LOG_BUF_SHIFT"));
        assertEquals(256, value(r, obj, "CONFIG_NR_CPUS"));
        assertEquals(250, value(r, obj, "CONFIG_HZ"));
        assertEquals(4096, value(r, obj, "CONFIG_DEFAULT_MMAP_MIN_ADDR"));
        assertEquals(0x1000000, value(r, obj, "CONFIG_PHYSICAL_ALIGN"));
        assertEquals(0xdead000000000000L, value(r, obj, "CONFIG_ILLEGAL_POINTER_VALUE"));
        assertEquals("-fc-v782", string(r, obj, "CONFIG_LOCALVERSION"));
        assertEquals("(no", string(r, obj, "CONFIG_DEFAULT_HOSTNAME"), "truncated to size - 1");
        assertTrue(r.log().stream().anyMatch(l -> l.contains("long string '\"(none)\"' of (6 bytes) truncated to 3 bytes")), r.log().toString());
        // No flavors for kconfig: CONFIG_HZ___v2 is looked up literally.
        assertFalse(ext(r, "CONFIG_HZ___v2").set());
        assertEquals(0, value(r, obj, "CONFIG_HZ___v2"));
        assertEquals(77, r.kconfigImage().length);
        assertEquals(1, k.configCalls);
    }

    @Test
    void userKconfigOverridesTheKernelsAndSpareItsConfigWhenComplete() {
        BpfObject obj = fixture("externs");
        FakeKernel k = kernel();
        ExternResolution r = ExternResolver.resolve(obj, k, "CONFIG_HZ=1000\nCONFIG_HZ___v2=300\nCONFIG_BPF_LSM=m\n");
        assertEquals(1000, value(r, obj, "CONFIG_HZ"), "user kconfig is parsed first; the kernel's line is then skipped");
        assertEquals(300, value(r, obj, "CONFIG_HZ___v2"));
        assertEquals(2, value(r, obj, "CONFIG_BPF_LSM"));
        assertEquals(256, value(r, obj, "CONFIG_NR_CPUS"), "the rest from the kernel's config");
        assertEquals(1, k.configCalls);

        // Everything set by the user: the kernel's config is never read (and may be missing).
        FakeKernel noConfig = kernel();
        noConfig.config = null;
        String all = CONFIG.replace("# CONFIG_KALLSYMS_ALL is not set", "CONFIG_KALLSYMS_ALL=y")
                .replace("# CONFIG_PREEMPT is not set", "CONFIG_PREEMPT=n") + "CONFIG_HZ___v2=1\n";
        ExternResolution full = ExternResolver.resolve(obj, noConfig, all);
        assertEquals(0, noConfig.configCalls);
        assertEquals(1, value(full, obj, "CONFIG_KALLSYMS_ALL"));
        assertTrue(ext(full, "CONFIG_PREEMPT").set());
        assertEquals(0, value(full, obj, "CONFIG_PREEMPT"));
    }

    @Test
    void missingKernelConfigIsAnError() {
        FakeKernel k = kernel();
        k.config = null;
        assertContains(fails("externs", k, null).getMessage(), "kconfig externs need the kernel's config", "[/fake/config]",
                "BpfOpenOptions.kconfig");
        // Also when the user's kconfig leaves only weak externs unset (libbpf: -EINVAL either way).
        assertContains(fails("externs", k, "CONFIG_HZ=100\nCONFIG_BPF_SYSCALL=y\n").getMessage(), "need the kernel's config");
    }

    @Test
    void strongConfigMissingFromTheConfigIsAnError() {
        FakeKernel k = kernel();
        k.config = CONFIG.replace("CONFIG_HZ=250\n", "");
        assertContains(fails("externs", k, null).getMessage(), "extern 'CONFIG_HZ' (strong): not resolved");
    }

    /** Resolves the externs fixture with one user kconfig line on top of the kernel's config. */
    private static ExternResolution withLine(String line) {
        return ExternResolver.resolve(fixture("externs"), kernel(), line + "\n");
    }

    private static void rejected(String line, String... expected) {
        BpfLoadException e = assertThrows(BpfLoadException.class, () -> withLine(line), line);
        assertContains(e.getMessage(), expected);
    }

    private static void accepted(String line, String name, long expected) {
        BpfObject obj = fixture("externs");
        ExternResolution r = ExternResolver.resolve(obj, kernel(), line + "\n");
        assertEquals(expected, value(r, obj, name), line);
        assertTrue(ext(r, name).set(), line);
    }

    @Test
    void boolValues() {
        accepted("CONFIG_KALLSYMS_ALL=y", "CONFIG_KALLSYMS_ALL", 1);
        accepted("CONFIG_BPF_SYSCALL=n", "CONFIG_BPF_SYSCALL", 0);
        rejected("CONFIG_KALLSYMS_ALL=m", "'CONFIG_KALLSYMS_ALL': value 'm' implies tristate or char type");
        rejected("CONFIG_KALLSYMS_ALL=1", "'CONFIG_KALLSYMS_ALL': value '1' implies integer type");
        rejected("CONFIG_KALLSYMS_ALL=\"y\"", "implies char array type");
    }

    @Test
    void tristateValues() {
        accepted("CONFIG_PREEMPT=y", "CONFIG_PREEMPT", 1);
        accepted("CONFIG_PREEMPT=m", "CONFIG_PREEMPT", 2);
        accepted("CONFIG_BPF_LSM=n", "CONFIG_BPF_LSM", 0);
        rejected("CONFIG_PREEMPT=2", "implies integer type");
    }

    @Test
    void charValues() {
        accepted("CONFIG_BPF_JIT=m", "CONFIG_BPF_JIT", 'm');
        accepted("CONFIG_BPF_JIT=65", "CONFIG_BPF_JIT", 65);
        accepted("CONFIG_BPF_JIT=-128", "CONFIG_BPF_JIT", -128);
        rejected("CONFIG_BPF_JIT=128", "'CONFIG_BPF_JIT': value '128' doesn't fit in 1 bytes");
        rejected("CONFIG_BPF_JIT=\"y\"", "implies char array type");
    }

    @Test
    void integerValuesOfEverySizeWithRangeChecks() {
        accepted("CONFIG_LOG_BUF_SHIFT=-32768", "CONFIG_LOG_BUF_SHIFT", -32768);
        accepted("CONFIG_LOG_BUF_SHIFT=32767", "CONFIG_LOG_BUF_SHIFT", 32767);
        rejected("CONFIG_LOG_BUF_SHIFT=32768", "'CONFIG_LOG_BUF_SHIFT': value '32768' doesn't fit in 2 bytes");
        rejected("CONFIG_LOG_BUF_SHIFT=-32769", "doesn't fit in 2 bytes");
        accepted("CONFIG_NR_CPUS=65535", "CONFIG_NR_CPUS", (short) 65535);
        rejected("CONFIG_NR_CPUS=65536", "'CONFIG_NR_CPUS': value '65536' doesn't fit in 2 bytes");
        rejected("CONFIG_NR_CPUS=-1", "'CONFIG_NR_CPUS': value '18446744073709551615' doesn't fit in 2 bytes");
        accepted("CONFIG_HZ=-2147483648", "CONFIG_HZ", Integer.MIN_VALUE);
        rejected("CONFIG_HZ=2147483648", "doesn't fit in 4 bytes");
        accepted("CONFIG_DEFAULT_MMAP_MIN_ADDR=4294967295", "CONFIG_DEFAULT_MMAP_MIN_ADDR", -1);
        rejected("CONFIG_DEFAULT_MMAP_MIN_ADDR=0x100000000", "doesn't fit in 4 bytes");
        accepted("CONFIG_PHYSICAL_ALIGN=-1", "CONFIG_PHYSICAL_ALIGN", -1);
        accepted("CONFIG_ILLEGAL_POINTER_VALUE=18446744073709551615", "CONFIG_ILLEGAL_POINTER_VALUE", -1);
        rejected("CONFIG_ILLEGAL_POINTER_VALUE=18446744073709551616", "isn't a valid integer");
        rejected("CONFIG_HZ=y", "'CONFIG_HZ': value 'y' implies bool, tristate, or char type");
        rejected("CONFIG_HZ=\"250\"", "implies char array type");
    }

    @Test
    void integerSyntaxIsStrtoullBaseZero() {
        accepted("CONFIG_HZ=0x3e8", "CONFIG_HZ", 1000);
        accepted("CONFIG_HZ=0X3E8", "CONFIG_HZ", 1000);
        accepted("CONFIG_HZ=0100", "CONFIG_HZ", 64);
        accepted("CONFIG_HZ=0", "CONFIG_HZ", 0);
        accepted("CONFIG_HZ=-5", "CONFIG_HZ", -5);
        accepted("CONFIG_HZ=+5", "CONFIG_HZ", 5);
        accepted("CONFIG_PHYSICAL_ALIGN=-0x10", "CONFIG_PHYSICAL_ALIGN", -16);
        for (String bad : List.of("12abc", "08", "0x", "--5", "1.5", "5 ")) {
            rejected("CONFIG_HZ=" + bad, "'CONFIG_HZ': value '" + bad + "' isn't a valid integer");
        }
    }

    @Test
    void stringValues() {
        BpfObject obj = fixture("externs");
        ExternResolution r = ExternResolver.resolve(obj, kernel(), "CONFIG_LOCALVERSION=\"\"\nCONFIG_DEFAULT_HOSTNAME=\"abc\"\n");
        assertEquals("", string(r, obj, "CONFIG_LOCALVERSION"));
        assertEquals("abc", string(r, obj, "CONFIG_DEFAULT_HOSTNAME"), "exactly size - 1 fits");
        ExternResolution longer = ExternResolver.resolve(obj, kernel(), "CONFIG_LOCALVERSION=\"0123456789abcdefXYZ\"\n");
        assertEquals("0123456789abcde", string(longer, obj, "CONFIG_LOCALVERSION"));
        // No unescaping, as libbpf.
        ExternResolution raw = ExternResolver.resolve(obj, kernel(), "CONFIG_LOCALVERSION=\"a\\\"b\"\n");
        assertEquals("a\\\"b", string(raw, obj, "CONFIG_LOCALVERSION"));
        rejected("CONFIG_LOCALVERSION=\"unterminated", "'CONFIG_LOCALVERSION': invalid string config '\"unterminated'");
        rejected("CONFIG_LOCALVERSION=\"", "invalid string config");
        rejected("CONFIG_LOCALVERSION=y", "implies bool, tristate, or char type");
        rejected("CONFIG_LOCALVERSION=5", "implies integer type");
    }

    @Test
    void malformedLines() {
        rejected("CONFIG_HZ", "failed to parse 'CONFIG_HZ' in user kconfig: no separator");
        rejected("CONFIG_HZ=", "no value");
        // Lines that do not start with CONFIG_ are ignored, like comments; so are unknown options.
        accepted("  CONFIG_HZ=7\nHZ=8\nCONFIG_BPFSKEL_UNKNOWN=\"x\"\nCONFIG_HZ=9", "CONFIG_HZ", 9);
        // The first value wins (later lines for a set extern are skipped, which is how user kconfig overrides).
        accepted("CONFIG_HZ=7\nCONFIG_HZ=8", "CONFIG_HZ", 7);
    }

    @Test
    void virtualLinuxExterns() {
        BpfObject obj = fixture("externs");
        FakeKernel k = kernel();
        k.cookie = false;
        k.wrapper = true;
        ExternResolution r = ExternResolver.resolve(obj, k, null);
        assertEquals(0x6122c, value(r, obj, "LINUX_KERNEL_VERSION"));
        assertEquals(0, value(r, obj, "LINUX_HAS_BPF_COOKIE"));
        assertEquals(1, value(r, obj, "LINUX_HAS_SYSCALL_WRAPPER"));
        // A weak unknown LINUX_* extern is set to 0 (and counts as set, as in libbpf).
        assertEquals(0, value(r, obj, "LINUX_BPFSKEL_UNKNOWN"));
        assertTrue(ext(r, "LINUX_BPFSKEL_UNKNOWN").set());
        assertTrue(r.log().contains("extern (kcfg) 'LINUX_BPFSKEL_UNKNOWN': set to 0x0"), r.log().toString());

        FakeKernel noVersion = kernel();
        noVersion.version = 0;
        assertContains(fails("externs", noVersion, null).getMessage(), "'LINUX_KERNEL_VERSION': failed to get kernel version");
        assertContains(fails("resolver_linux_strong", kernel(), null).getMessage(), "resolver_linux_strong.bpf.o",
                "'LINUX_BPFSKEL_STRONG': unrecognized virtual extern");
        assertContains(fails("resolver_kconfig_name", kernel(), null).getMessage(),
                "'BPFSKEL_NOT_CONFIG': unrecognized virtual extern");
    }

    // ---------------------------------------------------------------- laziness and the result

    @Test
    void onlyWhatIsNeededIsRead() {
        FakeKernel k = kernel();
        ExternResolution r = resolve("minimal", k);
        assertEquals(List.of(0, 0, 0, 0), List.of(k.vmlinuxCalls, k.modulesCalls, k.configCalls, k.kallsymsCalls));
        assertTrue(r.externs().isEmpty());
        assertEquals(0, r.kconfigImage().length);

        // flavors: kfuncs only, all in vmlinux, so neither config nor kallsyms are read.
        FakeKernel f = kernel();
        ExternResolution flavors = resolve("flavors", f);
        assertEquals(0, f.configCalls);
        assertEquals(0, f.kallsymsCalls);
        assertEquals(0, f.modulesCalls, "modules are searched only for what vmlinux lacks");
        assertEquals(Set.of("bpf_strlen___new"), Set.copyOf(resolvedNames(flavors)));
    }

    @Test
    void statusesFollowLibbpfsExternOrder() {
        ExternResolution r = resolve("externs", kernel());
        List<String> names = new ArrayList<>();
        r.externs().forEach(e -> names.add(e.ext().name()));
        assertEquals(33, names.size());
        assertEquals("CONFIG_HZ___v2", names.get(0));
        assertEquals("bpfskel_no_such_var", names.get(32));
        for (int i = 0; i < r.externs().size(); i++) {
            assertEquals(i, r.externs().get(i).ext().index());
        }
        ResolvedExtern old = r.externs().get(28);
        assertEquals("bpf_strlen___old", old.ext().name());
        assertEquals("bpf_strlen", old.ext().essentialName());
        assertEquals(Extern.Kind.KFUNC, old.ext().kind());
        assertTrue(old.ext().weak());
        assertFalse(old.set());
        assertContains(old.reason(), "incompatible");
    }

    private static List<String> resolvedNames(ExternResolution r) {
        return r.externs().stream().filter(ResolvedExtern::set).map(e -> e.ext().name()).toList();
    }
}
