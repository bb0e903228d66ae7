package io.bpfskel.error;

import java.util.stream.Collectors;

/**
 * A system call made on behalf of bpfskel failed.
 *
 * <p>Carries the command (e.g. {@code BPF_MAP_CREATE}, {@code perf_event_open}), the errno, what
 * was being done (e.g. {@code map 'counts'}) and, for program and BTF loads, the kernel's log.
 * Callers branch on {@link #errno()} against {@link Errno} constants.
 */
public final class BpfSyscallException extends BpfException {
    private static final long serialVersionUID = 1L;
    /** Verifier errors are at the end of the log; the message keeps only that part readable. */
    private static final int LOG_LINES_IN_MESSAGE = 40;

    private final String command;
    private final int errno;
    private final String context;
    private final String log;

    public BpfSyscallException(String command, int errno, String context) {
        this(command, errno, context, null, null);
    }

    /**
     * @param command the syscall or bpf command name
     * @param errno the positive errno value
     * @param context what was being done, e.g. {@code "program 'handle_exec'"}; may be null
     * @param detail an extra explanation appended to the message; may be null
     * @param log the verifier or BTF log; may be null
     */
    public BpfSyscallException(String command, int errno, String context, String detail, String log) {
        super(format(command, errno, context, detail, log), null, true);
        this.command = command;
        this.errno = errno;
        this.context = context;
        this.log = log == null || log.isEmpty() ? null : log;
    }

    public String command() {
        return command;
    }

    public int errno() {
        return errno;
    }

    /** Symbolic errno, e.g. {@code "ENOENT"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** What was being done when the call failed; may be null. */
    public String context() {
        return context;
    }

    /** The whole verifier or BTF log, or null when the kernel produced none. */
    public String log() {
        return log;
    }

    public boolean is(int errno) {
        return this.errno == errno;
    }

    private static String format(String command, int errno, String context, String detail, String log) {
        StringBuilder sb = new StringBuilder(command);
        if (context != null && !context.isEmpty()) {
            sb.append(" for ").append(context);
        }
        sb.append(" failed: ").append(Errno.name(errno))
                .append(" (errno ").append(errno).append(", ").append(Errno.description(errno)).append(')');
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        } else {
            String hint = hint(command, errno);
            if (hint != null) {
                sb.append(": ").append(hint);
            }
        }
        String head = oneLine(sb.toString());
        return log == null || log.isEmpty() ? head : head + '\n' + logTail(log);
    }

    private static String hint(String command, int errno) {
        switch (errno) {
            case Errno.EPERM:
                if (command.equals("BPF_MAP_UPDATE_ELEM") || command.equals("BPF_MAP_DELETE_ELEM")
                        || command.equals("BPF_MAP_UPDATE_BATCH") || command.equals("BPF_MAP_DELETE_BATCH")) {
                    return "the map is frozen or read-only for user space (BPF_F_RDONLY), "
                            + "or the process lacks CAP_BPF";
                }
                return "bpf() needs root or CAP_BPF (plus CAP_PERFMON for tracing programs and "
                        + "CAP_NET_ADMIN for networking programs); check also "
                        + "/proc/sys/kernel/unprivileged_bpf_disabled and the memlock rlimit on kernels < 5.11";
            case Errno.E2BIG:
                if (command.equals("BPF_MAP_UPDATE_ELEM") || command.equals("BPF_MAP_UPDATE_BATCH")) {
                    // Element updates never see unknown attribute fields: E2BIG is about the map's capacity.
                    return "the map is full (a hash map already holds max_entries keys, a queue or stack "
                            + "max_entries values) or the index is not below max_entries (array maps)";
                }
                if (command.equals("BPF_MAP_CREATE")) {
                    return "a size (key, value, max_entries) is above this kernel's limit, or the attribute has "
                            + "non-zero fields this kernel does not know (kernel too old?)";
                }
                return command.startsWith("BPF_")
                        ? "the attribute has non-zero fields this kernel does not know (kernel too old?) "
                                + "or the object is too large"
                        : null;
            case Errno.ENOTSUPP:
            case Errno.EOPNOTSUPP:
                return "not supported by this kernel, program type or attach point";
            case Errno.ENOSYS:
                return "the kernel was built without this system call (CONFIG_BPF_SYSCALL / CONFIG_PERF_EVENTS)";
            default:
                return null;
        }
    }

    private static String logTail(String log) {
        String trimmed = log.strip();
        int end = trimmed.length();
        int lines = 0;
        int cut = 0;
        for (int i = end - 1; i >= 0; i--) {
            if (trimmed.charAt(i) == '\n' && ++lines == LOG_LINES_IN_MESSAGE) {
                cut = i + 1;
                break;
            }
        }
        String header = cut == 0 ? "kernel log:\n" : "kernel log (last " + LOG_LINES_IN_MESSAGE
                + " lines, full log in log()):\n";
        // The kernel's lines stay lines; a name inside one (from the object's BTF) is escaped like any message.
        return header + trimmed.substring(cut).lines().map(BpfException::oneLine).collect(Collectors.joining("\n"));
    }
}
