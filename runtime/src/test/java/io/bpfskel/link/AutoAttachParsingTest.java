package io.bpfskel.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.error.BpfException;
import io.bpfskel.sys.Fd;
import io.bpfskel.sys.Syscalls;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which sections auto-attach, and the errors for malformed ones; all decided before any kernel call (the
 * program fd here is /dev/null and is never used).
 */
class AutoAttachParsingTest {
    private Fd devNull;

    @BeforeEach
    void open() {
        devNull = Syscalls.open("/dev/null", Syscalls.O_RDONLY, "/dev/null");
    }

    @AfterEach
    void close() {
        devNull.close();
    }

    private ProgramRef prog(String section) {
        return new ProgramRef("p", devNull, section, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xdp", "tc", "tcx/ingress", "socket", "cgroup_skb/egress", "cgroup/connect4", "sk_lookup",
            "perf_event", "syscall", "uprobe", "uretprobe", "uprobe.s", "kprobe", "kretprobe", "ksyscall", "tp",
            "tracepoint", "raw_tp", "raw_tracepoint", "usdt", "kprobe.multi", "lsm_cgroup/file_open", "struct_ops/x",
            "no_such_section_type"})
    void sectionsThatCannotSayWhereAreSkipped(String section) {
        assertEquals(Optional.empty(), Links.auto(prog(section)));
    }

    @Test
    void noSectionNoAutoAttach() {
        assertEquals(Optional.empty(), Links.auto(ProgramRef.of("p", devNull)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tp/sys_enter_getpid|should be 'tp/<category>/<name>'",
            "tracepoint/syscalls/|should be 'tracepoint/<category>/<name>'",
            "kprobe/do_unlinkat+xyz|bad offset 'xyz'",
            "kprobe/bad-name|should be 'kprobe/<function>[+<offset>]'",
            "kretprobe/do_unlinkat+8|kretprobes take no offset",
            "uprobe/libc.so.6|missing ':function[+offset]'",
            "uretprobe/libc.so.6:getpid+4|uretprobes take no offset",
            "usdt/libc.so.6:provider:name|attaches through the object's USDT maps",
            "usdt/libc.so.6:provider|should be 'usdt/<binary>:<provider>:<name>'",
            "kprobe.multi/do_*|kprobe.multi links need BPF_TRACE_KPROBE_MULTI",
            "uprobe.multi/libc.so.6|should be 'uprobe.multi/<binary>:<function pattern>'",
            "uprobe.multi/libc.so.6:getpid|uprobe.multi links need BPF_TRACE_UPROBE_MULTI",
            "kprobe.session/do_*|'kprobe.session' sections is not supported",
            "uprobe/bpfskel-no-such-library.so:f|cannot find binary 'bpfskel-no-such-library.so'"})
    void malformedSectionsNameTheProblem(String section, String message) {
        BpfException e = assertThrows(BpfException.class, () -> Links.auto(prog(section)));
        assertTrue(e.getMessage().startsWith("program 'p'") || e.getMessage().startsWith("cannot find binary"),
                e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
