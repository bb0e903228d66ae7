package io.bpfskel.cli;

import io.bpfskel.error.BpfException;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code bpfskel} developer tool: look into BPF objects, check them against kernels, load them, generate
 * skeleton source and vmlinux.h, without bpftool or libbpf.
 */
@Command(name = "bpfskel", mixinStandardHelpOptions = true, versionProvider = BpfskelCommand.Version.class,
        description = "Inspect, check, load and generate code for BPF objects (pure Java; no libbpf or bpftool needed).",
        subcommands = {InspectCommand.class, ResolveCommand.class, CheckCommand.class, LoadCommand.class, GenCommand.class,
                BtfCommand.class, UsdtCommand.class, CommandLine.HelpCommand.class})
public final class BpfskelCommand implements Runnable {
    /** Exit code of {@code resolve} when some kernel would refuse the object. */
    public static final int EXIT_WOULD_FAIL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /**
     * The configured command line: problems with the input (a bad object, a missing file, a kernel refusal)
     * print one message, {@code bpfskel: <what went wrong>}, and exit 1; a bug prints its stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BpfskelCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof BpfException || ex instanceof UncheckedIOException || ex instanceof IllegalArgumentException
                    || ex instanceof java.io.IOException || ex instanceof UserError) {
                cmd.getErr().println("bpfskel " + cmd.getCommandName() + ": " + ex.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            throw ex;
        });
        return cl;
    }

    /** A problem the user can fix, reported without a stack trace. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BpfskelCommand.class.getPackage().getImplementationVersion();
            return new String[] {"bpfskel " + (v != null ? v : "(development build)")};
        }
    }
}
