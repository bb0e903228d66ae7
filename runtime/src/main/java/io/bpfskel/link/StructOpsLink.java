package io.bpfskel.link;

import io.bpfskel.error.BpfException;
import io.bpfskel.fd.BpfFd;
import io.bpfskel.sys.Bpf;
import io.bpfskel.error.BpfSyscallException;
import io.bpfskel.error.Errno;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.LinkCreateAttr;
import io.bpfskel.sys.LinkInfo;
import io.bpfskel.uapi.AttachType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A struct_ops map registered with the kernel, as libbpf's {@code bpf_map__attach_struct_ops}: the map's value (the
 * kernel struct with the member programs) is written with BPF_MAP_UPDATE_ELEM, which registers it at once for a
 * plain {@code .struct_ops} map; a {@code .struct_ops.link} map (BPF_F_LINK) then registers when a BPF_STRUCT_OPS
 * link is created for it. Closing unregisters: the link fd is closed, or the plain map's element is deleted.
 *
 * <p>{@link #update} swaps a link to another map of the same kernel struct without a moment where none is
 * registered (BPF_LINK_UPDATE), for example a new version of a congestion control under the same name.
 */
public final class StructOpsLink extends AbstractLink {
    private static final byte[] KEY = new byte[4];

    /** The BPF link for a {@code .struct_ops.link} map; null for a plain one. */
    private final Fd link;
    /** For a plain map: our own reference to it, so the element can be deleted after the object closed its fd. */
    private final Fd map;
    private volatile Registration current;
    private Path pinned;

    private StructOpsLink(Registration value, Fd link, Fd map) {
        super(AttachKind.STRUCT_OPS, value.map(), "struct_ops " + value.kernType(), List.of());
        this.link = link;
        this.map = map;
        this.current = value;
    }

    /**
     * What registering a struct_ops map writes: the kernel-layout value ({@code struct bpf_struct_ops_<type>}) with
     * the member programs' fds in place, as a load prepares it ({@code BpfStructOps.attach()} passes it), and which
     * program implements which member, for messages naming them when the kernel refuses.
     *
     * @param map the map's name
     * @param kernType the kernel struct ({@code tcp_congestion_ops})
     * @param link whether the map registers through a BPF link ({@code .struct_ops.link})
     * @param value the value given to BPF_MAP_UPDATE_ELEM
     * @param memberPrograms member name → program name, in member order
     */
    public record Registration(String map, String kernType, boolean link, byte[] value,
            Map<String, String> memberPrograms) {
        public Registration {
            value = value.clone();
            memberPrograms = Collections.unmodifiableMap(new LinkedHashMap<>(memberPrograms));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        String describeMembers() {
            StringBuilder b = new StringBuilder();
            memberPrograms.forEach((m, p) -> b.append(b.length() == 0 ? "" : ", ").append(m).append(" → program '")
                    .append(p).append("'"));
            return b.length() == 0 ? "no member programs" : b.toString();
        }
    }

    /**
     * Registers a loaded struct_ops map.
     *
     * @param map the map (the caller keeps ownership)
     * @param value what the load prepared for it
     */
    public static StructOpsLink register(BpfFd map, Registration value) {
        Fd mapFd = Fd.of(map);
        if (!value.link()) {
            // our own reference first: once registered, the element must be deletable whatever happens to the object
            Fd own = mapFd.dup();
            try {
                writeValue(mapFd, value, "register");
            } catch (RuntimeException e) {
                own.close();
                throw e;
            }
            return new StructOpsLink(value, null, own);
        }
        writeValue(mapFd, value, "register");
        try {
            Fd l = Bpf.linkCreate(LinkCreateAttr.of(mapFd, null, AttachType.STRUCT_OPS),
                    "BPF_STRUCT_OPS link of struct_ops map '" + value.map() + "'");
            return new StructOpsLink(value, l, null);
        } catch (BpfSyscallException e) {
            throw refused(value, "link creation (BPF_LINK_CREATE, attach type BPF_STRUCT_OPS)", e);
        }
    }

    /**
     * Points this link at another loaded struct_ops map of the same kernel struct (libbpf's
     * {@code bpf_link__update_map}); the kernel swaps them without a gap. Only links of {@code .struct_ops.link}
     * maps can be updated.
     */
    public synchronized void update(BpfFd newMapFd, Registration value) {
        Fd newMap = Fd.of(newMapFd);
        checkOpen("update");
        if (link == null) {
            throw new BpfException("struct_ops map '" + current.map() + "' is registered without a BPF link (section"
                    + " .struct_ops): only .struct_ops.link registrations can be swapped; unregister and register instead");
        }
        if (!value.link()) {
            throw new BpfException("struct_ops map '" + value.map() + "' is not a .struct_ops.link map (BPF_F_LINK),"
                    + " so a link cannot be pointed at it");
        }
        writeValue(newMap, value, "update link of '" + current.map() + "' to");
        try {
            Bpf.linkUpdateMap(link, newMap, "BPF_LINK_UPDATE of the struct_ops link of '" + current.map() + "' to '"
                    + value.map() + "'");
        } catch (BpfSyscallException e) {
            String hint = e.errno() == Errno.EOPNOTSUPP
                    ? " (struct " + value.kernType() + " has no update callback in this kernel, so it cannot be swapped)"
                    : e.errno() == Errno.EINVAL ? " (the new map must be of the same kernel struct and not registered)" : "";
            throw new BpfException("cannot swap struct_ops link from map '" + current.map() + "' to map '" + value.map()
                    + "' (" + value.describeMembers() + "): " + e.getMessage() + hint, e);
        }
        current = value;
    }

    /** The map registered now (changes with {@link #update}). */
    public String map() {
        return current.map();
    }

    private static void writeValue(Fd mapFd, Registration value, String action) {
        try {
            Bpf.mapUpdateElem(mapFd, KEY, value.value(), 0, action + " struct_ops map '" + value.map() + "'");
        } catch (BpfSyscallException e) {
            // A link map whose value is already set (a second link, or a swap back) keeps it: the kernel sets it once.
            if (value.link() && e.errno() == Errno.EBUSY) {
                return;
            }
            throw refused(value, "the map update (BPF_MAP_UPDATE_ELEM)", e);
        }
    }

    private static BpfException refused(Registration value, String step, BpfSyscallException e) {
        String hint;
        switch (e.errno()) {
            case Errno.EEXIST:
                hint = "an implementation with the same name is already registered (for tcp_congestion_ops: the"
                        + " algorithm's name, field 'name')";
                break;
            case Errno.EBUSY:
                hint = "the map is registered, or was and has been unregistered: the kernel sets a struct_ops value"
                        + " once, so registering again needs a fresh load (or a .struct_ops.link map, whose link can be"
                        + " closed and created again)";
                break;
            case Errno.EINVAL:
                hint = "the kernel refused the value: a required member is missing or a field is invalid (for"
                        + " tcp_congestion_ops: 'name' must be set, and ssthresh, undo_cwnd and cong_avoid or"
                        + " cong_control are required)";
                break;
            default:
                hint = null;
        }
        return new BpfException("the kernel refused to register struct_ops map '" + value.map() + "' (struct "
                + value.kernType() + "; members " + value.describeMembers() + ") at " + step + ": " + e.getMessage()
                + (hint == null ? "" : "; " + hint), e);
    }

    @Override
    void detach() {
        if (link != null) {
            link.close();
            return;
        }
        try {
            Bpf.mapDeleteElem(map, KEY, "unregister struct_ops map '" + current.map() + "'");
        } finally {
            map.close();
        }
    }

    @Override
    public boolean isKernelLink() {
        return link != null;
    }

    @Override
    public Info info() {
        checkOpen("read link info");
        if (link == null) {
            return new Info(kind(), program(), target(), 0, 0, 0);
        }
        LinkInfo i = Bpf.linkInfo(link, "link of struct_ops map '" + current.map() + "'");
        return new Info(kind(), program(), target(), i.id(), i.type(), i.progId());
    }

    @Override
    public synchronized void pin(Path path) {
        checkOpen("pin");
        if (link == null) {
            throw new BpfException("struct_ops map '" + current.map() + "' is registered without a BPF link (section"
                    + " .struct_ops), which cannot be pinned; use SEC(\".struct_ops.link\")");
        }
        Bpf.objPin(link, path.toString(), "link of struct_ops map '" + current.map() + "'");
        pinned = path;
    }

    @Override
    public synchronized void unpin() {
        if (pinned == null) {
            return;
        }
        try {
            Files.deleteIfExists(pinned);
        } catch (IOException e) {
            throw new BpfException("cannot unpin the link of struct_ops map '" + current.map() + "' at " + pinned + ": "
                    + e.getMessage(), e);
        }
        pinned = null;
    }

    @Override
    public synchronized Optional<Path> pinnedPath() {
        return Optional.ofNullable(pinned);
    }

    @Override
    String what() {
        return "struct_ops map '" + current.map() + "' (" + target() + ")";
    }
}
