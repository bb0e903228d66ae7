package io.bpfskel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    private static JsonObject byName(JsonArray a, String key, String name) {
        for (JsonElement e : a) {
            if (e.getAsJsonObject().get(key).getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + key + "=" + name + " in " + a);
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    @Test
    void externsFixtureGroupsKfuncFlavorsByEssentialName() {
        JsonObject j = Cli.run("inspect", Cli.fixture("externs"), "--json").expectExit(0).json().getAsJsonObject();
        JsonArray groups = j.getAsJsonArray("flavor_groups");
        assertEquals(List.of("bpf_strlen___new", "bpf_strlen___old"),
                strings(byName(groups, "essential_name", "bpf_strlen").getAsJsonArray("externs")));
        // Only the last X___Y separator counts; four underscores are no separator.
        assertEquals(List.of("bpf_strlen___v2___compat"),
                strings(byName(groups, "essential_name", "bpf_strlen___v2").getAsJsonArray("externs")));
        assertEquals(2, groups.size(), "plain kfuncs (bpf_strlen____bar, bpf_task_release, ...) form no group: " + groups);

        JsonArray externs = j.getAsJsonArray("externs");
        JsonObject old = byName(externs, "name", "bpf_strlen___old");
        assertEquals("kfunc", old.get("kind").getAsString());
        assertTrue(old.get("weak").getAsBoolean());
        assertEquals("bpf_strlen", old.get("lookup_name").getAsString());
        assertEquals("int bpf_strlen___old(const char *, int)", old.get("declaration").getAsString());
        // libbpf's bpf_helpers.h declares the numeric iterator kfuncs __weak, so the object's symbol is weak too.
        assertTrue(byName(externs, "name", "bpf_iter_num_new").get("weak").getAsBoolean());
        assertFalse(byName(externs, "name", "bpf_prog_put").get("weak").getAsBoolean());
        JsonObject hz2 = byName(externs, "name", "CONFIG_HZ___v2");
        assertEquals("kconfig", hz2.get("kind").getAsString());
        assertEquals("CONFIG_HZ___v2", hz2.get("lookup_name").getAsString(), "kconfig externs ignore flavors");
        assertEquals("int", hz2.get("kconfig_type").getAsString());
        assertEquals("ksym_typeless", byName(externs, "name", "bpf_prog_put").get("kind").getAsString());
        assertEquals("ksym_var", byName(externs, "name", "bpfskel_no_such_var").get("kind").getAsString());
        assertEquals("char CONFIG_LOCALVERSION[16]", byName(externs, "name", "CONFIG_LOCALVERSION").get("declaration").getAsString());
    }

    @Test
    void externsFixtureAsText() {
        String out = Cli.run("inspect", Cli.fixture("externs")).expectExit(0).out();
        assertTrue(out.contains("Flavor groups"), out);
        assertTrue(Pattern.compile("(?m)^  bpf_strlen$\\n    bpf_strlen___new  int bpf_strlen___new\\(const char \\*\\)$")
                .matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  bpf_iter_num_new +kfunc +weak +bpf_iter_num_new +int bpf_iter_num_new\\(")
                .matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  bpf_prog_put +ksym \\(typeless\\) +strong").matcher(out).find(), out);
    }

    @Test
    void mapsShowTypeSizesFlagsAndPinning() {
        JsonObject j = Cli.run("inspect", Cli.fixture("maps"), "--json").expectExit(0).json().getAsJsonObject();
        JsonArray maps = j.getAsJsonArray("maps");
        JsonObject sparse = byName(maps, "name", "sparse");
        assertEquals("HASH", sparse.get("type").getAsString());
        assertEquals(4, sparse.get("key_size").getAsInt());
        assertEquals(8, sparse.get("value_size").getAsInt());
        assertEquals(64, sparse.get("max_entries").getAsInt());
        assertEquals("NO_PREALLOC", sparse.get("flag_names").getAsString());
        assertEquals("none", sparse.get("pinning").getAsString());
        JsonObject pinned = byName(maps, "name", "pinned_counts");
        assertEquals("by_name", pinned.get("pinning").getAsString());
        assertEquals("ARRAY", pinned.get("type").getAsString());
        assertEquals("RINGBUF", byName(maps, "name", "events").get("type").getAsString());
        JsonObject outer = byName(maps, "name", "outer_hash");
        assertTrue(outer.has("inner_type"), outer.toString());

        String text = Cli.run("inspect", Cli.fixture("maps")).expectExit(0).out();
        assertTrue(Pattern.compile("(?m)^  pinned_counts +ARRAY +4 +8 +2 +0 +by_name +\\.maps$").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^  sparse +HASH +4 +8 +64 +NO_PREALLOC +none +\\.maps$").matcher(text).find(), text);
    }

    @Test
    void programsShowSectionTypeAttachTypeAndAutoload() {
        JsonObject j = Cli.run("inspect", Cli.fixture("subprogs"), "--json").expectExit(0).json().getAsJsonObject();
        JsonArray progs = j.getAsJsonArray("programs");
        JsonObject disabled = byName(progs, "name", "sub_disabled");
        assertEquals("syscall", disabled.get("section").getAsString());
        assertEquals("SYSCALL", disabled.get("type").getAsString());
        assertFalse(disabled.get("autoload").getAsBoolean());
        JsonObject socket = byName(progs, "name", "sub_socket");
        assertEquals("SOCKET_FILTER", socket.get("type").getAsString());
        assertTrue(socket.get("autoload").getAsBoolean());

        JsonObject maps = Cli.run("inspect", Cli.fixture("maps"), "--json").expectExit(0).json().getAsJsonObject();
        JsonObject tp = byName(maps.getAsJsonArray("programs"), "section", "tracepoint/syscalls/sys_enter_getpid");
        assertEquals("TRACEPOINT", tp.get("type").getAsString());
    }

    @Test
    void variablesPerSectionWithCTypesAndStaticness() {
        JsonObject j = Cli.run("inspect", Cli.fixture("globals"), "--json").expectExit(0).json().getAsJsonObject();
        JsonArray secs = j.getAsJsonArray("data_sections");
        JsonObject rodata = byName(secs, "section", ".rodata");
        JsonArray vars = rodata.getAsJsonArray("variables");
        JsonObject name = byName(vars, "name", "ro_name");
        assertEquals(16, name.get("size").getAsInt());
        assertEquals("volatile const char ro_name[16]", name.get("declaration").getAsString(), "modifiers in BTF order");
        assertFalse(name.get("static").getAsBoolean());
        JsonObject point = byName(vars, "name", "ro_point");
        assertEquals("volatile const struct point", point.get("type").getAsString());
        JsonObject data = byName(secs, "section", ".data");
        JsonObject dStatic = byName(data.getAsJsonArray("variables"), "name", "d_static");
        assertTrue(dStatic.get("static").getAsBoolean());
        assertEquals("__u32", dStatic.get("type").getAsString());

        String text = Cli.run("inspect", Cli.fixture("globals")).expectExit(0).out();
        assertTrue(Pattern.compile("(?m)^    \\d+ +4 +__u32 d_static +static$").matcher(text).find(), text);
        assertTrue(text.contains(".rodata ("), text);
    }

    @Test
    void notAnObjectIsOneClearError(@TempDir Path tmp) throws Exception {
        Path bogus = Files.writeString(tmp.resolve("bogus.bpf.o"), "hello");
        Cli.Result r = Cli.run("inspect", bogus).expectExit(1);
        assertTrue(r.err().startsWith("bpfskel inspect: "), r.err());
        assertTrue(r.err().contains("bogus.bpf.o"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        Cli.Result missing = Cli.run("inspect", tmp.resolve("missing.bpf.o")).expectExit(1);
        assertTrue(missing.err().contains("missing.bpf.o"), missing.err());
    }
}
