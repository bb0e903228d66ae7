package io.bpfskel.sys;

/**
 * Outcome of BPF_PROG_TEST_RUN.
 *
 * @param retval the program's return value (r0, truncated to 32 bits)
 * @param durationNs average run time per repetition as measured by the kernel
 * @param dataOut output data, trimmed to what the kernel reported; empty when none was requested
 * @param ctxOut output context, trimmed likewise
 * @param ctxIn the input context as the kernel left it: syscall programs write their argument
 *     struct back there; null when no context was passed
 */
public record ProgTestRunResult(long retval, int durationNs, byte[] dataOut, byte[] ctxOut, byte[] ctxIn) {

    /** The return value as the signed 32-bit int the program computed. */
    public int retvalInt() {
        return (int) retval;
    }
}
