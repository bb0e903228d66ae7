package io.bpfskel.load;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfCompat;
import io.bpfskel.btf.BtfFormat;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.btf.BtfType;
import io.bpfskel.error.BpfLoadException;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.Extern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves an object's externs against a kernel with libbpf's semantics (≥ 1.3, {@code bpf_object__resolve_externs}):
 * virtual {@code LINUX_*} kconfig externs, user kconfig text before the kernel's config, typeless ksyms from
 * kallsyms, typed ksyms and kfuncs from vmlinux then module BTF, kfuncs by their essential name with the
 * prototype checked by {@code bpf_core_types_are_compat}; a weak extern that does not resolve stays zero, a
 * strong one fails the load with an error naming it.
 *
 * <p>Deliberate differences from libbpf, each a case where libbpf's choice fails or misleads:
 * <ul>
 *   <li>a module BTF that cannot be read is skipped with a warning instead of failing every extern;</li>
 *   <li>kallsyms sets only typeless ksyms (libbpf also marks a typed ksym found there as set, even when its BTF
 *       lookup then fails, which loads a BTF id of 0).</li>
 * </ul>
 */
public final class ExternResolver {
    private final BpfObject obj;
    private final KernelEnvironment kernel;
    private final String userKconfig;
    /** Report mode: record a verdict per extern instead of throwing at the first one that fails the load. */
    private final boolean report;
    /** Report mode: why an extern would fail the load, by extern index. */
    private final String[] failures;
    /** Report mode: why an extern could not be checked (a kernel source is missing), by extern index. */
    private final String[] unchecked;
    private final List<String> log = new ArrayList<>();

    private ExternResolver(BpfObject obj, KernelEnvironment kernel, String userKconfig, boolean report) {
        this.obj = obj;
        this.kernel = kernel;
        this.userKconfig = userKconfig;
        this.report = report;
        this.failures = new String[obj.externs().size()];
        this.unchecked = new String[obj.externs().size()];
    }

    /**
     * @param userKconfig kconfig text that takes precedence over the kernel's ({@code BpfOpenOptions.kconfig}), or null
     */
    public static ExternResolution resolve(BpfObject obj, KernelEnvironment kernel, String userKconfig) {
        return new ExternResolver(obj, kernel, userKconfig, false).run();
    }

    /**
     * The same decisions as {@link #resolve} without stopping at the first strong extern that fails: a verdict
     * for every extern, for tools that tell in advance what a kernel will do with an object ({@code bpfskel
     * resolve}). A kernel source the environment cannot provide (config, kallsyms, version) makes the externs
     * that need it {@link ExternReport.Verdict#NOT_CHECKED} instead of failing. Still throws for input that
     * cannot be parsed at all (a malformed kallsyms or config line), naming it.
     *
     * @param userKconfig kconfig text that takes precedence over the kernel's, or null
     */
    public static ExternReport resolveReport(BpfObject obj, KernelEnvironment kernel, String userKconfig) {
        ExternResolver r = new ExternResolver(obj, kernel, userKconfig, true);
        ExternResolution res = r.run();
        List<ExternReport.Check> checks = new ArrayList<>(res.externs().size());
        for (ResolvedExtern x : res.externs()) {
            int i = x.ext().index();
            ExternReport.Verdict v;
            String reason = x.reason();
            if (r.failures[i] != null) {
                v = ExternReport.Verdict.FAILS_LOAD;
                reason = r.failures[i];
            } else if (r.unchecked[i] != null) {
                v = ExternReport.Verdict.NOT_CHECKED;
                reason = r.unchecked[i];
            } else if (x.set()) {
                v = ExternReport.Verdict.RESOLVED;
            } else {
                v = ExternReport.Verdict.WEAK_UNRESOLVED;
            }
            checks.add(new ExternReport.Check(x, v, reason));
        }
        return new ExternReport(List.copyOf(checks), res.kconfigImage(), res.log());
    }

    private ExternResolution run() {
        List<Extern> externs = obj.externs();
        int n = externs.size();
        boolean[] set = new boolean[n];
        int[] btfIds = new int[n];
        ModuleBtf[] modules = new ModuleBtf[n];
        int[] fdIdx = new int[n];
        long[] addrs = new long[n];
        String[] reasons = new String[n];
        byte[] kcfg = new byte[obj.kconfigSize()];
        Map<String, Extern> byName = new HashMap<>();
        for (Extern e : externs) {
            byName.put(e.name(), e);
        }
        KconfigValues values = new KconfigValues(obj.source(), kcfg, byName, set, log::add);

        boolean needConfig = false;
        boolean needKallsyms = false;
        boolean needBtf = false;
        for (Extern e : externs) {
            switch (e.kind()) {
                case KFUNC, KSYM_VAR -> needBtf = true;
                case KSYM_TYPELESS -> needKallsyms = true;
                case KCONFIG -> {
                    String name = e.name();
                    if (name.startsWith("CONFIG_")) {
                        needConfig = true;
                        continue;
                    }
                    long value;
                    if (name.equals("LINUX_KERNEL_VERSION")) {
                        value = Integer.toUnsignedLong(kernel.kernelVersion());
                        if (value == 0) {
                            if (report) {
                                unchecked[e.index()] = "the kernel's version is unknown";
                                continue;
                            }
                            throw fail("extern (kcfg) 'LINUX_KERNEL_VERSION': failed to get kernel version");
                        }
                    } else if (name.equals("LINUX_HAS_BPF_COOKIE")) {
                        value = kernel.hasBpfCookie() ? 1 : 0;
                    } else if (name.equals("LINUX_HAS_SYSCALL_WRAPPER")) {
                        value = kernel.hasSyscallWrapper() ? 1 : 0;
                    } else if (!name.startsWith("LINUX_") || !e.weak()) {
                        failExtern(e, "extern (kcfg) '" + name + "': unrecognized virtual extern (only CONFIG_* and "
                                + "LINUX_KERNEL_VERSION, LINUX_HAS_BPF_COOKIE, LINUX_HAS_SYSCALL_WRAPPER are known)");
                        continue;
                    } else {
                        value = 0;
                    }
                    values.setNumber(e, value);
                    log.add("extern (kcfg) '" + name + "': set to 0x" + Long.toHexString(value));
                }
            }
        }
        if (needConfig && userKconfig != null) {
            values.parse(userKconfig, "user kconfig");
            needConfig = false;
            for (Extern e : externs) {
                if (e.kind() == Extern.Kind.KCONFIG && !set[e.index()]) {
                    needConfig = true;
                    break;
                }
            }
        }
        if (needConfig) {
            String config = kernel.kernelConfig();
            if (config == null && report) {
                for (Extern e : externs) {
                    if (e.kind() == Extern.Kind.KCONFIG && !set[e.index()] && unchecked[e.index()] == null
                            && failures[e.index()] == null) {
                        unchecked[e.index()] = "no kernel config (looked in " + kernel.kernelConfigSources() + ")";
                    }
                }
            } else if (config == null) {
                throw fail("kconfig externs need the kernel's config, but none of " + kernel.kernelConfigSources()
                        + " could be read (pass the values with BpfOpenOptions.kconfig)");
            } else {
                values.parse(config, "kernel config");
            }
        }
        if (needKallsyms) {
            resolveKallsyms(externs, set, addrs);
        }
        if (needBtf) {
            Map<ModuleBtf, Integer> moduleIdx = new LinkedHashMap<>();
            for (Extern e : externs) {
                if (e.kind() == Extern.Kind.KFUNC) {
                    resolveFunc(e, set, btfIds, modules, fdIdx, reasons, moduleIdx);
                } else if (e.kind() == Extern.Kind.KSYM_VAR) {
                    resolveVar(e, set, btfIds, modules, reasons);
                }
            }
        }
        for (Extern e : externs) {
            int i = e.index();
            if (!set[i] && (failures[i] != null || unchecked[i] != null)) {
                continue;
            }
            if (!set[i] && !e.weak()) {
                failExtern(e, "extern '" + e.name() + "' (strong): not resolved" + (reasons[i] != null ? ": " + reasons[i] : ""));
                continue;
            }
            if (!set[i]) {
                if (reasons[i] == null) {
                    reasons[i] = e.kind() == Extern.Kind.KCONFIG ? "not set in the kernel config" : "not found";
                }
                log.add("extern '" + e.name() + "' (weak): not resolved, defaulting to zero");
            }
        }
        List<ResolvedExtern> out = new ArrayList<>(n);
        for (Extern e : externs) {
            int i = e.index();
            out.add(new ResolvedExtern(e, set[i], btfIds[i], modules[i], fdIdx[i], addrs[i], set[i] ? null : reasons[i]));
        }
        int maxIdx = 0;
        for (int v : fdIdx) {
            maxIdx = Math.max(maxIdx, v);
        }
        int[] fdArray = new int[maxIdx == 0 ? 0 : maxIdx + 1];
        for (int i = 0; i < n; i++) {
            if (fdIdx[i] > 0) {
                fdArray[fdIdx[i]] = modules[i].fd();
            }
        }
        kernel.warnings().forEach(w -> log.add("warning: " + w));
        return new ExternResolution(List.copyOf(out), kcfg, fdArray, List.copyOf(log));
    }

    private void resolveKallsyms(List<Extern> externs, boolean[] set, long[] addrs) {
        String text = kernel.kallsyms();
        if (text == null && report) {
            for (Extern e : externs) {
                if (e.kind() == Extern.Kind.KSYM_TYPELESS) {
                    unchecked[e.index()] = "no kallsyms to look it up in";
                }
            }
            return;
        }
        if (text == null) {
            throw fail("typeless ksym externs need /proc/kallsyms, which could not be read");
        }
        Map<String, Extern> typeless = new HashMap<>();
        for (Extern e : externs) {
            if (e.kind() == Extern.Kind.KSYM_TYPELESS) {
                typeless.put(e.name(), e);
            }
        }
        int pos = 0;
        int len = text.length();
        int[] f = new int[6];
        while (pos < len) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = len;
            }
            int lineStart = pos;
            pos = eol + 1;
            int n = fields(text, lineStart, eol, f);
            if (n == 0) {
                continue;
            }
            if (n < 3 || f[3] - f[2] != 1) {
                throw fail("failed to read kallsyms entry '" + text.substring(lineStart, eol).strip() + "'");
            }
            String name = text.substring(f[4], f[5]);
            char type = text.charAt(f[2]);
            int llvm = name.indexOf(".llvm.");
            Extern e = typeless.get(type == 'd' && llvm >= 0 ? name.substring(0, llvm) : name);
            if (e == null) {
                continue;
            }
            long addr;
            try {
                addr = Long.parseUnsignedLong(text.substring(f[0], f[1]), 16);
            } catch (NumberFormatException ex) {
                throw fail("failed to read kallsyms entry '" + text.substring(lineStart, eol).strip() + "'");
            }
            int i = e.index();
            if (set[i] && addrs[i] != addr) {
                failExtern(e, "extern (var ksym) '" + e.name() + "': resolution is ambiguous: 0x" + Long.toHexString(addrs[i])
                        + " or 0x" + Long.toHexString(addr));
                continue;
            }
            if (!set[i]) {
                set[i] = true;
                addrs[i] = addr;
                log.add("extern (var ksym) '" + e.name() + "': set to 0x" + Long.toHexString(addr));
            }
        }
    }

    /**
     * The first three whitespace-separated fields of {@code text[start, end)} (address, type, name; the module column
     * after them is ignored, as by libbpf's {@code fscanf("%llx %c %499s%*[^\\n]")}), as start/end pairs in {@code out}.
     * No regex: kallsyms has over 100,000 lines, and splitting each with one took seconds.
     *
     * @return how many fields were found (at most 3)
     */
    private static int fields(String text, int start, int end, int[] out) {
        int n = 0;
        int i = start;
        while (n < 3) {
            while (i < end && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= end) {
                break;
            }
            out[2 * n] = i;
            while (i < end && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            out[2 * n + 1] = i;
            n++;
        }
        return n;
    }

    /** A kernel symbol found by name and kind: in vmlinux, else in the first module that has it among its own types. */
    private record Found(Btf btf, int id, ModuleBtf module) {}

    private Found findKsym(String name, BtfKind kind) {
        Btf vmlinux = kernel.vmlinux();
        int id = vmlinux.findByNameKind(name, kind);
        if (id > 0) {
            return new Found(vmlinux, id, null);
        }
        for (ModuleBtf m : kernel.modules()) {
            int mid = m.btf().findOwnByNameKind(name, kind);
            if (mid > 0) {
                return new Found(m.btf(), mid, m);
            }
        }
        return null;
    }

    private void resolveFunc(Extern e, boolean[] set, int[] btfIds, ModuleBtf[] modules, int[] fdIdx, String[] reasons,
            Map<ModuleBtf, Integer> moduleIdx) {
        int i = e.index();
        Btf local = obj.btf();
        Found f = findKsym(e.essentialName(), BtfKind.FUNC);
        if (f == null) {
            String where = e.hasFlavor() ? "'" + e.essentialName() + "' (essential name of '" + e.name() + "')" : "'" + e.name() + "'";
            reasons[i] = where + " not found in kernel or module BTFs";
            if (!e.weak()) {
                failExtern(e, "extern (func ksym) '" + e.name() + "': " + reasons[i]);
            }
            return;
        }
        int kernProto = ((BtfType.Func) f.btf().type(f.id())).type();
        String where = f.module() == null ? "vmlinux" : f.module().name();
        if (BtfCompat.typesAreCompat(local, e.typeId(), f.btf(), kernProto) <= 0) {
            String why = "func_proto [" + e.typeId() + "] " + BtfFormat.funcDeclaration(local, e.btfId())
                    + " incompatible with " + where + " [" + kernProto + "] " + BtfFormat.funcDeclaration(f.btf(), f.id());
            reasons[i] = why;
            if (!e.weak()) {
                failExtern(e, "extern (func ksym) '" + e.name() + "': " + why);
            }
            return;
        }
        if (f.module() != null) {
            Integer idx = moduleIdx.get(f.module());
            if (idx == null) {
                idx = moduleIdx.size() + 1;
                if (idx > Short.MAX_VALUE) {
                    throw fail("extern (func ksym) '" + e.name() + "': module BTF fd index " + idx + " too big for the insn offset");
                }
                moduleIdx.put(f.module(), idx);
            }
            fdIdx[i] = idx;
            modules[i] = f.module();
        }
        set[i] = true;
        btfIds[i] = f.id();
        log.add("extern (func ksym) '" + e.name() + "': resolved to " + where + " [" + f.id() + "]");
    }

    private void resolveVar(Extern e, boolean[] set, int[] btfIds, ModuleBtf[] modules, String[] reasons) {
        int i = e.index();
        Btf local = obj.btf();
        Found f = findKsym(e.name(), BtfKind.VAR);
        if (f == null) {
            reasons[i] = "'" + e.name() + "' not found in kernel BTF";
            if (!e.weak()) {
                failExtern(e, "extern (var ksym) '" + e.name() + "': not found in kernel BTF");
            }
            return;
        }
        int targType = f.btf().skipModsAndTypedefs(((BtfType.Var) f.btf().type(f.id())).type());
        if (BtfCompat.typesAreCompat(local, e.typeId(), f.btf(), targType) <= 0) {
            // Unlike kfuncs, libbpf fails here even for weak externs (reference §1.5.5).
            reasons[i] = "incompatible types, expected [" + e.typeId() + "] " + BtfFormat.typeName(local, e.typeId())
                    + ", but kernel has [" + targType + "] " + BtfFormat.typeName(f.btf(), targType);
            failExtern(e, "extern (var ksym) '" + e.name() + "': " + reasons[i]);
            return;
        }
        set[i] = true;
        btfIds[i] = f.id();
        modules[i] = f.module();
        log.add("extern (var ksym) '" + e.name() + "': resolved to [" + f.id() + "] in "
                + (f.module() == null ? "vmlinux" : f.module().name()));
    }

    /** An extern that fails the load: thrown at once, or in report mode recorded against the extern. */
    private void failExtern(Extern e, String problem) {
        if (!report) {
            throw fail(problem);
        }
        if (failures[e.index()] == null) {
            failures[e.index()] = problem;
        }
    }

    private BpfLoadException fail(String problem) {
        return new BpfLoadException(obj.source() + ": " + problem);
    }
}
