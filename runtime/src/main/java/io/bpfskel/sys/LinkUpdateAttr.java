package io.bpfskel.sys;


/**
 * Attributes of BPF_LINK_UPDATE ({@code union bpf_attr.link_update}). {@code new_prog_fd} and {@code new_map_fd}
 * share a field, as do {@code old_prog_fd} and {@code old_map_fd}.
 */
final class LinkUpdateAttr {
    static final int LINK_FD = 0;
    static final int NEW_FD = 4;
    static final int FLAGS = 8;
    static final int OLD_FD = 12;
    static final int SIZE = 16;

    private LinkUpdateAttr() {}

    static void encode(NativeMemory p, int linkFd, int newFd, int flags, int oldFd) {
        Structs.u32(p, LINK_FD, linkFd);
        Structs.u32(p, NEW_FD, newFd);
        Structs.u32(p, FLAGS, flags);
        Structs.u32(p, OLD_FD, oldFd);
    }
}
