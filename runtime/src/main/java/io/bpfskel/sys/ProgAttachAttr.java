package io.bpfskel.sys;

import io.bpfskel.uapi.AttachType;

/**
 * BPF_PROG_ATTACH / BPF_PROG_DETACH attributes (the legacy, non-link attach for cgroups,
 * sockmaps, flow dissector, lirc, tcx).
 *
 * @param target cgroup, map or netns descriptor; null when attaching by ifindex
 * @param targetIfindex interface for tcx; shares a field with target
 * @param prog program to attach or detach; may be null for some detach cases
 * @param attachFlags BPF_F_ALLOW_OVERRIDE, BPF_F_ALLOW_MULTI, BPF_F_REPLACE, BPF_F_BEFORE, ...
 * @param replaceProg program to replace with BPF_F_REPLACE
 * @param relativeFd anchor for BPF_F_BEFORE/AFTER; exclusive with relativeId (BPF_F_ID)
 */
public record ProgAttachAttr(Fd target, int targetIfindex, Fd prog, AttachType attachType, int attachFlags,
        Fd replaceProg, Fd relativeFd, int relativeId, long expectedRevision) {

    static final int TARGET_FD = 0;
    /** Union with target_fd. */
    static final int TARGET_IFINDEX = 0;
    static final int ATTACH_BPF_FD = 4;
    static final int ATTACH_TYPE = 8;
    static final int ATTACH_FLAGS = 12;
    static final int REPLACE_BPF_FD = 16;
    static final int RELATIVE_FD = 20;
    /** Union with relative_fd. */
    static final int RELATIVE_ID = 20;
    static final int EXPECTED_REVISION = 24;
    static final int SIZE = 32;

    public ProgAttachAttr {
        if (target != null && targetIfindex != 0) {
            throw new IllegalArgumentException("target and targetIfindex share one field; set at most one");
        }
        if (relativeFd != null && relativeId != 0) {
            throw new IllegalArgumentException("relativeFd and relativeId share one field; set at most one");
        }
    }

    public static ProgAttachAttr of(Fd target, Fd prog, AttachType attachType, int attachFlags) {
        return new ProgAttachAttr(target, 0, prog, attachType, attachFlags, null, null, 0, 0);
    }

    void encode(NativeMemory p, NativeScope scope, String command, String context) {
        if (target != null) {
            Structs.fd(p, TARGET_FD, target, scope, command, context);
        } else {
            Structs.u32(p, TARGET_IFINDEX, targetIfindex);
        }
        Structs.fd(p, ATTACH_BPF_FD, prog, scope, command, context);
        Structs.u32(p, ATTACH_TYPE, attachType.number());
        Structs.u32(p, ATTACH_FLAGS, attachFlags);
        Structs.fd(p, REPLACE_BPF_FD, replaceProg, scope, command, context);
        if (relativeFd != null) {
            Structs.fd(p, RELATIVE_FD, relativeFd, scope, command, context);
        } else {
            Structs.u32(p, RELATIVE_ID, relativeId);
        }
        Structs.u64(p, EXPECTED_REVISION, expectedRevision);
    }
}
