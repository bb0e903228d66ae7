package io.bpfskel.tool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bpfskel load}: the runtime's own load command ({@link io.bpfskel.cli.LoadCommand}, also
 * {@code java -jar bpfskel-runtime-*-all.jar load}), behind this tool's option parsing and help.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load a BPF object into the running kernel (needs root or CAP_BPF), print how every extern "
                + "resolved (kfunc, ksym, kconfig) and the loaded programs' ids, then exit (the kernel unloads "
                + "everything with the process).",
                "Exit status: 0 loaded, 1 load failed, 3 internal error."})
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

    @Option(names = {"-v", "--verbose"}, description = "also print the loader's extern-resolution log (to stderr)")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of("load"));
        if (json) {
            args.add("--json");
        }
        if (verbose) {
            args.add("--verbose");
        }
        if (kconfig != null) {
            args.add("--kconfig");
            args.add(kconfig.toString());
        }
        if (btf != null) {
            args.add("--btf");
            args.add(btf.toString());
        }
        args.add("--");
        args.add(object.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = io.bpfskel.cli.LoadCommand.run(args.toArray(String[]::new), o, e);
        }
        spec.commandLine().getOut().print(out.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().print(err.toString(StandardCharsets.UTF_8));
        spec.commandLine().getErr().flush();
        return status;
    }
}
