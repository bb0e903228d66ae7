package io.bpfskel.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code bpfskel load} (the runtime's load command) on the running kernel. */
class LoadCommandTest {

    private static JsonObject named(com.google.gson.JsonArray a, String name) {
        for (JsonElement e : a) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no " + name + " in " + a);
    }

    @Test
    void loadsAndReportsExternsAndProgramIds() {
        Cli.assumeKernel();
        JsonObject j = Cli.run("load", Cli.fixture("flavors"), "--json").expectExit(0).json().getAsJsonObject();
        JsonObject neu = named(j.getAsJsonArray("externs"), "bpf_strlen___new");
        assertTrue(neu.get("resolved").getAsBoolean(), neu.toString());
        assertTrue(neu.get("kernel_btf_id").getAsInt() > 0);
        JsonObject old = named(j.getAsJsonArray("externs"), "bpf_strlen___old");
        assertEquals(false, old.get("resolved").getAsBoolean());
        assertTrue(old.get("reason").getAsString().contains("incompatible"), old.toString());
        JsonObject prog = named(j.getAsJsonArray("programs"), "flavors_run");
        assertTrue(prog.get("loaded").getAsBoolean());
        assertTrue(prog.get("id").getAsInt() > 0);

        String text = Cli.run("load", Cli.fixture("subprogs")).expectExit(0).out();
        assertTrue(Pattern.compile("(?m)^  sub_disabled +syscall +syscall +not loaded \\(autoload off\\)$").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^  sub_socket +socket +socket_filter +\\d+$").matcher(text).find(), text);
    }

    @Test
    void strongExternFailureIsOneMessage() {
        Cli.assumeKernel();
        Cli.Result r = Cli.run("load", Cli.fixture("extern_strong_missing")).expectExit(1);
        assertTrue(r.err().startsWith("bpfskel: "), r.err());
        assertTrue(r.err().contains("bpf_bpfskel_missing_kfunc"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void usageErrorsComeFromPicocli() {
        Cli.Result r = Cli.run("load");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("OBJECT"), r.err());
    }
}
