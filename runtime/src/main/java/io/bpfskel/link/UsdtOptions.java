package io.bpfskel.link;

/**
 * @param pid only this process triggers the probe; -1 for every process using the binary (a shared library then
 *     needs BPF cookies, 5.15+), 0 for this JVM
 * @param cookie what {@code bpf_usdt_cookie()} returns in the program (the BPF cookie itself carries the spec id)
 */
public record UsdtOptions(int pid, long cookie) {
    public UsdtOptions {
        if (pid < -1) {
            throw new IllegalArgumentException("pid must be -1 (every process), 0 (this process) or a process id, got " + pid);
        }
    }

    public static UsdtOptions defaults() {
        return new UsdtOptions(-1, 0);
    }

    public UsdtOptions withPid(int pid) {
        return new UsdtOptions(pid, cookie);
    }

    public UsdtOptions withCookie(long cookie) {
        return new UsdtOptions(pid, cookie);
    }
}
