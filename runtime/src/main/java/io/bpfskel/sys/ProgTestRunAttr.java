package io.bpfskel.sys;

import io.bpfskel.uapi.BpfCommand;

/**
 * BPF_PROG_TEST_RUN (BPF_PROG_RUN) attributes.
 *
 * @param dataIn packet or input data; null for none
 * @param dataSizeOut capacity for output data; 0 for none
 * @param ctxIn context passed to the program (for syscall programs: its argument struct)
 * @param ctxSizeOut capacity for the output context; 0 for none
 * @param flags BPF_F_TEST_RUN_ON_CPU, BPF_F_TEST_XDP_LIVE_FRAMES, ...
 * @param cpu CPU to run on with BPF_F_TEST_RUN_ON_CPU
 * @param batchSize XDP live-frames batch size
 */
public record ProgTestRunAttr(Fd prog, byte[] dataIn, int dataSizeOut, byte[] ctxIn, int ctxSizeOut, int repeat,
        int flags, int cpu, int batchSize) {

    static final int PROG_FD = 0;
    static final int RETVAL = 4;
    static final int DATA_SIZE_IN = 8;
    /** In: capacity of data_out. Out: size of the output (ENOSPC if it did not fit). */
    static final int DATA_SIZE_OUT = 12;
    static final int DATA_IN = 16;
    static final int DATA_OUT = 24;
    static final int REPEAT = 32;
    static final int DURATION = 36;
    static final int CTX_SIZE_IN = 40;
    static final int CTX_SIZE_OUT = 44;
    static final int CTX_IN = 48;
    static final int CTX_OUT = 56;
    static final int FLAGS = 64;
    static final int CPU = 68;
    static final int BATCH_SIZE = 72;
    static final int SIZE = 80;

    /** A single run with no data and no context, as used for syscall programs. */
    public static ProgTestRunAttr of(Fd prog) {
        return new ProgTestRunAttr(prog, null, 0, null, 0, 0, 0, 0, 0);
    }

    /** A single run with the given context and no data. */
    public static ProgTestRunAttr withContext(Fd prog, byte[] ctxIn) {
        return new ProgTestRunAttr(prog, null, 0, ctxIn, 0, 0, 0, 0, 0);
    }

    /** Encodes and returns the addresses of the in and out buffers: {dataIn, dataOut, ctxIn, ctxOut}. */
    long[] encode(NativeMemory p, NativeScope scope, String context) {
        long dIn = scope.copyOf(dataIn);
        long dOut = scope.buffer(dataSizeOut);
        long cIn = scope.copyOf(ctxIn);
        long cOut = scope.buffer(ctxSizeOut);
        Structs.fd(p, PROG_FD, prog, scope, BpfCommand.PROG_TEST_RUN.uapiName(), context);
        Structs.u32(p, DATA_SIZE_IN, dataIn == null ? 0 : dataIn.length);
        Structs.u32(p, DATA_SIZE_OUT, dataSizeOut);
        Structs.u64(p, DATA_IN, dIn);
        Structs.u64(p, DATA_OUT, dOut);
        Structs.u32(p, REPEAT, repeat);
        Structs.u32(p, CTX_SIZE_IN, ctxIn == null ? 0 : ctxIn.length);
        Structs.u32(p, CTX_SIZE_OUT, ctxSizeOut);
        Structs.u64(p, CTX_IN, cIn);
        Structs.u64(p, CTX_OUT, cOut);
        Structs.u32(p, FLAGS, flags);
        Structs.u32(p, CPU, cpu);
        Structs.u32(p, BATCH_SIZE, batchSize);
        return new long[] {dIn, dOut, cIn, cOut};
    }
}
