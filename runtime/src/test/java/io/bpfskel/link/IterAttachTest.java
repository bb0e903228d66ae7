package io.bpfskel.link;

import static io.bpfskel.link.LinkTests.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.BpfCollection;
import io.bpfskel.sys.Bpf;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.ProgInfo;
import io.bpfskel.sys.Syscalls;
import io.bpfskel.testing.Fixtures;
import io.bpfskel.testing.KernelTests;
import io.bpfskel.uapi.LinkType;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BPF iterators: loaded against their bpf_iter_* BTF id, attached, and read. */
class IterAttachTest {
    @BeforeEach
    void kernel() {
        KernelTests.assumeKernel();
    }

    @Test
    void taskIteratorListsThisProcessAndMapIteratorListsOurMap() {
        try (BpfCollection obj = BpfCollection.open(Fixtures.bpfel("attach_iter"))) {
            obj.load();
            ProgInfo info = Bpf.progInfo(Fd.of(obj.program("dump_tasks").ref().fd()), "dump_tasks");
            assertTrue(info.attachBtfId() > 0, "loaded with the attach BTF id of bpf_iter_task");

            List<BpfLink> links = obj.attach();
            assertEquals(2, links.size());
            IterLink tasks = (IterLink) links.stream().filter(l -> l.program().equals("dump_tasks")).findFirst().orElseThrow();
            assertEquals(AttachKind.ITER, tasks.kind());
            assertEquals("iterator task", tasks.target());
            assertEquals(LinkType.ITER.number(), tasks.info().linkType());

            String out = tasks.readAll();
            String pid = Integer.toString(Syscalls.getpid());
            assertTrue(out.lines().anyMatch(l -> l.startsWith(pid + " ") && l.length() > pid.length() + 1),
                    "a line for this JVM (" + pid + ") in:\n" + out.lines().limit(20).reduce("", (x, y) -> x + y + "\n"));
            long seen = u64(obj, "tasks_seen");
            assertEquals(out.lines().count(), seen, "one line per program run");
            // Every open() is a new pass.
            assertTrue(tasks.readAll().lines().anyMatch(l -> l.startsWith(pid + " ")));
            assertTrue(u64(obj, "tasks_seen") > seen);

            IterLink maps = obj.program("dump_maps").attachIter();
            int bssId = Bpf.mapInfo(Fd.of(obj.map(".bss").handle()), ".bss").id();
            String mapLines = maps.readAll();
            assertTrue(mapLines.lines().anyMatch(l -> l.startsWith("map " + bssId + " ")),
                    "map " + bssId + " in:\n" + mapLines);
            assertEquals(3, obj.links().size());
        }
    }
}
