package io.bpfskel.sys;

import io.bpfskel.error.BpfException;
import java.util.Locale;

/** System call numbers that libc has no wrapper for, per CPU architecture. */
record SyscallNumbers(String arch, long bpf, long perfEventOpen) {

    /** Resolved once from {@code os.arch}; immutable. */
    static final SyscallNumbers CURRENT = forArch(System.getProperty("os.arch", ""));

    static SyscallNumbers forArch(String osArch) {
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return new SyscallNumbers("x86_64", 321, 298);
            // aarch64 and riscv64 both use the asm-generic table.
            case "aarch64":
            case "arm64":
                return new SyscallNumbers("aarch64", 280, 241);
            case "riscv64":
                return new SyscallNumbers("riscv64", 280, 241);
            default:
                return new SyscallNumbers(osArch, -1, -1);
        }
    }

    long require(long number, String name) {
        if (number < 0) {
            throw new BpfException(
                    "bpfskel does not know the " + name + " syscall number on architecture '" + arch
                            + "' (supported: x86_64, aarch64, riscv64)");
        }
        return number;
    }
}
