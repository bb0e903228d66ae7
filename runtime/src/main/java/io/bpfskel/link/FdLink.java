package io.bpfskel.link;

import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.BpfFs;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.LinkInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A kernel BPF link: detached when its last fd closes and no pin holds it. */
class FdLink extends AbstractLink {
    private final Fd fd;
    private Path pinned;

    FdLink(AttachKind kind, String program, String target, Fd fd, List<Runnable> cleanup) {
        super(kind, program, target, cleanup);
        this.fd = fd;
    }

    /** The link's fd, owned by this link. */
    Fd fd() {
        return fd;
    }

    @Override
    void detach() {
        fd.close();
    }

    @Override
    public boolean isKernelLink() {
        return true;
    }

    @Override
    public Info info() {
        checkOpen("read link info");
        LinkInfo i = Bpf.linkInfo(fd, "link of " + what());
        return new Info(kind(), program(), target(), i.id(), i.type(), i.progId());
    }

    @Override
    public synchronized void pin(Path path) {
        checkOpen("pin");
        BpfFs.pin(fd, path, "link of " + what());
        pinned = path;
    }

    @Override
    public synchronized void unpin() {
        if (pinned == null) {
            return;
        }
        BpfFs.unpin(pinned, "link of " + what());
        pinned = null;
    }

    synchronized void pinnedAt(Path path) {
        pinned = path;
    }

    @Override
    public synchronized Optional<Path> pinnedPath() {
        return Optional.ofNullable(pinned);
    }
}
