package io.bpfskel.error;

/**
 * The running kernel lacks what was asked for: a program kind it refuses to load even in its simplest form
 * (fentry, lsm, ... on a kernel built without them), or an attach point it has no support for (kprobes on a
 * kernel without CONFIG_KPROBES). The message names the program, the feature, and how the kernel showed it
 * lacks it; the kernel's errno, when there was one, is the cause.
 */
public class BpfNotSupportedException extends BpfException {
    private final String feature;

    public BpfNotSupportedException(String feature, String message) {
        this(feature, message, null);
    }

    public BpfNotSupportedException(String feature, String message, Throwable cause) {
        super(message, cause);
        this.feature = feature;
    }

    /** What is missing, e.g. {@code "kprobe"}, {@code "fentry"}. */
    public String feature() {
        return feature;
    }
}
