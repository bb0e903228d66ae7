package io.bpfskel.cli;

import io.bpfskel.error.BpfException;
import io.bpfskel.link.UprobeTarget;
import io.bpfskel.usdt.ProcessMaps;
import io.bpfskel.usdt.UsdtArg;
import io.bpfskel.usdt.UsdtNotes;
import io.bpfskel.usdt.UsdtProbe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The USDT probes ({@code .note.stapsdt}) of a binary, or of everything a process has mapped. */
@Command(name = "usdt", mixinStandardHelpOptions = true,
        description = "List the USDT probes (.note.stapsdt) of an executable or shared library, or with --pid of "
                + "every binary and library a process has mapped: provider, name, address, file offset, semaphore "
                + "and arguments. Reads files only.")
final class UsdtCommand implements Runnable {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH",
            description = "executable or shared library; a name without '/' is looked up like a uprobe target "
                    + "(or, with --pid, among the process's mappings)")
    String path;

    @Option(names = "--pid", paramLabel = "PID", description = "list the binaries the process has mapped")
    Integer pid;

    @Option(names = {"-p", "--provider"}, description = "only probes of this provider")
    String provider;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (path == null && pid == null) {
            throw new BpfskelCommand.UserError("give a PATH, a --pid, or both");
        }
        Map<String, List<UsdtProbe>> byBinary = new LinkedHashMap<>();
        if (pid != null) {
            ProcessMaps maps = ProcessMaps.of(pid);
            List<String> files = maps.executableFiles();
            if (path != null) {
                String wanted = path.indexOf('/') >= 0 ? path : maps.find(path).orElseThrow(() -> new BpfskelCommand.UserError(
                        "process " + pid + " has no mapping of '" + path + "'"));
                files = List.of(wanted);
            }
            for (String f : files) {
                try {
                    byBinary.put(f, UsdtNotes.read(maps.accessible(f)));
                } catch (BpfException e) {
                    // Mapped non-ELF files (e.g. the JDK's modules image) and vanished files have no probes.
                    if (path != null) {
                        throw e;
                    }
                }
            }
        } else {
            Path p = UprobeTarget.resolveBinary(path);
            byBinary.put(p.toString(), UsdtNotes.read(p));
        }
        if (provider != null) {
            byBinary.replaceAll((k, v) -> v.stream().filter(p -> p.provider().equals(provider)).toList());
        }
        byBinary.values().removeIf(List::isEmpty);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.write(toJson(byBinary)) : text(byBinary));
        out.flush();
    }

    private String text(Map<String, List<UsdtProbe>> byBinary) {
        if (byBinary.isEmpty()) {
            return "no USDT probes\n";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<UsdtProbe>> e : byBinary.entrySet()) {
            List<UsdtProbe> probes = e.getValue();
            long withSema = probes.stream().filter(UsdtProbe::hasSemaphore).count();
            sb.append(e.getKey()).append(": ").append(probes.size()).append(probes.size() == 1 ? " probe" : " probes")
                    .append(withSema > 0 ? ", " + withSema + " with a semaphore" : "").append('\n');
            Table t = new Table("PROVIDER", "NAME", "ADDRESS", "OFFSET", "SEMAPHORE", "ARGS");
            for (UsdtProbe p : probes) {
                t.row(p.provider(), p.name(), hex(p.address()), hex(p.fileOffset()),
                        p.hasSemaphore() ? hex(p.semaphoreAddress()) : "-", args(p));
            }
            sb.append(t.render("  "));
        }
        return sb.toString();
    }

    private static String args(UsdtProbe p) {
        if (p.argsError() != null) {
            return p.argsText() + "  (unreadable: " + p.argsError() + ")";
        }
        return p.args().stream().map(UsdtArg::describe).collect(Collectors.joining(", "));
    }

    private static Object toJson(Map<String, List<UsdtProbe>> byBinary) {
        List<Object> binaries = new ArrayList<>();
        byBinary.forEach((binary, probes) -> {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("binary", binary);
            List<Object> list = new ArrayList<>();
            for (UsdtProbe p : probes) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("provider", p.provider());
                m.put("name", p.name());
                m.put("address", p.address());
                m.put("file_offset", p.fileOffset());
                m.put("semaphore", p.hasSemaphore() ? p.semaphoreAddress() : null);
                m.put("semaphore_offset", p.hasSemaphore() ? p.semaphoreOffset() : null);
                m.put("args_spec", p.argsText());
                if (p.argsError() != null) {
                    m.put("args_error", p.argsError());
                }
                List<Object> args = new ArrayList<>();
                for (UsdtArg a : p.args()) {
                    Map<String, Object> am = new LinkedHashMap<>();
                    am.put("spec", a.text());
                    am.put("size", a.size());
                    am.put("signed", a.signed());
                    am.put("kind", a.kind().name().toLowerCase(java.util.Locale.ROOT));
                    am.put("location", a.describe().substring(a.describe().indexOf(' ') + 1));
                    args.add(am);
                }
                m.put("args", args);
                list.add(m);
            }
            b.put("probes", list);
            binaries.add(b);
        });
        return binaries;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
