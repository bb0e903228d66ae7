package io.bpfskel.cli;

import io.bpfskel.BpfCollection;
import io.bpfskel.BpfException;
import io.bpfskel.BpfOpenOptions;
import io.bpfskel.BpfProgram;
import io.bpfskel.ExternStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar bpfskel-runtime-VERSION-all.jar load OBJ.bpf.o [--json] [--kconfig FILE] [--btf FILE] [--verbose]}:
 * loads every autoload program of a BPF object into the running kernel with bpfskel's loader, prints how each extern
 * was resolved and each program's id, then exits (the kernel unloads everything with the process). On failure it
 * prints the error, not a stack trace, and exits non-zero.
 *
 * <p>The argument parser is hand-written: the runtime depends on JNA only.
 */
public final class LoadCommand {
    public static final int EXIT_OK = 0;
    /** The object could not be read or loaded. */
    public static final int EXIT_FAILED = 1;
    /** Bad command line. */
    public static final int EXIT_USAGE = 2;
    /** A bug: an exception that is not one of bpfskel's errors. */
    public static final int EXIT_INTERNAL = 3;

    static final String USAGE = String.join("\n",
            "usage: java -jar bpfskel-runtime.jar load OBJECT.bpf.o [options]",
            "",
            "Loads every autoload program of OBJECT into the running kernel (needs root or CAP_BPF), prints how",
            "each extern (kfunc, ksym, kconfig) was resolved and the id of each program, and exits.",
            "",
            "options:",
            "  --json           print the report as JSON",
            "  --kconfig FILE   kconfig lines (CONFIG_X=...) that take precedence over the kernel's config",
            "  --btf FILE       resolve kfuncs, ksyms and CO-RE against this BTF (raw BTF or an ELF with .BTF)",
            "                   instead of /sys/kernel/btf/vmlinux and the loaded modules",
            "  --verbose, -v    also print the loader's extern-resolution log (to stderr)",
            "  --help, -h       print this help",
            "",
            "The report's ESSENTIAL NAME is the name without its ___flavor suffix; only kfuncs are looked up by it.",
            "exit status: 0 loaded, 1 load failed, 2 bad command line, 3 internal error",
            "");

    private LoadCommand() {}

    /** The parsed command line. */
    record Options(Path object, boolean json, Path kconfig, Path btf, boolean verbose, boolean help) {}

    /** A command-line problem, reported with the usage text. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs the command and returns its exit status; what it prints goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o;
        try {
            o = parse(args);
        } catch (UsageException e) {
            err.println("bpfskel: " + e.getMessage());
            err.print(USAGE);
            return EXIT_USAGE;
        }
        if (o.help()) {
            out.print(USAGE);
            return EXIT_OK;
        }
        try {
            return load(o, out, err);
        } catch (BpfException e) {
            err.println("bpfskel: " + e.getMessage());
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            err.println("bpfskel: internal error: " + e);
            return EXIT_INTERNAL;
        }
    }

    static Options parse(String[] args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("missing command");
        }
        if (args[0].equals("-h") || args[0].equals("--help")) {
            return new Options(null, false, null, null, false, true);
        }
        if (!args[0].equals("load")) {
            throw new UsageException("unknown command '" + args[0] + "' (the only command is 'load')");
        }
        Path object = null;
        boolean json = false;
        boolean verbose = false;
        Path kconfig = null;
        Path btf = null;
        boolean options = true;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (options && a.equals("--")) {
                options = false;
                continue;
            }
            if (options && a.startsWith("-") && a.length() > 1) {
                int eq = a.indexOf('=');
                String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
                String inline = a.startsWith("--") && eq > 0 ? a.substring(eq + 1) : null;
                switch (name) {
                    case "--json" -> json = flag(name, inline);
                    case "--verbose", "-v" -> verbose = flag(name, inline);
                    case "--help", "-h" -> {
                        flag(name, inline);
                        return new Options(null, false, null, null, false, true);
                    }
                    case "--kconfig", "--btf" -> {
                        String v = inline;
                        if (v == null) {
                            if (i + 1 >= args.length) {
                                throw new UsageException(name + " needs a file");
                            }
                            v = args[++i];
                        }
                        if (v.isEmpty()) {
                            throw new UsageException(name + " needs a file");
                        }
                        if (name.equals("--kconfig")) {
                            kconfig = path(name, v);
                        } else {
                            btf = path(name, v);
                        }
                    }
                    default -> throw new UsageException("unknown option '" + name + "'");
                }
                continue;
            }
            if (object != null) {
                throw new UsageException("one object at a time: '" + object + "' and '" + a + "'");
            }
            object = path("object", a);
        }
        if (object == null) {
            throw new UsageException("load: missing the object file");
        }
        return new Options(object, json, kconfig, btf, verbose, false);
    }

    private static Path path(String what, String v) throws UsageException {
        try {
            return Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException(what + ": not a valid path: " + e.getMessage());
        }
    }

    private static boolean flag(String name, String inline) throws UsageException {
        if (inline != null) {
            throw new UsageException(name + " takes no value");
        }
        return true;
    }

    private static int load(Options o, PrintStream out, PrintStream err) {
        String kconfig = null;
        if (o.kconfig() != null) {
            try {
                kconfig = Files.readString(o.kconfig());
            } catch (IOException e) {
                throw new BpfException("cannot read the kconfig file " + o.kconfig() + ": " + describe(e));
            }
        }
        if (o.btf() != null && !Files.isReadable(o.btf())) {
            // Checked here because the loader reads target BTF only when an extern or CO-RE relocation needs it.
            throw new BpfException("cannot read the BTF file " + o.btf() + ": " + (Files.exists(o.btf()) ? "permission denied" : "no such file"));
        }
        BpfOpenOptions opts = BpfOpenOptions.builder().kconfig(kconfig).targetBtf(o.btf()).build();
        try (BpfCollection c = BpfCollection.open(o.object(), opts)) {
            c.load();
            List<String> log = c.loaded().externs().log();
            List<String> warnings = new ArrayList<>();
            for (String line : log) {
                if (line.startsWith("warning: ")) {
                    warnings.add(line.substring("warning: ".length()));
                }
            }
            if (o.verbose()) {
                log.forEach(line -> err.println("bpfskel: " + line));
            } else {
                warnings.forEach(w -> err.println("bpfskel: warning: " + w));
            }
            out.print(o.json() ? json(o.object(), c, warnings) : table(o.object(), c));
            return EXIT_OK;
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    static String kind(ExternStatus e) {
        return e.kind().name().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- text

    static String table(Path object, BpfCollection c) {
        StringBuilder sb = new StringBuilder();
        sb.append("object: ").append(object).append("\n\n");
        List<ExternStatus> externs = c.externs();
        sb.append("externs (").append(externs.size()).append(")");
        if (externs.isEmpty()) {
            sb.append(": none\n");
        } else {
            sb.append(":\n");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "ESSENTIAL NAME", "KIND", "WEAK", "RESOLVED", "KERNEL BTF ID", "MODULE", "FD_ARRAY", "REASON"});
            for (ExternStatus e : externs) {
                boolean btfSymbol = e.resolved() && e.kernelBtfId() != 0;
                rows.add(new String[] {e.name(), e.essentialName(), kind(e), yesNo(e.weak()), yesNo(e.resolved()),
                        btfSymbol ? Integer.toString(e.kernelBtfId()) : "-",
                        btfSymbol ? (e.module() == null ? "vmlinux" : e.module()) : "-",
                        btfSymbol && e.kind() == io.bpfskel.object.Extern.Kind.KFUNC ? Integer.toString(e.fdArrayIndex()) : "-",
                        e.reason() == null ? "-" : e.reason()});
            }
            appendTable(sb, rows);
        }
        sb.append('\n');
        List<BpfProgram> programs = c.programs();
        sb.append("programs (").append(programs.size()).append("):\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "SECTION", "TYPE", "ID"});
        for (BpfProgram p : programs) {
            rows.add(new String[] {p.name(), p.sectionName(), p.type() == null ? "?" : p.type().name().toLowerCase(Locale.ROOT),
                    p.isLoaded() ? Integer.toString(p.id()) : "not loaded (autoload off)"});
        }
        appendTable(sb, rows);
        return sb.toString();
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    /** Left-aligned columns two spaces apart; the last column is not padded (reasons can be long). */
    private static void appendTable(StringBuilder sb, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < cols; i++) {
                line.append(r[i]);
                if (i < cols - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    // ---------------------------------------------------------------- JSON

    static String json(Path object, BpfCollection c, List<String> warnings) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("object").value(object.toString());
        w.name("externs").beginArray();
        for (ExternStatus e : c.externs()) {
            w.beginObject()
                    .name("name").value(e.name())
                    .name("essential_name").value(e.essentialName())
                    .name("kind").value(kind(e))
                    .name("weak").value(e.weak())
                    .name("resolved").value(e.resolved())
                    .name("kernel_btf_id").value(e.kernelBtfId())
                    .name("module").value(e.module())
                    .name("fd_array_index").value(e.fdArrayIndex())
                    .name("address").value(e.address() == 0 ? null : "0x" + Long.toHexString(e.address()))
                    .name("reason").value(e.reason())
                    .endObject();
        }
        w.endArray();
        w.name("programs").beginArray();
        for (BpfProgram p : c.programs()) {
            w.beginObject()
                    .name("name").value(p.name())
                    .name("section").value(p.sectionName())
                    .name("type").value(p.type() == null ? null : p.type().name().toLowerCase(Locale.ROOT))
                    .name("loaded").value(p.isLoaded());
            w.name("id");
            if (p.isLoaded()) {
                w.value(p.id());
            } else {
                w.nullValue();
            }
            w.endObject();
        }
        w.endArray();
        w.name("warnings").beginArray();
        warnings.forEach(w::value);
        w.endArray();
        w.endObject();
        return w + "\n";
    }
}
