package io.bpfskel.usdt;

import io.bpfskel.elf.ElfFile;
import java.util.Locale;
import java.util.Optional;

/** The architectures whose USDT argument syntax bpfskel reads, with their {@code struct pt_regs} layouts. */
public enum UsdtArch {
    X86_64, AARCH64;

    /** The architecture of an ELF file's {@code e_machine}, if it is one of these. */
    public static Optional<UsdtArch> ofElfMachine(int machine) {
        switch (machine) {
            case ElfFile.EM_X86_64:
                return Optional.of(X86_64);
            case ElfFile.EM_AARCH64:
                return Optional.of(AARCH64);
            default:
                return Optional.empty();
        }
    }

    /** The architecture this JVM runs on, if it is one of these. */
    public static Optional<UsdtArch> host() {
        switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return Optional.of(X86_64);
            case "aarch64":
            case "arm64":
                return Optional.of(AARCH64);
            default:
                return Optional.empty();
        }
    }
}
