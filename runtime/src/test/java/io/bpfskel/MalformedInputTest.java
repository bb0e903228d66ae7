package io.bpfskel;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpfskel.btf.Btf;
import io.bpfskel.btf.BtfExt;
import io.bpfskel.btf.BtfKind;
import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.elf.ElfSymbol;
import io.bpfskel.error.BpfFormatException;
import io.bpfskel.testing.FixtureObjects;
import io.bpfskel.testing.RawBtfWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Feeds the ELF, BTF and BTF.ext readers damaged input and checks that they fail the way they promise:
 * only {@link BpfFormatException}s whose message starts with the source name, quickly (a batch runs under
 * {@code assertTimeoutPreemptively}, a hang detector), and without allocating more than
 * {@value #ALLOC_FACTOR}x the input plus {@value #ALLOC_SLACK} bytes per ELF or BTF parse (measured with
 * {@code ThreadMXBean#getCurrentThreadAllocatedBytes}; BTF.ext and decoding every type have looser, still
 * linear, bounds: see {@link #EXT_ALLOC_FACTOR} and {@link #DECODE_ALLOC_FACTOR}).
 *
 * <p>Inputs: every fixture object (both byte orders) and a synthetic BTF blob with every kind. Damage:
 * seeded random byte flips aimed at the structures the readers read, truncation at every header, section
 * and type boundary, absurd counts/offsets/sizes in every header field, and hand-made reference cycles.
 * Every case after parsing decodes every type and calls {@code resolveSize}, {@code alignOf},
 * {@code skipModsAndTypedefs} and {@code skipMods} on it. Override the flip budget or seed with
 * {@code -Dbpfskel.fuzz.flips=N} / {@code -Dbpfskel.fuzz.seed=S} for a longer local run.
 */
class MalformedInputTest {
    static final int ALLOC_FACTOR = 4;
    /**
     * BtfExt turns every record into an object and resolves its strings eagerly: a 16-byte line_info becomes
     * a 40-byte record plus its source line, and every section costs a list and a map entry. Measured 17.8x on
     * reader_many_sections (129 one-function sections); it stays linear in the input, hence its own factor.
     */
    static final int EXT_ALLOC_FACTOR = 24;
    static final long ALLOC_SLACK = 64 * 1024;
    /** Decoding every type builds records and strings; bounded by a looser factor of the input. */
    static final int DECODE_ALLOC_FACTOR = 64;
    static final long DECODE_ALLOC_SLACK = 1 << 20;
    static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);
    static final long SLOW_CASE_NANOS = 2_000_000_000L;
    /** Random flips shared by all fixture objects; each object gets at least MIN_FLIPS. */
    static final int TOTAL_FLIPS = Integer.getInteger("bpfskel.fuzz.flips", 16_000);
    static final int MIN_FLIPS = 800;
    static final long SEED = Long.getLong("bpfskel.fuzz.seed", 0x6270_6673_6b65_6cL);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @TestFactory
    Stream<DynamicTest> fixtureObjects() {
        List<Path> all = FixtureObjects.all();
        int flips = Math.max(MIN_FLIPS, TOTAL_FLIPS / all.size());
        // Warm up every code path (lambda bootstrap, class init) so it is not charged to the first case.
        for (Path p : all) {
            new Harness("warmup").elf("warmup", ElfFile.readAll(p));
        }
        return all.stream().map(obj -> DynamicTest.dynamicTest(FixtureObjects.displayName(obj), () -> {
            byte[] bytes = ElfFile.readAll(obj);
            ElfFile elf = ElfFile.parse("orig", bytes);
            byte[] btf = elf.section(".BTF").map(elf::bytes).orElse(null);
            byte[] ext = elf.section(".BTF.ext").map(elf::bytes).orElse(null);
            Harness h = new Harness(FixtureObjects.displayName(obj));
            long seed = SEED ^ obj.getParent().getFileName().toString().hashCode() ^ obj.getFileName().toString().hashCode();
            h.run(() -> {
                h.elf("intact", bytes);
                h.intact(btf, ext);
                ElfMutations.all(h, bytes, new Random(seed), flips);
                if (btf != null) {
                    BtfMutations.all(h, btf, ext, new Random(seed * 31), flips / 4);
                }
            });
        }));
    }

    @TestFactory
    Stream<DynamicTest> syntheticBtf() {
        return Stream.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN).map(order -> DynamicTest.dynamicTest(order.toString(), () -> {
            Harness h = new Harness("synthetic " + order);
            h.btf("warmup", RawBtfWriter.everyKind(order).build(), null);
            h.run(() -> {
                BtfMutations.all(h, RawBtfWriter.everyKind(order).build(), null, new Random(SEED ^ order.hashCode()), MIN_FLIPS * 3);
                Cycles.all(h, order);
            });
        }));
    }

    /** Runs inputs through every reader entry point and collects what went wrong. */
    static final class Harness {
        private static final int MAX_REPORTED = 25;
        final String batch;
        final List<String> problems = new ArrayList<>();
        int problemCount;
        int cases;
        int rejected;
        long slowestNanos;
        String slowestCase = "";
        double worstAllocRatio;
        String worstAllocCase = "";
        volatile String current = "(none)";
        private String desc;
        private byte[] intactBtf;
        private byte[] intactExt;

        Harness(String batch) {
            this.batch = batch;
        }

        /** The intact object's .BTF and .BTF.ext: ELF cases whose BTF is unchanged skip decoding it again. */
        Harness intact(byte[] btf, byte[] ext) {
            this.intactBtf = btf;
            this.intactExt = ext;
            return this;
        }

        /** Runs a batch under the hang detector, then fails with every problem found. */
        void run(Runnable batchBody) {
            long t0 = System.nanoTime();
            assertTimeoutPreemptively(BATCH_TIMEOUT, batchBody::run,
                    () -> batch + ": batch did not finish in " + BATCH_TIMEOUT.toSeconds() + " s; stuck in case: " + current);
            System.out.printf("[malformed] %s: %d cases, %d rejected at parse, %d problems, %d ms; slowest %.1f ms (%s); "
                            + "max parse allocation %.2fx input (%s)%n",
                    batch, cases, rejected, problemCount, (System.nanoTime() - t0) / 1_000_000, slowestNanos / 1e6, slowestCase,
                    worstAllocRatio, worstAllocCase);
            if (problemCount > 0) {
                fail(batch + ": " + problemCount + " problem(s)" + (problemCount > MAX_REPORTED ? " (first " + MAX_REPORTED + ")" : "")
                        + ":\n" + String.join("\n", problems));
            }
            assertTrue(cases > 0);
        }

        private String begin(String d) {
            cases++;
            desc = d;
            current = batch + ": " + d;
            return "case" + cases;
        }

        private void end(long t0) {
            long dt = System.nanoTime() - t0;
            if (dt > slowestNanos) {
                slowestNanos = dt;
                slowestCase = desc;
            }
            if (dt > SLOW_CASE_NANOS) {
                problem("took " + dt / 1_000_000 + " ms", null);
            }
        }

        void problem(String what, Throwable t) {
            if (problemCount++ >= MAX_REPORTED) {
                return;
            }
            StringBuilder sb = new StringBuilder("  [" + desc + "] " + what);
            if (t != null) {
                sb.append(": ").append(t);
                StackTraceElement[] st = t.getStackTrace();
                for (int i = 0; i < Math.min(6, st.length); i++) {
                    sb.append("\n      at ").append(st[i]);
                }
            }
            problems.add(sb.toString());
        }

        /** One ELF object through ElfFile, then its .BTF and .BTF.ext. */
        void elf(String d, byte[] bytes) {
            String src = begin(d);
            long t0 = System.nanoTime();
            ElfFile elf = parse(src, "ElfFile.parse", bytes.length, () -> ElfFile.parse(src, bytes));
            if (elf == null) {
                rejected++;
            } else {
                for (ElfSection s : elf.sections()) {
                    if (s.type() == ElfSection.SHT_REL || s.type() == ElfSection.SHT_RELA) {
                        call(src, "relocations of section", s.index(), () -> elf.relocations(s));
                        call(src, "relocatedSection of section", s.index(), () -> elf.relocatedSection(s));
                    }
                    call(src, "data of section", s.index(), () -> elf.data(s));
                }
                for (ElfSymbol sym : elf.symbols()) {
                    if (sym.sectionIndex() != ElfSymbol.SHN_UNDEF && sym.sectionIndex() < 0xff00) {
                        call(src, "section of symbol", sym.index(), () -> elf.section(sym.sectionIndex()));
                    }
                }
                call(src, "section", -1, () -> elf.section(-1));
                call(src, "symbol", elf.symbols().size(), () -> elf.symbol(elf.symbols().size()));
                byte[] btf = call(src, "bytes .BTF", 0, () -> elf.section(".BTF").map(elf::bytes).orElse(null));
                byte[] ext = call(src, "bytes .BTF.ext", 0, () -> elf.section(".BTF.ext").map(elf::bytes).orElse(null));
                // BTF that is byte for byte the intact one was covered by the "intact" case: skip it.
                if (btf != null && !(Arrays.equals(btf, intactBtf) && Arrays.equals(ext, intactExt))) {
                    btfPipeline(src, btf, ext);
                }
            }
            end(t0);
        }

        /** A raw BTF blob (and optionally the .BTF.ext that goes with it). */
        void btf(String d, byte[] btf, byte[] ext) {
            String src = begin(d);
            long t0 = System.nanoTime();
            btfPipeline(src, btf, ext);
            end(t0);
        }

        /** A .BTF.ext against an intact .BTF. */
        void ext(String d, Btf btf, byte[] ext) {
            String src = begin(d);
            long t0 = System.nanoTime();
            if (parse(src, "BtfExt.parse", ext.length, EXT_ALLOC_FACTOR, () -> BtfExt.parse(src, ext, btf)) == null) {
                rejected++;
            }
            end(t0);
        }

        private void btfPipeline(String src, byte[] bytes, byte[] ext) {
            Btf btf = parse(src, "Btf.parse", bytes.length, () -> Btf.parse(src, bytes));
            if (btf == null) {
                rejected++;
                return;
            }
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            int n = btf.typeCount();
            for (int i = -1; i <= n; i++) {
                int id = i;
                call(src, "type", id, () -> btf.type(id));
                call(src, "kind", id, () -> btf.kind(id));
                String name = call(src, "name", id, () -> btf.name(id));
                call(src, "resolveSize", id, () -> btf.resolveSize(id));
                call(src, "alignOf", id, () -> btf.alignOf(id));
                call(src, "skipModsAndTypedefs", id, () -> btf.skipModsAndTypedefs(id));
                call(src, "skipMods", id, () -> btf.skipMods(id));
                if (name != null && !name.isEmpty() && (id & 7) == 0) {
                    call(src, "findByName of type", id, () -> btf.findByName(name));
                    call(src, "findByNameKind of type", id, () -> btf.findByNameKind(name, BtfKind.STRUCT));
                }
            }
            call(src, "ownTypes", 0, btf::ownTypes);
            call(src, "findByName(\"int\")", 0, () -> btf.findByName("int"));
            checkAlloc("decoding all types", THREADS.getCurrentThreadAllocatedBytes() - a0, bytes.length,
                    DECODE_ALLOC_FACTOR, DECODE_ALLOC_SLACK);
            if (ext != null) {
                parse(src, "BtfExt.parse", ext.length, EXT_ALLOC_FACTOR, () -> BtfExt.parse(src, ext, btf));
            }
        }

        /**
         * Calls a parser and checks what it allocated. The first time a code path runs, the JVM allocates for
         * itself (class initialization, string-concatenation and lambda bootstrap); so a parse over the limit
         * is repeated once and reported only when it is over the limit again.
         */
        private <T> T parse(String src, String step, int inputLen, Supplier<T> s) {
            return parse(src, step, inputLen, ALLOC_FACTOR, s);
        }

        private <T> T parse(String src, String step, int inputLen, int factor, Supplier<T> s) {
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            T out = call(src, step, 0, s);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - a0;
            if (allocated > (long) factor * inputLen + ALLOC_SLACK) {
                int before = problemCount;
                a0 = THREADS.getCurrentThreadAllocatedBytes();
                call(src, step, 0, s);
                allocated = THREADS.getCurrentThreadAllocatedBytes() - a0;
                if (problemCount != before) {
                    problem(step + ": a second run of the same input behaved differently", null);
                }
            }
            checkAlloc(step, allocated, inputLen, factor, ALLOC_SLACK);
            return out;
        }

        private void checkAlloc(String step, long allocated, int inputLen, int factor, long slack) {
            double ratio = (double) allocated / Math.max(1, inputLen);
            if (factor == ALLOC_FACTOR && inputLen > 4096 && ratio > worstAllocRatio) {
                worstAllocRatio = ratio;
                worstAllocCase = step + " " + desc;
            }
            if (allocated > (long) factor * inputLen + slack) {
                problem(step + " allocated " + allocated + " bytes for " + inputLen + " input bytes (limit "
                        + factor + "x + " + slack + ")", null);
            }
        }

        /** Calls one reader method; {@code step} and {@code arg} name it in a report. */
        private <T> T call(String src, String step, int arg, Supplier<T> s) {
            try {
                return s.get();
            } catch (BpfFormatException e) {
                String m = e.getMessage();
                if (m == null || !m.startsWith(src) || !m.startsWith(": ", src.length()) || !src.equals(e.source())) {
                    problem(step + " " + arg + ": message does not start with the source name '" + src + "'", e);
                }
                return null;
            } catch (Throwable t) {
                problem(step + " " + arg + " threw " + t.getClass().getSimpleName(), t);
                return null;
            }
        }
    }

    // ---------------------------------------------------------------- ELF damage

    static final class ElfMutations {
        static void all(Harness h, byte[] orig, Random rnd, int flips) {
            ElfFile elf = ElfFile.parse("orig", orig);
            ByteOrder order = elf.byteOrder();
            ByteBuffer ob = ByteBuffer.wrap(orig).order(order);
            long shoff = ob.getLong(40);
            int n = elf.sections().size();

            // truncations at the ELF header, every section header field, every section's ends
            TreeSet<Integer> cuts = new TreeSet<>();
            for (int i = 0; i <= 64; i++) {
                cuts.add(i);
            }
            for (int i = 0; i <= n; i++) {
                for (int f : new int[] {0, 1, 4, 8, 16, 24, 32, 40, 48, 56, 63}) {
                    cuts.add((int) shoff + 64 * i + f);
                }
            }
            for (ElfSection s : elf.sections()) {
                cuts.add((int) s.offset());
                cuts.add((int) s.offset() + 1);
                cuts.add((int) (s.offset() + s.fileSize()) - 1);
            }
            cuts.add(orig.length - 1);
            for (int len : cuts) {
                if (len >= 0 && len < orig.length) {
                    h.elf("truncated to " + len, Arrays.copyOf(orig, len));
                }
            }

            // ELF identification and header fields
            patch(h, orig, order, "EI_CLASS", 4, 1, 0, 1, 3, 0xff);
            patch(h, orig, order, "EI_DATA", 5, 1, 0, 3, order == ByteOrder.LITTLE_ENDIAN ? 2 : 1);
            patch(h, orig, order, "e_shoff", 40, 8, 0, 1, orig.length - 1, orig.length, orig.length - 64, shoff + 1, shoff - 1,
                    shoff + 64, Long.MAX_VALUE, -1, -64, 1L << 32, Long.MIN_VALUE);
            patch(h, orig, order, "e_shentsize", 58, 2, 0, 1, 63, 65, 0xffff);
            patch(h, orig, order, "e_shnum", 60, 2, 1, 2, n - 1, n + 1, 0xff00, 0xffff);
            patch(h, orig, order, "e_shstrndx", 62, 2, 0, n, n - 1, 0xfeff, 0xfff1, 0xffff);
            // extended numbering with absurd counts and indexes in section 0
            for (long count : new long[] {0, 1, n + 1, 0xffffffffL, Long.MAX_VALUE, -1, 1L << 40, 1L << 31}) {
                byte[] b = orig.clone();
                ByteBuffer bb = ByteBuffer.wrap(b).order(order);
                bb.putShort(60, (short) 0);
                bb.putLong((int) shoff + 32, count);
                h.elf("e_shnum=0, sh_size[0]=" + count, b);
            }
            for (long link : new long[] {0, n, 0xffffffffL, 0x7fffffffL, 0x80000000L}) {
                byte[] b = orig.clone();
                ByteBuffer bb = ByteBuffer.wrap(b).order(order);
                bb.putShort(62, (short) 0xffff);
                bb.putInt((int) shoff + 40, (int) link);
                h.elf("e_shstrndx=XINDEX, sh_link[0]=" + link, b);
            }

            // every field of (a sample of) section headers
            TreeSet<Integer> sample = new TreeSet<>(List.of(0, n - 1));
            for (ElfSection s : elf.sections()) {
                if (s.type() != ElfSection.SHT_PROGBITS || s.name().startsWith(".BTF") || s.isExecutable() && sample.size() < 24) {
                    sample.add(s.index());
                }
            }
            while (sample.size() < Math.min(n, 40)) {
                sample.add(rnd.nextInt(n));
            }
            long shstrSize = elf.section(ob.getShort(62) & 0xffff).size();
            for (int i : sample) {
                ElfSection s = elf.section(i);
                int hdr = (int) shoff + 64 * i;
                String w = "section " + i + " '" + s.name() + "' ";
                patch(h, orig, order, w + "sh_name", hdr, 4, 0xffffffffL, 0x7fffffffL, shstrSize, shstrSize - 1);
                patch(h, orig, order, w + "sh_type", hdr + 4, 4, 0, 2, 3, 4, 8, 9, 0xffffffffL);
                patch(h, orig, order, w + "sh_flags", hdr + 8, 8, -1);
                patch(h, orig, order, w + "sh_offset", hdr + 24, 8, orig.length, orig.length - 1, -1, Long.MAX_VALUE, 1L << 32,
                        s.offset() + 1);
                patch(h, orig, order, w + "sh_size", hdr + 32, 8, orig.length, -1, Long.MAX_VALUE, 1L << 32,
                        orig.length - s.offset() + 1, s.size() + 1, s.size() - 1, 0);
                patch(h, orig, order, w + "sh_link", hdr + 40, 4, 0, 0xffffffffL, n, i);
                patch(h, orig, order, w + "sh_info", hdr + 44, 4, 0, 0xffffffffL, n, i);
                patch(h, orig, order, w + "sh_entsize", hdr + 56, 8, 0, 1, -1, 23, 25);
            }

            // symbols: names, section indexes, values
            List<ElfSymbol> syms = elf.symbols();
            ElfSection symtab = elf.sections().stream().filter(s -> s.type() == ElfSection.SHT_SYMTAB).findFirst().orElse(null);
            if (symtab != null && !syms.isEmpty()) {
                long strSize = elf.section(symtab.link()).size();
                TreeSet<Integer> ss = new TreeSet<>(List.of(0, syms.size() - 1));
                while (ss.size() < Math.min(syms.size(), 16)) {
                    ss.add(rnd.nextInt(syms.size()));
                }
                for (int k : ss) {
                    int p = (int) symtab.offset() + 24 * k;
                    String w = "symbol " + k + " '" + syms.get(k).name() + "' ";
                    patch(h, orig, order, w + "st_name", p, 4, 0xffffffffL, strSize, strSize - 1);
                    patch(h, orig, order, w + "st_info", p + 4, 1, 0xff);
                    patch(h, orig, order, w + "st_other", p + 5, 1, 0xff);
                    patch(h, orig, order, w + "st_shndx", p + 6, 2, 0xffff, 0xfff1, 0xfff2, n, 0xff00);
                    patch(h, orig, order, w + "st_value", p + 8, 8, -1);
                }
            }

            // relocations: symbol indexes and types
            int relBudget = 48;
            for (ElfSection s : elf.sections()) {
                if (s.type() != ElfSection.SHT_REL || relBudget <= 0) {
                    continue;
                }
                long count = s.size() / 16;
                for (long e : new long[] {0, count - 1, count > 2 ? 1 + rnd.nextInt((int) count - 2) : 0}) {
                    int p = (int) (s.offset() + 16 * e);
                    int hi = order == ByteOrder.LITTLE_ENDIAN ? p + 12 : p + 8;
                    int lo = order == ByteOrder.LITTLE_ENDIAN ? p + 8 : p + 12;
                    String w = "'" + s.name() + "' entry " + e + " ";
                    patch(h, orig, order, w + "symbol", hi, 4, 0xffffffffL, syms.size(), 0x7fffffffL);
                    patch(h, orig, order, w + "type", lo, 4, 0xffffffffL);
                    patch(h, orig, order, w + "r_offset", p, 8, -1);
                    relBudget--;
                }
            }

            // seeded random flips, aimed at what the readers read
            List<int[]> regions = new ArrayList<>();
            regions.add(new int[] {0, 64});
            regions.add(new int[] {(int) shoff, 64 * n});
            for (ElfSection s : elf.sections()) {
                boolean read = s.type() == ElfSection.SHT_SYMTAB || s.type() == ElfSection.SHT_STRTAB
                        || s.type() == ElfSection.SHT_REL || s.name().equals(".BTF") || s.name().equals(".BTF.ext");
                if (read && s.fileSize() > 0) {
                    regions.add(new int[] {(int) s.offset(), (int) s.fileSize()});
                }
            }
            regions.add(new int[] {0, orig.length});
            for (int k = 0; k < flips; k++) {
                byte[] b = orig.clone();
                int[] r = regions.get(rnd.nextInt(regions.size()));
                int nflips = 1 + rnd.nextInt(4);
                StringBuilder d = new StringBuilder("flip");
                for (int j = 0; j < nflips; j++) {
                    int pos = r[0] + rnd.nextInt(r[1]);
                    b[pos] = damage(b[pos], rnd);
                    d.append(' ').append(pos).append('=').append(b[pos] & 0xff);
                }
                h.elf(d.toString(), b);
            }
        }
    }

    // ---------------------------------------------------------------- BTF damage

    static final class BtfMutations {
        static void all(Harness h, byte[] orig, byte[] ext, Random rnd, int flips) {
            Btf intact = Btf.parse("orig", orig);
            ByteOrder order = intact.byteOrder();
            ByteBuffer ob = ByteBuffer.wrap(orig).order(order);
            int hdrLen = ob.getInt(4);
            int typesStart = hdrLen + ob.getInt(8);
            int typeLen = ob.getInt(12);
            int strStart = hdrLen + ob.getInt(16);
            int strLen = ob.getInt(20);
            h.btf("intact", orig, ext);

            // where each type starts (re-derived here, independently of Btf)
            List<Integer> starts = new ArrayList<>();
            for (int p = typesStart; p < typesStart + typeLen; ) {
                starts.add(p);
                int info = ob.getInt(p + 4);
                int vlen = info & 0xffff;
                int kind = info >>> 24 & 0x1f;
                p += 12 + switch (kind) {
                    case 1, 14, 17 -> 4;
                    case 3 -> 12;
                    case 4, 5, 15, 19 -> 12 * vlen;
                    case 6, 13 -> 8 * vlen;
                    default -> 0;
                };
            }

            // truncations: every byte of the header, every type boundary, the string section
            TreeSet<Integer> cuts = new TreeSet<>();
            for (int i = 0; i <= hdrLen + 16; i++) {
                cuts.add(i);
            }
            for (int s : starts) {
                cuts.add(s);
                cuts.add(s + 1);
                cuts.add(s + 4);
                cuts.add(s + 11);
                cuts.add(s + 12);
            }
            cuts.add(strStart);
            cuts.add(strStart + 1);
            cuts.add(strStart + strLen - 1);
            cuts.add(orig.length - 1);
            for (int len : cuts) {
                if (len < orig.length) {
                    h.btf("BTF truncated to " + len, Arrays.copyOf(orig, len), ext);
                }
            }

            // header: version, flags, every length and offset
            patch(h, orig, ext, order, "version", 2, 1, 0, 2, 0xff);
            patch(h, orig, ext, order, "magic", 0, 2, 0x9feb, 0, 0xffff);
            for (int f = 4; f <= 20; f += 4) {
                long v = Integer.toUnsignedLong(ob.getInt(f));
                patch(h, orig, ext, order, "header word " + f, f, 4, 0, 1, 23, 24, 25, 0xffffffffL, 0x7fffffffL, 0x80000000L,
                        orig.length, v + 1, v - 1, v + 4, v - 4, v + 12);
            }

            // every word of (a sample of) types: names, kinds, vlens, kflags, referenced ids, sizes
            int count = starts.size() + 1;
            TreeSet<Integer> sample = new TreeSet<>();
            for (int i = 0; i < starts.size(); i++) {
                if (starts.size() <= 80 || (i % (starts.size() / 60 + 1)) == 0) {
                    sample.add(i);
                }
            }
            for (int i : sample) {
                int p = starts.get(i);
                int id = i + 1;
                int info = ob.getInt(p + 4);
                String w = "type " + id + " ";
                patch(h, orig, ext, order, w + "name_off", p, 4, 0xffffffffL, 0x7fffffffL, strLen, strLen - 1);
                patch(h, orig, ext, order, w + "vlen", p + 4, 4, info | 0xffff, info | 0xffffff, info + 1);
                for (int kind = 0; kind < 32; kind += kind < 20 ? 1 : 11) {
                    patch(h, orig, ext, order, w + "kind " + kind, p + 4, 4, (info & 0x80ffffff) | kind << 24);
                }
                patch(h, orig, ext, order, w + "kflag", p + 4, 4, info ^ 0x80000000);
                patch(h, orig, ext, order, w + "size/type", p + 8, 4, 0xffffffffL, 0x7fffffffL, count, id, id - 1, 0);
                int next = i + 1 < starts.size() ? starts.get(i + 1) : typesStart + typeLen;
                for (int x = p + 12, k = 0; x < next && k < 9; x += 4, k++) {
                    patch(h, orig, ext, order, w + "extra word " + k, x, 4, 0xffffffffL, 0x7fffffffL, count, id, 0x00ffffff);
                }
            }

            // .BTF.ext against the intact .BTF: truncations, and absurd values in every word
            if (ext != null) {
                ByteBuffer eb = ByteBuffer.wrap(ext).order(order);
                for (int len = 0; len < ext.length; len += len < 40 ? 1 : 4) {
                    h.ext("BTF.ext truncated to " + len, intact, Arrays.copyOf(ext, len));
                }
                int words = ext.length / 4;
                TreeSet<Integer> ws = new TreeSet<>();
                for (int k = 0; k < Math.min(words, 16); k++) {
                    ws.add(k);
                }
                while (ws.size() < Math.min(words, 400)) {
                    ws.add(rnd.nextInt(words));
                }
                for (int k : ws) {
                    long v = Integer.toUnsignedLong(eb.getInt(4 * k));
                    for (long nv : new long[] {0, 4, 0xffffffffL, 0x7fffffffL, 0x80000000L, v + 1, v - 1, v + 4, v + 16}) {
                        byte[] b = ext.clone();
                        ByteBuffer.wrap(b).order(order).putInt(4 * k, (int) nv);
                        h.ext("BTF.ext word " + 4 * k + "=" + nv, intact, b);
                    }
                }
                for (int k = 0; k < flips / 2; k++) {
                    byte[] b = ext.clone();
                    int pos = rnd.nextInt(b.length);
                    b[pos] = damage(b[pos], rnd);
                    h.ext("BTF.ext flip " + pos + "=" + (b[pos] & 0xff), intact, b);
                }
            }

            // seeded random flips over the type section (and sometimes header or strings)
            for (int k = 0; k < flips; k++) {
                byte[] b = orig.clone();
                int nflips = 1 + rnd.nextInt(3);
                StringBuilder d = new StringBuilder("BTF flip");
                for (int j = 0; j < nflips; j++) {
                    int pos = rnd.nextInt(4) == 0 ? rnd.nextInt(b.length) : typesStart + rnd.nextInt(Math.max(1, typeLen));
                    b[pos] = damage(b[pos], rnd);
                    d.append(' ').append(pos).append('=').append(b[pos] & 0xff);
                }
                h.btf(d.toString(), b, ext);
            }
        }
    }

    // ---------------------------------------------------------------- reference cycles and deep chains

    static final class Cycles {
        static void all(Harness h, ByteOrder order) {
            int i32 = 1; // everyKind's first type
            // typedef -> itself, const <-> volatile, array of itself, var of itself, pointer to itself,
            // a struct and a union whose members are themselves (alignOf must not explode), a proto returning itself
            cycle(h, order, "typedef -> itself", b -> {
                int t = b.ref(RawBtfWriter.TYPEDEF, "self", 0);
                b.word(t, 2, t);
            });
            cycle(h, order, "const <-> volatile", b -> {
                int c = b.ref(RawBtfWriter.CONST, "", 0);
                int v = b.ref(RawBtfWriter.VOLATILE, "", c);
                b.word(c, 2, v);
            });
            cycle(h, order, "typedef -> const -> typedef", b -> {
                int t = b.ref(RawBtfWriter.TYPEDEF, "loop", 0);
                int c = b.ref(RawBtfWriter.CONST, "", t);
                b.word(t, 2, c);
            });
            cycle(h, order, "array of itself", b -> {
                int a = b.array(0, i32, 4);
                b.word(a, 3, a);
            });
            cycle(h, order, "var of itself", b -> {
                int v = b.var("v", 0, 1);
                b.word(v, 2, v);
            });
            cycle(h, order, "pointer to itself", b -> {
                int p = b.ref(RawBtfWriter.PTR, "", 0);
                b.word(p, 2, p);
            });
            for (int members : new int[] {1, 2, 3, 8}) {
                cycle(h, order, "struct with " + members + " members of its own type", b -> {
                    Object[] m = new Object[members * 3];
                    for (int k = 0; k < members; k++) {
                        m[k * 3] = "m" + k;
                        m[k * 3 + 1] = 0;
                        m[k * 3 + 2] = 32 * k;
                    }
                    int s = b.composite(RawBtfWriter.STRUCT, "rec", 4 * members, false, m);
                    for (int k = 0; k < members; k++) {
                        b.word(s, 4 + 3 * k, s);
                    }
                });
            }
            cycle(h, order, "union with 4 members of its own type via a typedef", b -> {
                int u = b.composite(RawBtfWriter.UNION, "ru", 4, false, "a", 0, 0, "b", 0, 0, "c", 0, 0, "d", 0, 0);
                int t = b.ref(RawBtfWriter.TYPEDEF, "ru_t", u);
                for (int k = 0; k < 4; k++) {
                    b.word(u, 4 + 3 * k, t);
                }
            });
            // a DAG, not a cycle: struct level k has 4 members of level k-1; alignOf must not take 4^depth steps
            cycle(h, order, "32-level struct DAG, 4 members per level", b -> {
                int prev = i32;
                for (int lvl = 0; lvl < 32; lvl++) {
                    prev = b.composite(RawBtfWriter.STRUCT, "lvl" + lvl, 4, false, "a", prev, 0, "b", prev, 0, "c", prev, 0, "d", prev, 0);
                }
            });
            cycle(h, order, "func_proto returning itself", b -> {
                int p = b.funcProto(0, "x", i32);
                b.word(p, 2, p);
                b.word(p, 4, p);
            });
            cycle(h, order, "datasec var of itself", b -> {
                int d = b.datasec(".cyc", 4, 0, 0, 4);
                b.word(d, 3, d);
            });
            cycle(h, order, "decl_tag on itself", b -> {
                int d = b.declTag("t", 0, -1);
                b.word(d, 2, d);
            });
            cycle(h, order, "40 typedefs in a chain", b -> {
                int prev = i32;
                for (int k = 0; k < 40; k++) {
                    prev = b.ref(RawBtfWriter.TYPEDEF, "td" + k, prev);
                }
            });
            cycle(h, order, "40 arrays nested, 2^40 elements", b -> {
                int prev = i32;
                for (int k = 0; k < 40; k++) {
                    prev = b.array(prev, i32, 2);
                }
            });
            cycle(h, order, "array of 0xffffffff x 0xffffffff ints", b -> b.array(b.array(i32, i32, -1), i32, -1));
            cycle(h, order, "struct of size 0xffffffff in an array of 2", b -> b.array(b.composite(RawBtfWriter.STRUCT, "huge", -1, false), i32, 2));
            cycle(h, order, "member bit offsets 0xffffffff", b -> b.composite(RawBtfWriter.STRUCT, "odd", 8, false, "a", i32, -1, "b", i32, 0x7fffffff));
            cycle(h, order, "kflag member bitfield 255 at bit 0xffffff", b -> b.composite(RawBtfWriter.STRUCT, "bf", 8, true, "a", i32, -1));
            cycle(h, order, "65535 members that do not fit", b -> {
                int s = b.composite(RawBtfWriter.STRUCT, "big", 4, false, "a", i32, 0);
                b.word(s, 1, RawBtfWriter.info(RawBtfWriter.STRUCT, 0xffff, false));
            });
            cycle(h, order, "intact", b -> { });
        }

        private static void cycle(Harness h, ByteOrder order, String what, java.util.function.Consumer<RawBtfWriter> edit) {
            RawBtfWriter b = RawBtfWriter.everyKind(order);
            edit.accept(b);
            h.btf(what, b.build(), null);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static byte damage(byte b, Random rnd) {
        switch (rnd.nextInt(5)) {
            case 0: return (byte) (b ^ (1 << rnd.nextInt(8)));
            case 1: return (byte) 0xff;
            case 2: return 0;
            case 3: return (byte) (b + 1);
            default: return (byte) rnd.nextInt(256);
        }
    }

    private static void put(ByteBuffer b, int at, int width, long v) {
        switch (width) {
            case 1: b.put(at, (byte) v); break;
            case 2: b.putShort(at, (short) v); break;
            case 4: b.putInt(at, (int) v); break;
            default: b.putLong(at, v);
        }
    }

    /** ELF cases: {@code orig} with the field at {@code at} set to each value in turn. */
    private static void patch(Harness h, byte[] orig, ByteOrder order, String what, int at, int width, long... values) {
        for (long v : values) {
            if (at < 0 || at + width > orig.length) {
                continue;
            }
            byte[] b = orig.clone();
            put(ByteBuffer.wrap(b).order(order), at, width, v);
            h.elf(what + "=" + v, b);
        }
    }

    /** BTF cases: as above, on a BTF blob, with its .BTF.ext (or null). */
    private static void patch(Harness h, byte[] orig, byte[] ext, ByteOrder order, String what, int at, int width, long... values) {
        for (long v : values) {
            if (at < 0 || at + width > orig.length) {
                continue;
            }
            byte[] b = orig.clone();
            put(ByteBuffer.wrap(b).order(order), at, width, v);
            h.btf(what + "=" + v, b, ext);
        }
    }
}
