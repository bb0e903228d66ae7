package io.bpfskel.usdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the argument string of a {@code .note.stapsdt} note ({@code "-4@%eax 8@-16(%rbp) -4@$5"}) into
 * {@link UsdtArg}s: every form GCC and clang emit on x86-64 and aarch64, with the register offsets of the
 * architecture's {@code struct pt_regs}, as libbpf's {@code usdt.c} computes them.
 *
 * <p>Unlike libbpf, arguments are split first and parsed one by one, so a memory argument followed by a SIB one
 * cannot be misread as one malformed SIB argument. {@code sym(%rip)} operands (globals in position-independent
 * code), which libbpf refuses, are accepted: the symbol is resolved by {@link UsdtNotes} and the argument read
 * relative to the probe's own address.
 */
public final class UsdtArgParser {
    /** {@code BPF_USDT_MAX_ARG_CNT} of usdt.bpf.h. */
    public static final int MAX_ARGS = 12;

    private static final Map<String, Integer> X86_REGS = new HashMap<>();
    private static final String NUM = "([-+]?(?:0[xX][0-9a-fA-F]+|[0-9]+))";
    private static final Pattern X86_CONST = Pattern.compile("\\$" + NUM);
    private static final Pattern X86_REG = Pattern.compile("%([a-z0-9]+)");
    private static final Pattern X86_MEM = Pattern.compile(NUM + "?\\(%([a-z0-9]+)\\)");
    private static final Pattern X86_SIB = Pattern.compile(NUM + "?\\(%([a-z0-9]+),%([a-z0-9]+)(?:,([0-9]+))?\\)");
    /** {@code sym(%rip)}, {@code 8+sym(%rip)} (GCC), {@code sym+8(%rip)}, {@code sym-8(%rip)}. */
    private static final Pattern X86_RIP_SYMBOL = Pattern.compile(
            "(?:" + NUM + "\\+)?([A-Za-z_.$][A-Za-z0-9_.$@]*)(?:([-+])(0[xX][0-9a-fA-F]+|[0-9]+))?\\(%rip\\)");
    private static final Pattern A64_MEM = Pattern.compile("\\[\\s*([a-z0-9]+)\\s*(?:,\\s*#?" + NUM + "\\s*)?\\]");
    private static final Pattern A64_CONST = Pattern.compile("#?" + NUM);
    private static final Pattern A64_REG = Pattern.compile("([a-z0-9]+)");

    static {
        // struct pt_regs of x86-64 (arch/x86/include/uapi/asm/ptrace.h); every width of a register reads its slot
        // and the argument size narrows the value.
        String[][] names = {
            {"r15", "r15d", "r15w", "r15b"}, {"r14", "r14d", "r14w", "r14b"}, {"r13", "r13d", "r13w", "r13b"},
            {"r12", "r12d", "r12w", "r12b"}, {"rbp", "ebp", "bp", "bpl"}, {"rbx", "ebx", "bx", "bl"},
            {"r11", "r11d", "r11w", "r11b"}, {"r10", "r10d", "r10w", "r10b"}, {"r9", "r9d", "r9w", "r9b"},
            {"r8", "r8d", "r8w", "r8b"}, {"rax", "eax", "ax", "al"}, {"rcx", "ecx", "cx", "cl"},
            {"rdx", "edx", "dx", "dl"}, {"rsi", "esi", "si", "sil"}, {"rdi", "edi", "di", "dil"},
        };
        for (int i = 0; i < names.length; i++) {
            for (String n : names[i]) {
                X86_REGS.put(n, i * 8);
            }
        }
        X86_REGS.put("rip", 128);
        X86_REGS.put("eip", 128);
        for (String n : new String[] {"rsp", "esp", "sp", "spl"}) {
            X86_REGS.put(n, 152);
        }
    }

    private UsdtArgParser() {}

    /**
     * @throws IllegalArgumentException naming the argument and what is wrong with it
     */
    public static List<UsdtArg> parse(String args, UsdtArch arch) {
        List<UsdtArg> out = new ArrayList<>();
        String s = args.strip();
        // libbpf: an empty string or one starting with ':' means "no arguments".
        if (s.isEmpty() || s.startsWith(":")) {
            return List.of();
        }
        int i = 0;
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
                continue;
            }
            int at = s.indexOf('@', i);
            if (at < 0) {
                throw new IllegalArgumentException("argument " + out.size() + " '" + s.substring(i)
                        + "': expected SIZE@LOCATION");
            }
            int end = at + 1;
            if (end < s.length() && s.charAt(end) == '[') {
                int close = s.indexOf(']', end);
                end = close < 0 ? s.length() : close + 1;
            } else {
                while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
                    end++;
                }
            }
            String text = s.substring(i, end);
            if (out.size() == MAX_ARGS) {
                throw new IllegalArgumentException("more than " + MAX_ARGS + " arguments (usdt.bpf.h reads at most "
                        + MAX_ARGS + ")");
            }
            out.add(parseOne(out.size(), text, s.substring(i, at), s.substring(at + 1, end), arch));
            i = end;
        }
        return List.copyOf(out);
    }

    private static UsdtArg parseOne(int index, String text, String sizeText, String loc, UsdtArch arch) {
        int size;
        try {
            size = Integer.parseInt(sizeText.startsWith("+") ? sizeText.substring(1) : sizeText);
        } catch (NumberFormatException e) {
            throw bad(index, text, "size '" + sizeText + "' is not a number");
        }
        boolean signed = size < 0;
        size = Math.abs(size);
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw bad(index, text, "size must be 1, 2, 4 or 8 bytes (negative for signed)");
        }
        return arch == UsdtArch.X86_64 ? x86(index, text, size, signed, loc) : aarch64(index, text, size, signed, loc);
    }

    private static UsdtArg x86(int index, String text, int size, boolean signed, String loc) {
        Matcher m;
        if ((m = X86_SIB.matcher(loc)).matches()) {
            int scale = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
            int shift = Integer.numberOfTrailingZeros(scale);
            if (scale != 1 && scale != 2 && scale != 4 && scale != 8) {
                throw bad(index, text, "scale " + scale + " is not 1, 2, 4 or 8");
            }
            return new UsdtArg(text, size, signed, UsdtArg.Kind.SIB, num(m.group(1), index, text), m.group(2),
                    x86Reg(index, text, m.group(2)), m.group(3), x86Reg(index, text, m.group(3)), shift, null);
        }
        if ((m = X86_MEM.matcher(loc)).matches()) {
            return new UsdtArg(text, size, signed, UsdtArg.Kind.REG_DEREF, num(m.group(1), index, text), m.group(2),
                    x86Reg(index, text, m.group(2)), null, 0, 0, null);
        }
        if ((m = X86_RIP_SYMBOL.matcher(loc)).matches()) {
            long after = m.group(4) == null ? 0 : num(m.group(4), index, text);
            long addend = num(m.group(1), index, text) + ("-".equals(m.group(3)) ? -after : after);
            return new UsdtArg(text, size, signed, UsdtArg.Kind.REG_DEREF, addend, "rip", X86_REGS.get("rip"), null, 0,
                    0, m.group(2));
        }
        if ((m = X86_REG.matcher(loc)).matches()) {
            return new UsdtArg(text, size, signed, UsdtArg.Kind.REG, 0, m.group(1), x86Reg(index, text, m.group(1)),
                    null, 0, 0, null);
        }
        if ((m = X86_CONST.matcher(loc)).matches()) {
            return new UsdtArg(text, size, signed, UsdtArg.Kind.CONST, num(m.group(1), index, text), null, 0, null, 0,
                    0, null);
        }
        throw bad(index, text, "unrecognized x86-64 location '" + loc + "'");
    }

    private static UsdtArg aarch64(int index, String text, int size, boolean signed, String loc) {
        Matcher m;
        if ((m = A64_MEM.matcher(loc)).matches()) {
            return new UsdtArg(text, size, signed, UsdtArg.Kind.REG_DEREF, num(m.group(2), index, text), m.group(1),
                    a64Reg(index, text, m.group(1)), null, 0, 0, null);
        }
        if ((m = A64_CONST.matcher(loc)).matches()) {
            return new UsdtArg(text, size, signed, UsdtArg.Kind.CONST, num(m.group(1), index, text), null, 0, null, 0,
                    0, null);
        }
        if ((m = A64_REG.matcher(loc)).matches()) {
            return new UsdtArg(text, size, signed, UsdtArg.Kind.REG, 0, m.group(1), a64Reg(index, text, m.group(1)),
                    null, 0, 0, null);
        }
        throw bad(index, text, "unrecognized aarch64 location '" + loc + "'");
    }

    private static int x86Reg(int index, String text, String name) {
        Integer off = X86_REGS.get(name);
        if (off == null) {
            throw bad(index, text, "unrecognized register '%" + name + "'"
                    + (name.matches("[abcd]h") ? " (the high-byte registers cannot be read from pt_regs)" : ""));
        }
        return off;
    }

    /** {@code struct user_pt_regs} of arm64: {@code regs[31]}, then {@code sp}. */
    private static int a64Reg(int index, String text, String name) {
        if (name.equals("sp")) {
            return 31 * 8;
        }
        if (name.matches("x([0-9]|[12][0-9]|30)")) {
            return Integer.parseInt(name.substring(1)) * 8;
        }
        throw bad(index, text, "unrecognized register '" + name + "'"
                + (name.startsWith("w") ? " (32-bit wN names do not appear in USDT notes)" : ""));
    }

    private static long num(String text, int index, String arg) {
        if (text == null) {
            return 0;
        }
        try {
            String t = text.startsWith("+") ? text.substring(1) : text;
            boolean neg = t.startsWith("-");
            String digits = neg ? t.substring(1) : t;
            long v = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseUnsignedLong(digits.substring(2), 16)
                    : Long.parseLong(digits);
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            throw bad(index, arg, "'" + text + "' is not a 64-bit number");
        }
    }

    private static IllegalArgumentException bad(int index, String text, String why) {
        return new IllegalArgumentException("argument " + index + " '" + text + "': " + why);
    }
}
