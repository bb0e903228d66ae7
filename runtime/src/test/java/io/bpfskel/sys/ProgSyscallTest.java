package io.bpfskel.sys;

import io.bpfskel.error.Errno;
import io.bpfskel.error.BpfSyscallException;
import static io.bpfskel.asm.Asm.R0;
import static io.bpfskel.asm.Asm.exit;
import static io.bpfskel.asm.Asm.mov64Imm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.asm.Instruction;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.uapi.BpfFlags;
import io.bpfskel.uapi.ProgramType;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProgSyscallTest {

    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    @Test
    void syscallProgramReturns42() {
        try (Fd prog = Bpf.progLoad(TestPrograms.syscallProgram("answer", TestPrograms.returnConstant(42)),
                "program 'answer'")) {
            ProgTestRunResult r = Bpf.progTestRun(ProgTestRunAttr.of(prog), "program 'answer'");
            assertEquals(42, r.retval());
            assertEquals(42, r.retvalInt());
        }
    }

    @Test
    void programWritesToArrayMapThroughMapFd() {
        try (Fd map = MapSyscallTest.array("out", 8, 2, 0);
                Fd prog = Bpf.progLoad(TestPrograms.syscallProgram("writer", TestPrograms.writeToArray(map, 1, 4242, 7)),
                        "program 'writer'")) {
            ProgTestRunResult r = Bpf.progTestRun(ProgTestRunAttr.of(prog), "program 'writer'");
            assertEquals(7, r.retval());
            byte[] v = new byte[8];
            assertTrue(Bpf.mapLookupElem(map, Bytes.u32(1), v, "map 'out'"));
            assertEquals(4242, Bytes.u64(v));

            ProgInfo info = Bpf.progInfo(prog, "program 'writer'");
            MapInfo mapInfo = Bpf.mapInfo(map, "map 'out'");
            assertArrayEquals(new int[] {mapInfo.id()}, info.mapIds());
        }
    }

    @Test
    void syscallProgramSeesAndWritesItsContext() {
        // r1 = ctx; *(u32 *)(r1 + 0) = 99; r0 = 1; exit
        List<Instruction> insns = List.of(
                io.bpfskel.asm.Asm.stMem(io.bpfskel.uapi.Opcodes.BPF_W, io.bpfskel.asm.Asm.R1, 0, 99),
                mov64Imm(R0, 1), exit());
        try (Fd prog = Bpf.progLoad(TestPrograms.syscallProgram("ctx_writer", insns), "program 'ctx_writer'")) {
            ProgTestRunResult r = Bpf.progTestRun(ProgTestRunAttr.withContext(prog, new byte[8]),
                    "program 'ctx_writer'");
            assertEquals(1, r.retval());
            assertEquals(99, Bytes.u32(r.ctxIn()), "syscall programs write their context back");
        }
    }

    @Test
    void verifierRejectionCarriesTheLog() {
        // exit without setting r0
        ProgLoadAttr attr = TestPrograms.syscallProgram("bad", List.of(exit()));
        BpfSyscallException e = assertThrows(BpfSyscallException.class, () -> Bpf.progLoad(attr, "program 'bad'"));
        assertEquals(Errno.EACCES, e.errno());
        assertEquals("BPF_PROG_LOAD", e.command());
        assertNotNull(e.log(), "the failed load is retried with a log");
        assertTrue(e.log().contains("R0 !read_ok"), e.log());
        assertTrue(e.getMessage().startsWith("BPF_PROG_LOAD for program 'bad' failed: EACCES"), e.getMessage());
        assertTrue(e.getMessage().contains("R0 !read_ok"), e.getMessage());
    }

    @Test
    void tooSmallLogBufferIsGrownToWhatTheVerifierNeeds() {
        List<Instruction> insns = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            insns.add(mov64Imm(R0, i));
        }
        insns.add(exit());
        ProgLoadAttr attr = ProgLoadAttr.builder(ProgramType.SYSCALL).insns(insns).license("GPL").progName("chatty")
                .progFlags(BpfFlags.BPF_F_SLEEPABLE).logLevel(ProgLoadAttr.LOG_LEVEL2).logSize(16).build();
        LoadResult r = Bpf.progLoadWithLog(attr, "program 'chatty'");
        try (Fd prog = r.fd()) {
            assertTrue(r.log().length() > 4096, "the log outgrew the smallest buffer: " + r.log().length());
            assertTrue(r.log().contains("processed 301 insns"), r.log());
        }
    }

    @Test
    void progInfoHasTranslatedInstructions() {
        try (Fd prog = Bpf.progLoad(TestPrograms.syscallProgram("xlated", TestPrograms.returnConstant(42)),
                "program 'xlated'")) {
            ProgInfo info = Bpf.progInfo(prog, "program 'xlated'");
            assertEquals(ProgramType.SYSCALL.number(), info.type());
            assertEquals("xlated", info.name());
            assertTrue(info.gplCompatible());
            assertEquals(16, info.xlatedProgLen());
            List<Instruction> insns = Instruction.decodeAll(info.xlatedProgInsns(), ByteOrder.nativeOrder());
            assertEquals(List.of(mov64Imm(R0, 42), exit()), insns);
            assertEquals(16, info.tagHex().length());
            assertTrue(info.jitedProgLen() > 0, "JIT is on");

            try (Fd again = Bpf.progGetFdById(info.id())) {
                assertEquals(info.id(), Bpf.progInfo(again, "program by id").id());
            }
            assertTrue(Bpf.progGetNextId(0).isPresent());
        }
    }

    @Test
    void enableStatsCountsRuns() {
        try (Fd prog = Bpf.progLoad(TestPrograms.syscallProgram("stats", TestPrograms.returnConstant(0)),
                "program 'stats'");
                Fd stats = Bpf.enableStats(BpfFlags.BPF_STATS_RUN_TIME, "run-time stats")) {
            for (int i = 0; i < 3; i++) {
                Bpf.progTestRun(ProgTestRunAttr.of(prog), "program 'stats'");
            }
            assertEquals(3, Bpf.progInfo(prog, "program 'stats'").runCnt());
        }
    }

    @Test
    void bindMap() {
        try (Fd map = MapSyscallTest.array("bound", 4, 1, 0);
                Fd prog = Bpf.progLoad(TestPrograms.syscallProgram("binder", TestPrograms.returnConstant(0)),
                        "program 'binder'")) {
            Bpf.progBindMap(prog, map, "program 'binder'");
            assertEquals(1, Bpf.progInfo(prog, "program 'binder'").mapIds().length);
        }
    }

    @Test
    void loadingWithABadMapFdNamesTheProgram() {
        // A number that is surely not open, rather than a just-closed one the JVM might reuse.
        List<Instruction> insns = TestPrograms.writeToArray(Fd.adopt(999_999), 0, 1, 0);
        BpfSyscallException e = assertThrows(BpfSyscallException.class,
                () -> Bpf.progLoad(TestPrograms.syscallProgram("orphan", insns), "program 'orphan'"));
        assertEquals(Errno.EBADF, e.errno());
        assertTrue(e.getMessage().contains("program 'orphan'"), e.getMessage());
        assertFalse(e.log() == null || e.log().isEmpty(), "the verifier explains which fd was bad");
    }
}
