package io.bpfskel.link;

/** Where an XDP program runs ({@code XDP_FLAGS_*_MODE}). */
public enum XdpMode {
    /** The driver's native mode when it has one, else generic. */
    DEFAULT(0),
    /** Generic XDP on the skb path ({@code XDP_FLAGS_SKB_MODE}): works on every device, slower. */
    GENERIC(1 << 1),
    /** Native XDP in the driver ({@code XDP_FLAGS_DRV_MODE}); fails when the driver has none. */
    DRIVER(1 << 2),
    /** Offloaded to the NIC ({@code XDP_FLAGS_HW_MODE}). */
    OFFLOAD(1 << 3);

    private final int flags;

    XdpMode(int flags) {
        this.flags = flags;
    }

    public int flags() {
        return flags;
    }
}
