package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.testing.KernelTests;
import io.bpfskel.uapi.MapType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BtfSyscallTest {

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    /** A BTF blob with one type: {@code int} (id 1), 4 bytes, signed, {@code bits} wide. */
    static byte[] intBtf(int bits) {
        byte[] strings = "\0int\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int typeLen = 16;
        ByteBuffer b = ByteBuffer.allocate(24 + typeLen + strings.length).order(ByteOrder.nativeOrder());
        b.putShort((short) 0xeB9F).put((byte) 1).put((byte) 0).putInt(24); // magic, version, flags, hdr_len
        b.putInt(0).putInt(typeLen).putInt(typeLen).putInt(strings.length); // type_off/len, str_off/len
        b.putInt(1).putInt(1 << 24).putInt(4); // name_off "int", kind INT, size 4
        b.putInt((1 << 24) | bits); // BTF_INT_SIGNED, offset 0, nr_bits
        b.put(strings);
        return b.array();
    }

    @Test
    void loadsHandBuiltBtfAndUsesItForAMap() {
        try (Fd btf = Bpf.btfLoad(BtfLoadAttr.of(intBtf(32)), "BTF 'int'")) {
            BtfInfo info = Bpf.btfInfo(btf, true, "BTF 'int'");
            assertNotEquals(0, info.id());
            assertEquals(intBtf(32).length, info.btfSize());
            assertEquals(intBtf(32).length, info.btf().length);
            assertEquals("", info.name());
            assertTrue(!info.kernelBtf());

            MapCreateAttr attr = MapCreateAttr.builder(MapType.ARRAY).keySize(4).valueSize(4).maxEntries(1)
                    .mapName("typed").btf(btf).btfKeyTypeId(1).btfValueTypeId(1).build();
            try (Fd map = Bpf.mapCreate(attr, "map 'typed'")) {
                MapInfo mi = Bpf.mapInfo(map, "map 'typed'");
                assertEquals(info.id(), mi.btfId());
                assertEquals(1, mi.btfValueTypeId());
            }
        }
    }

    @Test
    void badBtfNamesCommandErrnoAndLog() {
        BpfSyscallException e = assertThrows(BpfSyscallException.class,
                () -> Bpf.btfLoad(BtfLoadAttr.of(intBtf(64)), "BTF of 'broken.bpf.o'"));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("BPF_BTF_LOAD", e.command());
        assertTrue(e.getMessage().startsWith("BPF_BTF_LOAD for BTF of 'broken.bpf.o' failed: EINVAL"), e.getMessage());
        assertNotNull(e.log());
        assertTrue(e.log().contains("nr_bits exceeds type_size"), e.log());
        assertTrue(e.getMessage().contains("nr_bits exceeds type_size"), e.getMessage());
    }

    @Test
    void iteratingBtfIdsFindsVmlinux() {
        boolean found = false;
        int id = 0;
        for (OptionalInt next = Bpf.btfGetNextId(0); next.isPresent(); next = Bpf.btfGetNextId(id)) {
            id = next.getAsInt();
            Fd fd;
            try {
                fd = Bpf.btfGetFdById(id);
            } catch (BpfSyscallException e) {
                if (e.is(Errno.ENOENT)) {
                    continue; // unloaded since we saw its id
                }
                throw e;
            }
            try (fd) {
                BtfInfo info = Bpf.btfInfo(fd, false, "BTF id " + id);
                if (info.name().equals("vmlinux")) {
                    assertTrue(info.kernelBtf());
                    assertTrue(info.btfSize() > 1 << 20, "vmlinux BTF is several MiB");
                    assertEquals(0, info.btf().length, "data not requested");
                    found = true;
                    break;
                }
            }
        }
        assertTrue(found, "vmlinux BTF not found among BTF ids");
    }
}
