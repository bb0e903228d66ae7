package io.bpfskel.sys;

import io.bpfskel.uapi.LinkType;

/**
 * The common head of {@code struct bpf_link_info}; the type-specific union that follows is not
 * decoded (yet).
 *
 * @param type enum bpf_link_type, see {@link LinkType}
 */
public record LinkInfo(int type, int id, int progId) {

    static final int TYPE = 0;
    static final int ID = 4;
    static final int PROG_ID = 8;
    /** Head plus the largest union member the kernel had when this was written. */
    static final int SIZE = 96;

    static LinkInfo decode(NativeMemory p) {
        return new LinkInfo(Structs.u32(p, TYPE), Structs.u32(p, ID), Structs.u32(p, PROG_ID));
    }
}
