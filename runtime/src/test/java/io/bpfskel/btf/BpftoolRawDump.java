package io.bpfskel.btf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of {@code bpftool btf dump file X format raw}, parsed into one {@link Entry} per type: the
 * header line's fields and one field map per member/value/parameter/variable line.
 *
 * <p>The format (bpftool's {@code dump_btf_type}): a header {@code [id] KIND 'name' key=value ...} and, for
 * kinds with a vlen, one tab-indented line per item: {@code 'name' key=value ...} or, for DATASEC,
 * {@code type_id=N offset=N size=N (KIND 'name')}. Anonymous names print as {@code (anon)}.
 */
final class BpftoolRawDump {
    record Entry(int id, String kind, String name, Map<String, String> fields, List<Map<String, String>> items) {}

    private BpftoolRawDump() {}

    static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        Entry cur = null;
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == '\t') {
                if (cur == null) {
                    throw new IllegalArgumentException("line " + lineNo + ": item before any type: " + line);
                }
                cur.items().add(item(line.substring(1), lineNo));
                continue;
            }
            if (line.charAt(0) != '[') {
                throw new IllegalArgumentException("line " + lineNo + ": unexpected: " + line);
            }
            int close = line.indexOf("] ");
            int id = Integer.parseInt(line.substring(1, close));
            int sp = line.indexOf(' ', close + 2);
            String kind = line.substring(close + 2, sp);
            int q1 = line.indexOf('\'', sp);
            int q2 = line.lastIndexOf('\'');
            if (q1 != sp + 1 || q2 <= q1) {
                throw new IllegalArgumentException("line " + lineNo + ": no quoted name: " + line);
            }
            String name = line.substring(q1 + 1, q2);
            Map<String, String> fields = new LinkedHashMap<>();
            keyValues(line.substring(q2 + 1), fields, lineNo);
            cur = new Entry(id, kind, name, fields, new ArrayList<>());
            out.add(cur);
        }
        return out;
    }

    private static Map<String, String> item(String s, int lineNo) {
        Map<String, String> f = new LinkedHashMap<>();
        if (s.startsWith("'")) {
            int q2 = s.lastIndexOf('\'');
            f.put("name", s.substring(1, q2));
            keyValues(s.substring(q2 + 1), f, lineNo);
        } else {
            int paren = s.indexOf(" (");
            if (paren >= 0) {
                // DATASEC: "(KIND 'name')"
                String target = s.substring(paren + 2, s.length() - 1);
                int sp = target.indexOf(' ');
                f.put("target_kind", target.substring(0, sp));
                f.put("target_name", target.substring(sp + 2, target.length() - 1));
                s = s.substring(0, paren);
            }
            keyValues(s, f, lineNo);
        }
        return f;
    }

    private static void keyValues(String s, Map<String, String> into, int lineNo) {
        for (String tok : s.trim().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            if (tok.endsWith(",")) {
                tok = tok.substring(0, tok.length() - 1);
            }
            int eq = tok.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("line " + lineNo + ": not key=value: '" + tok + "'");
            }
            into.put(tok.substring(0, eq), tok.substring(eq + 1));
        }
    }
}
