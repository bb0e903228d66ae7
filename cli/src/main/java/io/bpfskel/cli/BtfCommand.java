package io.bpfskel.cli;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfDump;
import io.bpfskel.btf.KernelBtf;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** BTF tools that otherwise need bpftool. */
@Command(name = "btf", mixinStandardHelpOptions = true, description = "BTF tools (no bpftool needed)",
        subcommands = {BtfCommand.Dump.class})
final class BtfCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (dump)");
    }

    enum Format { c, raw }

    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = {"Print BTF as a C header (vmlinux.h, the same as `bpftool btf dump file F format c`) or "
                    + "in bpftool's raw text format.",
                    "Default input: the running kernel's BTF (/sys/kernel/btf/vmlinux, else vmlinux files under /boot "
                            + "and /lib/modules)."})
    static final class Dump implements Runnable {
        @Option(names = "--file", paramLabel = "FILE",
                description = "BTF to dump: raw BTF, an ELF with .BTF (vmlinux, .bpf.o, .ko) or /sys/kernel/btf/MODULE")
        Path file;

        @Option(names = "--base", paramLabel = "FILE",
                description = "base BTF of a split BTF file (default for /sys/kernel/btf/MODULE: /sys/kernel/btf/vmlinux)")
        Path base;

        @Option(names = "--format", required = true, paramLabel = "c|raw", description = "c (vmlinux.h) or raw")
        Format format;

        @Option(names = "--unsorted", description = "c format: types in id order instead of bpftool's stable sorted order")
        boolean unsorted;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            Btf btf = load();
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.c) {
                out.print(BtfDump.toHeader(btf, !unsorted));
            } else {
                BtfRawFormat.write(btf, out);
            }
            out.flush();
        }

        private Btf load() {
            if (file == null) {
                if (base != null) {
                    throw new BpfskelCommand.UserError("--base needs --file");
                }
                return KernelBtf.loadVmlinux();
            }
            if (Files.isDirectory(file)) {
                throw new BpfskelCommand.UserError(file + ": is a directory; --file takes one BTF file");
            }
            if (!Files.exists(file)) {
                throw new BpfskelCommand.UserError(file + ": no such file");
            }
            Path b = base;
            Path abs = file.toAbsolutePath().normalize();
            if (b == null && abs.startsWith(KernelBtf.SYSFS_BTF_DIR) && !abs.equals(KernelBtf.SYSFS_VMLINUX)) {
                b = KernelBtf.SYSFS_VMLINUX;
            }
            return b == null ? KernelBtf.load(file) : KernelBtf.loadSplit(file, KernelBtf.load(b));
        }
    }
}
