package io.bpfskel.link;

import io.bpfskel.uapi.LinkType;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A program attached somewhere; closing it detaches the program (unless the link is pinned, which keeps a kernel
 * link alive until the pin is removed).
 *
 * <p>Most attachments are kernel BPF links ({@code BPF_LINK_CREATE}, {@code BPF_RAW_TRACEPOINT_OPEN}); the
 * rest (a perf event with {@code PERF_EVENT_IOC_SET_BPF}, a socket filter) are legacy attachments behind the same
 * interface: they cannot be pinned and have no kernel link id. {@link #close()} is idempotent.
 */
public interface BpfLink extends AutoCloseable {

    AttachKind kind();

    /** The attached program's name. */
    String program();

    /** Where the program is attached, e.g. {@code tracepoint syscalls/sys_enter_getpid}. */
    String target();

    /** Link id, type and program id; for kernel links read from the kernel. */
    Info info();

    /** True for a kernel BPF link (pinnable, with an id); false for a legacy attachment. */
    boolean isKernelLink();

    /**
     * Pins the link at {@code path} on a bpf filesystem: the program then stays attached after {@link #close()}
     * until the pin is removed ({@link #unpin()}, or deleting the file).
     *
     * @throws io.bpfskel.error.BpfException for legacy attachments, which are not kernel objects
     */
    void pin(Path path);

    /** Removes the pin made by {@link #pin} (or the one this link was opened from); no-op when not pinned. */
    void unpin();

    Optional<Path> pinnedPath();

    boolean isClosed();

    /** Detaches the program (a pinned link stays attached) and releases every descriptor. Idempotent. */
    @Override
    void close();

    /**
     * @param linkId the kernel's link id; 0 for legacy attachments
     * @param linkType {@code enum bpf_link_type} ({@link LinkType}); 0 (UNSPEC) for legacy attachments
     * @param programId the attached program's id
     */
    record Info(AttachKind kind, String program, String target, int linkId, int linkType, int programId) {
        public String linkTypeName() {
            LinkType t = LinkType.of(linkType);
            return t != null ? t.name() : Integer.toString(linkType);
        }
    }
}
