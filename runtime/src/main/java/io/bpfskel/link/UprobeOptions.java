package io.bpfskel.link;

/**
 * @param retprobe attach to the function's return (uretprobe)
 * @param pid only this process triggers the probe; -1 for every process
 * @param cookie {@code bpf_get_attach_cookie()} value (BPF link attachments only)
 * @param refCtrOffset file offset of a USDT semaphore the kernel increments while attached; 0 for none
 */
public record UprobeOptions(boolean retprobe, int pid, long cookie, long refCtrOffset, ProbeAttachMode mode) {
    public UprobeOptions {
        if (pid < -1) {
            throw new IllegalArgumentException("pid must be -1 (every process) or a process id, got " + pid);
        }
        if (mode == null) {
            mode = ProbeAttachMode.DEFAULT;
        }
    }

    public static UprobeOptions defaults() {
        return new UprobeOptions(false, -1, 0, 0, ProbeAttachMode.DEFAULT);
    }

    public static UprobeOptions returnProbe() {
        return new UprobeOptions(true, -1, 0, 0, ProbeAttachMode.DEFAULT);
    }

    public UprobeOptions withRetprobe(boolean retprobe) {
        return new UprobeOptions(retprobe, pid, cookie, refCtrOffset, mode);
    }

    public UprobeOptions withPid(int pid) {
        return new UprobeOptions(retprobe, pid, cookie, refCtrOffset, mode);
    }

    public UprobeOptions withCookie(long cookie) {
        return new UprobeOptions(retprobe, pid, cookie, refCtrOffset, mode);
    }

    public UprobeOptions withMode(ProbeAttachMode mode) {
        return new UprobeOptions(retprobe, pid, cookie, refCtrOffset, mode);
    }
}
