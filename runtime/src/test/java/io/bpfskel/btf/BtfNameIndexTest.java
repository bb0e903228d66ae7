package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The name index (word-at-a-time hash, region-ordered build) against decoding every name: every name finds
 * exactly its ids, in id order, and the hash of a name in the blob equals the hash of the same bytes asked for.
 */
class BtfNameIndexTest {
    @Test
    void hashOfBlobNameEqualsHashOfQueryAtEveryLengthAndAlignment() {
        for (int len = 1; len <= 40; len++) {
            byte[] name = new byte[len];
            for (int i = 0; i < len; i++) {
                name[i] = (byte) ('a' + (i * 7 + len) % 26);
            }
            int want = Btf.hashBytes(name);
            // the name at every alignment, followed by NUL then garbage, or ending the array (the byte-at-a-time tail)
            for (int at = 0; at < 9; at++) {
                byte[] blob = new byte[at + len + 1 + 9];
                java.util.Arrays.fill(blob, (byte) 'x');
                System.arraycopy(name, 0, blob, at, len);
                blob[at + len] = 0;
                assertEquals(want, Btf.hashName(blob, at), "len " + len + " at " + at);
                byte[] atEnd = java.util.Arrays.copyOf(blob, at + len + 1);
                assertEquals(want, Btf.hashName(atEnd, at), "len " + len + " at " + at + ", ending the array");
            }
        }
    }

    @Test
    void hashSeparatesNamesThatDifferInOneByte() {
        Set<Integer> seen = new HashSet<>();
        byte[] base = "bpf_iter_task_struct_x".getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        for (int i = 0; i < base.length; i++) {
            for (int c = 'a'; c <= 'z'; c++) {
                byte[] v = base.clone();
                v[i] = (byte) c;
                seen.add(Btf.hashBytes(v) & 0xffff); // the slot bits of a small table
                n++;
            }
        }
        assertTrue(seen.size() > n / 2, seen.size() + " distinct low 16 bits among " + n + " one-byte variants");
    }

    @Test
    void everyVmlinuxNameFindsExactlyItsIds() {
        if (!Files.isReadable(KernelBtf.SYSFS_VMLINUX)) {
            System.err.println("NO KERNEL BTF: " + KernelBtf.SYSFS_VMLINUX + " not readable, test skipped");
            return;
        }
        Btf b = KernelBtf.loadVmlinux();
        Map<String, List<Integer>> naive = new LinkedHashMap<>();
        for (int id = 1; id < b.typeCount(); id++) {
            String name = b.name(id);
            if (!name.isEmpty()) {
                naive.computeIfAbsent(name, k -> new ArrayList<>()).add(id);
            }
        }
        for (Map.Entry<String, List<Integer>> e : naive.entrySet()) {
            int[] want = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals(want, b.findByName(e.getKey()), e.getKey());
            assertEquals(want[0], b.findByNameKind(e.getKey(), b.kind(want[0])), e.getKey());
        }
        assertEquals(0, b.findByName("no_such_type_in_any_kernel").length);
        assertEquals(0, b.findByNameKind("task_struct", BtfKind.UNION));
    }
}
