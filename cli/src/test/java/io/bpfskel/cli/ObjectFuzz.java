package io.bpfskel.cli;

import io.bpfskel.BpfCollection;
import io.bpfskel.error.BpfException;
import io.bpfskel.MemoryView;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.DataSection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import picocli.CommandLine;

/**
 * Run in a child JVM with a small heap by {@link ObjectFuzzTest}: mutants of the fixture objects, most of them
 * with a size, offset or count in an ELF, section, symbol, BTF or BTF.ext header set to a hostile value,
 * the rest with random bytes changed. Each goes through the public API ({@code BpfCollection.open}, the
 * section views) and the command line ({@code inspect}, and every tenth {@code btf dump}). The API may only
 * throw {@link BpfException}; the command line may only exit 0, or exit 1 with one line on stderr. An
 * OutOfMemoryError anywhere fails the run.
 *
 * <pre>ObjectFuzz FIXTURE_DIR WORK_DIR MUTANTS SEED [CLI_EVERY]</pre>
 */
public final class ObjectFuzz {
    private static final String[] FIXTURES = {"globals", "maps", "core", "flavors", "ringbuf", "reader_kitchen_sink",
        "subprogs", "externs", "minimal", "core_runqlat", "struct_ops", "usdt"};
    private static final long[] HOSTILE = {0, 1, 7, 8, 24, 0x7ffffff0L, 0x7fffffffL, 0x80000000L, 0xfffffff0L,
        0xffffffffL, 1L << 32, (1L << 32) + 8, 1L << 40, Long.MAX_VALUE, -1L, -8L};

    private final Random rnd;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine cl = BpfskelCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    private final List<String> failures = new ArrayList<>();
    private int opened;
    private int refused;

    private ObjectFuzz(long seed) {
        this.rnd = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        Path fixtures = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int mutants = Integer.parseInt(args[2]);
        ObjectFuzz f = new ObjectFuzz(Long.parseLong(args[3]));
        int cliEvery = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        List<byte[]> originals = new ArrayList<>();
        for (String name : FIXTURES) {
            originals.add(Files.readAllBytes(fixtures.resolve(name + ".bpf.o")));
        }
        Path file = work.resolve("mutant.bpf.o");
        for (int i = 0; i < mutants && f.failures.size() < 20; i++) {
            byte[] original = originals.get(i % originals.size());
            byte[] m = f.mutate(original);
            String what = "mutant " + i + " of " + FIXTURES[i % FIXTURES.length];
            int failuresBefore = f.failures.size();
            f.throughTheApi(what, m);
            if (i % cliEvery == 0) {
                Files.write(file, m);
                f.throughTheCli(what, file, "inspect", file.toString());
                if (i % (10 * cliEvery) == 0) {
                    f.throughTheCli(what, file, "btf", "dump", "--file", file.toString(), "--format", "c");
                }
            }
            if (f.failures.size() > failuresBefore) {
                // The seed alone reproduces a mutant only from the same fixture bytes; CI compiles its own.
                f.failures.add(what + " differs from the fixture at " + diff(original, m));
            }
        }
        if (!f.failures.isEmpty()) {
            f.failures.forEach(System.out::println);
            System.out.println("FAILED: " + f.failures.size() + " failures");
            System.exit(1);
        }
        System.out.println("OK " + mutants + " mutants: " + f.opened + " opened, " + f.refused + " refused with one line");
    }

    private void throughTheApi(String what, byte[] m) {
        try (BpfCollection c = BpfCollection.open(what, m, null)) {
            opened++;
            // The collection parsed these same bytes; the object model names its data sections.
            BpfObject o = BpfObject.parse(what, m);
            for (DataSection d : o.dataSections()) {
                MemoryView v = c.dataSection(d.name());
                v.toByteArray();
            }
            c.programs().forEach(p -> p.name());
            c.maps().forEach(map -> map.valueSize());
        } catch (BpfException e) {
            refused++;
            if (e.getMessage() == null || e.getMessage().contains("\n")) {
                failures.add(what + ": not a one-line message: " + e.getMessage());
            }
        } catch (Throwable e) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            failures.add(what + ": " + sw.toString().lines().limit(6).reduce((a, b) -> a + "\n" + b).orElse(""));
        }
    }

    private void throughTheCli(String what, Path file, String... args) {
        // One command line for the whole run (picocli resets the options on each parse); building it costs more
        // than an inspect.
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int exit;
        try {
            exit = cl.execute(args);
        } catch (Throwable e) {
            failures.add(what + ": bpfskel " + String.join(" ", args) + " threw " + e);
            return;
        }
        String e = err.toString().strip();
        if (exit == 0) {
            return;
        }
        if (exit != 1 || e.isEmpty() || e.contains("\n") || e.contains("\tat ") || e.contains("Exception")
                || !e.startsWith("bpfskel ")) {
            failures.add(what + ": bpfskel " + args[0] + " exit " + exit + ", stderr:\n" + e.lines().limit(6)
                    .reduce((a, b) -> a + "\n" + b).orElse(""));
        }
    }

    /** The changed bytes as {@code offset:old>new}, for rebuilding the mutant from any build of the fixture. */
    static String diff(byte[] original, byte[] mutant) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < original.length; i++) {
            if (original[i] != mutant[i] && shown++ < 64) {
                sb.append(String.format("%s0x%x:%02x>%02x", sb.length() == 0 ? "" : " ", i, original[i] & 0xff,
                        mutant[i] & 0xff));
            }
        }
        return sb + (shown > 64 ? " (" + (shown - 64) + " more)" : "");
    }

    /** One to three mutations; header fields most of the time. */
    private byte[] mutate(byte[] original) {
        byte[] m = original.clone();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(10);
            try {
                switch (kind) {
                    case 0, 1, 2 -> sectionHeader(m);
                    case 3, 4 -> btfHeader(m, ".BTF", 24);
                    case 5 -> btfHeader(m, ".BTF.ext", 32);
                    case 6 -> elfHeader(m);
                    case 7 -> symbol(m);
                    default -> flip(m);
                }
            } catch (RuntimeException e) {
                flip(m); // an earlier mutation broke the structure this one looks for
            }
        }
        return m;
    }

    private long hostile(long original, long fileSize) {
        return switch (rnd.nextInt(5)) {
            case 0 -> fileSize + rnd.nextInt(3) - 1;
            case 1 -> original + rnd.nextInt(33) - 16;
            case 2 -> rnd.nextInt() & 0xffffffffL;
            default -> HOSTILE[rnd.nextInt(HOSTILE.length)];
        };
    }

    private void sectionHeader(byte[] m) {
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(40);
        int shnum = Short.toUnsignedInt(b.getShort(60));
        int h = (int) shoff + rnd.nextInt(shnum) * 64;
        int[] u64 = {24, 32, 48, 56}; // offset, size, addralign, entsize
        int[] u32 = {4, 40, 44}; // type, link, info
        if (rnd.nextInt(4) > 0) {
            int f = h + u64[rnd.nextInt(u64.length)];
            b.putLong(f, hostile(b.getLong(f), m.length));
        } else {
            int f = h + u32[rnd.nextInt(u32.length)];
            b.putInt(f, (int) hostile(Integer.toUnsignedLong(b.getInt(f)), m.length));
        }
    }

    private void btfHeader(byte[] m, String section, int headerSize) {
        ElfSection s = ElfFile.parse("fuzz", m).section(section).orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int f = (int) s.offset() + 4 + 4 * rnd.nextInt((headerSize - 4) / 4);
        b.putInt(f, (int) hostile(Integer.toUnsignedLong(b.getInt(f)), s.size()));
    }

    private void elfHeader(byte[] m) {
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        switch (rnd.nextInt(4)) {
            case 0 -> b.putLong(40, hostile(b.getLong(40), m.length));
            case 1 -> b.putShort(58, (short) hostile(b.getShort(58), 64));
            case 2 -> b.putShort(60, (short) hostile(b.getShort(60), 64));
            default -> b.putShort(62, (short) hostile(b.getShort(62), 64));
        }
    }

    private void symbol(byte[] m) {
        ElfSection st = ElfFile.parse("fuzz", m).section(".symtab").orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        int count = (int) (st.size() / 24);
        int e = (int) st.offset() + rnd.nextInt(count) * 24;
        if (rnd.nextBoolean()) {
            b.putLong(e + 8, hostile(b.getLong(e + 8), m.length)); // st_value
        } else {
            b.putLong(e + 16, hostile(b.getLong(e + 16), m.length)); // st_size
        }
    }

    private void flip(byte[] m) {
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(m.length);
            m[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : m[at] ^ (1 << rnd.nextInt(8)));
        }
    }
}
