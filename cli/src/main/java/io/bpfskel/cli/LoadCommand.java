package io.bpfskel.cli;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfMap;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.ExternStatus;
import io.bpfskel.LoadReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code bpfskel load}: loads an object with the runtime and renders its {@link LoadReport}. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load a BPF object into the running kernel (needs root or CAP_BPF), print how every extern "
                + "resolved (kfunc, ksym, kconfig) and the loaded programs' ids, then exit (the kernel unloads "
                + "everything with the process).",
                "The report's ESSENTIAL NAME is the name without its ___flavor suffix; only kfuncs are looked up by it.",
                "Exit status: 0 loaded, 1 load failed, 2 bad command line."})
final class LoadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OBJECT", description = "the BPF object (.bpf.o)")
    Path object;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--kconfig", paramLabel = "FILE", description = "kconfig lines (CONFIG_X=...) that take precedence "
            + "over the kernel's config")
    Path kconfig;

    @Option(names = "--btf", paramLabel = "FILE", description = "resolve kfuncs, ksyms and CO-RE against this BTF "
            + "(raw BTF or an ELF with .BTF) instead of /sys/kernel/btf/vmlinux and the loaded modules")
    Path btf;

    @Option(names = "--pin-root", paramLabel = "DIR", description = "bpffs directory for maps pinned by name "
            + "(LIBBPF_PIN_BY_NAME), created when missing (default /sys/fs/bpf). Pins this load makes are removed "
            + "before exit; existing compatible pins are reused and stay.")
    Path pinRoot;

    @Option(names = {"-v", "--verbose"}, description = "also print the loader's extern-resolution log (to stderr)")
    boolean verbose;

    @Option(names = "--no-autoload", paramLabel = "PROG", description = "do not load this program (repeatable), as "
            + "tools do with bpf_program__set_autoload(prog, false) for attach kinds the kernel lacks (fentry, kprobe, ...)")
    List<String> noAutoload = new ArrayList<>();

    @Option(names = "--max-entries", paramLabel = "MAP=N", description = "set a map's max_entries before load "
            + "(repeatable), as bpf_map__set_max_entries; for maps the object leaves to user space")
    Map<String, Integer> maxEntries = new LinkedHashMap<>();

    @Option(names = "--value-size", paramLabel = "MAP=N", description = "set a map's value_size before load "
            + "(repeatable), as bpf_map__set_value_size (e.g. a stack map: depth * 8)")
    Map<String, Integer> valueSizes = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String kconfigText = null;
        if (kconfig != null) {
            try {
                kconfigText = Files.readString(kconfig);
            } catch (IOException e) {
                throw new BpfskelCommand.UserError("cannot read the kconfig file " + kconfig + ": " + describe(e));
            }
        }
        if (btf != null && !Files.isReadable(btf)) {
            // Checked here because the loader reads target BTF only when an extern or CO-RE relocation needs it.
            throw new BpfskelCommand.UserError("cannot read the BTF file " + btf + ": "
                    + (Files.exists(btf) ? "permission denied" : "no such file"));
        }
        BpfOpenOptions.Builder b = BpfOpenOptions.builder().kconfig(kconfigText).targetBtf(btf);
        if (pinRoot != null) {
            b.pinRoot(pinRoot);
        }
        BpfOpenOptions options = b.build();
        LoadReport report;
        try (BpfCollection c = BpfCollection.open(object, options)) {
            try {
                noAutoload.forEach(p -> c.program(p).setAutoload(false));
                valueSizes.forEach((m, n) -> c.map(m).setValueSize(n));
                maxEntries.forEach((m, n) -> c.map(m).setMaxEntries(n));
            } catch (IllegalArgumentException | IllegalStateException e) {
                // unknown program or map (the message lists the object's), or a size the map cannot take
                throw new BpfskelCommand.UserError(e.getMessage());
            }
            c.load();
            report = c.report();
            // The help promises that nothing outlives the process: take back the pins this load made
            // (LIBBPF_PIN_BY_NAME maps); pins that were there before and were reused stay.
            for (String pin : report.pinned()) {
                BpfMap.unpin(Path.of(pin));
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        if (verbose) {
            report.log().forEach(line -> err.println("bpfskel: " + line));
        } else {
            report.warnings().forEach(w -> err.println("bpfskel: warning: " + w));
        }
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.write(toJson(report)) : text(report));
        out.flush();
        return 0;
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static String kind(ExternStatus e) {
        return e.kind().name().toLowerCase(Locale.ROOT);
    }

    private static String type(LoadReport.ProgramStatus p) {
        return p.type() == null ? null : p.type().name().toLowerCase(Locale.ROOT);
    }

    static String text(LoadReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("object: ").append(r.object()).append("\n\n");
        sb.append("externs (").append(r.externs().size()).append(")");
        if (r.externs().isEmpty()) {
            sb.append(": none\n");
        } else {
            sb.append(":\n");
            Table t = new Table("NAME", "ESSENTIAL NAME", "KIND", "WEAK", "RESOLVED", "KERNEL BTF ID", "MODULE", "FD_ARRAY", "REASON");
            for (ExternStatus e : r.externs()) {
                boolean btfSymbol = e.resolved() && e.kernelBtfId() != 0;
                t.row(e.name(), e.essentialName(), kind(e), yesNo(e.weak()), yesNo(e.resolved()),
                        btfSymbol ? e.kernelBtfId() : null,
                        btfSymbol ? (e.module() == null ? "vmlinux" : e.module()) : null,
                        btfSymbol && e.kind() == ExternStatus.Kind.KFUNC ? e.fdArrayIndex() : null,
                        e.reason());
            }
            sb.append(t.render("  "));
        }
        sb.append('\n');
        sb.append("programs (").append(r.programs().size()).append("):\n");
        Table t = new Table("NAME", "SECTION", "TYPE", "ID");
        for (LoadReport.ProgramStatus p : r.programs()) {
            t.row(p.name(), p.section(), p.type() == null ? "?" : type(p), p.loaded() ? p.id() : "not loaded (autoload off)");
        }
        sb.append(t.render("  "));
        return sb.toString();
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    static Map<String, Object> toJson(LoadReport r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("object", r.object());
        doc.put("externs", r.externs().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("essential_name", e.essentialName());
            m.put("kind", kind(e));
            m.put("weak", e.weak());
            m.put("resolved", e.resolved());
            m.put("kernel_btf_id", e.kernelBtfId());
            m.put("module", e.module());
            m.put("fd_array_index", e.fdArrayIndex());
            m.put("address", e.address() == 0 ? null : "0x" + Long.toHexString(e.address()));
            m.put("reason", e.reason());
            return m;
        }).toList());
        doc.put("programs", r.programs().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("section", p.section());
            m.put("type", type(p));
            m.put("loaded", p.loaded());
            m.put("id", p.loaded() ? p.id() : null);
            return m;
        }).toList());
        doc.put("warnings", r.warnings());
        return doc;
    }
}
