package io.bpfskel.examples.xdp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.examples.Args;
import io.bpfskel.examples.ExampleOutput;
import io.bpfskel.testing.KernelTests;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo: two namespaces (named after this JVM's pid), a veth pair, known traffic, exact counts, cleanup. */
class XdpCounterExampleTest {
    private static final Set<String> OPTIONS = Set.of("iface", "netns", "duration");

    @Test
    void demoCountsWhatThePeerSent() {
        KernelTests.assumeKernel();
        String out = ExampleOutput.of(o -> XdpCounterExample.run(Args.parse(new String[] {"--demo"}, OPTIONS, Set.of("demo")), o));
        // 3 datagrams of 11 bytes: 14 (Ethernet) + 20 (IPv4) + 8 (UDP) + 11 = 53 bytes each
        assertTrue(out.contains(String.format("  %-20s %10d %12d%n", "IPv4 UDP", 3, 159)), out);
        Matcher tcp = Pattern.compile("(?m)^  IPv4 TCP +1 +\\d+$").matcher(out);
        assertTrue(tcp.find(), "one SYN\n" + out);
        Matcher arp = Pattern.compile("(?m)^  other \\(ARP, \\.\\.\\.\\) +[1-9]\\d* +\\d+$").matcher(out);
        assertTrue(arp.find(), "the peer's ARP request\n" + out);
        assertFalse(out.contains("IPv4 ICMP"), "nothing sent ICMP towards the counted end\n" + out);
        assertFalse(out.contains("cleanup failed"), out);
        String pid = Long.toString(ProcessHandle.current().pid());
        assertFalse(NetNs.run("ip", "netns", "list").contains("bpfskel-examples-xdp-" + pid + "-"), "namespaces removed");
    }

    @Test
    void unknownInterfaceIsAClearError() {
        KernelTests.assumeKernel();
        RuntimeException e = assertThrows(RuntimeException.class, () -> XdpCounterExample.run(
                Args.parse(new String[] {"--iface", "bpfskel-nope0", "--duration", "1"}, OPTIONS, Set.of("demo")), System.out));
        assertTrue(e.getMessage().contains("bpfskel-nope0"), e.toString());
    }
}
