package io.bpfskel.link;

import io.bpfskel.error.BpfException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One program attached at several places at once (a perf event on each CPU, a USDT probe's sites on a kernel
 * without uprobe.multi links), closed together.
 */
public final class LinkGroup extends AbstractLink {
    private final List<BpfLink> members;

    LinkGroup(AttachKind kind, String program, String target, List<BpfLink> members) {
        this(kind, program, target, members, List.of());
    }

    /** @param cleanup run after every member is closed (USDT: release the spec ids the members used) */
    LinkGroup(AttachKind kind, String program, String target, List<BpfLink> members, List<Runnable> cleanup) {
        super(kind, program, target, cleanup);
        this.members = List.copyOf(members);
    }

    /** The links this group consists of, e.g. one per CPU. */
    public List<BpfLink> members() {
        return members;
    }

    @Override
    void detach() {
        runAll(members.stream().<Runnable>map(l -> l::close).toList());
    }

    @Override
    public boolean isKernelLink() {
        return false;
    }

    /** Link id and type are those of the first member; see {@link #members()} for the others. */
    @Override
    public Info info() {
        checkOpen("read link info");
        Info first = members.get(0).info();
        return new Info(kind(), program(), target(), first.linkId(), first.linkType(), first.programId());
    }

    @Override
    public void pin(Path path) {
        throw new BpfException("cannot pin " + what() + " at " + path + ": it is a group of " + members.size()
                + " attachments; pin its members() one by one");
    }

    @Override
    public void unpin() {
    }

    @Override
    public Optional<Path> pinnedPath() {
        return Optional.empty();
    }
}
