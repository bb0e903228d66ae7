package io.bpfskel.fleet;

import io.bpfskel.btf.BtfKind;
import io.bpfskel.core.CoreRelocation;
import io.bpfskel.core.CoreRelocationException;
import io.bpfskel.core.CoreRelocationReport;
import io.bpfskel.core.CoreRelocator;
import io.bpfskel.core.CoreResult;
import io.bpfskel.error.BpfException;
import io.bpfskel.fleet.Finding.Category;
import io.bpfskel.fleet.Finding.Effect;
import io.bpfskel.load.ExternReport;
import io.bpfskel.load.ExternResolver;
import io.bpfskel.load.LiveKernel;
import io.bpfskel.load.LoadPlan;
import io.bpfskel.load.StructOpsCheck;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.Extern;
import io.bpfskel.object.MapSpec;
import io.bpfskel.object.ProgramSpec;
import io.bpfskel.object.Relocation;
import io.bpfskel.object.SectionDef;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.MapType;
import io.bpfskel.uapi.ProgramType;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Predicts, from a kernel's files alone, whether an object loads there: the loader's own extern resolution and
 * CO-RE engine run against the kernel's BTF, and the kernel's enums and functions answer whether it has the
 * helpers, map types, program types, attach types and attach targets the object needs. Where neither the BTF nor
 * the config can tell (helper availability per program type, kfunc allow-lists, whether a trampoline really
 * attaches), the answer is {@link Verdict.Unknown} with the reason, or a note when it does not decide the load.
 *
 * <p>The verdict is the load's ({@code BPF_PROG_LOAD} of every autoload program, after the loader's own steps);
 * attaching where a section says (kprobe, tracepoint, raw tracepoint targets) is reported next to it, since those
 * targets are looked up only at attach time.
 */
public final class FleetCheck {
    private static final Pattern MORE = Pattern.compile(" \\(and (\\d+) more\\)$");
    private final BpfObject obj;
    private final FleetKernel kernel;
    private final IntFunction<String> helperNames;
    private final List<Finding> objectFindings = new ArrayList<>();
    private ExternReport externs;
    private CoreRelocator relocator;
    /** The struct_ops programs that load (they follow their maps); null when the object has no struct_ops maps. */
    private Set<String> structOpsPrograms;

    private FleetCheck(BpfObject obj, FleetKernel kernel, IntFunction<String> helperNames) {
        this.obj = obj;
        this.kernel = kernel;
        this.helperNames = helperNames;
    }

    /** Checks one object against one kernel; helpers the kernel lacks are named from {@code kernel} itself (or {@code #id}). */
    public static KernelCheck check(BpfObject obj, FleetKernel kernel) {
        return check(obj, kernel, helperNames(List.of(kernel)));
    }

    /**
     * @param helperNames names helper ids a kernel does not know (from a newer kernel of the fleet), or null
     */
    public static KernelCheck check(BpfObject obj, FleetKernel kernel, IntFunction<String> helperNames) {
        return new FleetCheck(obj, kernel, helperNames).run();
    }

    /** Every object on one kernel, in order: the kernel's BTF and indexes are built once and shared by all. */
    public static List<KernelCheck> checkKernel(List<BpfObject> objects, FleetKernel kernel, IntFunction<String> helperNames) {
        List<KernelCheck> out = new ArrayList<>(objects.size());
        for (BpfObject o : objects) {
            out.add(check(o, kernel, helperNames));
        }
        return out;
    }

    /**
     * Every object on every kernel, one kernel per task on {@code threads} threads (each kernel's BTF is parsed once
     * and its indexes built once, by the one task that checks every object against it).
     *
     * @return by object (in order), the checks per kernel (in order)
     */
    public static List<List<KernelCheck>> checkAll(List<BpfObject> objects, List<FleetKernel> kernels, int threads) {
        IntFunction<String> names = helperNames(kernels);
        List<Supplier<FleetKernel>> sources = kernels.stream()
                .map(k -> (Supplier<FleetKernel>) () -> k).toList();
        List<List<KernelCheck>> byKernel = checkEach(objects, sources, names, threads);
        List<List<KernelCheck>> out = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            List<KernelCheck> row = new ArrayList<>();
            for (List<KernelCheck> k : byKernel) {
                row.add(k.get(i));
            }
            out.add(row);
        }
        return out;
    }

    /**
     * Every object on every kernel that {@code kernels} supply, one task per kernel on {@code threads} threads: a task
     * gets its kernel (e.g. reads and parses its files), checks every object, and lets the kernel go, so a fleet of
     * hundreds of kernels never holds more than {@code threads} of them in memory.
     *
     * @return by kernel (in order), the checks per object (in order)
     */
    public static List<List<KernelCheck>> checkEach(List<BpfObject> objects,
            List<? extends Supplier<FleetKernel>> kernels, IntFunction<String> helperNames, int threads) {
        if (threads <= 1) {
            List<List<KernelCheck>> out = new ArrayList<>();
            for (Supplier<FleetKernel> k : kernels) {
                out.add(checkKernel(objects, k.get(), helperNames));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bpfskel-fleet-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<KernelCheck>>> futures = new ArrayList<>();
            for (Supplier<FleetKernel> k : kernels) {
                futures.add(pool.submit(() -> checkKernel(objects, k.get(), helperNames)));
            }
            List<List<KernelCheck>> out = new ArrayList<>();
            for (Future<List<KernelCheck>> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fleet check interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Names of helper ids from the kernels given (the first kernel that knows an id names it), else {@code #id}. */
    public static IntFunction<String> helperNames(List<FleetKernel> kernels) {
        return id -> {
            for (FleetKernel k : kernels) {
                String n = k.helper(id);
                if (n != null) {
                    return n;
                }
            }
            return "#" + id;
        };
    }

    // ------------------------------------------------------------------ the check

    private KernelCheck run() {
        if (obj.elf().byteOrder() != kernel.btf().byteOrder()) {
            objectFindings.add(new Finding(Category.PROG_TYPE, Effect.FAILS, null, "byte order",
                    "the object is " + name(obj.elf().byteOrder()) + " and the kernel " + name(kernel.btf().byteOrder())));
        }
        checkStructOps();
        checkExterns();
        checkMaps();
        List<ProgramCheck> programs = new ArrayList<>();
        for (ProgramSpec p : obj.programs()) {
            programs.add(checkProgram(p));
        }
        Verdict verdict = combine(objectFindings, programs);
        String attach = "n/a";
        for (ProgramCheck p : programs) {
            if (p.autoload() && p.verdict() instanceof Verdict.Loads) {
                attach = worseAttach(attach, p.attach());
            }
        }
        return new KernelCheck(obj.source(), kernel.label(), verdict, attach, List.copyOf(programs),
                List.copyOf(objectFindings), externs);
    }

    /** The load's own struct_ops step against this kernel's BTF: kernel types found, members fitting. */
    private void checkStructOps() {
        if (obj.structOps().isEmpty()) {
            return;
        }
        StructOpsCheck c;
        try {
            c = StructOpsCheck.of(obj, kernel.environment());
        } catch (BpfException | UncheckedIOException e) {
            objectFindings.add(new Finding(Category.MAP_TYPE, Effect.UNKNOWN, null, "struct_ops maps", e.getMessage()));
            return;
        }
        structOpsPrograms = c.programs();
        if (c.failure() != null) {
            String map = obj.structOps().stream().map(s -> "struct_ops map '" + s.name() + "'")
                    .filter(c.failure()::contains).findFirst().orElse("struct_ops maps");
            objectFindings.add(new Finding(Category.MAP_TYPE, Effect.FAILS, null, map, c.failure()));
            return;
        }
        for (String m : c.created()) {
            String type = obj.structOps(m).map(s -> s.essentialTypeName()).orElse("?");
            objectFindings.add(new Finding(Category.MAP_TYPE, Effect.OK, null, "struct_ops map '" + m + "'",
                    "the kernel has struct bpf_struct_ops_" + type + " and every member the object sets"));
        }
    }

    private static String name(ByteOrder o) {
        return o == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian";
    }

    private void checkExterns() {
        try {
            externs = ExternResolver.resolveReport(obj, kernel.environment(), null);
        } catch (BpfException | UncheckedIOException e) {
            objectFindings.add(new Finding(Category.EXTERN, Effect.UNKNOWN, null, "externs", e.getMessage()));
            return;
        }
        for (ExternReport.Check c : externs.externs()) {
            Extern e = c.ext();
            String what = "extern " + e.name();
            ExternReport.Verdict v = c.verdict();
            if (v == ExternReport.Verdict.RESOLVED && e.name().equals("LINUX_HAS_SYSCALL_WRAPPER")
                    && !kernel.knowsSyscallWrapper()) {
                v = ExternReport.Verdict.NOT_CHECKED;
            }
            if (v == ExternReport.Verdict.RESOLVED && e.kind() == Extern.Kind.KSYM_VAR) {
                // The verifier finds a typed variable's address with kallsyms_lookup_name(), which sees data
                // symbols only with CONFIG_KALLSYMS_ALL: without it the BTF id resolves but the load fails.
                Boolean all = kernel.configEnabled("CONFIG_KALLSYMS_ALL").orElse(null);
                if (all == null) {
                    objectFindings.add(new Finding(Category.CONFIG, Effect.UNKNOWN, null, what,
                            "resolves in BTF; the verifier also needs its address (CONFIG_KALLSYMS_ALL), and no config was given"));
                    continue;
                }
                if (!all) {
                    objectFindings.add(new Finding(Category.CONFIG, Effect.FAILS, null, what, "resolves in BTF, but the "
                            + "kernel is built without CONFIG_KALLSYMS_ALL, so the verifier cannot find the variable's address"));
                    continue;
                }
            }
            if (v == ExternReport.Verdict.NOT_CHECKED && e.kind() == Extern.Kind.KSYM_TYPELESS && !kernel.hasKallsyms()
                    && kernel.has(e.name(), BtfKind.FUNC)) {
                // A BTF FUNC is an out-of-line text symbol, and kallsyms always lists text symbols.
                objectFindings.add(new Finding(Category.EXTERN, Effect.OK, null, what,
                        "resolves (a FUNC in BTF, so a text symbol in kallsyms)"));
                continue;
            }
            switch (v) {
                case RESOLVED -> objectFindings.add(new Finding(Category.EXTERN, Effect.OK, null, what, "resolves"));
                case WEAK_UNRESOLVED -> objectFindings.add(new Finding(Category.EXTERN, Effect.NOTE, null, what,
                        "weak and absent: reads as 0" + (e.kind() == Extern.Kind.KFUNC ? ", its calls are poisoned" : "")));
                case FAILS_LOAD -> objectFindings.add(new Finding(Category.EXTERN, Effect.FAILS, null, what, c.reason()));
                case NOT_CHECKED -> objectFindings.add(new Finding(Category.EXTERN, e.weak() ? Effect.NOTE : Effect.UNKNOWN,
                        null, what, "not checked: " + (c.reason() != null ? c.reason()
                                : "the kernel's kallsyms were not given")));
            }
        }
    }

    /** Map types whose max_entries must be (or may be) 0 in the object: the loader or the kernel sizes them. */
    private static boolean sizedByOthers(MapType t) {
        return switch (t) {
            case PERF_EVENT_ARRAY, SK_STORAGE, INODE_STORAGE, TASK_STORAGE, CGRP_STORAGE, CGROUP_STORAGE,
                    PERCPU_CGROUP_STORAGE, STRUCT_OPS -> true;
            default -> false;
        };
    }

    private void checkMaps() {
        if (obj.maps().isEmpty()) {
            return;
        }
        if (!kernel.knowsMapTypes()) {
            objectFindings.add(new Finding(Category.MAP_TYPE, Effect.UNKNOWN, null, "map types",
                    "the kernel's BTF has no enum bpf_map_type"));
            return;
        }
        for (MapSpec m : obj.maps()) {
            checkMap(m, "map '" + m.name() + "'");
            if (m.inner() != null) {
                checkMap(m.inner(), "map '" + m.name() + "' (inner)");
            }
        }
    }

    private void checkMap(MapSpec m, String what) {
        MapType t = m.mapType();
        String kname = kernel.mapType(m.type());
        String tname = t != null ? t.uapiName() : "map type " + m.type();
        if (kname == null) {
            objectFindings.add(new Finding(Category.MAP_TYPE, Effect.FAILS, null, what,
                    "the kernel has no " + tname + " (its enum bpf_map_type ends before " + m.type() + ")"));
            return;
        }
        objectFindings.add(new Finding(Category.MAP_TYPE, Effect.OK, null, what, kname));
        if (m.kind() == MapSpec.Kind.USER && m.maxEntries() == 0 && t != null && !sizedByOthers(t)) {
            objectFindings.add(new Finding(Category.USER_SPACE, Effect.USER_SPACE, null, what,
                    "max_entries is 0 in the object: user space must set it before load"));
        }
    }

    // ------------------------------------------------------------------ programs

    private ProgramCheck checkProgram(ProgramSpec p) {
        List<Finding> f = new ArrayList<>();
        String prog = p.name();
        Set<String> helpers = new LinkedHashSet<>();
        List<CoreRelocationReport> core = new ArrayList<>();
        String attach = "n/a";
        SectionDef def = p.def();
        if (def == null) {
            f.add(new Finding(Category.PROG_TYPE, Effect.FAILS, prog, "section '" + p.sectionName() + "'",
                    "names no program type libbpf knows"));
            return finish(p, f, helpers, core, attach);
        }
        checkProgType(p, f);
        checkAttachType(p, f);
        if ((def.flags() & SectionDef.ATTACH_BTF) != 0) {
            checkBtfTarget(p, f);
        } else {
            attach = attachTarget(p, f);
        }
        checkConfig(p, f);
        List<LoadPlan.Placed> functions;
        try {
            functions = LoadPlan.linkedFunctions(obj, p);
        } catch (BpfException e) {
            f.add(new Finding(Category.PROG_TYPE, Effect.FAILS, prog, "linking", e.getMessage()));
            return finish(p, f, helpers, core, attach);
        }
        boolean callsKfuncs = false;
        for (LoadPlan.Placed placed : functions) {
            ProgramSpec fn = placed.function();
            byte[] insns = relocateCore(p, fn, f, core);
            if (insns == null) {
                continue;
            }
            scanCalls(prog, fn, insns, f, helpers);
            callsKfuncs |= fn.relocations().stream().anyMatch(r -> r.type() == Relocation.Type.EXTERN_CALL);
        }
        // What only the verifier knows: which helpers and kfuncs this program type may call.
        if (!helpers.isEmpty()) {
            f.add(new Finding(Category.HELPER, Effect.NOTE, prog, "helpers for " + p.type().uapiName(),
                    "not checked: which helpers a program type may call is in the kernel's code, not in BTF or config"));
        }
        if (callsKfuncs) {
            f.add(new Finding(Category.EXTERN, Effect.NOTE, prog, "kfuncs for " + p.type().uapiName(),
                    "not checked: kfunc allow-lists per program type are in the kernel's code, not in BTF or config"));
        }
        return finish(p, f, helpers, core, attach);
    }

    private ProgramCheck finish(ProgramSpec p, List<Finding> f, Set<String> helpers, List<CoreRelocationReport> core,
            String attach) {
        Verdict v = combine(List.of(), List.of(), f);
        boolean autoload = p.type() == ProgramType.STRUCT_OPS && structOpsPrograms != null
                ? structOpsPrograms.contains(p.name()) : p.autoload();
        return new ProgramCheck(p.name(), p.sectionName(), autoload, v, attach, List.copyOf(helpers),
                List.copyOf(core), List.copyOf(f));
    }

    private void checkProgType(ProgramSpec p, List<Finding> f) {
        ProgramType t = p.type();
        String what = "program type " + t.uapiName();
        if (!kernel.knowsProgTypes()) {
            f.add(new Finding(Category.PROG_TYPE, Effect.UNKNOWN, p.name(), what, "the kernel's BTF has no enum bpf_prog_type"));
        } else if (kernel.progType(t.number()) == null) {
            f.add(new Finding(Category.PROG_TYPE, Effect.FAILS, p.name(), what, "the kernel has no such program type"));
        } else {
            f.add(new Finding(Category.PROG_TYPE, Effect.OK, p.name(), what, "present"));
        }
    }

    private void checkAttachType(ProgramSpec p, List<Finding> f) {
        AttachType at = p.expectedAttachType();
        if (at == null) {
            return;
        }
        String what = "attach type " + at.uapiName();
        if (!kernel.knowsAttachTypes()) {
            f.add(new Finding(Category.ATTACH_TYPE, Effect.UNKNOWN, p.name(), what, "the kernel's BTF has no enum bpf_attach_type"));
        } else if (kernel.attachType(at.number()) == null) {
            f.add(new Finding(Category.ATTACH_TYPE, Effect.FAILS, p.name(), what, "the kernel has no such attach type"));
        } else {
            f.add(new Finding(Category.ATTACH_TYPE, Effect.OK, p.name(), what, "present"));
        }
    }

    /** fentry/fexit/fmod_ret, lsm, iter, tp_btf: the target is resolved at load time, so a missing one fails the load. */
    private void checkBtfTarget(ProgramSpec p, List<Finding> f) {
        if (p.type() == ProgramType.EXT) {
            f.add(new Finding(Category.USER_SPACE, Effect.USER_SPACE, p.name(), "freplace target",
                    "the BPF program it replaces is given by user space at load time"));
            return;
        }
        LoadPlan.BtfTarget t = LoadPlan.btfTarget(p);
        if (t == null) {
            f.add(new Finding(Category.USER_SPACE, Effect.USER_SPACE, p.name(), "attach target",
                    "section '" + p.sectionName() + "' leaves the target to user space (set it before load)"));
            return;
        }
        String what = (t.kind() == BtfKind.TYPEDEF ? "TYPEDEF " : "FUNC ") + t.name();
        if (t.module() != null && !t.module().equals("vmlinux")) {
            f.add(new Finding(Category.ATTACH_TARGET, Effect.UNKNOWN, p.name(), what,
                    "in module '" + t.module() + "', whose BTF is not among the kernel's files"));
        } else if (kernel.has(t.name(), t.kind())) {
            f.add(new Finding(Category.ATTACH_TARGET, Effect.OK, p.name(), what, "present"));
        } else {
            f.add(new Finding(Category.ATTACH_TARGET, t.module() == null ? Effect.UNKNOWN : Effect.FAILS, p.name(), what,
                    t.module() == null
                            ? "not in vmlinux BTF; fails unless a module has it (module BTF is not among the kernel's files)"
                            : "not in vmlinux BTF"));
            if (t.module() == null && kernel.configEnabled("CONFIG_MODULES").orElse(true) == Boolean.FALSE) {
                f.set(f.size() - 1, new Finding(Category.ATTACH_TARGET, Effect.FAILS, p.name(), what,
                        "not in the kernel's BTF (and the kernel has no modules)"));
            }
        }
    }

    /**
     * Targets named by sections that are looked up at attach time: kprobes (functions), raw tracepoints
     * ({@code btf_trace_<name>}), tracepoints (their {@code btf_trace_<name>}, or the syscall's function for
     * {@code syscalls/sys_enter_*}).
     */
    private String attachTarget(ProgramSpec p, List<Finding> f) {
        String target = p.attachTarget();
        String prefix = p.def().pattern();
        if (target == null || target.isEmpty()) {
            return "n/a";
        }
        if (p.type() == ProgramType.KPROBE && (prefix.startsWith("kprobe") || prefix.startsWith("kretprobe"))
                && !prefix.contains("multi")) {
            String fn = target.replaceFirst("\\+.*$", "");
            Boolean kprobes = kernel.configEnabled("CONFIG_KPROBES").orElse(null);
            if (kprobes == Boolean.FALSE) {
                return attachFinding(f, p, Effect.ATTACH_FAILS, "kprobe " + fn, "the kernel is built without CONFIG_KPROBES");
            }
            if (kernel.has(fn, BtfKind.FUNC)) {
                return kprobes == null
                        ? attachFinding(f, p, Effect.ATTACH_UNKNOWN, "kprobe " + fn, "FUNC present; kprobe support needs the config (CONFIG_KPROBES)")
                        : attachFinding(f, p, Effect.OK, "kprobe " + fn, "FUNC present");
            }
            Boolean inKallsyms = kernel.kallsymsHas(fn).orElse(null);
            if (inKallsyms == Boolean.TRUE) {
                return attachFinding(f, p, Effect.OK, "kprobe " + fn, "in kallsyms (no BTF FUNC)");
            }
            return attachFinding(f, p, inKallsyms == null ? Effect.ATTACH_UNKNOWN : Effect.ATTACH_FAILS, "kprobe " + fn,
                    inKallsyms == null ? "no FUNC in BTF (static or inlined?); kallsyms not given"
                            : "neither in BTF nor in kallsyms");
        }
        if (p.type() == ProgramType.RAW_TRACEPOINT || p.type() == ProgramType.RAW_TRACEPOINT_WRITABLE) {
            String what = "raw tracepoint " + target;
            return kernel.has("btf_trace_" + target, BtfKind.TYPEDEF)
                    ? attachFinding(f, p, Effect.OK, what, "btf_trace_" + target + " present")
                    : attachFinding(f, p, Effect.ATTACH_FAILS, what, "no btf_trace_" + target + " in the kernel's BTF");
        }
        if (p.type() == ProgramType.TRACEPOINT) {
            int slash = target.indexOf('/');
            if (slash < 0) {
                return "n/a";
            }
            String category = target.substring(0, slash);
            String event = target.substring(slash + 1);
            String what = "tracepoint " + target;
            if (category.equals("syscalls") && (event.startsWith("sys_enter_") || event.startsWith("sys_exit_"))) {
                String call = event.substring(event.startsWith("sys_enter_") ? 10 : 9);
                Boolean ftraceSyscalls = kernel.configEnabled("CONFIG_FTRACE_SYSCALLS").orElse(null);
                if (ftraceSyscalls == Boolean.FALSE) {
                    return attachFinding(f, p, Effect.ATTACH_FAILS, what, "the kernel is built without CONFIG_FTRACE_SYSCALLS");
                }
                String wrapper = "__" + LiveKernel.syscallPrefix() + "_sys_" + call;
                boolean has = kernel.has(wrapper, BtfKind.FUNC) || kernel.has("__se_sys_" + call, BtfKind.FUNC)
                        || kernel.has("__do_sys_" + call, BtfKind.FUNC) || kernel.has("sys_" + call, BtfKind.FUNC);
                return has ? attachFinding(f, p, Effect.OK, what, "syscall " + call + " present")
                        : attachFinding(f, p, Effect.ATTACH_UNKNOWN, what, "no function of syscall " + call + " in BTF");
            }
            if (kernel.has("btf_trace_" + event, BtfKind.TYPEDEF)) {
                return attachFinding(f, p, Effect.OK, what, "btf_trace_" + event + " present");
            }
            if (kernel.has("trace_event_raw_" + event, BtfKind.STRUCT)) {
                return attachFinding(f, p, Effect.OK, what, "struct trace_event_raw_" + event + " present");
            }
            return attachFinding(f, p, Effect.ATTACH_UNKNOWN, what, "no btf_trace_" + event
                    + " in BTF (the event may still exist, e.g. defined by a module or without BTF)");
        }
        return "n/a";
    }

    private static String attachFinding(List<Finding> f, ProgramSpec p, Effect e, String what, String detail) {
        f.add(new Finding(Category.ATTACH_TARGET, e, p.name(), what, detail));
        return switch (e) {
            case ATTACH_FAILS -> "fails: program '" + p.name() + "': " + what + ": " + detail;
            case ATTACH_UNKNOWN -> "unknown: program '" + p.name() + "': " + what + ": " + detail;
            default -> "ok";
        };
    }

    /** What the config decides: trampolines (fentry/fexit/fmod_ret/lsm), BPF LSM. */
    private void checkConfig(ProgramSpec p, List<Finding> f) {
        AttachType at = p.expectedAttachType();
        boolean trampoline = p.type() == ProgramType.TRACING && (at == AttachType.TRACE_FENTRY
                || at == AttachType.TRACE_FEXIT || at == AttachType.MODIFY_RETURN) || p.type() == ProgramType.LSM;
        if (trampoline) {
            needConfig(p, f, "CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS", "BPF trampolines (fentry/fexit/fmod_ret/lsm)");
        }
        if (p.type() == ProgramType.LSM) {
            needConfig(p, f, "CONFIG_BPF_LSM", "BPF LSM programs");
        }
        if (p.type() == ProgramType.KPROBE && !kernel.configEnabled("CONFIG_BPF_EVENTS").orElse(true)) {
            f.add(new Finding(Category.CONFIG, Effect.FAILS, p.name(), "CONFIG_BPF_EVENTS", "not set: no kprobe programs"));
        }
    }

    private void needConfig(ProgramSpec p, List<Finding> f, String option, String forWhat) {
        Boolean on = kernel.configEnabled(option).orElse(null);
        if (on == null) {
            f.add(new Finding(Category.CONFIG, Effect.UNKNOWN, p.name(), option,
                    forWhat + " need it; no config file was given (NAME.config)"));
        } else if (!on) {
            f.add(new Finding(Category.CONFIG, Effect.FAILS, p.name(), option, "not set: the kernel has no " + forWhat));
        } else {
            f.add(new Finding(Category.CONFIG, Effect.OK, p.name(), option, "set"));
        }
    }

    // ------------------------------------------------------------------ CO-RE and calls

    private byte[] relocateCore(ProgramSpec prog, ProgramSpec fn, List<Finding> f, List<CoreRelocationReport> core) {
        if (obj.btfExt() == null) {
            return fn.insns();
        }
        List<CoreRelocation> relos = CoreRelocation.forProgram(obj, fn);
        if (relos.isEmpty()) {
            return fn.insns();
        }
        if (relocator == null) {
            relocator = new CoreRelocator(obj.btf(), List.of(kernel.btf()));
        }
        CoreResult r;
        try {
            r = relocator.relocate(fn.name(), fn.insns(), fn.byteOrder(), relos);
        } catch (CoreRelocationException e) {
            f.add(new Finding(Category.CORE, Effect.FAILS, prog.name(), "CO-RE in " + fn.name(), e.getMessage()));
            return null;
        }
        core.addAll(r.reports());
        List<CoreRelocationReport> poisoned = r.poisoned();
        if (poisoned.isEmpty()) {
            return r.insns();
        }
        BitSet reach = Reachability.reachable(r.insns(), fn.byteOrder(), relocatedInsns(fn), knownLoads(fn));
        for (CoreRelocationReport rep : poisoned) {
            String what = "CO-RE relo #" + rep.index() + (fn == prog ? "" : " in " + fn.name()) + " (insn #" + rep.insnIndex() + ")";
            String spec = rep.localSpec() + ": " + rep.poisonReason();
            if (reach == null) {
                f.add(new Finding(Category.CORE, Effect.UNKNOWN, prog.name(), what, spec
                        + "; the poisoned instruction fails the load only if reached (too many paths to tell)"));
            } else if (reach.get(rep.insnIndex())) {
                f.add(new Finding(Category.CORE, Effect.FAILS, prog.name(), what, spec
                        + "; the poisoned instruction is reachable and the verifier rejects it"));
            } else {
                f.add(new Finding(Category.CORE, Effect.NOTE, prog.name(), what, spec
                        + "; poisoned but unreachable (a guard such as bpf_core_field_exists() skips it): loads"));
            }
        }
        return r.insns();
    }

    /** Instructions whose immediates the loader rewrites: their values are not what the object holds. */
    private static BitSet relocatedInsns(ProgramSpec fn) {
        BitSet b = new BitSet();
        for (Relocation r : fn.relocations()) {
            b.set(r.insnIndex());
        }
        return b;
    }

    /** ld_imm64 of externs that are weak and absent on this kernel: the loader writes 0 there. */
    private Map<Integer, Long> knownLoads(ProgramSpec fn) {
        Map<Integer, Long> out = new HashMap<>();
        if (externs == null) {
            return out;
        }
        for (Relocation r : fn.relocations()) {
            if (r.type() == Relocation.Type.EXTERN_LD64 && r.externIndex() >= 0) {
                ExternReport.Check c = externs.externs().get(r.externIndex());
                if (c.verdict() == ExternReport.Verdict.WEAK_UNRESOLVED && c.ext().kind() != Extern.Kind.KCONFIG) {
                    out.put(r.insnIndex(), 0L);
                }
            }
        }
        return out;
    }

    /** Calls of kfuncs that are weak and absent on this kernel: the loader poisons them. */
    private Map<Integer, String> poisonedKfuncCalls(ProgramSpec fn) {
        Map<Integer, String> out = new HashMap<>();
        if (externs == null) {
            return out;
        }
        for (Relocation r : fn.relocations()) {
            if (r.type() == Relocation.Type.EXTERN_CALL && r.externIndex() >= 0) {
                ExternReport.Check c = externs.externs().get(r.externIndex());
                if (c.verdict() == ExternReport.Verdict.WEAK_UNRESOLVED) {
                    out.put(r.insnIndex(), c.ext().name());
                }
            }
        }
        return out;
    }

    /** Helper calls ({@code call} with src_reg 0) and calls of absent weak kfuncs, on this function's instructions. */
    private void scanCalls(String prog, ProgramSpec fn, byte[] insns, List<Finding> f, Set<String> helpers) {
        ByteBuffer b = ByteBuffer.wrap(insns).order(fn.byteOrder());
        Map<Integer, String> absentKfuncs = poisonedKfuncCalls(fn);
        BitSet reach = null;
        boolean reachComputed = false;
        Set<Integer> reported = new HashSet<>();
        BitSet externCalls = new BitSet();
        for (Relocation r : fn.relocations()) {
            if (r.type() == Relocation.Type.EXTERN_CALL || r.type() == Relocation.Type.CALL) {
                externCalls.set(r.insnIndex());
            }
        }
        for (int i = 0; i < insns.length / 8; i++) {
            int code = b.get(i * 8) & 0xff;
            if (code != 0x85) {
                continue;
            }
            int src = (b.get(i * 8 + 1) >> 4) & 0x0f;
            int imm = b.getInt(i * 8 + 4);
            if (absentKfuncs.containsKey(i)) {
                if (!reachComputed) {
                    reach = Reachability.reachable(insns, fn.byteOrder(), relocatedInsns(fn), knownLoads(fn));
                    reachComputed = true;
                }
                String what = "call of kfunc " + absentKfuncs.get(i) + (fn.subprogram() ? " in " + fn.name() : "")
                        + " (insn #" + i + ")";
                if (reach == null) {
                    f.add(new Finding(Category.EXTERN, Effect.UNKNOWN, prog, what,
                            "weak and absent: the call is poisoned; it fails the load only if reached (too many paths to tell)"));
                } else if (reach.get(i)) {
                    f.add(new Finding(Category.EXTERN, Effect.FAILS, prog, what,
                            "weak and absent: the poisoned call is reachable (no bpf_ksym_exists() guard) and the verifier rejects it"));
                } else {
                    f.add(new Finding(Category.EXTERN, Effect.NOTE, prog, what,
                            "weak and absent: poisoned but unreachable (guarded): loads"));
                }
                continue;
            }
            if (src != 0 || imm == CoreRelocator.POISON_IMM || externCalls.get(i)) {
                continue;
            }
            String known = kernel.helper(imm);
            String name = known != null ? known : helperNames != null ? helperNames.apply(imm) : "#" + imm;
            helpers.add(name);
            if (!reported.add(imm)) {
                continue;
            }
            if (!kernel.knowsHelpers()) {
                f.add(new Finding(Category.HELPER, Effect.UNKNOWN, prog, "helper " + name, "the kernel's BTF has no enum bpf_func_id"));
            } else if (known == null) {
                f.add(new Finding(Category.HELPER, Effect.FAILS, prog, "helper " + name + " (#" + imm + ")",
                        "the kernel has no such helper (its enum bpf_func_id ends before it)"));
            } else {
                f.add(new Finding(Category.HELPER, Effect.OK, prog, "helper " + name, "present"));
            }
        }
    }

    // ------------------------------------------------------------------ verdicts

    private static Verdict combine(List<Finding> objectFindings, List<ProgramCheck> programs) {
        return combine(objectFindings, programs, List.of());
    }

    /**
     * The worst of: object findings, autoload programs' verdicts, and an autoload-off program that would not load
     * (user space decides whether it is loaded).
     */
    private static Verdict combine(List<Finding> objectFindings, List<ProgramCheck> programs, List<Finding> own) {
        List<String> fails = new ArrayList<>();
        List<String> user = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Finding f : objectFindings) {
            collect(f, fails, user, unknown);
        }
        for (Finding f : own) {
            collect(f, fails, user, unknown);
        }
        for (ProgramCheck p : programs) {
            Verdict v = p.verdict();
            if (!p.autoload()) {
                if (!(v instanceof Verdict.Loads)) {
                    user.add("program '" + p.name() + "' is off unless user space enables it (SEC(\"?...\")), and then it "
                            + v.text());
                }
                continue;
            }
            if (v instanceof Verdict.Fails) {
                fails.add(v.reason());
            } else if (v instanceof Verdict.DependsOnUserSpace) {
                user.add(v.reason());
            } else if (v instanceof Verdict.Unknown) {
                unknown.add(v.reason());
            }
        }
        if (!fails.isEmpty()) {
            return new Verdict.Fails(first(fails));
        }
        if (!user.isEmpty()) {
            return new Verdict.DependsOnUserSpace(first(user));
        }
        if (!unknown.isEmpty()) {
            return new Verdict.Unknown(first(unknown));
        }
        return new Verdict.Loads();
    }

    /** The first reason, and how many more the findings hold (the load stops at the first anyway). */
    private static String first(List<String> reasons) {
        return reasons.size() == 1 ? reasons.get(0) : reasons.get(0) + " (and " + (reasons.size() - 1) + " more)";
    }

    private static void collect(Finding f, List<String> fails, List<String> user, List<String> unknown) {
        switch (f.effect()) {
            case FAILS -> fails.add(f.text());
            case USER_SPACE -> user.add(f.text());
            case UNKNOWN -> unknown.add(f.text());
            default -> { }
        }
    }

    /** The worse of two attach outcomes; of equally bad ones the first is kept and the others counted. */
    private static String worseAttach(String current, String next) {
        int c = attachRank(current);
        int n = attachRank(next);
        if (n > c) {
            return next;
        }
        if (n == c && n > 1) {
            Matcher m = MORE.matcher(current);
            if (m.find()) {
                return current.substring(0, m.start()) + " (and " + (Integer.parseInt(m.group(1)) + 1) + " more)";
            }
            return current + " (and 1 more)";
        }
        return current;
    }

    private static int attachRank(String a) {
        if (a.startsWith("fails")) {
            return 3;
        }
        if (a.startsWith("unknown")) {
            return 2;
        }
        return a.equals("ok") ? 1 : 0;
    }
}
