package io.bpfskel.load;

import io.bpfskel.btf.Btf;
import java.util.List;

/**
 * What extern resolution asks of the kernel it loads into. The live implementation reads
 * {@code /sys/kernel/btf}, {@code /proc/config.gz}, {@code /proc/kallsyms} and probes features through bpf(2);
 * tests and the {@code resolve --btf} tool substitute BTF files for another kernel.
 *
 * <p>Every method is called at most when needed, so an object without kfuncs never reads kernel BTF.
 */
public interface KernelEnvironment {
    /** vmlinux BTF; throws when the kernel has none (an object with typed ksyms cannot load then). */
    Btf vmlinux();

    /**
     * Module BTFs in kernel order. Unreadable modules are skipped and reported through {@link #warnings()}
     * rather than failing the load (libbpf fails every extern then; see sched-ext/scx#2108).
     */
    List<ModuleBtf> modules();

    /** The kernel's own config text (contents of {@code /boot/config-$(uname -r)} or {@code /proc/config.gz}), or null. */
    String kernelConfig();

    /** Where {@link #kernelConfig()} looked, for the error when it is null. */
    String kernelConfigSources();

    /** {@code /proc/kallsyms} contents, or null when unreadable. */
    String kallsyms();

    /** {@code KERNEL_VERSION(a,b,c)} as libbpf's get_kernel_version computes it; 0 when unknown. */
    int kernelVersion();

    /** Whether programs may call {@code bpf_get_attach_cookie} ({@code LINUX_HAS_BPF_COOKIE}). */
    boolean hasBpfCookie();

    /** Whether syscalls go through {@code __<arch>_sys_*} wrappers ({@code LINUX_HAS_SYSCALL_WRAPPER}). */
    boolean hasSyscallWrapper();

    /** Problems that did not stop resolution (a module BTF that could not be read, ...). */
    List<String> warnings();
}
