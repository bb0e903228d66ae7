package io.bpfskel.core;

import io.bpfskel.error.BpfLoadException;

/**
 * A CO-RE relocation could not be applied and the load must fail, as libbpf fails it: a malformed access string,
 * candidates that disagree, an instruction that does not hold the value the compiler should have put there, an
 * offset too large for the instruction. (A field or type that is merely missing in the target is not an error:
 * the instruction is poisoned instead, see {@link CoreRelocationReport#poisoned()}.)
 */
public class CoreRelocationException extends BpfLoadException {
    private final String programName;
    private final int relocationIndex;
    private final CoreRelocation relocation;

    public CoreRelocationException(String message) {
        this(message, null, -1, null);
    }

    public CoreRelocationException(String message, String programName, int relocationIndex, CoreRelocation relocation) {
        super(message);
        this.programName = programName;
        this.relocationIndex = relocationIndex;
        this.relocation = relocation;
    }

    /** The program being relocated, or null. */
    public String programName() {
        return programName;
    }

    /** Position of the failing relocation in the list given to the engine, or -1. */
    public int relocationIndex() {
        return relocationIndex;
    }

    /** The failing relocation, or null. */
    public CoreRelocation relocation() {
        return relocation;
    }
}
