package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.object.BpfObject;
import io.bpfskel.testing.Fixtures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link Btf#ownIdsWithNameContaining} against decoding every name, on kernel and object BTF. */
class BtfNameScanTest {
    private static int[] naive(Btf b, String fragment) {
        List<Integer> out = new ArrayList<>();
        for (int id = b.firstOwnId(); id < b.typeCount(); id++) {
            if (b.name(id).contains(fragment)) {
                out.add(id);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sameAsDecodingEveryName() {
        List<Btf> btfs = new ArrayList<>();
        if (Files.isReadable(KernelBtf.SYSFS_VMLINUX)) {
            btfs.add(KernelBtf.load(KernelBtf.SYSFS_VMLINUX));
        }
        btfs.add(BpfObject.open(Fixtures.bpfel("core_engine")).btf());
        btfs.add(BpfObject.open(Fixtures.bpfel("flavors")).btf());
        for (Btf b : btfs) {
            for (String f : List.of("___", "_", "task_struct", "zzzz_not_there", "s")) {
                assertArrayEquals(naive(b, f), b.ownIdsWithNameContaining(f), b.source() + " / " + f);
            }
        }
        assertTrue(BpfObject.open(Fixtures.bpfel("core_engine")).btf().ownIdsWithNameContaining("___").length > 0);
    }

    /** {@link Btf#ownIdsWithFlavorOf} against decoding every name and applying libbpf's essential-name rule. */
    @Test
    void flavorsSameAsDecodingEveryName() {
        List<Btf> btfs = new ArrayList<>();
        if (Files.isReadable(KernelBtf.SYSFS_VMLINUX)) {
            btfs.add(KernelBtf.load(KernelBtf.SYSFS_VMLINUX));
        }
        btfs.add(BpfObject.open(Fixtures.bpfel("core_engine")).btf());
        btfs.add(BpfObject.open(Fixtures.bpfel("flavors")).btf());
        int flavored = 0;
        for (Btf b : btfs) {
            Map<String, List<Integer>> naive = new TreeMap<>();
            for (int id = b.firstOwnId(); id < b.typeCount(); id++) {
                String n = b.name(id);
                int len = Btf.essentialNameLength(n);
                if (len < n.length()) {
                    naive.computeIfAbsent(n.substring(0, len), k -> new ArrayList<>()).add(id);
                }
            }
            Set<String> queries = new TreeSet<>(naive.keySet());
            queries.addAll(List.of("task_struct", "zzzz_not_there", "", "a___b"));
            for (String q : queries) {
                int[] want = naive.getOrDefault(q, List.of()).stream().mapToInt(Integer::intValue).toArray();
                assertArrayEquals(want, b.ownIdsWithFlavorOf(q), b.source() + " / " + q);
            }
            flavored += naive.size();
        }
        assertTrue(flavored > 0, "the fixtures have flavored names");
        assertEquals(11, Btf.essentialNameLength("task_struct___v1"));
        assertEquals(17, Btf.essentialNameLength("task_struct____v1"), "___ must be followed by a non-underscore");
        assertEquals(1, Btf.essentialNameLength("a___b"));
        assertEquals(5, Btf.essentialNameLength("a___b___c"), "the last separator ends the essential name");
    }
}
