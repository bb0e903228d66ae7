package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.asm.Asm;
import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.MapType;
import io.bpfskel.uapi.ProgramType;
import org.junit.jupiter.api.Test;

/**
 * Struct layouts without the kernel. The offsets were checked field by field against offsetof()
 * on uapi linux/bpf.h (6.12) and perf_event.h with gcc; fields newer than that header follow the
 * kernel's documented uapi. These pin the ones the loader depends on most.
 */
class LayoutTest {

    @Test
    void keyOffsets() {
        assertEquals(120, ProgLoadAttr.FD_ARRAY);
        assertEquals(148, ProgLoadAttr.FD_ARRAY_CNT);
        assertEquals(48, ProgLoadAttr.PROG_NAME);
        assertEquals(28, MapCreateAttr.MAP_NAME);
        assertEquals(64, MapCreateAttr.MAP_EXTRA);
        assertEquals(56, MapBatchAttr.SIZE);
        assertEquals(32, ProgInfo.XLATED_PROG_INSNS);
        assertEquals(232, ProgInfo.SIZE);
        assertEquals(88, MapInfo.SIZE);
        assertEquals(32, BtfInfo.SIZE);
        assertEquals(16, LinkCreateAttr.EXTRA);
        assertEquals(136, PerfEventAttr.SIZE);
    }

    /**
     * Descriptors for encoding only: numbers far above anything open, and never closed, because
     * closing a made-up number could close one of the JVM's own files.
     */
    private static Fd fake(int n) {
        return Fd.adopt(900_000 + n);
    }

    @Test
    void mapCreateEncodesEveryField() {
        MapCreateAttr attr = MapCreateAttr.builder(MapType.HASH_OF_MAPS).keySize(4).valueSize(4).maxEntries(9)
                .mapFlags(BpfFlags.BPF_F_NO_PREALLOC).innerMap(fake(11)).numaNode(3).mapName("outer").mapIfindex(5)
                .btf(fake(12)).btfKeyTypeId(6).btfValueTypeId(7).btfVmlinuxValueTypeId(8).mapExtra(1L << 40).build();
        try (NativeScope scope = new NativeScope()) {
            NativeMemory m = scope.alloc(MapCreateAttr.SIZE);
            attr.encode(m, scope, "test");
            assertEquals(MapType.HASH_OF_MAPS.number(), m.getInt(0));
            assertEquals(9, m.getInt(12));
            assertEquals(BpfFlags.BPF_F_NO_PREALLOC, m.getInt(16));
            assertEquals(900_011, m.getInt(20));
            assertEquals(3, m.getInt(24));
            assertEquals("outer", m.getString(28));
            assertEquals(5, m.getInt(44));
            assertEquals(900_012, m.getInt(48));
            assertEquals(8, m.getInt(60));
            assertEquals(1L << 40, m.getLong(64));
            assertEquals(0, m.getInt(76));
        }
    }

    @Test
    void progLoadEncodesPointersAndFdArray() {
        Fd map = fake(21);
        ProgLoadAttr attr = ProgLoadAttr.builder(ProgramType.XDP).insns(Asm.mov64Imm(Asm.R0, 2), Asm.exit())
                .license("Dual MIT/GPL").progName("xdp_pass").expectedAttachType(AttachType.XDP)
                .fdArray(new Fd[] {null, map}, true).build();
        try (NativeScope scope = new NativeScope()) {
            NativeMemory m = scope.alloc(ProgLoadAttr.SIZE);
            attr.encode(m, scope, "test");
            assertEquals(ProgramType.XDP.number(), m.getInt(0));
            assertEquals(2, m.getInt(4));
            assertEquals("Dual MIT/GPL", NativeMemory.wrap(m.getLong(16), 64).getString(0));
            assertEquals("xdp_pass", m.getString(48));
            assertEquals(AttachType.XDP.number(), m.getInt(68));
            NativeMemory fds = NativeMemory.wrap(m.getLong(120), 64);
            assertEquals(0, fds.getInt(0));
            assertEquals(900_021, fds.getInt(4));
            assertEquals(2, m.getInt(148));
        }
        assertTrue(!map.isClosed());
    }

    @Test
    void unionMembersAreExclusive() {
        Fd a = fake(30);
        assertThrows(IllegalArgumentException.class,
                () -> new LinkCreateAttr(a, a, 3, AttachType.XDP, 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> ProgLoadAttr.builder(ProgramType.EXT).insns(Asm.exit()).attachProg(a).attachBtfObj(a).build());
        assertThrows(IllegalArgumentException.class, () -> new LinkCreateAttr.Relative(a, 4, 0));
    }

    @Test
    void linkCreateUnionGoesAfterTheHead() {
        try (NativeScope scope = new NativeScope()) {
            NativeMemory m = scope.alloc(LinkCreateAttr.SIZE);
            new LinkCreateAttr(fake(40), null, 7, AttachType.TRACE_FENTRY, 0,
                    new LinkCreateAttr.Tracing(1234, 0xabcdL)).encode(m, scope, "test");
            assertEquals(900_040, m.getInt(0));
            assertEquals(7, m.getInt(4));
            assertEquals(AttachType.TRACE_FENTRY.number(), m.getInt(8));
            assertEquals(1234, m.getInt(16));
            assertEquals(0xabcdL, m.getLong(24));
        }
    }

    @Test
    void exceptionMessages() {
        BpfSyscallException e = new BpfSyscallException("BPF_PROG_LOAD", Errno.EPERM, "program 'handle_exec'");
        assertTrue(e.getMessage().startsWith("BPF_PROG_LOAD for program 'handle_exec' failed: EPERM (errno 1"));
        assertTrue(e.getMessage().contains("CAP_BPF"));
        assertEquals("ENOTSUPP", new BpfSyscallException("BPF_LINK_CREATE", 524, null).errnoName());
        assertEquals("errno 4242", Errno.name(4242));
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            log.append("line ").append(i).append('\n');
        }
        BpfSyscallException withLog = new BpfSyscallException("BPF_PROG_LOAD", Errno.EACCES, "p", null, log.toString());
        assertTrue(withLog.getMessage().contains("line 99"));
        assertTrue(!withLog.getMessage().contains("line 5\n"), "only the tail goes into the message");
        assertEquals(log.toString(), withLog.log());
    }

    @Test
    void cpuLists() {
        assertEquals(1, Syscalls.parseCpuRanges("0"));
        assertEquals(4, Syscalls.parseCpuRanges("0-3"));
        assertEquals(7, Syscalls.parseCpuRanges("0-3,8,10-11"));
    }
}
