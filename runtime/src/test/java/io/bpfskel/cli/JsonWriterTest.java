package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder();
        JsonWriter.quote(s, sb);
        return sb.toString();
    }

    @Test
    void escapes() {
        assertEquals("\"plain\"", quoted("plain"));
        assertEquals("\"a\\\"b\\\\c\"", quoted("a\"b\\c"));
        assertEquals("\"\\n\\r\\t\\b\\f\"", quoted("\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u0001\\u001f\\u007f\"", quoted("\u0000\u0001\u001f\u007f"));
        assertEquals("\"/ é ✓ \uD83D\uDE00\"", quoted("/ é ✓ \uD83D\uDE00"), "non-ASCII is written as is, pairs kept");
        assertEquals("\"\\u2028\\u2029\"", quoted("\u2028\u2029"));
        assertEquals("\"x\\ud83dy\\ude00\"", quoted("x\uD83Dy\uDE00"), "lone surrogates have no UTF-8 form: escaped");
    }

    @Test
    void everyStringRoundTrips() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        String s = all.toString();
        String json = new JsonWriter().beginArray().value(s).endArray().toString();
        assertEquals(List.of(s), MiniJson.parse(json));
        // The output is valid UTF-8 text (no lone surrogates reach the encoder).
        String lone = "\uDC00\uD800";
        String j2 = new JsonWriter().value(lone).toString();
        assertEquals(j2, new String(j2.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertEquals(lone, MiniJson.parse(j2));
    }

    @Test
    void nestedDocument() {
        String json = new JsonWriter().beginObject()
                .name("n").value(-42)
                .name("big").value(Long.MAX_VALUE)
                .name("t").value(true)
                .name("f").value(false)
                .name("null").value((String) null)
                .name("empty").beginArray().endArray()
                .name("emptyObject").beginObject().endObject()
                .name("list").beginArray().value("a").nullValue().beginObject().name("k").value(1).endObject().endArray()
                .endObject().toString();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("n", -42L);
        expected.put("big", Long.MAX_VALUE);
        expected.put("t", true);
        expected.put("f", false);
        expected.put("null", null);
        expected.put("empty", List.of());
        expected.put("emptyObject", Map.of());
        expected.put("list", Arrays.asList("a", null, Map.of("k", 1L)));
        assertEquals(expected, MiniJson.parse(json));
        assertEquals("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}",
                new JsonWriter().beginObject().name("a").beginArray().value(1).value(2).endArray().name("b").beginObject().endObject()
                        .endObject().toString());
    }

    @Test
    void misuseIsRefused() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value(1));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().name("x"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().name("a").name("b"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().endArray());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().name("a").endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toString());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1).value(2));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().endArray().beginArray());
        assertEquals("7", new JsonWriter().value(7).toString());
    }
}
