package io.bpfskel.link;

/**
 * @param retprobe attach to the function's return (kretprobe)
 * @param offset bytes into the function (kprobes only)
 * @param cookie {@code bpf_get_attach_cookie()} value (BPF link attachments only)
 */
public record KprobeOptions(boolean retprobe, long offset, long cookie, ProbeAttachMode mode) {
    public KprobeOptions {
        if (offset < 0) {
            throw new IllegalArgumentException("kprobe offset must not be negative: " + offset);
        }
        if (retprobe && offset != 0) {
            throw new IllegalArgumentException("kretprobes take no offset");
        }
        if (mode == null) {
            mode = ProbeAttachMode.DEFAULT;
        }
    }

    public static KprobeOptions defaults() {
        return new KprobeOptions(false, 0, 0, ProbeAttachMode.DEFAULT);
    }

    public static KprobeOptions returnProbe() {
        return new KprobeOptions(true, 0, 0, ProbeAttachMode.DEFAULT);
    }

    public KprobeOptions withOffset(long offset) {
        return new KprobeOptions(retprobe, offset, cookie, mode);
    }

    public KprobeOptions withCookie(long cookie) {
        return new KprobeOptions(retprobe, offset, cookie, mode);
    }

    public KprobeOptions withMode(ProbeAttachMode mode) {
        return new KprobeOptions(retprobe, offset, cookie, mode);
    }
}
