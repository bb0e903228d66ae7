package io.bpfskel.cli;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.KernelBtf;
import io.bpfskel.error.BpfException;
import io.bpfskel.load.ExternReport;
import io.bpfskel.load.ExternResolver;
import io.bpfskel.load.KernelEnvironment;
import io.bpfskel.load.LiveKernel;
import io.bpfskel.load.ModuleBtf;
import io.bpfskel.load.ResolvedExtern;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.Extern;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * Which externs of an object a kernel provides, decided exactly as the loader decides them, without loading:
 * for the running kernel, one kernel's BTF file, or a directory of them (the fleet view: which flavor every
 * kernel takes, and which kernels would refuse the object).
 */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Tell which externs (kfuncs, ksyms, kconfig) resolve on this kernel or on other kernels' BTF, "
                + "and which flavor each kernel takes, without loading anything.",
                "Exit status: 0 when every kernel would accept the object, " + BpfskelCommand.EXIT_WOULD_FAIL
                        + " when some kernel would refuse it, 1 on errors."})
final class ResolveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OBJECT", description = "the BPF object (.bpf.o)")
    Path object;

    @Option(names = "--btf", paramLabel = "FILE|DIR",
            description = {"another kernel's BTF (raw .btf or a vmlinux ELF) instead of the running kernel's; "
                    + "a directory checks every BTF file in it (symbolic links only when they stay inside it).",
                    "In a directory, NAME.config and NAME.kallsyms next to NAME.btf (or NAME) are that kernel's "
                            + "config and kallsyms."})
    Path btf;

    @Option(names = "--kconfig", paramLabel = "FILE",
            description = "kernel config (plain or gzip) for the kconfig externs; with the running kernel it "
                    + "takes precedence over /proc/config.gz. Without it, other kernels' kconfig externs are "
                    + "not checked.")
    Path kconfig;

    @Option(names = "--kallsyms", paramLabel = "FILE",
            description = "the other kernel's /proc/kallsyms, for typeless ksyms; without it they are not checked")
    Path kallsyms;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "also print the resolver's log (one line per decision)")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One kernel to check. {@code userKconfig}: config text given by the user for the running kernel. */
    record Target(String label, KernelEnvironment env, Path btfFile, Path configFile, Path kallsymsFile,
            String userKconfig) {}

    /** The outcome for one kernel: a report, or the error that prevented one (e.g. an unreadable BTF file). */
    record Outcome(Target target, ExternReport report, String error) {
        String loads(BpfObject obj) {
            if (error != null) {
                return "error";
            }
            if (!report.failures().isEmpty()) {
                return "no";
            }
            boolean strongUnchecked = report.externs().stream()
                    .anyMatch(c -> c.verdict() == ExternReport.Verdict.NOT_CHECKED && !c.ext().weak());
            return strongUnchecked ? "unknown" : "yes";
        }
    }

    @Override
    public Integer call() {
        BpfObject obj = BpfObject.open(object);
        List<Target> targets = targets();
        List<Outcome> outcomes = new ArrayList<>();
        for (Target t : targets) {
            outcomes.add(check(obj, t));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(Json.write(toJson(obj, outcomes)));
        } else if (btf != null && Files.isDirectory(btf)) {
            out.print(matrix(obj, outcomes));
        } else {
            out.print(single(obj, outcomes.get(0)));
        }
        out.flush();
        boolean anyError = outcomes.stream().anyMatch(o -> o.error() != null);
        boolean anyFails = outcomes.stream().anyMatch(o -> o.report() != null && !o.report().failures().isEmpty());
        return anyError ? 1 : anyFails ? BpfskelCommand.EXIT_WOULD_FAIL : 0;
    }

    // ------------------------------------------------------------------ kernels

    private List<Target> targets() {
        if (btf == null) {
            return List.of(new Target("this kernel (" + KernelBtf.kernelRelease() + ")",
                    new LiveKernel(null, ResolveCommand::sysfsModules), null, null, null,
                    kconfig == null ? null : readText(kconfig, "kernel config")));
        }
        if (!Files.exists(btf)) {
            throw new BpfskelCommand.UserError("--btf " + btf + ": no such file or directory");
        }
        if (!Files.isDirectory(btf)) {
            return List.of(new Target(btf.getFileName().toString(), new BtfFileKernel(btf, kconfig, kallsyms), btf,
                    kconfig, kallsyms, null));
        }
        if (kconfig != null || kallsyms != null) {
            throw new BpfskelCommand.UserError("--kconfig and --kallsyms name one kernel's files; with a directory, "
                    + "put NAME.config and NAME.kallsyms next to each NAME.btf");
        }
        List<Path> files;
        Path dir = realPath(btf);
        try (Stream<Path> s = Files.list(btf)) {
            files = s.filter(p -> isFileInside(dir, p))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return !n.startsWith(".") && !n.endsWith(".config") && !n.endsWith(".kallsyms");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + btf + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new BpfskelCommand.UserError("--btf " + btf + ": the directory has no BTF files");
        }
        List<Target> out = new ArrayList<>();
        for (Path f : files) {
            Path cfg = sibling(f, ".config");
            Path syms = sibling(f, ".kallsyms");
            out.add(new Target(f.getFileName().toString(), new BtfFileKernel(f, cfg, syms), f, cfg, syms, null));
        }
        return out;
    }

    /** {@code dir/NAME.btf} → {@code dir/NAME<ext>} (also {@code dir/NAME} → {@code dir/NAME<ext>}), when it exists. */
    static Path sibling(Path btfFile, String ext) {
        String n = btfFile.getFileName().toString();
        String base = n.endsWith(".btf") ? n.substring(0, n.length() - 4) : n;
        Path p = btfFile.resolveSibling(base + ext);
        Path parent = btfFile.getParent();
        return isFileInside(realPath(parent == null ? Path.of(".") : parent), p) ? p : null;
    }

    /**
     * A regular file that really is in {@code dir}: a symbolic link is followed only when it stays inside the
     * directory, so a directory of kernels cannot make the tool read arbitrary files (/etc/shadow as a "BTF").
     */
    static boolean isFileInside(Path dir, Path p) {
        try {
            Path real = p.toRealPath();
            return real.startsWith(dir) && Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false; // dangling link or unreadable: not a kernel of the directory
        }
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Module BTF of the running kernel from sysfs: enough to resolve names and types, no bpf(2) needed. */
    private static List<ModuleBtf> sysfsModules(Btf vmlinux, List<String> warnings) {
        List<ModuleBtf> out = new ArrayList<>();
        for (String name : KernelBtf.moduleNames()) {
            try {
                out.add(new ModuleBtf(name, KernelBtf.loadModule(name, vmlinux), -1));
            } catch (BpfException | UncheckedIOException e) {
                warnings.add("skipping module " + name + " BTF: " + e.getMessage());
            }
        }
        return out;
    }

    private static String readText(Path p, String what) {
        try {
            return LiveKernel.readMaybeGzip(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + p + ": " + e.getMessage(), e);
        }
    }

    private static Outcome check(BpfObject obj, Target t) {
        ExternReport r;
        try {
            r = ExternResolver.resolveReport(obj, t.env(), t.userKconfig());
        } catch (BpfException | UncheckedIOException e) {
            return new Outcome(t, null, e.getMessage());
        }
        if (t.env() instanceof BtfFileKernel k && !k.knowsSyscallWrapper()) {
            r = markUnchecked(r, "LINUX_HAS_SYSCALL_WRAPPER", "needs the kernel's kallsyms (NAME.kallsyms or --kallsyms)");
        }
        return new Outcome(t, r, null);
    }

    /** A BTF file does not tell whether syscalls have wrappers: the resolver's 0 there is a guess, not a verdict. */
    private static ExternReport markUnchecked(ExternReport r, String externName, String why) {
        List<ExternReport.Check> checks = new ArrayList<>();
        for (ExternReport.Check c : r.externs()) {
            if (c.ext().name().equals(externName) && c.verdict() == ExternReport.Verdict.RESOLVED) {
                c = new ExternReport.Check(c.resolution(), ExternReport.Verdict.NOT_CHECKED, why);
            }
            checks.add(c);
        }
        return new ExternReport(List.copyOf(checks), r.kconfigImage(), r.log());
    }

    // ------------------------------------------------------------------ presentation

    static String cell(ExternReport.Verdict v) {
        return switch (v) {
            case RESOLVED -> "yes";
            case WEAK_UNRESOLVED -> "no";
            case FAILS_LOAD -> "FAIL";
            case NOT_CHECKED -> "?";
        };
    }

    private static String verdictText(ExternReport.Verdict v) {
        return switch (v) {
            case RESOLVED -> "resolved";
            case WEAK_UNRESOLVED -> "absent (weak: 0)";
            case FAILS_LOAD -> "FAILS LOAD";
            case NOT_CHECKED -> "not checked";
        };
    }

    /** Where a resolved extern points, or why it did not resolve. */
    private static String detail(ExternReport.Check c, byte[] kconfigImage) {
        if (c.verdict() != ExternReport.Verdict.RESOLVED) {
            return c.reason() == null ? "" : c.reason();
        }
        ResolvedExtern r = c.resolution();
        Extern e = c.ext();
        return switch (e.kind()) {
            case KFUNC, KSYM_VAR -> (r.module() == null ? "vmlinux" : "module " + r.module().name()) + " [" + r.kernelBtfId() + "]";
            case KSYM_TYPELESS -> "0x" + Long.toHexString(r.address());
            case KCONFIG -> "= " + kconfigValue(e, kconfigImage);
        };
    }

    /** The value the loader would write for a kconfig extern, read back from the .kconfig image (host order). */
    static String kconfigValue(Extern e, byte[] image) {
        Extern.Kconfig k = e.kconfig();
        if (image == null || k == null || k.offset() + k.size() > image.length) {
            return "?";
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.nativeOrder());
        return switch (k.type()) {
            case BOOL -> image[k.offset()] != 0 ? "y" : "n";
            case TRISTATE -> switch (b.getInt(k.offset())) {
                case 1 -> "y";
                case 2 -> "m";
                default -> "n";
            };
            case CHAR -> {
                int c = image[k.offset()] & 0xff;
                yield c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : Integer.toString(c);
            }
            case CHAR_ARR -> {
                int end = k.offset();
                while (end < k.offset() + k.size() && image[end] != 0) {
                    end++;
                }
                yield "\"" + new String(image, k.offset(), end - k.offset(), StandardCharsets.UTF_8) + "\"";
            }
            case INT -> {
                long v = switch (k.size()) {
                    case 1 -> k.signed() ? b.get(k.offset()) : b.get(k.offset()) & 0xffL;
                    case 2 -> k.signed() ? b.getShort(k.offset()) : b.getShort(k.offset()) & 0xffffL;
                    case 4 -> k.signed() ? b.getInt(k.offset()) : b.getInt(k.offset()) & 0xffffffffL;
                    default -> b.getLong(k.offset());
                };
                yield k.signed() || k.size() < 8 ? Long.toString(v) : Long.toUnsignedString(v);
            }
        };
    }

    /** The members of each flavor group that resolve on this kernel. */
    private static Map<String, List<String>> taken(FlavorGroups groups, ExternReport r) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        groups.groups().forEach((name, members) -> {
            List<String> t = new ArrayList<>();
            for (Extern e : members) {
                if (r.externs().get(e.index()).verdict() == ExternReport.Verdict.RESOLVED) {
                    t.add(e.name());
                }
            }
            out.put(name, t);
        });
        return out;
    }

    private static String takenText(List<String> t) {
        return t.isEmpty() ? "(none)" : String.join(", ", t);
    }

    private static String loadsText(BpfObject obj, Outcome o) {
        String l = o.loads(obj);
        return switch (l) {
            case "no" -> "NO (" + o.report().failures().size() + " failing)";
            case "unknown" -> "unknown (strong externs not checked)";
            case "error" -> "error";
            default -> "yes";
        };
    }

    private String single(BpfObject obj, Outcome o) {
        StringBuilder sb = new StringBuilder();
        sb.append(obj.source()).append(" on ").append(o.target().label());
        if (o.error() != null) {
            return sb.append(": ").append(o.error()).append('\n').toString();
        }
        ExternReport r = o.report();
        sb.append(": loads: ").append(loadsText(obj, o)).append('\n');
        if (o.target().configFile() != null) {
            sb.append("  config: ").append(o.target().configFile()).append('\n');
        }
        if (o.target().kallsymsFile() != null) {
            sb.append("  kallsyms: ").append(o.target().kallsymsFile()).append('\n');
        }
        if (r.externs().isEmpty()) {
            sb.append("\n(no externs)\n");
            return sb.toString();
        }
        Table t = new Table("extern", "kind", "binding", "verdict", "detail");
        for (ExternReport.Check c : r.externs()) {
            Extern e = c.ext();
            t.row(e.name(), InspectCommand.externKind(e), e.weak() ? "weak" : "strong", verdictText(c.verdict()),
                    detail(c, r.kconfigImage()));
        }
        sb.append('\n').append(t.render("  "));
        FlavorGroups groups = FlavorGroups.of(obj);
        if (!groups.isEmpty()) {
            sb.append("\nFlavor groups (the flavors this kernel takes)\n");
            taken(groups, r).forEach((name, tk) -> sb.append("  ").append(name).append(": ").append(takenText(tk)).append('\n'));
        }
        appendLog(sb, List.of(o));
        return sb.toString();
    }

    private String matrix(BpfObject obj, List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        FlavorGroups groups = FlavorGroups.of(obj);
        sb.append(obj.source()).append(" on ").append(outcomes.size()).append(" kernels in ").append(btf).append('\n');

        List<String> head = new ArrayList<>();
        head.add("kernel");
        head.addAll(groups.groups().keySet());
        head.add("loads");
        Table kernels = new Table(head.toArray(String[]::new));
        for (Outcome o : outcomes) {
            List<Object> row = new ArrayList<>();
            row.add(o.target().label());
            if (o.error() != null) {
                groups.groups().keySet().forEach(g -> row.add("?"));
            } else {
                taken(groups, o.report()).values().forEach(tk -> row.add(takenText(tk)));
            }
            row.add(loadsText(obj, o));
            kernels.row(row.toArray());
        }
        sb.append(groups.isEmpty() ? "\nKernels\n" : "\nKernels (per flavor group: the flavors each kernel takes)\n");
        sb.append(kernels.render("  "));

        if (!obj.externs().isEmpty()) {
            List<String> eh = new ArrayList<>(List.of("extern", "kind", "binding"));
            outcomes.forEach(o -> eh.add(o.target().label()));
            Table ext = new Table(eh.toArray(String[]::new));
            for (Extern e : obj.externs()) {
                List<Object> row = new ArrayList<>(List.of(e.name(), InspectCommand.externKind(e), e.weak() ? "weak" : "strong"));
                for (Outcome o : outcomes) {
                    row.add(o.error() != null ? "?" : cell(o.report().externs().get(e.index()).verdict()));
                }
                ext.row(row.toArray());
            }
            sb.append("\nExterns by kernel (yes: resolves; no: weak and absent, reads as 0; FAIL: the load fails; "
                    + "?: not checked)\n");
            sb.append(ext.render("  "));
        }

        List<String> problems = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.error() != null) {
                problems.add(o.target().label() + ": " + o.error());
                continue;
            }
            for (ExternReport.Check c : o.report().failures()) {
                problems.add(o.target().label() + ": " + c.reason());
            }
        }
        if (!problems.isEmpty()) {
            sb.append("\nWhy kernels fail\n");
            problems.forEach(p -> sb.append("  ").append(p).append('\n'));
        }
        if (verbose) {
            List<String> unchecked = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (o.report() != null) {
                    for (ExternReport.Check c : o.report().externs()) {
                        if (c.verdict() == ExternReport.Verdict.NOT_CHECKED) {
                            unchecked.add(o.target().label() + ": " + c.ext().name() + ": " + c.reason());
                        }
                    }
                }
            }
            if (!unchecked.isEmpty()) {
                sb.append("\nNot checked\n");
                unchecked.forEach(p -> sb.append("  ").append(p).append('\n'));
            }
        }
        appendLog(sb, outcomes);
        return sb.toString();
    }

    private void appendLog(StringBuilder sb, List<Outcome> outcomes) {
        if (!verbose) {
            return;
        }
        for (Outcome o : outcomes) {
            if (o.report() == null || o.report().log().isEmpty()) {
                continue;
            }
            sb.append("\nLog (").append(o.target().label()).append(")\n");
            o.report().log().forEach(l -> sb.append("  ").append(l).append('\n'));
        }
    }

    private static Map<String, Object> toJson(BpfObject obj, List<Outcome> outcomes) {
        FlavorGroups groups = FlavorGroups.of(obj);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("object", obj.source());
        List<Object> ks = new ArrayList<>();
        for (Outcome o : outcomes) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("kernel", o.target().label());
            k.put("btf", o.target().btfFile() == null ? null : o.target().btfFile().toString());
            k.put("config", o.target().configFile() == null ? null : o.target().configFile().toString());
            k.put("kallsyms", o.target().kallsymsFile() == null ? null : o.target().kallsymsFile().toString());
            k.put("loads", o.loads(obj));
            if (o.error() != null) {
                k.put("error", o.error());
                ks.add(k);
                continue;
            }
            List<Object> es = new ArrayList<>();
            for (ExternReport.Check c : o.report().externs()) {
                Extern e = c.ext();
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("name", e.name());
                j.put("essential_name", e.essentialName());
                j.put("kind", e.kind().name().toLowerCase());
                j.put("weak", e.weak());
                j.put("verdict", c.verdict().name().toLowerCase());
                ResolvedExtern r = c.resolution();
                if (c.verdict() == ExternReport.Verdict.RESOLVED) {
                    if (e.kind() == Extern.Kind.KFUNC || e.kind() == Extern.Kind.KSYM_VAR) {
                        j.put("kernel_btf_id", r.kernelBtfId());
                        j.put("module", r.module() == null ? null : r.module().name());
                    } else if (e.kind() == Extern.Kind.KSYM_TYPELESS) {
                        j.put("address", "0x" + Long.toHexString(r.address()));
                    } else {
                        j.put("value", kconfigValue(e, o.report().kconfigImage()));
                    }
                }
                j.put("reason", c.reason());
                es.add(j);
            }
            k.put("externs", es);
            List<Object> gs = new ArrayList<>();
            taken(groups, o.report()).forEach((name, tk) -> {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("essential_name", name);
                g.put("takes", tk);
                gs.add(g);
            });
            k.put("flavor_groups", gs);
            ks.add(k);
        }
        root.put("kernels", ks);
        return root;
    }
}
