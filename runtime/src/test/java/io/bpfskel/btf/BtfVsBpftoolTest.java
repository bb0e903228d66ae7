package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bpfskel.elf.ElfFile;
import io.bpfskel.elf.ElfSection;
import io.bpfskel.testing.RawBtfWriter;
import io.bpfskel.testing.FixtureObjects;
import io.bpfskel.testing.Tools;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Btf} against {@code bpftool btf dump file X format raw}: every type of every fixture object (both
 * byte orders) and of the running kernel's {@code /sys/kernel/btf/vmlinux}, field by field.
 */
class BtfVsBpftoolTest {

    @TestFactory
    Stream<DynamicTest> everyFixtureMatchesBpftool() {
        Path bpftool = Tools.bpftool();
        return FixtureObjects.all().stream().map(obj -> DynamicTest.dynamicTest(FixtureObjects.displayName(obj), () -> {
            ElfFile elf = ElfFile.read(obj);
            Optional<ElfSection> sec = elf.section(".BTF");
            assertTrue(sec.isPresent(), obj + ": fixtures are compiled with -g and must have .BTF");
            Btf btf = Btf.parse(obj.getFileName() + " .BTF", elf.bytes(sec.get()));
            assertEquals(elf.byteOrder(), btf.byteOrder(), "BTF byte order follows the ELF's");
            compare(btf, Tools.run(60, bpftool, "btf", "dump", "file", obj, "format", "raw"));
        }));
    }

    @Test
    void vmlinuxMatchesBpftool() throws Exception {
        Path vmlinux = Tools.vmlinuxBtf();
        Path bpftool = Tools.bpftool();
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            long t0 = System.nanoTime();
            String dump = Tools.run(120, bpftool, "btf", "dump", "file", vmlinux, "format", "raw");
            long t1 = System.nanoTime();
            Btf btf = Btf.parse(vmlinux.toString(), Files.readAllBytes(vmlinux));
            Map<BtfKind, Integer> kinds = compare(btf, dump);
            long t2 = System.nanoTime();
            System.out.printf("[bpftool] vmlinux: %d types %s; bpftool %d ms, parse+compare %d ms%n",
                    btf.typeCount() - 1, kinds, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
            assertTrue(btf.typeCount() > 1000, "a kernel BTF has many types");
        });
    }

    @TestFactory
    Stream<DynamicTest> syntheticBlobMatchesBpftool(@TempDir Path tmp) {
        Path bpftool = Tools.bpftool();
        return Stream.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN).map(order -> DynamicTest.dynamicTest(order.toString(), () -> {
            byte[] blob = RawBtfWriter.everyKind(order).build();
            Path file = tmp.resolve("every-kind-" + order + ".btf");
            Files.write(file, blob);
            Btf btf = Btf.parse("every-kind " + order, blob);
            assertEquals(order, btf.byteOrder());
            Map<BtfKind, Integer> kinds = compare(btf, Tools.run(60, bpftool, "btf", "dump", "file", file, "format", "raw"));
            assertEquals(BtfKind.values().length - 1, kinds.size(), "every kind but UNKN is in the synthetic blob: " + kinds);
        }));
    }

    /** Compares every type; returns how many of each kind were checked. */
    static Map<BtfKind, Integer> compare(Btf btf, String bpftoolRaw) {
        List<BpftoolRawDump.Entry> theirs = BpftoolRawDump.parse(bpftoolRaw);
        Mismatches mm = new Mismatches(btf.source());
        assertEquals(theirs.size(), btf.typeCount() - btf.firstOwnId(), btf.source() + ": type count");
        Map<BtfKind, Integer> kinds = new EnumMap<>(BtfKind.class);
        for (BpftoolRawDump.Entry e : theirs) {
            int id = e.id();
            BtfType t = btf.type(id);
            String where = "type " + id + " " + e.kind() + " '" + e.name() + "'";
            mm.check(where, "kind", e.kind(), t.kind().name());
            mm.check(where, "kind()", e.kind(), btf.kind(id).name());
            mm.check(where, "name", e.name(), anon(t.name()));
            mm.check(where, "name()", t.name(), btf.name(id));
            if (!t.name().isEmpty() && Arrays.binarySearch(btf.findByName(t.name()), id) < 0) {
                mm.add(where + ": findByName(\"" + t.name() + "\") does not list it: " + Arrays.toString(btf.findByName(t.name())));
            }
            Map<String, String> ours = new LinkedHashMap<>();
            List<Map<String, String>> ourItems = new ArrayList<>();
            render(btf, t, ours, ourItems);
            mm.checkFields(where, e.fields(), ours);
            if (e.items().size() != ourItems.size()) {
                mm.add(where + ": " + e.items().size() + " member/value/param lines, we decoded " + ourItems.size());
            } else {
                for (int i = 0; i < ourItems.size(); i++) {
                    mm.checkFields(where + " item " + i, e.items().get(i), ourItems.get(i));
                }
            }
            kinds.merge(t.kind(), 1, Integer::sum);
        }
        mm.assertNone();
        return kinds;
    }

    /** Our decode of {@code t} in bpftool's field names and number formats. */
    static void render(Btf btf, BtfType t, Map<String, String> f, List<Map<String, String>> items) {
        if (t instanceof BtfType.Int i) {
            f.put("size", u(i.size()));
            f.put("bits_offset", Integer.toString(i.bitOffset()));
            f.put("nr_bits", Integer.toString(i.bits()));
            f.put("encoding", intEncoding(i.encoding()));
        } else if (t instanceof BtfType.Ref r) {
            f.put("type_id", u(r.type()));
        } else if (t instanceof BtfType.Array a) {
            f.put("type_id", u(a.elemType()));
            f.put("index_type_id", u(a.indexType()));
            f.put("nr_elems", u(a.nelems()));
        } else if (t instanceof BtfType.Composite c) {
            f.put("size", u(c.size()));
            f.put("vlen", Integer.toString(c.members().size()));
            for (BtfType.Member m : c.members()) {
                Map<String, String> it = new LinkedHashMap<>();
                it.put("name", anon(m.name()));
                it.put("type_id", u(m.type()));
                it.put("bits_offset", u(m.bitOffset()));
                if (m.bitfieldSize() != 0) {
                    it.put("bitfield_size", u(m.bitfieldSize()));
                }
                items.add(it);
            }
        } else if (t instanceof BtfType.AnyEnum en) {
            boolean is64 = t instanceof BtfType.Enum64;
            f.put("encoding", en.signed() ? "SIGNED" : "UNSIGNED");
            f.put("size", u(en.size()));
            f.put("vlen", Integer.toString(en.values().size()));
            for (BtfType.EnumValue v : en.values()) {
                Map<String, String> it = new LinkedHashMap<>();
                it.put("name", anon(v.name()));
                if (!is64) {
                    it.put("val", en.signed() ? Integer.toString((int) v.value()) : Integer.toUnsignedString((int) v.value()));
                    if (v.value() != (en.signed() ? (long) (int) v.value() : Integer.toUnsignedLong((int) v.value()))) {
                        it.put("val", "decoded value " + v.value() + " is not the extension of a 32-bit value");
                    }
                } else {
                    it.put("val", en.signed() ? v.value() + "LL" : Long.toUnsignedString(v.value()) + "ULL");
                }
                items.add(it);
            }
        } else if (t instanceof BtfType.Fwd fw) {
            f.put("fwd_kind", fw.union() ? "union" : "struct");
        } else if (t instanceof BtfType.Func fn) {
            f.put("type_id", u(fn.type()));
            f.put("linkage", linkage(fn.linkage()));
        } else if (t instanceof BtfType.FuncProto p) {
            f.put("ret_type_id", u(p.returnType()));
            f.put("vlen", Integer.toString(p.params().size()));
            for (BtfType.Param prm : p.params()) {
                Map<String, String> it = new LinkedHashMap<>();
                it.put("name", anon(prm.name()));
                it.put("type_id", u(prm.type()));
                items.add(it);
            }
        } else if (t instanceof BtfType.Var v) {
            f.put("type_id", u(v.type()));
            f.put("linkage", linkage(v.linkage()));
        } else if (t instanceof BtfType.DataSec d) {
            f.put("size", u(d.size()));
            f.put("vlen", Integer.toString(d.vars().size()));
            for (BtfType.VarSecinfo vs : d.vars()) {
                Map<String, String> it = new LinkedHashMap<>();
                it.put("type_id", u(vs.type()));
                it.put("offset", u(vs.offset()));
                it.put("size", u(vs.size()));
                it.put("target_kind", btf.kind(vs.type()).name());
                it.put("target_name", anon(btf.name(vs.type())));
                items.add(it);
            }
        } else if (t instanceof BtfType.Float fl) {
            f.put("size", u(fl.size()));
        } else if (t instanceof BtfType.DeclTag dt) {
            f.put("type_id", u(dt.type()));
            f.put("component_idx", Integer.toString(dt.componentIdx()));
        } else {
            fail("unexpected type " + t);
        }
    }

    private static String u(int v) {
        return Integer.toUnsignedString(v);
    }

    /** bpftool prints a type or member without a name as {@code (anon)}. */
    static String anon(String name) {
        return name.isEmpty() ? "(anon)" : name;
    }

    private static String intEncoding(int e) {
        switch (e) {
            case 0: return "(none)";
            case BtfType.Int.SIGNED: return "SIGNED";
            case BtfType.Int.CHAR: return "CHAR";
            case BtfType.Int.BOOL: return "BOOL";
            default: return "UNKN";
        }
    }

    /** FUNC and VAR linkage share the numbering 0 static, 1 global, 2 extern. */
    private static String linkage(int l) {
        switch (l) {
            case 0: return "static";
            case 1: return "global";
            case 2: return "extern";
            default: return "(unknown)";
        }
    }

    /** Collects mismatches (up to a limit) so one run reports many of them at once. */
    static final class Mismatches {
        private static final int LIMIT = 40;
        private final String source;
        private final List<String> found = new ArrayList<>();
        private int count;

        Mismatches(String source) {
            this.source = source;
        }

        void add(String m) {
            if (count++ < LIMIT) {
                found.add(m);
            }
        }

        void check(String where, String field, String expected, String actual) {
            if (!expected.equals(actual)) {
                add(where + ": " + field + ": bpftool '" + expected + "', ours '" + actual + "'");
            }
        }

        void checkFields(String where, Map<String, String> theirs, Map<String, String> ours) {
            Set<String> keys = new LinkedHashSet<>(theirs.keySet());
            keys.addAll(ours.keySet());
            for (String k : keys) {
                String a = theirs.get(k);
                String b = ours.get(k);
                if (a == null || b == null || !a.equals(b)) {
                    add(where + ": " + k + ": bpftool " + (a == null ? "(absent)" : "'" + a + "'") + ", ours "
                            + (b == null ? "(absent)" : "'" + b + "'"));
                }
            }
        }

        void assertNone() {
            if (count > 0) {
                fail(source + ": " + count + " mismatch(es) with bpftool" + (count > LIMIT ? " (first " + LIMIT + ")" : "")
                        + ":\n  " + String.join("\n  ", found));
            }
        }
    }
}
