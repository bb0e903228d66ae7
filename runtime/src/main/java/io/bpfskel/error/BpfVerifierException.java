package io.bpfskel.error;

import java.util.Arrays;
import java.util.List;

/**
 * The kernel refused a program. The message names the object and program, the errno and the last lines of the
 * verifier log; {@link #log()} has all of it, with libbpf's rewrites applied (an unresolved kfunc call shows as
 * {@code kfunc 'X' is referenced but wasn't resolved}).
 */
public class BpfVerifierException extends BpfLoadException {
    private static final int TAIL_LINES = 12;

    private final String program;
    private final int errno;
    private final String errnoName;
    private final String log;

    public BpfVerifierException(String object, String program, int errno, String errnoName, String log) {
        this(object, program, null, errno, errnoName, log);
    }

    /**
     * @param role what the program is for, named after the program in the message (e.g. {@code member 'cong_avoid' of
     *     struct_ops map 'cc'}); null for none
     */
    public BpfVerifierException(String object, String program, String role, int errno, String errnoName, String log) {
        super(oneLine(object + ": program '" + program + "'" + (role == null ? "" : " (" + role + ")")
                + " was rejected by the kernel: " + errnoName + " (errno " + errno + ")")
                + (log == null || log.isBlank() ? " (no verifier log)" : "\nverifier log (last lines):\n" + tail(log)), true);
        this.program = program;
        this.errno = errno;
        this.errnoName = errnoName;
        this.log = log == null ? "" : log;
    }

    public String program() {
        return program;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return errnoName;
    }

    /** The whole verifier log. */
    public String log() {
        return log;
    }

    static String tail(String log) {
        List<String> lines = Arrays.asList(log.strip().split("\n"));
        List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        // The kernel's lines stay lines; what is inside one (a BTF name from the object) is escaped like any message.
        return (lines.size() > TAIL_LINES ? "  ...\n" : "") + "  "
                + String.join("\n  ", tail.stream().map(BpfException::oneLine).toList());
    }
}
