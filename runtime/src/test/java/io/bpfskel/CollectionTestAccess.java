package io.bpfskel;

import io.bpfskel.load.KernelEnvironment;
import io.bpfskel.object.BpfObject;

/** What tests in other packages may do with a collection that the public API does not offer. */
public final class CollectionTestAccess {
    private CollectionTestAccess() {}

    /** Loads against a given kernel environment instead of the running kernel (shared parsed BTF, fakes). */
    public static void load(BpfCollection c, KernelEnvironment kernel) {
        c.load(kernel);
    }

    /** The object model behind a collection: data section variables' offsets, types in its BTF. */
    public static BpfObject object(BpfCollection c) {
        return c.object();
    }

    /** The value a load prepared for registering a struct_ops map (the kernel layout, program fds in place). */
    public static byte[] registeredValue(BpfStructOps s) {
        return s.registration().value();
    }
}
