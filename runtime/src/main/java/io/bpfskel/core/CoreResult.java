package io.bpfskel.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's output for one program: the patched instructions and one report per relocation, in input order.
 */
public final class CoreResult {
    private static final Pattern POISONED_CALL = Pattern.compile("^\\s*(\\d+): \\((\\d+)\\) call unknown#"
            + CoreRelocator.POISON_IMM + "\\s*$");
    private static final String INVALID_FUNC = "invalid func unknown#" + CoreRelocator.POISON_IMM;

    private final String programName;
    private final byte[] insns;
    private final List<CoreRelocationReport> reports;

    CoreResult(String programName, byte[] insns, List<CoreRelocationReport> reports) {
        this.programName = programName;
        this.insns = insns;
        this.reports = List.copyOf(reports);
    }

    public String programName() {
        return programName;
    }

    /** The relocated instructions (a copy of the input with the patches applied), same byte order. */
    public byte[] insns() {
        return insns.clone();
    }

    public List<CoreRelocationReport> reports() {
        return reports;
    }

    /** Reports of relocations whose instruction was poisoned. */
    public List<CoreRelocationReport> poisoned() {
        return reports.stream().filter(CoreRelocationReport::poisoned).toList();
    }

    /** The report of the relocation that patched instruction {@code insnIndex}, or null. */
    public CoreRelocationReport reportAt(int insnIndex) {
        for (CoreRelocationReport r : reports) {
            if (r.insnIndex() == insnIndex) {
                return r;
            }
        }
        return null;
    }

    /**
     * Rewrites a verifier log of this program, whose instructions are numbered as in {@link #insns()}, so that a
     * reachable poisoned instruction names its relocation; see {@link #fixupVerifierLog(String, String, Map)}.
     */
    public String fixupVerifierLog(String log) {
        Map<Integer, CoreRelocationReport> byInsn = new HashMap<>();
        for (CoreRelocationReport r : reports) {
            if (r.poisoned()) {
                byInsn.put(r.insnIndex(), r);
            }
        }
        return fixupVerifierLog(log, programName, byInsn);
    }

    /**
     * libbpf's {@code fixup_log_failed_core_relo}: the verifier rejects a reachable poisoned instruction with
     * <pre>
     * 123: (85) call unknown#195896080
     * invalid func unknown#195896080
     * </pre>
     * and this rewrites each such pair, when instruction 123 carries a relocation, into libbpf's text plus a line
     * naming the program:
     * <pre>
     * 123: &lt;invalid CO-RE relocation&gt;
     * failed to resolve CO-RE relocation &lt;byte_off&gt; [5] struct task_struct___x.f (0:1 @ offset 8)
     * prog 'handler': relo #4 (access string "0:1"): no matching targets found
     * </pre>
     * Other lines are kept as they are.
     *
     * @param relocationsByInsn reports by the instruction index the verifier sees: when a subprogram's instructions
     *     were appended to a program, the loader shifts its reports' indices by where they landed
     */
    public static String fixupVerifierLog(String log, String programName,
            Map<Integer, CoreRelocationReport> relocationsByInsn) {
        if (log == null || log.indexOf(INVALID_FUNC) < 0) {
            return log;
        }
        String[] lines = log.split("\n", -1);
        StringBuilder out = new StringBuilder(log.length() + 256);
        int i = 0;
        while (i < lines.length) {
            if (i + 1 < lines.length && lines[i + 1].startsWith(INVALID_FUNC)) {
                Matcher m = POISONED_CALL.matcher(lines[i]);
                if (m.matches()) {
                    int insn = Integer.parseInt(m.group(1));
                    CoreRelocationReport r = relocationsByInsn.get(insn);
                    if (r != null) {
                        out.append(insn).append(": <invalid CO-RE relocation>\n");
                        out.append("failed to resolve CO-RE relocation ").append(r.localSpec()).append('\n');
                        out.append("prog '").append(programName).append("': relo #").append(r.index())
                                .append(" (access string \"").append(r.accessString()).append("\"): ")
                                .append(r.poisonReason() == null ? "relocation failed" : r.poisonReason());
                        i += 2;
                        if (i < lines.length) {
                            out.append('\n');
                        }
                        continue;
                    }
                }
            }
            out.append(lines[i]);
            if (i + 1 < lines.length) {
                out.append('\n');
            }
            i++;
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "CoreResult[" + programName + ": " + reports.size() + " relocations, " + poisoned().size()
                + " poisoned]";
    }
}
