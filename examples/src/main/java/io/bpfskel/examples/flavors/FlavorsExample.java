package io.bpfskel.examples.flavors;

import io.bpfskel.ExternStatus;
import io.bpfskel.TestRunResult;
import io.bpfskel.examples.Args;
import java.io.PrintStream;
import java.util.Set;

/**
 * The kfunc-flavor pattern end to end: one object declares {@code bpf_strlen___new} and {@code bpf_strlen___old};
 * the loader keeps the flavor(s) whose prototype matches this kernel's {@code bpf_strlen}; the skeleton says which
 * ({@code hasBpfStrlenNew()}, {@code bpfStrlenFlavors()}); the program, run once, says which branch it took.
 *
 * <pre>
 * scripts/run-example.sh flavors [--input TEXT]
 * </pre>
 */
public final class FlavorsExample {
    private FlavorsExample() {}

    public static void main(String[] args) {
        run(Args.parse(args, Set.of("input")), System.out);
    }

    public static void run(Args args, PrintStream out) {
        try (FlavorsSkel skel = FlavorsSkel.open()) {
            // .rodata is part of the program the verifier checks: set it before load
            String input = args.get("input", null);
            if (input != null) {
                skel.rodata().input(input);
            }
            skel.load();

            int v = skel.kconfig().linuxKernelVersion();
            out.printf("kernel %d.%d.%d (LINUX_KERNEL_VERSION, read through the skeleton's kconfig() view)%n",
                    v >>> 16, (v >>> 8) & 0xff, v & 0xff);
            out.println("kfunc bpf_strlen: the loader resolved " + skel.bpfStrlenFlavors());
            for (FlavorsSkel.BpfStrlenFlavor flavor : FlavorsSkel.BpfStrlenFlavor.values()) {
                ExternStatus e = skel.object().extern(flavor.externName());
                out.printf("  %-18s %s%n", e.name(), e.resolved()
                        ? "resolved: vmlinux BTF id " + e.kernelBtfId() + (e.module() == null ? "" : " in module " + e.module())
                        : "not resolved: " + e.reason());
            }

            TestRunResult r = skel.progs().flavorsRun().testRun(null);
            FlavorsSkel.Bss seen = skel.bss();
            String how = switch (seen.branch()) {
                case 1 -> "called bpf_strlen___new";
                case 2 -> "called bpf_strlen___old";
                case 3 -> "counted in BPF (no bpf_strlen flavor resolved)";
                default -> "branch " + seen.branch() + "?";
            };
            out.printf("program flavors_run %s: length(\"%s\") = %d (returned %d)%n",
                    how, skel.rodata().input(), seen.length(), r.retvalInt());
            out.printf("the program's own bpf_ksym_exists(): ___new=%d ___old=%d%n", seen.newExists(), seen.oldExists());
            boolean agree = (seen.newExists() != 0) == skel.hasBpfStrlenNew()
                    && (seen.oldExists() != 0) == skel.hasBpfStrlenOld();
            out.println(agree ? "loader and program agree" : "MISMATCH between the loader's decision and the program's view");
        }
    }
}
