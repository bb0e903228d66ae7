package io.bpfskel.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Collection;
import java.util.Map;

/**
 * The commands' {@code --json} output: a tree of maps (key order kept), collections, strings, integers, booleans
 * and nulls, written the same way by every command (snake_case keys, two-space indentation, nulls kept).
 * Anything else in the tree (a double, an arbitrary object) is a bug in the command and throws.
 */
final class Json {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private Json() {}

    static String write(Object value) {
        return GSON.toJson(element(value)) + "\n";
    }

    private static JsonElement element(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        } else if (v instanceof String s) {
            return new JsonPrimitive(s);
        } else if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return new JsonPrimitive(((Number) v).longValue());
        } else if (v instanceof Map<?, ?> m) {
            JsonObject o = new JsonObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                o.add(String.valueOf(e.getKey()), element(e.getValue()));
            }
            return o;
        } else if (v instanceof Collection<?> c) {
            JsonArray a = new JsonArray();
            for (Object o : c) {
                a.add(element(o));
            }
            return a;
        }
        throw new IllegalArgumentException("no JSON form for " + v.getClass().getName());
    }
}
