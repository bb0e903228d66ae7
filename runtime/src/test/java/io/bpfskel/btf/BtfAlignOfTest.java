package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.elf.ElfFile;
import io.bpfskel.testing.RawBtfWriter;
import io.bpfskel.testing.FixtureObjects;
import io.bpfskel.testing.Tools;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Btf#alignOf} memoizes composites within a call (so shared member types are resolved once); its
 * results must equal a plain transcription of libbpf's {@code btf__align_of} for every composite of every
 * fixture, the synthetic blob and the kernel's BTF.
 */
class BtfAlignOfTest {

    @Test
    void fixturesAndSyntheticMatchNaiveAlignOf() {
        List<Btf> all = new ArrayList<>();
        for (Path p : FixtureObjects.all()) {
            ElfFile elf = ElfFile.read(p);
            all.add(Btf.parse(p.toString(), elf.bytes(elf.section(".BTF").orElseThrow())));
        }
        all.add(Btf.parse("synthetic", RawBtfWriter.everyKind(ByteOrder.LITTLE_ENDIAN).build()));
        int checked = 0;
        for (Btf btf : all) {
            checked += compareAll(btf);
        }
        assertTrue(checked > 20, "composites checked: " + checked);
    }

    @Test
    void vmlinuxMatchesNaiveAlignOf() throws Exception {
        byte[] bytes = Files.readAllBytes(Tools.vmlinuxBtf());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Btf btf = Btf.parse("vmlinux", bytes);
            assertTrue(compareAll(btf) > 10_000);
        });
    }

    @Test
    void deepSharedMembersResolveQuickly() {
        RawBtfWriter b = new RawBtfWriter(ByteOrder.LITTLE_ENDIAN);
        int prev = b.intType("long", 8, 1, 0, 64);
        for (int lvl = 0; lvl < 30; lvl++) {
            prev = b.composite(RawBtfWriter.STRUCT, "l" + lvl, 32, false, "a", prev, 0, "b", prev, 0, "c", prev, 0, "d", prev, 0);
        }
        int top = prev;
        Btf btf = Btf.parse("dag", b.build());
        assertEquals(8, assertTimeoutPreemptively(Duration.ofSeconds(5), () -> btf.alignOf(top)));
    }

    private static int compareAll(Btf btf) {
        int n = 0;
        for (int id = 1; id < btf.typeCount(); id++) {
            BtfKind k = btf.kind(id);
            if (k == BtfKind.STRUCT || k == BtfKind.UNION) {
                assertEquals(naive(btf, id), btf.alignOf(id), btf.source() + ": alignOf type " + id + " '" + btf.name(id) + "'");
                n++;
            }
        }
        return n;
    }

    /** libbpf's btf__align_of, transcribed without memoization. */
    private static int naive(Btf btf, int id) {
        BtfType t = btf.type(id);
        if (t instanceof BtfType.Int || t instanceof BtfType.AnyEnum || t instanceof BtfType.Float) {
            long size = t instanceof BtfType.Int i ? Integer.toUnsignedLong(i.size())
                    : t instanceof BtfType.AnyEnum e ? Integer.toUnsignedLong(e.size()) : Integer.toUnsignedLong(((BtfType.Float) t).size());
            return (int) Math.min(8, Math.max(1, size));
        } else if (t instanceof BtfType.Ptr) {
            return 8;
        } else if (t instanceof BtfType.Array a) {
            return naive(btf, a.elemType());
        } else if (t instanceof BtfType.Ref r) {
            return naive(btf, r.type());
        } else if (t instanceof BtfType.Composite c) {
            int max = 1;
            for (BtfType.Member m : c.members()) {
                int a = naive(btf, m.type());
                if (m.bitfieldSize() == 0 && (m.bitOffset() % (8 * a)) != 0) {
                    return 1;
                }
                max = Math.max(max, a);
            }
            return c.size() % max != 0 ? 1 : max;
        }
        throw new AssertionError("type " + id + " " + t.kind() + " has no alignment");
    }
}
