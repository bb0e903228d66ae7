package io.bpfskel.bench;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfKind;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Retained heap of a parsed and indexed kernel BTF: heap used (after full GCs) while holding N instances,
 * minus heap used before, divided by N. Reported twice: with every instance sharing one byte[] (the
 * structures a {@link Btf} adds on top of the blob) and with each instance owning its own copy (what a
 * process that reads vmlinux once and keeps the Btf retains). Then again after 1,000 lookups that decode
 * the types found (the decoded-type cache).
 *
 * <p>Run: {@code java -Xmx2g -cp bench/target/benchmarks.jar io.bpfskel.bench.RetainedHeap [path] [N]}
 */
public final class RetainedHeap {
    private RetainedHeap() {}

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args.length > 0 ? args[0] : "/sys/kernel/btf/vmlinux");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        byte[] bytes = Files.readAllBytes(path);
        System.out.printf("%s: %,d bytes (%.2f MiB), %s%n", path, bytes.length, mib(bytes.length), Btf.parse(path.toString(), bytes));

        String[] names = new String[BtfParseBench.LOOKUPS];
        BtfKind[] kinds = new BtfKind[names.length];
        BtfParseBench.sampleNames(Btf.parse(path.toString(), bytes), names, kinds);

        measure("parse only, blob shared", n, () -> Btf.parse("vmlinux", bytes), null, null);
        measure("parse + name index, blob shared", n, () -> indexed(bytes), null, null);
        measure("parse + name index + 1,000 lookups decoded, blob shared", n, () -> indexed(bytes), names, kinds);
        measure("parse + name index, own copy of the blob", n, () -> indexed(bytes.clone()), null, null);
        measure("parse + name index + 1,000 lookups decoded, own copy", n, () -> indexed(bytes.clone()), names, kinds);
    }

    private static Btf indexed(byte[] bytes) {
        Btf b = Btf.parse("vmlinux", bytes);
        b.findByName("task_struct");
        return b;
    }

    interface Maker {
        Btf make() throws Exception;
    }

    private static void measure(String what, int n, Maker maker, String[] names, BtfKind[] kinds) throws Exception {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        maker.make(); // warm up code paths and class loading
        long before = usedAfterGc(mem);
        Btf[] held = new Btf[n];
        for (int i = 0; i < n; i++) {
            held[i] = maker.make();
            if (names != null) {
                for (int k = 0; k < names.length; k++) {
                    held[i].type(held[i].findByNameKind(names[k], kinds[k]));
                }
            }
        }
        long after = usedAfterGc(mem);
        double per = (after - before) / (double) n;
        System.out.printf("%-60s %8.2f MiB per instance (%d held)%n", what, mib(per), held.length);
    }

    private static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static double mib(double bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
