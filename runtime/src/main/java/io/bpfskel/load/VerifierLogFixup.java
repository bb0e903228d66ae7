package io.bpfskel.load;

import io.bpfskel.object.Extern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libbpf's {@code fixup_verifier_log}: among the last lines of a rejected program's log, a call the loader poisoned
 * because its kfunc did not resolve is rewritten to say so:
 * <pre>
 * 123: (85) call unknown#2002000345       →   123: &lt;invalid kfunc call&gt;
 * invalid func unknown#2002000345              kfunc 'bpf_foo___new' is referenced but wasn't resolved
 * </pre>
 */
final class VerifierLogFixup {
    private static final int MAX_LAST_LINES = 10;
    private static final Pattern POISONED_CALL = Pattern.compile("^(\\d+): \\(\\d+\\) call unknown#(\\d+)$");

    private VerifierLogFixup() {}

    static String fixup(String log, List<Extern> externs) {
        if (log == null || log.isEmpty()) {
            return log;
        }
        boolean trailingNewline = log.endsWith("\n");
        List<String> lines = new ArrayList<>(Arrays.asList(log.split("\n", -1)));
        if (trailingNewline) {
            lines.remove(lines.size() - 1);
        }
        for (int i = lines.size() - 1, seen = 0; i >= 1 && seen < MAX_LAST_LINES; i--, seen++) {
            String cur = lines.get(i);
            String kfuncPrefix = "invalid func unknown#" + Extern.POISON_CALL_KFUNC_BASE / 1000000;
            if (!cur.startsWith(kfuncPrefix)) {
                continue;
            }
            Matcher m = POISONED_CALL.matcher(lines.get(i - 1));
            if (!m.matches()) {
                return log;
            }
            long imm = Long.parseLong(m.group(2));
            long idx = imm - Extern.POISON_CALL_KFUNC_BASE;
            if (idx < 0 || idx >= externs.size()) {
                return log;
            }
            lines.set(i - 1, m.group(1) + ": <invalid kfunc call>");
            lines.set(i, "kfunc '" + externs.get((int) idx).name() + "' is referenced but wasn't resolved");
            return String.join("\n", lines) + (trailingNewline ? "\n" : "");
        }
        return log;
    }
}
