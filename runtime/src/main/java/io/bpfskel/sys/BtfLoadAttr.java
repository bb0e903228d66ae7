package io.bpfskel.sys;

import io.bpfskel.uapi.BpfCommand;

/**
 * BPF_BTF_LOAD attributes. As with {@link ProgLoadAttr}, the log buffer is managed by
 * {@link Bpf#btfLoad}: {@code logLevel} 0 means "ask for a log only if loading fails".
 *
 * @param btf the raw BTF blob (header, types, strings) in host byte order
 * @param token BPF token (needs BPF_F_TOKEN_FD in btfFlags)
 */
public record BtfLoadAttr(byte[] btf, int logLevel, int logSize, int btfFlags, Fd token) {

    static final int BTF = 0;
    static final int BTF_LOG_BUF = 8;
    static final int BTF_SIZE = 16;
    static final int BTF_LOG_SIZE = 20;
    static final int BTF_LOG_LEVEL = 24;
    /** Out: the log size the kernel wanted, including the NUL (kernel 6.4+). */
    static final int BTF_LOG_TRUE_SIZE = 28;
    static final int BTF_FLAGS = 32;
    static final int BTF_TOKEN_FD = 36;
    static final int SIZE = 40;

    public BtfLoadAttr {
        if (btf == null || btf.length == 0) {
            throw new IllegalArgumentException("btf must not be empty");
        }
    }

    /** Just the blob, log only on failure. */
    public static BtfLoadAttr of(byte[] btf) {
        return new BtfLoadAttr(btf, 0, 0, 0, null);
    }

    void encode(NativeMemory p, NativeScope scope, String context) {
        Structs.u64(p, BTF, scope.copyOf(btf));
        Structs.u32(p, BTF_SIZE, btf.length);
        Structs.u32(p, BTF_FLAGS, btfFlags);
        Structs.fd(p, BTF_TOKEN_FD, token, scope, BpfCommand.BTF_LOAD.uapiName(), context);
    }
}
