package io.bpfskel.examples;

import io.bpfskel.examples.execsnoop.ExecsnoopExample;
import io.bpfskel.examples.flavors.FlavorsExample;
import io.bpfskel.examples.jvmgc.JvmGcExample;
import io.bpfskel.examples.kconfig.KconfigExample;
import io.bpfskel.examples.tcpcc.TcpCcExample;
import io.bpfskel.examples.uprobe.UprobeExample;
import io.bpfskel.examples.xdp.XdpCounterExample;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one example by name: {@code Main NAME [ARGS...]} ({@code scripts/run-example.sh NAME [ARGS...]}).
 */
public final class Main {
    private Main() {}

    private static Map<String, Consumer<String[]>> examples() {
        Map<String, Consumer<String[]>> m = new LinkedHashMap<>();
        m.put("flavors", FlavorsExample::main);
        m.put("kconfig", KconfigExample::main);
        m.put("execsnoop", ExecsnoopExample::main);
        m.put("xdp-counter", XdpCounterExample::main);
        m.put("uprobe", UprobeExample::main);
        m.put("tcp-cc", TcpCcExample::main);
        m.put("jvm-gc", JvmGcExample::main);
        return m;
    }

    public static void main(String[] args) {
        Map<String, Consumer<String[]>> examples = examples();
        if (args.length == 0 || !examples.containsKey(args[0])) {
            System.err.println("usage: run-example.sh NAME [ARGS...]; NAME is one of " + examples.keySet());
            if (args.length > 0 && !args[0].equals("--help")) {
                throw new IllegalArgumentException("no example '" + args[0] + "' (examples: " + examples.keySet() + ")");
            }
            return;
        }
        examples.get(args[0]).accept(Arrays.copyOfRange(args, 1, args.length));
    }
}
