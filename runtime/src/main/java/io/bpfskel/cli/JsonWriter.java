package io.bpfskel.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer (RFC 8259), pretty-printed with two-space indentation. The runtime depends on JNA
 * only, so the command-line report writes its JSON with this instead of a library.
 *
 * <pre>{@code
 * String json = new JsonWriter().beginObject().name("id").value(7).name("tags").beginArray().value("a").endArray()
 *         .endObject().toString();
 * }</pre>
 *
 * <p>Misuse (a value where a name is expected, unbalanced ends, two top-level values) throws
 * {@link IllegalStateException}, so the output is always well-formed.
 */
public final class JsonWriter {
    private enum Scope { ARRAY, OBJECT }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Scope> scopes = new ArrayDeque<>();
    /** Whether the innermost container has an element yet (for commas); parallel to {@link #scopes}. */
    private final Deque<Boolean> nonEmpty = new ArrayDeque<>();
    private boolean nameWritten;
    private boolean done;

    public JsonWriter beginObject() {
        beforeValue(false);
        out.append('{');
        push(Scope.OBJECT);
        return this;
    }

    public JsonWriter endObject() {
        return end(Scope.OBJECT, '}');
    }

    public JsonWriter beginArray() {
        beforeValue(false);
        out.append('[');
        push(Scope.ARRAY);
        return this;
    }

    public JsonWriter endArray() {
        return end(Scope.ARRAY, ']');
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        if (scopes.peek() != Scope.OBJECT || nameWritten) {
            throw new IllegalStateException("a name belongs directly inside an object, before its value");
        }
        separate();
        quote(name, out);
        out.append(": ");
        nameWritten = true;
        return this;
    }

    /** A string, or {@code null}. */
    public JsonWriter value(String s) {
        if (s == null) {
            return nullValue();
        }
        beforeValue(true);
        quote(s, out);
        return this;
    }

    public JsonWriter value(long v) {
        beforeValue(true);
        out.append(v);
        return this;
    }

    public JsonWriter value(boolean v) {
        beforeValue(true);
        out.append(v);
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue(true);
        out.append("null");
        return this;
    }

    /** The document; only once it is complete. */
    @Override
    public String toString() {
        if (!done) {
            throw new IllegalStateException("the JSON document is incomplete");
        }
        return out.toString();
    }

    private void push(Scope s) {
        scopes.push(s);
        nonEmpty.push(false);
    }

    private JsonWriter end(Scope s, char close) {
        if (scopes.peek() != s || nameWritten) {
            throw new IllegalStateException("no " + s.name().toLowerCase() + " to end here");
        }
        scopes.pop();
        boolean hadElements = nonEmpty.pop();
        if (hadElements) {
            newline();
        }
        out.append(close);
        if (scopes.isEmpty()) {
            done = true;
        }
        return this;
    }

    private void beforeValue(boolean scalar) {
        if (done) {
            throw new IllegalStateException("the JSON document is already complete");
        }
        Scope s = scopes.peek();
        if (s == Scope.OBJECT) {
            if (!nameWritten) {
                throw new IllegalStateException("a value inside an object needs a name first");
            }
            nameWritten = false;
        } else if (s == Scope.ARRAY) {
            separate();
        }
        if (s == null && scalar) {
            // A scalar at the top level is the whole document; a container is complete at its end.
            done = true;
        }
    }

    private void separate() {
        if (nonEmpty.peek()) {
            out.append(',');
        }
        nonEmpty.pop();
        nonEmpty.push(true);
        newline();
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(scopes.size()));
    }

    /**
     * Appends {@code s} as a JSON string: quotes, backslashes and control characters escaped; a surrogate that is not
     * part of a pair is written as {@code \\uXXXX}, because it has no UTF-8 encoding.
     */
    static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        unicodeEscape(c, sb);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(c, sb);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void unicodeEscape(char c, StringBuilder sb) {
        sb.append(String.format("\\u%04x", (int) c));
    }
}
