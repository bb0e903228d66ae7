package io.bpfskel.core;

/** Internal: a CO-RE step failed (libbpf's negative errno); turned into a {@link CoreRelocationException} with context. */
final class CoreFailure extends RuntimeException {
    CoreFailure(String message) {
        super(message, null, false, false);
    }
}
