package io.bpfskel.usdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.usdt.UsdtArg.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsdtArgParserTest {
    private static UsdtArg x86(String spec) {
        List<UsdtArg> args = UsdtArgParser.parse(spec, UsdtArch.X86_64);
        assertEquals(1, args.size(), spec);
        return args.get(0);
    }

    private static UsdtArg a64(String spec) {
        List<UsdtArg> args = UsdtArgParser.parse(spec, UsdtArch.AARCH64);
        assertEquals(1, args.size(), spec);
        return args.get(0);
    }

    private static void check(UsdtArg a, Kind kind, int size, boolean signed, long valOff, int regOff) {
        assertEquals(kind, a.kind(), a.text());
        assertEquals(size, a.size(), a.text());
        assertEquals(signed, a.signed(), a.text());
        assertEquals(valOff, a.valOff(), a.text());
        assertEquals(regOff, a.regOff(), a.text());
    }

    @Test
    void x86RegistersOfEveryWidthShareTheirPtRegsSlot() {
        // struct pt_regs (x86-64): r15 0, r14 8, r13 16, r12 24, rbp 32, rbx 40, r11 48, r10 56, r9 64, r8 72,
        // rax 80, rcx 88, rdx 96, rsi 104, rdi 112, rip 128, rsp 152
        String[][] widths = {
            {"rax", "eax", "ax", "al"}, {"rbx", "ebx", "bx", "bl"}, {"rcx", "ecx", "cx", "cl"},
            {"rdx", "edx", "dx", "dl"}, {"rsi", "esi", "si", "sil"}, {"rdi", "edi", "di", "dil"},
            {"rbp", "ebp", "bp", "bpl"}, {"rsp", "esp", "sp", "spl"},
            {"r8", "r8d", "r8w", "r8b"}, {"r9", "r9d", "r9w", "r9b"}, {"r10", "r10d", "r10w", "r10b"},
            {"r11", "r11d", "r11w", "r11b"}, {"r12", "r12d", "r12w", "r12b"}, {"r13", "r13d", "r13w", "r13b"},
            {"r14", "r14d", "r14w", "r14b"}, {"r15", "r15d", "r15w", "r15b"},
        };
        int[] offsets = {80, 40, 88, 96, 104, 112, 32, 152, 72, 64, 56, 48, 24, 16, 8, 0};
        int[] sizes = {8, 4, 2, 1};
        for (int r = 0; r < widths.length; r++) {
            for (int w = 0; w < 4; w++) {
                UsdtArg a = x86(-sizes[w] + "@%" + widths[r][w]);
                check(a, Kind.REG, sizes[w], true, 0, offsets[r]);
                assertEquals(64 - 8 * sizes[w], a.bitShift());
            }
        }
        check(x86("8@%rip"), Kind.REG, 8, false, 0, 128);
        check(x86("4@%eip"), Kind.REG, 4, false, 0, 128);
    }

    @Test
    void x86ConstantsAndMemory() {
        check(x86("-4@$42"), Kind.CONST, 4, true, 42, 0);
        check(x86("-4@$-9"), Kind.CONST, 4, true, -9, 0);
        check(x86("-8@$4886718345"), Kind.CONST, 8, true, 4886718345L, 0);
        check(x86("8@$0x10"), Kind.CONST, 8, false, 16, 0);
        check(x86("-4@-1204(%rbp)"), Kind.REG_DEREF, 4, true, -1204, 32);
        check(x86("-4@(%rdi)"), Kind.REG_DEREF, 4, true, 0, 112);
        check(x86("8@(%rsp)"), Kind.REG_DEREF, 8, false, 0, 152);
        check(x86("2@24(%r12)"), Kind.REG_DEREF, 2, false, 24, 24);
        // A numeric %rip displacement reads relative to the saved rip, as libbpf does.
        check(x86("8@-8(%rip)"), Kind.REG_DEREF, 8, false, -8, 128);
    }

    @Test
    void x86BaseIndexScale() {
        UsdtArg a = x86("-8@8(%rdi,%rsi,8)");
        check(a, Kind.SIB, 8, true, 8, 112);
        assertEquals("rsi", a.indexRegister());
        assertEquals(104, a.idxRegOff());
        assertEquals(3, a.scaleShift());
        UsdtArg b = x86("1@-96(%rbp,%rax)");
        check(b, Kind.SIB, 1, false, -96, 32);
        assertEquals(80, b.idxRegOff());
        assertEquals(0, b.scaleShift());
        assertEquals(1, x86("1@(%rbp,%rax,2)").scaleShift());
        assertEquals(2, x86("1@(%rbp,%rax,4)").scaleShift());
        assertThrows(IllegalArgumentException.class, () -> x86("1@(%rbp,%rax,3)"));
    }

    @Test
    void x86RipRelativeSymbols() {
        UsdtArg g = x86("-4@bpfskel_global_int(%rip)");
        assertEquals(Kind.REG_DEREF, g.kind());
        assertEquals("bpfskel_global_int", g.symbol());
        assertEquals(0, g.valOff());
        assertEquals(128, g.regOff());
        UsdtArg gcc = x86("-8@8+bpfskel_global_arr(%rip)");
        assertEquals("bpfskel_global_arr", gcc.symbol());
        assertEquals(8, gcc.valOff());
        assertEquals(16, x86("8@arr+16(%rip)").valOff());
        assertEquals(-4, x86("8@arr-4(%rip)").valOff());
        assertEquals("_ZN3foo3barE.lto_priv.0", x86("8@_ZN3foo3barE.lto_priv.0(%rip)").symbol());
    }

    @Test
    void severalArgumentsAndNoArguments() {
        List<UsdtArg> args = UsdtArgParser.parse("-4@-20(%rbp) -8@-8(%rax,%rbx,2)  8@%rdx -4@$5", UsdtArch.X86_64);
        assertEquals(4, args.size());
        // libbpf's sscanf would read the first two as one broken SIB argument; split per argument they are fine.
        assertEquals(Kind.REG_DEREF, args.get(0).kind());
        assertEquals(Kind.SIB, args.get(1).kind());
        assertEquals(1, args.get(1).scaleShift());
        assertEquals(List.of(), UsdtArgParser.parse("", UsdtArch.X86_64));
        assertEquals(List.of(), UsdtArgParser.parse("  ", UsdtArch.X86_64));
        assertEquals(List.of(), UsdtArgParser.parse(":anything", UsdtArch.X86_64));
        String twelve = "8@%rax ".repeat(12);
        assertEquals(12, UsdtArgParser.parse(twelve, UsdtArch.X86_64).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UsdtArgParser.parse(twelve + "8@%rax", UsdtArch.X86_64));
        assertTrue(e.getMessage().contains("more than 12"), e.getMessage());
    }

    @Test
    void x86Errors() {
        assertBad("3@%rax", "size must be 1, 2, 4 or 8");
        assertBad("x@%rax", "not a number");
        assertBad("%rax", "expected SIZE@LOCATION");
        assertBad("1@%ah", "high-byte");
        assertBad("8@%xmm0", "unrecognized register");
        assertBad("8@*%rax", "unrecognized x86-64 location");
        assertBad("8@-8(%nope)", "unrecognized register '%nope'");
    }

    private static void assertBad(String spec, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UsdtArgParser.parse(spec, UsdtArch.X86_64));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().startsWith("argument 0"), e.getMessage());
    }

    @Test
    void aarch64Forms() {
        check(a64("-4@[sp, 96]"), Kind.REG_DEREF, 4, true, 96, 248);
        check(a64("-4@[x29, -8]"), Kind.REG_DEREF, 4, true, -8, 29 * 8);
        check(a64("8@[x1]"), Kind.REG_DEREF, 8, false, 0, 8);
        check(a64("4@5"), Kind.CONST, 4, false, 5, 0);
        check(a64("-4@-9"), Kind.CONST, 4, true, -9, 0);
        check(a64("-8@x4"), Kind.REG, 8, true, 0, 32);
        check(a64("8@x30"), Kind.REG, 8, false, 0, 240);
        check(a64("8@sp"), Kind.REG, 8, false, 0, 248);
        List<UsdtArg> args = UsdtArgParser.parse("-4@[sp, 96] 8@x0 -4@5", UsdtArch.AARCH64);
        assertEquals(3, args.size());
        assertThrows(IllegalArgumentException.class, () -> a64("4@w1"));
        assertThrows(IllegalArgumentException.class, () -> a64("4@x31"));
        assertThrows(IllegalArgumentException.class, () -> a64("4@%rax"));
    }

    @Test
    void specLayoutsAsUsdtBpfHReadsThem() {
        List<UsdtArg> args = UsdtArgParser.parse("-4@-20(%rbp) 2@%ax -8@$-9", UsdtArch.X86_64);
        byte[] v1 = UsdtSpecLayout.V1.encode(args, 0xc00c1eL, ByteOrder.LITTLE_ENDIAN);
        assertEquals(208, v1.length);
        ByteBuffer b = ByteBuffer.wrap(v1).order(ByteOrder.LITTLE_ENDIAN);
        // arg 0: val_off -20, arg_type REG_DEREF (2), reg_off rbp (32), signed, bitshift 32
        assertEquals(-20L, b.getLong(0));
        assertEquals(2, b.getInt(8));
        assertEquals(32, b.getShort(12));
        assertEquals(1, b.get(14));
        assertEquals(32, b.get(15));
        // arg 1: REG rax (80), unsigned, bitshift 48
        assertEquals(1, b.getInt(16 + 8));
        assertEquals(80, b.getShort(16 + 12));
        assertEquals(0, b.get(16 + 14));
        assertEquals(48, b.get(16 + 15));
        // arg 2: CONST -9
        assertEquals(-9L, b.getLong(32));
        assertEquals(0, b.getInt(32 + 8));
        assertEquals(0xc00c1eL, b.getLong(192));
        assertEquals(3, b.getShort(200));

        List<UsdtArg> sib = UsdtArgParser.parse("-8@8(%rdi,%rsi,8) -4@%eax", UsdtArch.X86_64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UsdtSpecLayout.V1.encode(sib, 0, ByteOrder.LITTLE_ENDIAN));
        assertTrue(e.getMessage().contains("libbpf >= 1.7"), e.getMessage());
        byte[] v2 = UsdtSpecLayout.V2.encode(sib, 7, ByteOrder.LITTLE_ENDIAN);
        assertEquals(304, v2.length);
        ByteBuffer c = ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8L, c.getLong(0));
        assertEquals(3, c.get(8));
        assertEquals(104 | (3 << 12), c.getShort(10) & 0xffff);
        assertEquals(112, c.getShort(14));
        assertEquals(1, c.get(16));
        assertEquals(0, c.get(17));
        assertEquals(1, c.get(24 + 8));
        assertEquals(80, c.getShort(24 + 14));
        assertEquals(32, c.get(24 + 17));
        assertEquals(7L, c.getLong(288));
        assertEquals(2, c.getShort(296));
        assertEquals(UsdtSpecLayout.V1, UsdtSpecLayout.ofValueSize(208));
        assertEquals(UsdtSpecLayout.V2, UsdtSpecLayout.ofValueSize(304));
        assertThrows(IllegalArgumentException.class, () -> UsdtSpecLayout.ofValueSize(200));
        assertArrayEquals(new byte[208], UsdtSpecLayout.V1.encode(List.of(), 0, ByteOrder.LITTLE_ENDIAN));
        assertNull(x86("8@%rax").indexRegister());
    }
}
