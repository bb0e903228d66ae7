package io.bpfskel.examples.flavors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.examples.Args;
import io.bpfskel.examples.ExampleOutput;
import io.bpfskel.testing.KernelTests;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlavorsExampleTest {
    @Test
    void printsTheResolvedFlavorAndTheProgramsResult() {
        KernelTests.assumeKernel();
        String out = ExampleOutput.of(o -> FlavorsExample.run(Args.parse(new String[] {"--input", "four"}, Set.of("input")), o));
        assertTrue(out.matches("(?s)kernel \\d+\\.\\d+\\.\\d+ .*"), out);
        assertTrue(out.contains("kfunc bpf_strlen: the loader resolved ["), out);
        assertTrue(out.contains("length(\"four\") = 4 (returned 4)"), out);
        assertTrue(out.contains("loader and program agree"), out);
        if (out.contains("the loader resolved [NEW]")) {
            assertTrue(out.contains("bpf_strlen___new   resolved: vmlinux BTF id "), out);
            assertTrue(out.contains("bpf_strlen___old   not resolved: func_proto"), out);
            assertTrue(out.contains("program flavors_run called bpf_strlen___new"), out);
            assertTrue(out.contains("bpf_ksym_exists(): ___new=1 ___old=0"), out);
        }
    }
}
