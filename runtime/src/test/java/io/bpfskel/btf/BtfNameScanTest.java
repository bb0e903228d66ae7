package io.bpfskel.btf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.object.BpfObject;
import io.bpfskel.testing.Fixtures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
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
}
