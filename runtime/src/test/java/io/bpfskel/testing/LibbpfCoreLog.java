package io.bpfskel.testing;

import io.bpfskel.core.CoreRelocation;
import io.bpfskel.core.CoreRelocationReport;
import io.bpfskel.core.CoreRelocator;
import io.bpfskel.core.CoreResult;
import io.bpfskel.object.BpfObject;
import io.bpfskel.object.ProgramSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * libbpf's CO-RE debug output ({@code bpftool -d prog loadall}), parsed relocation by relocation, and the
 * comparison of an object's relocations by {@link CoreRelocator} with it.
 *
 * <p>libbpf numbers relocations per ELF section ({@code prog 'f': relo #N}, N counting from the section's
 * first record) and prints them under the name of the function holding the instruction, subprograms included.
 */
public final class LibbpfCoreLog {
    /** What libbpf printed about one relocation. */
    public static final class Relo {
        public String localSpec;
        public String firstMatching;
        public String patchedClass;
        public long oldValue = -1;
        public long newValue = -1;
        public int patchedInsn = -1;
        public int memOld;
        public int memNew;
        public final Set<Integer> substituted = new HashSet<>();
    }

    private static final Pattern LINE = Pattern.compile("^libbpf: prog '([^']+)': relo #(\\d+): (.*)$");
    private static final Pattern PATCHED = Pattern.compile(
            "^patched insn #(\\d+) \\(([A-Z/0-9]+)\\) (imm64|imm|off) (\\d+) -> (\\d+)$");
    private static final Pattern MEMSZ = Pattern.compile("^patched insn #(\\d+) \\(LDX/ST/STX\\) mem_sz (\\d+) -> (\\d+)$");
    private static final Pattern SUBST = Pattern.compile("^substituting insn #(\\d+) w/ invalid insn$");
    private static final Pattern MATCHING = Pattern.compile("^matching candidate #\\d+ (<.*)$");
    private static final Pattern CAND = Pattern.compile(
            "^libbpf: CO-RE relocating \\[(\\d+)\\] \\S+ \\S+: found target candidate \\[(\\d+)\\] .* in \\[vmlinux\\]$");

    private final List<String> lines;
    private final Map<String, Map<Integer, Relo>> relos;
    private final Map<Integer, Set<Integer>> candidates;

    private LibbpfCoreLog(List<String> lines, Map<String, Map<Integer, Relo>> relos, Map<Integer, Set<Integer>> candidates) {
        this.lines = lines;
        this.relos = relos;
        this.candidates = candidates;
    }

    /** The raw output lines. */
    public List<String> lines() {
        return lines;
    }

    /** Relocations by function name, then by libbpf's per-section index. */
    public Map<String, Map<Integer, Relo>> relos() {
        return relos;
    }

    /** vmlinux candidates libbpf found, by local type id. */
    public Map<Integer, Set<Integer>> candidates() {
        return candidates;
    }

    public static LibbpfCoreLog parse(List<String> lines) {
        Map<String, Map<Integer, Relo>> out = new LinkedHashMap<>();
        Map<Integer, Set<Integer>> cands = new HashMap<>();
        for (String line : lines) {
            Matcher c = CAND.matcher(line);
            if (c.matches()) {
                cands.computeIfAbsent(Integer.parseInt(c.group(1)), k -> new HashSet<>()).add(Integer.parseInt(c.group(2)));
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Relo r = out.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>())
                    .computeIfAbsent(Integer.parseInt(m.group(2)), k -> new Relo());
            String rest = m.group(3);
            Matcher x;
            if (rest.startsWith("<")) {
                r.localSpec = rest;
            } else if ((x = MATCHING.matcher(rest)).matches()) {
                if (r.firstMatching == null) {
                    r.firstMatching = x.group(1);
                }
            } else if ((x = MEMSZ.matcher(rest)).matches()) {
                r.memOld = Integer.parseInt(x.group(2));
                r.memNew = Integer.parseInt(x.group(3));
            } else if ((x = PATCHED.matcher(rest)).matches()) {
                r.patchedInsn = Integer.parseInt(x.group(1));
                r.patchedClass = x.group(2);
                r.oldValue = Long.parseUnsignedLong(x.group(4));
                r.newValue = Long.parseUnsignedLong(x.group(5));
            } else if ((x = SUBST.matcher(rest)).matches()) {
                r.substituted.add(Integer.parseInt(x.group(1)));
            }
        }
        return new LibbpfCoreLog(lines, out, cands);
    }

    /**
     * Runs {@code bpftool -d prog loadall OBJ PINDIR} (libbpf's debug log included) and parses the output. Output
     * without a single CO-RE line (libbpf did not get that far) fails or skips as {@link Tools} decides.
     */
    public static LibbpfCoreLog loadall(Path obj) {
        List<String> lines = bpftoolLoadall(obj);
        LibbpfCoreLog log = parse(lines);
        if (log.relos.isEmpty()) {
            throw Tools.missing("bpftool printed no CO-RE relocation lines for " + obj + ":\n" + String.join("\n", lines));
        }
        return log;
    }

    /**
     * Runs {@code bpftool -d prog loadall OBJ PINDIR}, removes what it pinned and returns its output lines (stdout
     * and stderr). A missing bpftool or bpffs fails or skips as {@link Tools} decides.
     */
    public static List<String> bpftoolLoadall(Path obj) {
        Path bpftool = Tools.bpftool();
        Path pin = KernelTests.bpffs().resolve("bpfskel_corelog_" + ProcessHandle.current().pid() + "_" + System.nanoTime());
        try {
            Process p = new ProcessBuilder(bpftool.toString(), "-d", "prog", "loadall", obj.toAbsolutePath().toString(),
                    pin.toString()).redirectErrorStream(true).start();
            try {
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("bpftool prog loadall " + obj + " did not finish in 60 s");
                }
                return new String(out, StandardCharsets.UTF_8).lines().toList();
            } finally {
                removeTree(pin);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("running bpftool on " + obj, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running bpftool on " + obj, e);
        }
    }

    private static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** Our side of a comparison: each function's relocation result, reports indexed like libbpf's. */
    public record Ours(Map<String, CoreResult> results, Map<String, Integer> sectionIndexBase) {}

    /**
     * Relocates every function of {@code obj} that has CO-RE relocations (programs and subprograms), noting for
     * each the number of relocation records of its section that precede it, so that report index + base is
     * libbpf's {@code relo #N}.
     */
    public static Ours relocateAll(BpfObject obj, CoreRelocator engine) {
        Map<String, CoreResult> results = new LinkedHashMap<>();
        Map<String, Integer> bases = new HashMap<>();
        for (ProgramSpec f : obj.functions()) {
            List<CoreRelocation> relos = CoreRelocation.forProgram(obj, f);
            if (relos.isEmpty()) {
                continue;
            }
            results.put(f.name(), engine.relocate(f.name(), f.insns(), f.byteOrder(), relos));
            String section = obj.elf().section(f.sectionIndex()).name();
            bases.put(f.name(), CoreRelocation.forRange(obj.btfExt(), section, 0, f.insnOffset()).size());
        }
        return new Ours(results, bases);
    }

    /**
     * Compares every relocation of {@code ours} with libbpf's: local and chosen target spec, poisoning, patched
     * instruction, instruction class, old and new value, load/store size change.
     *
     * @return one line per difference (empty when identical), plus a check that both sides relocated the same
     *     functions with the same number of relocations
     */
    public List<String> mismatches(Ours ours) {
        List<String> out = new ArrayList<>();
        if (!relos.keySet().equals(ours.results().keySet())) {
            out.add("functions with CO-RE relocations: libbpf " + relos.keySet() + ", ours " + ours.results().keySet());
        }
        for (Map.Entry<String, CoreResult> e : ours.results().entrySet()) {
            Map<Integer, Relo> theirs = relos.getOrDefault(e.getKey(), Map.of());
            List<CoreRelocationReport> reports = e.getValue().reports();
            if (theirs.size() != reports.size()) {
                out.add("relocation count of " + e.getKey() + ": libbpf " + theirs.size() + ", ours " + reports.size());
            }
            int base = ours.sectionIndexBase().get(e.getKey());
            for (CoreRelocationReport r : reports) {
                Relo l = theirs.get(base + r.index());
                String where = e.getKey() + " relo #" + (base + r.index()) + " " + r.localSpec();
                if (l == null) {
                    out.add(where + ": libbpf printed nothing");
                    continue;
                }
                check(out, where + " local spec", l.localSpec, r.localSpec());
                check(out, where + " target spec", l.firstMatching, r.targetSpec());
                check(out, where + " poisoned", !l.substituted.isEmpty(), r.poisoned());
                if (r.poisoned()) {
                    check(out, where + " poisoned insn", true, l.substituted.contains(r.insnIndex()));
                } else {
                    check(out, where + " insn", l.patchedInsn, r.insnIndex());
                    check(out, where + " insn class", l.patchedClass, r.insnClass());
                    check(out, where + " old value", l.oldValue, r.oldValue());
                    check(out, where + " new value", l.newValue, r.newValue());
                    check(out, where + " mem size", l.memOld + " -> " + l.memNew, r.oldMemSize() + " -> " + r.newMemSize());
                }
            }
        }
        return out;
    }

    /** How many relocations libbpf printed, over all functions. */
    public int count() {
        return relos.values().stream().mapToInt(Map::size).sum();
    }

    private static void check(List<String> mismatches, String what, Object libbpf, Object ours) {
        if (!Objects.equals(libbpf, ours)) {
            mismatches.add(what + ": libbpf " + libbpf + ", ours " + ours);
        }
    }
}
