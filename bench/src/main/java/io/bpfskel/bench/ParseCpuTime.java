package io.bpfskel.bench;

import io.bpfskel.btf.Btf;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Thread CPU time (not wall time) of parse + name index, for machines shared with other work: JMH's avgt
 * counts time the benchmark thread spent descheduled, this does not. Not a substitute for
 * {@link BtfParseBench}; a cross-check when its error bars are wide.
 *
 * <p>Run: {@code java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar io.bpfskel.bench.ParseCpuTime [path] [ops]}
 */
public final class ParseCpuTime {
    private ParseCpuTime() {}

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args.length > 0 ? args[0] : "/sys/kernel/btf/vmlinux");
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        byte[] bytes = Files.readAllBytes(path);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < ops; i++) { // warm-up: let C2 compile scanTypes and the index build
            sink += parseAndIndex(bytes).typeCount();
        }
        double[] cpu = new double[ops];
        double[] wall = new double[ops];
        for (int i = 0; i < ops; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            sink += parseAndIndex(bytes).typeCount();
            wall[i] = (System.nanoTime() - w0) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf("parse + name index of %s, %d ops after %d warm-up ops (sink %d)%n", path, ops, ops, sink);
        System.out.printf("  thread CPU ms/op: min %.2f  median %.2f  p90 %.2f  mean %.2f%n",
                cpu[0], cpu[ops / 2], cpu[ops * 9 / 10], Arrays.stream(cpu).average().orElse(0));
        System.out.printf("  wall       ms/op: min %.2f  median %.2f  p90 %.2f  mean %.2f%n",
                wall[0], wall[ops / 2], wall[ops * 9 / 10], Arrays.stream(wall).average().orElse(0));
    }

    private static Btf parseAndIndex(byte[] bytes) {
        Btf b = Btf.parse("vmlinux", bytes);
        b.findByName("task_struct");
        return b;
    }
}
