package io.bpfskel;

/**
 * The outcome of BPF_PROG_TEST_RUN.
 *
 * @param retval the program's return value (R0), as the kernel reports it
 * @param durationNs average run time per repetition
 * @param dataOut the packet after the program ran, empty when none was asked for
 * @param ctxOut the context after the program ran, empty when none was asked for
 */
public record TestRunResult(long retval, int durationNs, byte[] dataOut, byte[] ctxOut) {
    /** R0 as a C {@code int}. */
    public int retvalInt() {
        return (int) retval;
    }
}
