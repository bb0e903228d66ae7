package io.bpfskel.cli;

import io.bpfskel.btf.KernelBtf;
import io.bpfskel.core.CoreRelocationReport;
import io.bpfskel.fleet.Finding;
import io.bpfskel.fleet.FleetCheck;
import io.bpfskel.fleet.FleetKernel;
import io.bpfskel.fleet.KernelCheck;
import io.bpfskel.fleet.ProgramCheck;
import io.bpfskel.fleet.Verdict;
import io.bpfskel.object.BpfObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The fleet check: whether objects load on kernels described by their BTF (and config, kallsyms), predicted
 * without loading: externs, CO-RE relocations, helpers, map/program/attach types, attach targets.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Predict whether BPF objects load on a fleet of kernels from their BTF (and config, kallsyms): "
                + "externs, CO-RE relocations, helpers, map/program/attach types and attach targets, without loading.",
                "Exit status: 0 when no kernel would refuse an object, " + BpfskelCommand.EXIT_WOULD_FAIL
                        + " when some would, 1 on errors (an unreadable kernel file, a bad object)."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "OBJECT", description = "BPF objects (.bpf.o)")
    List<Path> objects;

    @Option(names = "--btf", paramLabel = "FILE|DIR",
            description = {"a kernel's BTF (raw .btf, vmlinux ELF, or BTFHub .btf.tar.xz), or a directory tree of them; "
                    + "repeatable. NAME.config and NAME.kallsyms next to NAME.btf are that kernel's config and kallsyms.",
                    "Without --btf: this host's kernel."})
    List<Path> btf = new ArrayList<>();

    @Option(names = "--btf-cache", paramLabel = "DIR",
            description = "keep the BTF decompressed from .btf.tar.xz archives in DIR and read it from there next time")
    Path btfCache;

    @Option(names = "--host", description = "also check this host's kernel (its BTF, config and kallsyms)")
    boolean host;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--csv", description = "print CSV: one row per object and kernel")
    boolean csv;

    @Option(names = "--threads", paramLabel = "N", description = "threads reading and checking (default: the CPUs)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-v", "--verbose"}, description = "every program's findings; timings on stderr")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A column of the matrix: a kernel's checks of every object (in order), or why its files could not be read. */
    record Column(String label, FleetFiles.Source source, List<KernelCheck> checks, String error) {}

    @Override
    public Integer call() {
        if (json && csv) {
            throw new BpfskelCommand.UserError("--json and --csv: choose one");
        }
        long t0 = System.nanoTime();
        List<BpfObject> objs = objects.stream().map(BpfObject::open).toList();
        List<Column> columns = check(objs);
        long t1 = System.nanoTime();
        // by object, the checks of the readable kernels
        List<List<KernelCheck>> checks = new ArrayList<>();
        for (int i = 0; i < objs.size(); i++) {
            List<KernelCheck> row = new ArrayList<>();
            for (Column c : columns) {
                if (c.checks() != null) {
                    row.add(c.checks().get(i));
                }
            }
            checks.add(row);
        }

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(toJson(objs, columns, checks)));
        } else if (csv) {
            out.print(toCsv(objs, columns));
        } else {
            out.print(table(objs, columns, checks));
        }
        out.flush();
        if (verbose) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("checked %d objects on %d kernels in %d ms (%d threads)%n", objs.size(), columns.size(),
                    (t1 - t0) / 1_000_000, threads);
            err.flush();
        }
        boolean anyError = columns.stream().anyMatch(c -> c.error() != null);
        boolean anyFails = checks.stream().flatMap(List::stream).anyMatch(k -> k.verdict() instanceof Verdict.Fails);
        return anyError ? 1 : anyFails ? BpfskelCommand.EXIT_WOULD_FAIL : 0;
    }

    /**
     * One task per kernel: read and parse its files, check every object, let the kernel go. Each kernel is parsed once
     * and shared by all objects, and at most {@code threads} kernels are in memory at a time.
     */
    private List<Column> check(List<BpfObject> objs) {
        List<FleetFiles.Source> sources = new ArrayList<>();
        for (Path p : btf) {
            sources.addAll(FleetFiles.find(p));
        }
        boolean withHost = host || btf.isEmpty();
        FleetKernel running = withHost ? FleetKernel.running() : null;
        // Helper ids a kernel lacks are named from this host's kernel when it has BTF (ids are ABI: never reused); read
        // only when some kernel lacks a helper, since reading the host's BTF, config and kallsyms is not free.
        IntFunction<String> names;
        if (running != null) {
            names = FleetCheck.helperNames(List.of(running));
        } else if (Files.isReadable(KernelBtf.SYSFS_VMLINUX)) {
            HostHelperNames host = new HostHelperNames();
            names = id -> host.get().apply(id);
        } else {
            names = FleetCheck.helperNames(List.of());
        }
        List<Callable<Column>> tasks = new ArrayList<>();
        for (FleetFiles.Source s : sources) {
            tasks.add(() -> {
                Object k = FleetFiles.read(s, btfCache);
                if (k instanceof FleetFiles.Unreadable u) {
                    return new Column(s.label(), s, null, u.error());
                }
                return new Column(s.label(), s, FleetCheck.checkKernel(objs, (FleetKernel) k, names), null);
            });
        }
        if (withHost) {
            tasks.add(() -> new Column("this host (" + KernelBtf.kernelRelease() + ")", null,
                    FleetCheck.checkKernel(objs, running, names), null));
        }
        return FleetCheck.inOrder(tasks, Math.max(1, threads));
    }

    /** This host's helper names, from its kernel read on the first question. */
    private static final class HostHelperNames {
        private IntFunction<String> names;

        synchronized IntFunction<String> get() {
            if (names == null) {
                names = FleetCheck.helperNames(List.of(FleetKernel.running()));
            }
            return names;
        }
    }

    // ------------------------------------------------------------------ table

    /** The matrix cell: the verdict's word, with {@code *} when attaching where the section says fails or is unknown. */
    static String cell(KernelCheck c) {
        String w = switch (c.verdict().word()) {
            case "fails" -> "FAILS";
            case "depends on user space" -> "user space";
            default -> c.verdict().word();
        };
        return c.attach().startsWith("fails") || c.attach().startsWith("unknown") ? w + "*" : w;
    }

    /** Each object's file name, with as many parent directories as it takes to tell same-named objects apart. */
    static List<String> labels(List<BpfObject> objs) {
        List<Path> paths = objs.stream().map(o -> Path.of(o.source()).toAbsolutePath().normalize()).toList();
        for (int parts = 1; ; parts++) {
            List<String> out = new ArrayList<>();
            for (Path p : paths) {
                int n = Math.min(parts, p.getNameCount());
                out.add(p.subpath(p.getNameCount() - n, p.getNameCount()).toString());
            }
            if (out.stream().distinct().count() == out.size() || parts > 64) {
                return out;
            }
        }
    }

    private String table(List<BpfObject> objs, List<Column> columns, List<List<KernelCheck>> checks) {
        List<String> labels = labels(objs);
        StringBuilder sb = new StringBuilder();
        sb.append(objs.size() == 1 ? objs.get(0).source() : objs.size() + " objects").append(" on ")
                .append(columns.size()).append(columns.size() == 1 ? " kernel" : " kernels").append('\n');
        List<String> head = new ArrayList<>(List.of("object"));
        columns.forEach(c -> head.add(c.label()));
        Table t = new Table(head.toArray(String[]::new));
        for (int i = 0; i < objs.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(labels.get(i)));
            for (Column c : columns) {
                row.add(c.checks() == null ? "error" : cell(c.checks().get(i)));
            }
            t.row(row.toArray());
        }
        sb.append("\nLoad verdicts (FAILS: the load fails; user space: depends on what user space sets before load; "
                + "unknown: the files cannot tell; *: attaching where the section says fails or cannot be told)\n");
        sb.append(t.render("  "));

        List<String> why = new ArrayList<>();
        List<String> attach = new ArrayList<>();
        for (int i = 0; i < objs.size(); i++) {
            for (KernelCheck c : checks.get(i)) {
                String who = labels.get(i) + " on " + c.kernel();
                if (!(c.verdict() instanceof Verdict.Loads)) {
                    why.add(who + ": " + c.verdict().text());
                }
                if (c.attach().startsWith("fails") || c.attach().startsWith("unknown")) {
                    attach.add(who + ": attach " + c.attach());
                }
            }
        }
        columns.stream().filter(c -> c.error() != null).forEach(c -> why.add(c.label() + ": cannot read: " + c.error()));
        if (!why.isEmpty()) {
            sb.append("\nWhy\n");
            why.forEach(w -> sb.append("  ").append(w).append('\n'));
        }
        if (!attach.isEmpty()) {
            sb.append("\nAttach (targets named by sections, looked up when attaching)\n");
            attach.forEach(w -> sb.append("  ").append(w).append('\n'));
        }
        if (verbose) {
            for (int i = 0; i < objs.size(); i++) {
                for (KernelCheck c : checks.get(i)) {
                    sb.append('\n').append(labels.get(i)).append(" on ").append(c.kernel()).append(": ")
                            .append(c.verdict().text()).append('\n');
                    Table p = new Table("program", "section", "autoload", "verdict", "attach", "helpers", "CO-RE", "poisoned");
                    for (ProgramCheck pc : c.programs()) {
                        p.row(pc.name(), pc.section(), pc.autoload() ? "yes" : "no", pc.verdict().word(),
                                pc.attach().replaceFirst(":.*", ""), pc.helpers().size(), pc.core().size(),
                                pc.core().stream().filter(CoreRelocationReport::poisoned).count());
                    }
                    sb.append(p.render("  "));
                    List<Finding> notable = new ArrayList<>();
                    c.findings().stream().filter(f -> f.effect() != Finding.Effect.OK).forEach(notable::add);
                    c.programs().forEach(pc -> pc.findings().stream().filter(f -> f.effect() != Finding.Effect.OK)
                            .forEach(notable::add));
                    for (Finding f : notable) {
                        sb.append("  ").append(f.effect().name().toLowerCase().replace('_', ' ')).append(": ")
                                .append(f.text()).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ CSV

    private static String toCsv(List<BpfObject> objs, List<Column> columns) {
        StringBuilder sb = new StringBuilder("object,kernel,verdict,reason,attach\n");
        for (int i = 0; i < objs.size(); i++) {
            for (Column c : columns) {
                String obj = objs.get(i).source();
                if (c.checks() == null) {
                    csvRow(sb, obj, c.label(), "error", c.error(), "");
                    continue;
                }
                KernelCheck kc = c.checks().get(i);
                csvRow(sb, obj, c.label(), kc.verdict().word(), kc.verdict().reason(), kc.attach());
            }
        }
        return sb.toString();
    }

    private static void csvRow(StringBuilder sb, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells[i] == null ? "" : cells[i];
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0) {
                c = '"' + c.replace("\"", "\"\"") + '"';
            }
            sb.append(c);
        }
        sb.append('\n');
    }

    // ------------------------------------------------------------------ JSON

    private static Map<String, Object> toJson(List<BpfObject> objs, List<Column> columns, List<List<KernelCheck>> checks) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> ks = new ArrayList<>();
        for (Column c : columns) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("kernel", c.label());
            k.put("btf", c.source() == null ? null : c.source().btf().toString());
            k.put("config", c.source() == null || c.source().config() == null ? null : c.source().config().toString());
            k.put("kallsyms", c.source() == null || c.source().kallsyms() == null ? null : c.source().kallsyms().toString());
            k.put("error", c.error());
            ks.add(k);
        }
        root.put("kernels", ks);
        List<Object> os = new ArrayList<>();
        for (int i = 0; i < objs.size(); i++) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("object", objs.get(i).source());
            List<Object> per = new ArrayList<>();
            for (KernelCheck c : checks.get(i)) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("kernel", c.kernel());
                j.put("verdict", c.verdict().word());
                j.put("reason", c.verdict().reason());
                j.put("attach", c.attach());
                j.put("findings", findings(c.findings()));
                List<Object> ps = new ArrayList<>();
                for (ProgramCheck pc : c.programs()) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("name", pc.name());
                    p.put("section", pc.section());
                    p.put("autoload", pc.autoload());
                    p.put("verdict", pc.verdict().word());
                    p.put("reason", pc.verdict().reason());
                    p.put("attach", pc.attach());
                    p.put("helpers", pc.helpers());
                    List<Object> core = new ArrayList<>();
                    for (CoreRelocationReport r : pc.core()) {
                        Map<String, Object> cr = new LinkedHashMap<>();
                        cr.put("index", r.index());
                        cr.put("insn", r.insnIndex());
                        cr.put("kind", r.kind().name().toLowerCase());
                        cr.put("local", r.localSpec());
                        cr.put("target", r.targetSpec());
                        cr.put("poisoned", r.poisoned());
                        cr.put("poison_reason", r.poisonReason());
                        core.add(cr);
                    }
                    p.put("core_relocations", core);
                    p.put("findings", findings(pc.findings()));
                    ps.add(p);
                }
                j.put("programs", ps);
                per.add(j);
            }
            o.put("kernels", per);
            os.add(o);
        }
        root.put("objects", os);
        return root;
    }

    private static List<Object> findings(List<Finding> fs) {
        List<Object> out = new ArrayList<>();
        for (Finding f : fs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("category", f.category().name().toLowerCase());
            m.put("effect", f.effect().name().toLowerCase());
            m.put("program", f.program());
            m.put("what", f.what());
            m.put("detail", f.detail());
            out.add(m);
        }
        return out;
    }
}
