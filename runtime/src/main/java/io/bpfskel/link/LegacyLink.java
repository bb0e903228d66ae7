package io.bpfskel.link;

import io.bpfskel.error.BpfException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An attachment that is not a kernel BPF link (perf event + ioctl, socket option): no id, cannot be pinned.
 */
final class LegacyLink extends AbstractLink {
    private final String mechanism;
    private final int programId;
    private final Runnable detach;

    /**
     * @param mechanism how it was attached, for messages (e.g. {@code "PERF_EVENT_IOC_SET_BPF"})
     */
    LegacyLink(AttachKind kind, String program, String target, String mechanism, int programId, Runnable detach,
            List<Runnable> cleanup) {
        super(kind, program, target, cleanup);
        this.mechanism = mechanism;
        this.programId = programId;
        this.detach = detach;
    }

    @Override
    void detach() {
        detach.run();
    }

    @Override
    public boolean isKernelLink() {
        return false;
    }

    @Override
    public Info info() {
        checkOpen("read link info");
        return new Info(kind(), program(), target(), 0, 0, programId);
    }

    @Override
    public void pin(Path path) {
        throw new BpfException("cannot pin " + what() + " at " + path + ": it is attached with " + mechanism
                + ", not a BPF link (attach with a BPF link, e.g. ProbeAttachMode.LINK, to pin it)");
    }

    @Override
    public void unpin() {
    }

    @Override
    public Optional<Path> pinnedPath() {
        return Optional.empty();
    }
}
