package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.btf.BtfBuilder;
import io.bpfskel.btf.BtfType;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bpfskel btf dump}: C via BtfDump, raw compared byte for byte with bpftool's. */
class BtfCommandTest {

    private static String bpftool(Path file) throws Exception {
        Path bpftool = Cli.executable("bpftool");
        Path out = Files.createTempFile("bpftool-raw", ".txt");
        try {
            Process p = new ProcessBuilder(bpftool.toString(), "btf", "dump", "file", file.toString(), "format", "raw")
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("bpftool did not finish");
            }
            assertEquals(0, p.exitValue(), "bpftool btf dump file " + file);
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void rawMatchesBpftoolForFixtures() throws Exception {
        for (String name : List.of("externs", "globals", "maps", "core", "reader_kitchen_sink")) {
            Path obj = Cli.fixture(name);
            String ours = Cli.run("btf", "dump", "--file", obj, "--format", "raw").expectExit(0).out();
            assertEquals(bpftool(obj), ours, name);
        }
    }

    @Test
    void rawMatchesBpftoolForEveryKindInBothByteOrders(@TempDir Path tmp) throws Exception {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            BtfBuilder b = new BtfBuilder();
            int i = b.addInt("int", 4, BtfType.Int.SIGNED);
            int u8 = b.addInt("unsigned char", 1, 0);
            int bool = b.addInt("_Bool", 1, BtfType.Int.BOOL);
            int ch = b.addInt("char", 1, BtfType.Int.CHAR);
            int p = b.addPtr(b.addConst(b.addVolatile(ch)));
            int arr = b.addArray(u8, i, 16);
            int fwd = b.addFwd("later", true);
            int s = b.addStruct("s", 16, List.of(new BtfType.Member("a", i, 0, 0), new BtfType.Member("flag", u8, 32, 3),
                    new BtfType.Member("", b.addPtr(fwd), 64, 0)));
            b.addUnion("", 8, List.of(new BtfType.Member("x", i, 0, 0), new BtfType.Member("y", bool, 0, 0)));
            b.addEnum("neg", 4, true, List.of(new BtfType.EnumValue("MINUS", -1), new BtfType.EnumValue("ONE", 1)));
            b.addEnum("", 4, false, List.of(new BtfType.EnumValue("BIG", 0xfffffffeL)));
            b.addEnum64("wide", 8, false, List.of(new BtfType.EnumValue("HUGE", 0xffffffff00000000L)));
            b.addEnum64("swide", 8, true, List.of(new BtfType.EnumValue("LOW", Long.MIN_VALUE)));
            int proto = b.addFuncProto(i, List.of(new BtfType.Param("s", p), new BtfType.Param("", 0)));
            int f = b.addFunc("f", proto, BtfType.Func.GLOBAL);
            b.addDeclTag("bpf_kfunc", f, -1);
            b.addDeclTag("arg", f, 0);
            int tagged = b.addTypeTag("user", s);
            int v = b.addVar("v", b.addTypedef("s_t", tagged), BtfType.Var.GLOBAL_ALLOCATED);
            int sv = b.addVar("sv", arr, BtfType.Var.STATIC);
            b.addDataSec(".data", 32, List.of(new BtfType.VarSecinfo(v, 0, 16), new BtfType.VarSecinfo(sv, 16, 16)));
            b.addFloat("double", 8);
            b.addRestrict(p);
            Path file = Files.write(tmp.resolve("every-kind-" + order + ".btf"), b.encode(order));
            String ours = Cli.run("btf", "dump", "--file", file, "--format", "raw").expectExit(0).out();
            assertEquals(bpftool(file), ours, order.toString());
            assertTrue(ours.contains("\t'flag' type_id=2 bits_offset=32 bitfield_size=3\n"), ours);
            assertTrue(ours.contains("\t'MINUS' val=-1\n"), ours);
            assertTrue(ours.contains("\t'LOW' val=-9223372036854775808LL\n"), ours);
        }
    }

    @Test
    void rawMatchesBpftoolForTheRunningKernel() throws Exception {
        Path vmlinux = Path.of("/sys/kernel/btf/vmlinux");
        Cli.need(Files.isReadable(vmlinux), "kernel BTF " + vmlinux + " not readable");
        String ours = Cli.run("btf", "dump", "--format", "raw").expectExit(0).out();
        String theirs = bpftool(vmlinux);
        assertTrue(theirs.length() > 1_000_000, "a kernel's BTF is big");
        assertEquals(theirs, ours);
    }

    @Test
    void cFormatIsAVmlinuxHeader() {
        String h = Cli.run("btf", "dump", "--file", Cli.fixture("globals"), "--format", "c").expectExit(0).out();
        assertTrue(h.startsWith("#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n"), h);
        assertTrue(h.contains("struct point {"), h);
        assertTrue(h.endsWith("#endif /* __VMLINUX_H__ */\n"), h);
    }

    @Test
    void badInput(@TempDir Path tmp) throws Exception {
        Cli.Result missing = Cli.run("btf", "dump", "--file", tmp.resolve("nope.btf"), "--format", "c").expectExit(1);
        assertTrue(missing.err().contains("nope.btf"), missing.err());
        Cli.Result bad = Cli.run("btf", "dump", "--file", Files.writeString(tmp.resolve("x.btf"), "junk"), "--format", "raw")
                .expectExit(1);
        assertTrue(bad.err().startsWith("bpfskel dump: ") && bad.err().contains("x.btf"), bad.err());
        Cli.Result format = Cli.run("btf", "dump", "--format", "json");
        assertEquals(2, format.exit(), "usage error");
        assertTrue(format.err().contains("c, raw"), format.err());
    }
}
