package io.bpfskel.examples.kconfig;

import io.bpfskel.BpfOpenOptions;
import io.bpfskel.ExternStatus;
import io.bpfskel.examples.Args;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The running kernel as a BPF program sees it: its config ({@code __kconfig} externs, through the skeleton's typed
 * {@code kconfig()} view) and its symbols ({@code __ksym} externs, through {@code externs()} and {@code hasXxx()}),
 * then the program's own view of both after one run.
 *
 * <pre>
 * scripts/run-example.sh kconfig [--kconfig 'CONFIG_HZ=1000']
 * </pre>
 * {@code --kconfig} lines take precedence over the kernel's config file ({@link BpfOpenOptions#kconfig()}).
 */
public final class KconfigExample {
    private KconfigExample() {}

    public static void main(String[] args) {
        run(Args.parse(args, Set.of("kconfig")), System.out);
    }

    public static void run(Args args, PrintStream out) {
        BpfOpenOptions options = BpfOpenOptions.builder().kconfig(args.get("kconfig", null)).build();
        try (KconfigSkel skel = KconfigSkel.openAndLoad(options)) {
            KconfigSkel.Kconfig k = skel.kconfig();
            int v = k.linuxKernelVersion();
            out.println("kernel config, as the loader filled .kconfig (skel.kconfig()):");
            row(out, "LINUX_KERNEL_VERSION", String.format("%d.%d.%d (0x%06x)", v >>> 16, (v >>> 8) & 0xff, v & 0xff, v));
            row(out, "LINUX_HAS_BPF_COOKIE", k.linuxHasBpfCookie());
            row(out, "CONFIG_HZ", Integer.toUnsignedString(k.configHz()));
            row(out, "CONFIG_NR_CPUS", k.configNrCpus());
            row(out, "CONFIG_BPF_SYSCALL", k.configBpfSyscall());
            row(out, "CONFIG_BPF_LSM", k.configBpfLsm());
            row(out, "CONFIG_KALLSYMS_ALL", k.configKallsymsAll());
            row(out, "CONFIG_LOCALVERSION", "\"" + k.configLocalversion() + "\"");
            row(out, "CONFIG_BPFSKEL_EXAMPLE_MADE_UP", k.configBpfskelExampleMadeUp() + " (no such option: a weak extern stays 0)");

            out.println("kernel symbols, as the loader resolved them (skel.externs()):");
            for (ExternStatus e : skel.externs()) {
                if (e.kind() == ExternStatus.Kind.KCONFIG) {
                    continue;
                }
                String how;
                if (!e.resolved()) {
                    how = "not resolved: " + e.reason();
                } else if (e.kind() == ExternStatus.Kind.KSYM_TYPELESS) {
                    how = String.format("resolved: 0x%x from /proc/kallsyms", e.address());
                } else {
                    how = "resolved: " + (e.module() == null ? "vmlinux" : "module " + e.module()) + " BTF id " + e.kernelBtfId();
                }
                out.printf("  %-20s %-14s %s%n", e.name(), kind(e), how);
            }
            if (!k.configKallsymsAll() && !skel.hasBpfLinkFops()) {
                out.println("  (bpf_link_fops is data: /proc/kallsyms lists data symbols only with CONFIG_KALLSYMS_ALL=y)");
            }

            skel.progs().report().testRun(null);
            KconfigSkel.Bss seen = skel.bss();
            List<String> differences = new ArrayList<>();
            check(differences, "LINUX_KERNEL_VERSION", seen.kernelVersion(), k.linuxKernelVersion());
            check(differences, "CONFIG_HZ", seen.hz(), k.configHz());
            check(differences, "CONFIG_NR_CPUS", seen.nrCpus(), k.configNrCpus());
            check(differences, "LINUX_HAS_BPF_COOKIE", seen.hasBpfCookie() != 0, k.linuxHasBpfCookie());
            check(differences, "CONFIG_BPF_SYSCALL", seen.bpfSyscall() != 0, k.configBpfSyscall());
            check(differences, "CONFIG_BPF_LSM", KconfigSkel.LibbpfTristate.of(seen.bpfLsm()), k.configBpfLsm());
            check(differences, "CONFIG_KALLSYMS_ALL", seen.kallsymsAll() != 0, k.configKallsymsAll());
            check(differences, "CONFIG_BPFSKEL_EXAMPLE_MADE_UP", seen.madeUp() != 0, k.configBpfskelExampleMadeUp());
            check(differences, "CONFIG_LOCALVERSION", seen.localversion(), k.configLocalversion());
            check(differences, "&bpf_prog_put", seen.progPutAddr(), skel.object().extern("bpf_prog_put").address());
            check(differences, "&bpf_link_fops", seen.linkFopsAddr(), skel.object().extern("bpf_link_fops").address());
            check(differences, "bpf_prog_put", seen.progPutAddr() != 0, skel.hasBpfProgPut());
            check(differences, "bpf_task_from_pid", seen.hasTaskFromPid() != 0, skel.hasBpfTaskFromPid());
            check(differences, "bpf_strlen", seen.hasStrlen() != 0, skel.hasBpfStrlen());
            check(differences, "bpf_made_up_kfunc", seen.hasMadeUpKfunc() != 0, skel.hasBpfMadeUpKfunc());
            out.println("program report ran: hz=" + Integer.toUnsignedString(seen.hz()) + ", &bpf_prog_put=0x"
                    + Long.toHexString(seen.progPutAddr()) + ", bpf_ksym_exists(bpf_task_from_pid)="
                    + seen.hasTaskFromPid() + ", bpf_ksym_exists(bpf_made_up_kfunc)=" + seen.hasMadeUpKfunc());
            out.println(differences.isEmpty() ? "the program saw exactly what the skeleton reports"
                    : "the program saw something else for " + differences);
        }
    }

    private static String kind(ExternStatus e) {
        switch (e.kind()) {
            case KFUNC: return "kfunc";
            case KSYM_VAR: return "typed ksym";
            case KSYM_TYPELESS: return "typeless ksym";
            default: return "kconfig";
        }
    }

    private static void row(PrintStream out, String name, Object value) {
        out.printf("  %-32s %s%n", name, value);
    }

    private static void check(List<String> differences, String what, Object program, Object skeleton) {
        if (!program.equals(skeleton)) {
            differences.add(what + " (program " + program + ", skeleton " + skeleton + ")");
        }
    }
}
