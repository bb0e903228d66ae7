package io.bpfskel.fleet;

/**
 * What a kernel would do with an object (or one program), predicted from its files: it loads, it fails, whether it
 * loads depends on something user space sets before loading, or the files cannot tell.
 */
public sealed interface Verdict {
    /** The word reports use: {@code loads}, {@code fails}, {@code depends on user space}, {@code unknown}. */
    String word();

    /** The reason, or "" for {@link Loads}. */
    String reason();

    /** {@code loads}, or {@code <word>: <reason>}. */
    default String text() {
        return reason().isEmpty() ? word() : word() + ": " + reason();
    }

    /** Severity for combining verdicts: the worst one of an object's programs is the object's. */
    int rank();

    record Loads() implements Verdict {
        public String word() { return "loads"; }
        public String reason() { return ""; }
        public int rank() { return 0; }
    }

    record Unknown(String reason) implements Verdict {
        public String word() { return "unknown"; }
        public int rank() { return 1; }
    }

    record DependsOnUserSpace(String reason) implements Verdict {
        public String word() { return "depends on user space"; }
        public int rank() { return 2; }
    }

    record Fails(String reason) implements Verdict {
        public String word() { return "fails"; }
        public int rank() { return 3; }
    }
}
