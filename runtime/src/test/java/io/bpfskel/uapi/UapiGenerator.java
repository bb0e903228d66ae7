package io.bpfskel.uapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the package {@code io.bpfskel.uapi} from the kernel UAPI headers vendored in {@code runtime/src/main/uapi}
 * (the one home of every kernel enumeration the project uses). Run it after replacing the headers:
 *
 * <pre>{@code java runtime/src/test/java/io/bpfskel/uapi/UapiGenerator.java runtime}</pre>
 *
 * <p>Named kernel enums become Java enums carrying the kernel's number; flag and opcode groups become {@code int}
 * constants spelled as in the header. Values are always computed from the header, never written here: what this
 * file decides is only which header names form which Java type. {@code UapiGeneratorTest} regenerates in memory
 * and fails when the checked-in sources differ, so the Java cannot drift from the pinned header.
 *
 * <p>Single-file and dependency-free on purpose, so it runs with the {@code java} launcher alone.
 */
public final class UapiGenerator {
    static final String PACKAGE = "io.bpfskel.uapi";
    static final Path HEADERS = Path.of("src", "main", "uapi", "linux");
    static final Path SOURCES = Path.of("src", "main", "java", "io", "bpfskel", "uapi");
    static final List<String> HEADER_FILES = List.of("bpf_common.h", "bpf.h");

    public static void main(String[] args) throws IOException {
        Path module = Path.of(args.length > 0 ? args[0] : "runtime");
        for (Map.Entry<String, String> e : generate(module.resolve(HEADERS)).entrySet()) {
            Files.writeString(module.resolve(SOURCES).resolve(e.getKey()), e.getValue());
        }
    }

    // ---------------------------------------------------------------- what goes where

    /** A named kernel enum as a Java enum; {@code predicates}: boolean methods true for the listed constants. */
    record EnumSpec(String javaName, String cEnum, String prefix, String doc, Map<String, List<String>> predicates) {}

    /** A group of constants: the members of the enum that holds {@code enumMember}, or the listed names. */
    record Group(String comment, String enumMember, List<String> names) {
        static Group enumHolding(String comment, String member) {
            return new Group(comment, member, List.of());
        }

        static Group names(String comment, String... names) {
            return new Group(comment, null, List.of(names));
        }
    }

    /** {@code hex}: values written in hexadecimal (opcode fields), else bits as shifts and small values in decimal. */
    record ConstantsSpec(String javaName, String doc, boolean hex, List<Group> groups) {}

    static final List<EnumSpec> ENUMS = List.of(
            new EnumSpec("BpfCommand", "bpf_cmd", "BPF_", "the commands of bpf(2)", Map.of()),
            new EnumSpec("MapType", "bpf_map_type", "BPF_MAP_TYPE_", "map types", orderedMap(
                    "isPerCpu", List.of("PERCPU_HASH", "PERCPU_ARRAY", "LRU_PERCPU_HASH", "PERCPU_CGROUP_STORAGE"),
                    "isMapInMap", List.of("ARRAY_OF_MAPS", "HASH_OF_MAPS"))),
            new EnumSpec("ProgramType", "bpf_prog_type", "BPF_PROG_TYPE_", "program types", Map.of()),
            new EnumSpec("AttachType", "bpf_attach_type", "BPF_", "attach types (expected_attach_type, link_create.attach_type)",
                    Map.of()),
            new EnumSpec("LinkType", "bpf_link_type", "BPF_LINK_TYPE_", "link types", Map.of()));

    static final List<ConstantsSpec> CONSTANTS = List.of(
            new ConstantsSpec("BpfFlags", "Flag values of bpf(2) attributes, grouped by the field they go into.", false, List.of(
                    Group.enumHolding("flags of BPF_MAP_UPDATE_ELEM and the lookups", "BPF_ANY"),
                    Group.enumHolding("map_flags of BPF_MAP_CREATE (and file_flags of BPF_OBJ_GET for RDONLY/WRONLY)",
                            "BPF_F_NO_PREALLOC"),
                    Group.names("prog_flags of BPF_PROG_LOAD", "BPF_F_STRICT_ALIGNMENT", "BPF_F_ANY_ALIGNMENT",
                            "BPF_F_TEST_RND_HI32", "BPF_F_TEST_STATE_FREQ", "BPF_F_SLEEPABLE", "BPF_F_XDP_HAS_FRAGS",
                            "BPF_F_XDP_DEV_BOUND_ONLY", "BPF_F_TEST_REG_INVARIANTS"),
                    Group.names("attach_flags of BPF_PROG_ATTACH", "BPF_F_ALLOW_OVERRIDE", "BPF_F_ALLOW_MULTI",
                            "BPF_F_REPLACE", "BPF_F_BEFORE", "BPF_F_AFTER", "BPF_F_ID", "BPF_F_PREORDER"),
                    Group.names("flags of BPF_PROG_TEST_RUN", "BPF_F_TEST_RUN_ON_CPU", "BPF_F_TEST_XDP_LIVE_FRAMES",
                            "BPF_F_TEST_SKB_CHECKSUM_COMPLETE"),
                    Group.enumHolding("link_create.kprobe_multi.flags", "BPF_F_KPROBE_MULTI_RETURN"),
                    Group.enumHolding("link_create.uprobe_multi.flags", "BPF_F_UPROBE_MULTI_RETURN"),
                    Group.enumHolding("enable_stats.type of BPF_ENABLE_STATS", "BPF_STATS_RUN_TIME"),
                    Group.names("src_reg of BPF_LD_IMM64 (what imm holds)", "BPF_PSEUDO_MAP_FD", "BPF_PSEUDO_MAP_IDX",
                            "BPF_PSEUDO_MAP_VALUE", "BPF_PSEUDO_MAP_IDX_VALUE", "BPF_PSEUDO_BTF_ID", "BPF_PSEUDO_FUNC"),
                    Group.names("src_reg of BPF_CALL (what imm holds)", "BPF_PSEUDO_CALL", "BPF_PSEUDO_KFUNC_CALL"))),
            new ConstantsSpec("Opcodes", "Fields of an instruction's opcode byte (linux/bpf_common.h and linux/bpf.h).", true, List.of(
                    Group.names("instruction classes", "BPF_LD", "BPF_LDX", "BPF_ST", "BPF_STX", "BPF_ALU", "BPF_JMP",
                            "BPF_JMP32", "BPF_ALU64"),
                    Group.names("operand size (LD, LDX, ST, STX)", "BPF_W", "BPF_H", "BPF_B", "BPF_DW"),
                    Group.names("addressing mode (LD, LDX, ST, STX)", "BPF_IMM", "BPF_ABS", "BPF_IND", "BPF_MEM",
                            "BPF_MEMSX", "BPF_ATOMIC"),
                    Group.names("operand source (ALU, JMP)", "BPF_K", "BPF_X"),
                    Group.names("ALU operations", "BPF_ADD", "BPF_SUB", "BPF_MUL", "BPF_DIV", "BPF_OR", "BPF_AND",
                            "BPF_LSH", "BPF_RSH", "BPF_NEG", "BPF_MOD", "BPF_XOR", "BPF_MOV", "BPF_ARSH", "BPF_END"),
                    Group.names("byte order of BPF_END", "BPF_TO_LE", "BPF_TO_BE"),
                    Group.names("JMP operations", "BPF_JA", "BPF_JEQ", "BPF_JGT", "BPF_JGE", "BPF_JSET", "BPF_JNE",
                            "BPF_JLT", "BPF_JLE", "BPF_JSGT", "BPF_JSGE", "BPF_JSLT", "BPF_JSLE", "BPF_JCOND", "BPF_CALL",
                            "BPF_EXIT"),
                    Group.names("atomic operations (imm of BPF_ATOMIC)", "BPF_FETCH", "BPF_XCHG", "BPF_CMPXCHG",
                            "BPF_LOAD_ACQ", "BPF_STORE_REL"))));

    private static Map<String, List<String>> orderedMap(String k1, List<String> v1, String k2, List<String> v2) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    // ---------------------------------------------------------------- the header

    /** One member of a C enum: its value, and whether it is a second name of an earlier member (an alias). */
    record Member(String name, long value, boolean alias) {}

    /** The headers' constants: enums in order (anonymous ones keyed by their first member), object-like defines. */
    static final class Header {
        final Map<String, List<Member>> enums = new LinkedHashMap<>();
        final Map<String, Long> values = new LinkedHashMap<>();
        final Map<String, String> defines = new LinkedHashMap<>();

        long value(String name) {
            Long v = values.get(name);
            if (v == null) {
                String d = defines.get(name);
                if (d == null || d.equals(name)) {
                    throw new IllegalArgumentException("no constant " + name + " in the UAPI headers");
                }
                v = new Expr(d, this).parse();
                values.put(name, v);
            }
            return v;
        }

        List<Member> enumHolding(String member) {
            for (List<Member> e : enums.values()) {
                if (e.stream().anyMatch(m -> m.name().equals(member))) {
                    return e;
                }
            }
            throw new IllegalArgumentException("no enum holds " + member);
        }
    }

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\n]*", Pattern.DOTALL);
    private static final Pattern ENUM = Pattern.compile("\\benum\\s+(\\w+)?\\s*\\{([^}]*)\\}");
    private static final Pattern DEFINE = Pattern.compile("(?m)^\\s*#\\s*define\\s+(\\w+)[ \\t]+([^\\n]+)$");

    static Header parse(List<String> texts) {
        Header h = new Header();
        for (String text : texts) {
            String code = COMMENT.matcher(text).replaceAll(" ").replace("\\\n", " ");
            Matcher d = DEFINE.matcher(code);
            while (d.find()) {
                h.defines.putIfAbsent(d.group(1), d.group(2).trim());
            }
            Matcher e = ENUM.matcher(code);
            while (e.find()) {
                List<Member> members = new ArrayList<>();
                long next = 0;
                for (String item : e.group(2).split(",")) {
                    String s = item.trim();
                    if (s.isEmpty()) {
                        continue;
                    }
                    int eq = s.indexOf('=');
                    String name = (eq < 0 ? s : s.substring(0, eq)).trim();
                    boolean alias = false;
                    long value = next;
                    if (eq >= 0) {
                        String expr = s.substring(eq + 1).trim();
                        alias = members.stream().anyMatch(m -> m.name().equals(expr));
                        value = new Expr(expr, h).parse();
                    }
                    members.add(new Member(name, value, alias));
                    h.values.put(name, value);
                    next = value + 1;
                }
                h.enums.put(e.group(1) != null ? e.group(1) : members.get(0).name(), members);
            }
        }
        return h;
    }

    /** C constant expressions as the headers write them: numbers with U/L suffixes, names, ( ), <<, |, +, -. */
    static final class Expr {
        private final String s;
        private final Header h;
        private int i;

        Expr(String s, Header h) {
            this.s = s;
            this.h = h;
        }

        long parse() {
            long v = or();
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("cannot evaluate '" + s + "'");
            }
            return v;
        }

        private long or() {
            long v = shift();
            while (eat("|")) {
                v |= shift();
            }
            return v;
        }

        private long shift() {
            long v = sum();
            while (eat("<<")) {
                v <<= sum();
            }
            return v;
        }

        private long sum() {
            long v = unary();
            while (true) {
                if (eat("+")) {
                    v += unary();
                } else if (eat("-")) {
                    v -= unary();
                } else {
                    return v;
                }
            }
        }

        private long unary() {
            if (eat("-")) {
                return -unary();
            }
            if (eat("(")) {
                long v = or();
                if (!eat(")")) {
                    throw new IllegalArgumentException("cannot evaluate '" + s + "'");
                }
                return v;
            }
            skip();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            String tok = s.substring(start, i);
            if (tok.isEmpty()) {
                throw new IllegalArgumentException("cannot evaluate '" + s + "'");
            }
            if (Character.isDigit(tok.charAt(0))) {
                String digits = tok.replaceAll("[uUlL]+$", "");
                return digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseLong(digits.substring(2), 16)
                        : Long.parseLong(digits);
            }
            return h.value(tok);
        }

        private boolean eat(String t) {
            skip();
            if (s.startsWith(t, i)) {
                i += t.length();
                return true;
            }
            return false;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }

    // ---------------------------------------------------------------- the Java

    /** The generated sources by file name, from the headers in {@code headerDir}. */
    static Map<String, String> generate(Path headerDir) throws IOException {
        List<String> texts = new ArrayList<>();
        StringBuilder pins = new StringBuilder();
        for (String f : HEADER_FILES) {
            byte[] bytes = Files.readAllBytes(headerDir.resolve(f));
            texts.add(new String(bytes, StandardCharsets.UTF_8));
            pins.append(" * linux/").append(f).append(" sha256 ").append(sha256(bytes)).append('\n');
        }
        Header h = parse(texts);
        String banner = "// Generated by UapiGenerator (runtime/src/test/java/io/bpfskel/uapi) from the UAPI headers in\n"
                + "// runtime/src/main/uapi (see its README for their version). Do not edit: regenerate.\n";
        Map<String, String> out = new LinkedHashMap<>();
        for (EnumSpec e : ENUMS) {
            out.put(e.javaName() + ".java", banner + enumSource(e, h, pins.toString()));
        }
        for (ConstantsSpec c : CONSTANTS) {
            out.put(c.javaName() + ".java", banner + constantsSource(c, h, pins.toString()));
        }
        return out;
    }

    private static String enumSource(EnumSpec spec, Header h, String pins) {
        List<Member> members = h.enums.get(spec.cEnum());
        if (members == null) {
            throw new IllegalArgumentException("no enum " + spec.cEnum() + " in the UAPI headers");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("package ").append(PACKAGE).append(";\n\n");
        sb.append("/**\n * {@code enum ").append(spec.cEnum()).append("}: ").append(spec.doc())
                .append(", named without the {@code ").append(spec.prefix()).append("} prefix; {@link #number()} is the\n")
                .append(" * kernel's value.\n *\n * <p>From:\n").append(pins).append(" */\n");
        sb.append("public enum ").append(spec.javaName()).append(" {\n");
        List<String> lines = new ArrayList<>();
        long max = -1;
        for (Member m : members) {
            if (m.name().startsWith("__")) {
                continue;
            }
            if (!m.name().startsWith(spec.prefix())) {
                throw new IllegalArgumentException(spec.cEnum() + "." + m.name() + " lacks the prefix " + spec.prefix());
            }
            String alias = m.alias() ? "    /** A newer name for the same value; {@link #of} returns this one. */\n" : "";
            lines.add(alias + "    " + m.name().substring(spec.prefix().length()) + "(" + m.value() + ")");
            max = Math.max(max, m.value());
        }
        sb.append(String.join(",\n", lines)).append(";\n\n");
        sb.append("    private static final ").append(spec.javaName()).append("[] BY_NUMBER = new ")
                .append(spec.javaName()).append("[").append(max + 1).append("];\n\n");
        sb.append("    static {\n        for (").append(spec.javaName()).append(" v : values()) {\n")
                .append("            BY_NUMBER[v.number] = v;\n        }\n    }\n\n");
        sb.append("    private final int number;\n");
        sb.append("    /** Built once: every system call names its command (guards, errors), so concatenating per call showed in profiles. */\n");
        sb.append("    private final String uapiName;\n\n");
        sb.append("    ").append(spec.javaName()).append("(int number) {\n        this.number = number;\n")
                .append("        this.uapiName = \"").append(spec.prefix()).append("\" + name();\n    }\n\n");
        sb.append("    /** The kernel's value. */\n    public int number() {\n        return number;\n    }\n\n");
        sb.append("    /** The UAPI spelling ({@code ").append(spec.prefix())
                .append("} and the name), for messages. */\n    public String uapiName() {\n        return uapiName;\n    }\n\n");
        sb.append("    /** The constant with this kernel value (its newest name), or null when the value is newer than these headers. */\n")
                .append("    public static ").append(spec.javaName()).append(" of(int number) {\n")
                .append("        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;\n    }\n");
        for (Map.Entry<String, List<String>> p : spec.predicates().entrySet()) {
            for (String c : p.getValue()) {
                if (members.stream().noneMatch(m -> m.name().equals(spec.prefix() + c))) {
                    throw new IllegalArgumentException(spec.cEnum() + " has no " + spec.prefix() + c);
                }
            }
            sb.append("\n    public boolean ").append(p.getKey()).append("() {\n        return ");
            // By number: a value's old and new names (CGROUP_STORAGE_DEPRECATED, CGROUP_STORAGE) answer alike.
            List<String> tests = p.getValue().stream().map(c -> "number == " + c + ".number").toList();
            sb.append(String.join(" || ", tests)).append(";\n    }\n");
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static String constantsSource(ConstantsSpec spec, Header h, String pins) {
        StringBuilder sb = new StringBuilder();
        sb.append("package ").append(PACKAGE).append(";\n\n");
        sb.append("/**\n * ").append(spec.doc()).append(" Spelled as in the header.\n *\n * <p>From:\n").append(pins)
                .append(" */\n");
        sb.append("public final class ").append(spec.javaName()).append(" {\n");
        sb.append("    private ").append(spec.javaName()).append("() {}\n");
        for (Group g : spec.groups()) {
            List<String> names = g.enumMember() != null
                    ? h.enumHolding(g.enumMember()).stream().filter(m -> !m.name().startsWith("__")).map(Member::name).toList()
                    : g.names();
            sb.append("\n    // ").append(g.comment()).append('\n');
            for (String n : names) {
                long v = h.value(n);
                boolean isInt = v >= Integer.MIN_VALUE && v <= 0xffffffffL;
                String literal = spec.hex() ? String.format("0x%02x", v)
                        : v >= 8 && Long.bitCount(v) == 1 ? "1 << " + Long.numberOfTrailingZeros(v) : Long.toString(v);
                sb.append("    public static final ").append(isInt ? "int " : "long ").append(n).append(" = ")
                        .append(literal).append(isInt ? "" : "L").append(";\n");
            }
        }
        sb.append("}\n");
        return sb.toString();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
