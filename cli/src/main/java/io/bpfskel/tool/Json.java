package io.bpfskel.tool;

import io.bpfskel.cli.JsonWriter;
import java.util.Collection;
import java.util.Map;

/**
 * The commands' {@code --json} output: a tree of maps (key order kept), collections, strings, integers, booleans
 * and nulls, written with the runtime's {@link JsonWriter} so every bpfskel command prints JSON the same way
 * (snake_case keys, two-space indentation).
 */
final class Json {
    private Json() {}

    static String write(Object value) {
        JsonWriter w = new JsonWriter();
        write(w, value);
        return w + "\n";
    }

    private static void write(JsonWriter w, Object v) {
        if (v == null) {
            w.nullValue();
        } else if (v instanceof String s) {
            w.value(s);
        } else if (v instanceof Boolean b) {
            w.value(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            w.value(((Number) v).longValue());
        } else if (v instanceof Map<?, ?> m) {
            w.beginObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                w.name(String.valueOf(e.getKey()));
                write(w, e.getValue());
            }
            w.endObject();
        } else if (v instanceof Collection<?> c) {
            w.beginArray();
            for (Object o : c) {
                write(w, o);
            }
            w.endArray();
        } else {
            throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
        }
    }
}
