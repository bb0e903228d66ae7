package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParser;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void treesBecomeJsonAParserReadsBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "quote \" backslash \\ newline \n ctl \u0001 é");
        m.put("n", 42);
        m.put("l", -9007199254740993L);
        m.put("b", true);
        m.put("z", null);
        m.put("list", List.of(1, "two", List.of(), Map.of()));
        m.put("arr", Arrays.asList(1, null));
        var j = JsonParser.parseString(Json.write(m)).getAsJsonObject();
        assertEquals(List.copyOf(m.keySet()), List.copyOf(j.keySet()), "key order kept");
        assertEquals(m.get("s"), j.get("s").getAsString());
        assertEquals(42, j.get("n").getAsInt());
        assertEquals(-9007199254740993L, j.get("l").getAsLong());
        assertEquals(true, j.get("b").getAsBoolean());
        assertEquals(true, j.get("z").isJsonNull());
        assertEquals(4, j.getAsJsonArray("list").size());
        assertEquals(2, j.getAsJsonArray("arr").size());
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(1.5)));
    }
}
