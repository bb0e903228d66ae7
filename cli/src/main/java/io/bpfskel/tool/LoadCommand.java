package io.bpfskel.tool;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfMap;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.BpfProgram;
import io.bpfskel.BpfVerifierException;
import io.bpfskel.ExternStatus;
import io.bpfskel.load.LiveKernel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Loads an object into the running kernel with the pure-Java loader, reports what each extern resolved to and
 * the programs' ids, then unloads it (maps pinned by name stay pinned).
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load a BPF object into the running kernel (needs root or CAP_BPF), print how every extern "
                + "resolved and the loaded programs' ids, then unload it.",
                "A verifier rejection prints the whole verifier log."})
final class LoadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OBJECT", description = "the BPF object (.bpf.o)")
    Path object;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--kconfig", paramLabel = "FILE", description = "kconfig values that take precedence over the kernel's config")
    Path kconfig;

    @Option(names = "--btf", paramLabel = "FILE", description = "BTF to use instead of the running kernel's (CO-RE and ksyms)")
    Path btf;

    @Option(names = "--pin-root", paramLabel = "DIR", description = "where maps with pinning by name are pinned")
    Path pinRoot;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BpfOpenOptions.Builder opts = BpfOpenOptions.builder().targetBtf(btf).pinRoot(pinRoot);
        if (kconfig != null) {
            try {
                opts.kconfig(LiveKernel.readMaybeGzip(kconfig));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --kconfig " + kconfig + ": " + e.getMessage(), e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (BpfCollection c = BpfCollection.open(object, opts.build())) {
            try {
                c.load();
            } catch (BpfVerifierException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("bpfskel load: " + e.getMessage());
                err.println("verifier log of program '" + e.program() + "':");
                err.println(e.log());
                err.flush();
                return 1;
            }
            out.print(json ? Json.write(toJson(c)) : text(c));
            out.flush();
        }
        return 0;
    }

    private static String externDetail(ExternStatus s) {
        if (!s.resolved()) {
            return s.reason() == null ? "" : s.reason();
        }
        return switch (s.kind()) {
            case KFUNC, KSYM_VAR -> (s.module() == null ? "vmlinux" : "module " + s.module()) + " [" + s.kernelBtfId() + "]";
            case KSYM_TYPELESS -> "0x" + Long.toHexString(s.address());
            case KCONFIG -> "set";
        };
    }

    private static String text(BpfCollection c) {
        StringBuilder sb = new StringBuilder();
        sb.append(c.spec().source()).append(": loaded ").append(c.programs().stream().filter(BpfProgram::isLoaded).count())
                .append(" program(s), ").append(c.maps().size()).append(" map(s)\n");
        if (!c.externs().isEmpty()) {
            Table t = new Table("extern", "kind", "binding", "resolved", "detail");
            for (ExternStatus s : c.externs()) {
                t.row(s.name(), InspectCommand.externKind(s.kind()), s.weak() ? "weak" : "strong",
                        s.resolved() ? "yes" : "no (0)", externDetail(s));
            }
            sb.append("\nExterns\n").append(t.render("  "));
        }
        Table p = new Table("program", "section", "type", "id");
        for (BpfProgram prog : c.programs()) {
            p.row(prog.name(), prog.sectionName(), prog.type().name(), prog.isLoaded() ? prog.id() : "not loaded (autoload off)");
        }
        sb.append("\nPrograms\n").append(p.render("  "));
        if (!c.maps().isEmpty()) {
            Table m = new Table("map", "type", "key", "value", "max_entries");
            for (BpfMap map : c.maps()) {
                m.row(map.name(), map.type() == null ? "?" : map.type().name(), map.keySize(), map.valueSize(),
                        Integer.toUnsignedString(map.maxEntries()));
            }
            sb.append("\nMaps\n").append(m.render("  "));
        }
        sb.append("\n(unloaded on exit)\n");
        return sb.toString();
    }

    private static Map<String, Object> toJson(BpfCollection c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("object", c.spec().source());
        List<Object> externs = new ArrayList<>();
        for (ExternStatus s : c.externs()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", s.name());
            j.put("essentialName", s.essentialName());
            j.put("kind", s.kind().name().toLowerCase());
            j.put("weak", s.weak());
            j.put("resolved", s.resolved());
            j.put("btfId", s.kernelBtfId());
            j.put("module", s.module());
            j.put("address", s.address() == 0 ? null : "0x" + Long.toHexString(s.address()));
            j.put("reason", s.reason());
            externs.add(j);
        }
        root.put("externs", externs);
        List<Object> progs = new ArrayList<>();
        for (BpfProgram p : c.programs()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", p.name());
            j.put("section", p.sectionName());
            j.put("type", p.type().name());
            j.put("loaded", p.isLoaded());
            j.put("id", p.isLoaded() ? p.id() : null);
            progs.add(j);
        }
        root.put("programs", progs);
        List<Object> maps = new ArrayList<>();
        for (BpfMap m : c.maps()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", m.name());
            j.put("type", m.type() == null ? null : m.type().name());
            maps.add(j);
        }
        root.put("maps", maps);
        return root;
    }
}
