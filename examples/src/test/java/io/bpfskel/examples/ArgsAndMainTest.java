package io.bpfskel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The examples' command line, without a kernel. */
class ArgsAndMainTest {
    @Test
    void optionsFlagsAndPositionals() {
        Args a = Args.parse(new String[] {"--count", "3", "--demo", "x", "--filter", "a b"}, Set.of("count", "filter"), Set.of("demo"));
        assertEquals(3, a.getLong("count", 0));
        assertEquals(7, a.getLong("duration", 7));
        assertEquals("a b", a.get("filter", ""));
        assertTrue(a.has("demo"));
        assertFalse(a.has("duration"));
        assertEquals(List.of("x"), a.positional());
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Args.parse(new String[] {"--cuont", "3"}, Set.of("count"), Set.of("demo")));
        assertTrue(unknown.getMessage().contains("--cuont") && unknown.getMessage().contains("--count"), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Args.parse(new String[] {"--count"}, Set.of("count")));
        assertTrue(missing.getMessage().contains("needs a value"), missing.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Args.parse(new String[] {"--count", "-1"}, Set.of("count")).getLong("count", 0));
        assertTrue(negative.getMessage().contains("--count"), negative.getMessage());
    }

    @Test
    void unknownExampleIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Main.main(new String[] {"nope"}));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
