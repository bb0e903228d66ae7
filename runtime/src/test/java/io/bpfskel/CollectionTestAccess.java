package io.bpfskel;

import io.bpfskel.load.KernelEnvironment;

/** What tests in other packages may do with a collection that the public API does not offer. */
public final class CollectionTestAccess {
    private CollectionTestAccess() {}

    /** Loads against a given kernel environment instead of the running kernel (shared parsed BTF, fakes). */
    public static void load(BpfCollection c, KernelEnvironment kernel) {
        c.load(kernel);
    }
}
