package io.bpfskel.examples.tcpcc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.examples.Args;
import io.bpfskel.examples.ExampleOutput;
import io.bpfskel.examples.xdp.NetNs;
import io.bpfskel.testing.KernelTests;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example end to end: the BPF congestion control is listed while registered and gone after, a connection uses
 * it, and its callbacks counted ACKs, window changes, losses and state changes. The algorithm's name is unique to
 * this JVM, since other test runs may register their own at the same time.
 */
class TcpCcExampleTest {
    @Test
    void registersCountsAndUnregisters() {
        KernelTests.assumeKernel();
        String name = "bsk_tcpcc_" + ProcessHandle.current().pid() % 100000;
        String out = ExampleOutput.of(o -> TcpCcExample.run(Args.parse(new String[] {"--name", name, "--bytes",
                Integer.toString(16 << 20), "--drop-every", "40"}, TcpCcExample.OPTIONS), o));
        Matcher listed = Pattern.compile("(?m)^tcp_available_congestion_control: (.*)$").matcher(out);
        assertTrue(listed.find() && listed.group(1).matches("(.* )?" + name + "( .*)?"), "listed while registered\n" + out);
        assertTrue(out.contains("used congestion control '" + name + "' (getsockopt TCP_CONGESTION)"), out);
        Matcher after = Pattern.compile("(?m)^unregistered '" + name + "': tcp_available_congestion_control: (.*)$").matcher(out);
        assertTrue(after.find() && !after.group(1).matches("(.* )?" + name + "( .*)?"), "gone after close\n" + out);
        assertTrue(count(out, "connections") >= 1, out);
        assertTrue(count(out, "acks") > 0, out);
        assertTrue(count(out, "packets acked") >= count(out, "acks"), out);
        assertTrue(count(out, "window changes") > 0, out);
        assertTrue(count(out, "largest window") > 10, "grew past the initial window of 10\n" + out);
        assertTrue(count(out, "segments dropped") > 0, out);
        assertTrue(count(out, "losses") > 0, "a dropped segment is a loss\n" + out);
        assertTrue(count(out, "state changes") > 0, out);
        assertFalse(out.contains("cleanup failed"), out);
        assertFalse(NetNs.run("ip", "netns", "list").contains("bpfskel-examples-tcpcc-" + ProcessHandle.current().pid()),
                "namespace removed");
    }

    @Test
    void badNameIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TcpCcExample.run(
                Args.parse(new String[] {"--name", "a_name_longer_than_15"}, TcpCcExample.OPTIONS), System.out));
        assertTrue(e.getMessage().contains("--name"), e.getMessage());
    }

    private static long count(String out, String row) {
        Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(row) + " +(\\d+)").matcher(out);
        assertTrue(m.find(), "no row '" + row + "'\n" + out);
        return Long.parseLong(m.group(1));
    }
}
