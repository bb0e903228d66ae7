package io.bpfskel.link;

import io.bpfskel.uapi.AttachType;

/** The tcx hook of a network device. */
public enum TcxDirection {
    INGRESS(AttachType.TCX_INGRESS),
    EGRESS(AttachType.TCX_EGRESS);

    private final AttachType attachType;

    TcxDirection(AttachType attachType) {
        this.attachType = attachType;
    }

    public AttachType attachType() {
        return attachType;
    }
}
