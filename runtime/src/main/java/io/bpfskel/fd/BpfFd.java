package io.bpfskel.fd;

/**
 * A file descriptor of a kernel object bpfskel opened: a map, a program, a link, or a copy of one made with
 * {@link #dup()}. It is how a descriptor crosses the API, to be handed to other code ({@code bpf_obj_get}-style
 * interop, another library, a child process) or back to bpfskel ({@link io.bpfskel.link.ProgramRef#of}).
 *
 * <p>Only bpfskel implements this interface; its methods refuse descriptors from other implementations.
 *
 * <p>Ownership: the descriptors returned by {@code handle()} methods belong to their map or program and are closed
 * with it; closing one yourself makes the owner's later operations throw. {@link #dup()} returns a descriptor
 * the caller owns and must close. After close, every use throws {@link IllegalStateException}: bpfskel never
 * passes a closed descriptor's number to the kernel, where it might by then name an unrelated file.
 */
public interface BpfFd extends AutoCloseable {
    /**
     * The descriptor's number, for passing to code outside bpfskel while the descriptor is known to stay open
     * (its owner is not closed meanwhile). If another thread may close it, give that code a {@link #dup()}.
     *
     * @throws IllegalStateException when the descriptor is closed
     */
    int raw();

    boolean isClosed();

    /** A second descriptor for the same kernel object (close-on-exec), owned by the caller, who must close it. */
    BpfFd dup();

    /** Closes the descriptor once calls in flight on it have returned; idempotent. */
    @Override
    void close();
}
