package io.bpfskel.object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bpfskel.uapi.AttachType;
import io.bpfskel.uapi.ProgramType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SectionDefTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "syscall, SYSCALL, , ''",
        "tracepoint/syscalls/sys_enter_getpid, TRACEPOINT, , syscalls/sys_enter_getpid",
        "tp/sched/sched_switch, TRACEPOINT, , sched/sched_switch",
        "raw_tp/sys_enter, RAW_TRACEPOINT, , sys_enter",
        "raw_tracepoint.w/foo, RAW_TRACEPOINT_WRITABLE, , foo",
        "kprobe/do_sys_openat2, KPROBE, , do_sys_openat2",
        "kretprobe/do_sys_openat2, KPROBE, , do_sys_openat2",
        "uprobe//bin/bash:readline, KPROBE, , /bin/bash:readline",
        "kprobe.multi/do_*, KPROBE, TRACE_KPROBE_MULTI, do_*",
        "xdp, XDP, XDP, ''",
        "xdp.frags, XDP, XDP, ''",
        "xdp/devmap, XDP, XDP_DEVMAP, ''",
        "tc, SCHED_CLS, , ''",
        "tc/ingress, SCHED_CLS, TCX_INGRESS, ''",
        "tcx/egress, SCHED_CLS, TCX_EGRESS, ''",
        "socket, SOCKET_FILTER, , ''",
        "sk_lookup, SK_LOOKUP, SK_LOOKUP, ''",
        "cgroup_skb/ingress, CGROUP_SKB, CGROUP_INET_INGRESS, ''",
        "cgroup/connect4, CGROUP_SOCK_ADDR, CGROUP_INET4_CONNECT, ''",
        "cgroup/sock, CGROUP_SOCK, CGROUP_INET_SOCK_CREATE, ''",
        "cgroup/dev, CGROUP_DEVICE, CGROUP_DEVICE, ''",
        "fentry/do_unlinkat, TRACING, TRACE_FENTRY, do_unlinkat",
        "fexit.s/foo, TRACING, TRACE_FEXIT, foo",
        "lsm/file_open, LSM, LSM_MAC, file_open",
        "iter/task, TRACING, TRACE_ITER, task",
        "tp_btf/sched_switch, TRACING, TRACE_RAW_TP, sched_switch",
        "perf_event, PERF_EVENT, , ''",
        "struct_ops/foo, STRUCT_OPS, , foo",
        "sk_msg, SK_MSG, SK_MSG_VERDICT, ''",
        "sockops, SOCK_OPS, CGROUP_SOCK_OPS, ''",
        "netfilter, NETFILTER, NETFILTER, ''",
        "tp.s/syscalls/sys_enter_openat, TRACEPOINT, , syscalls/sys_enter_openat",
        "raw_tp.s/sys_enter, RAW_TRACEPOINT, , sys_enter",
        "tp_btf.s/sched_switch, TRACING, TRACE_RAW_TP, sched_switch",
    })
    void findsTheFirstMatchingDefinition(String section, ProgramType type, AttachType attach, String target) {
        SectionDef d = SectionDef.find(section).orElseThrow();
        assertEquals(type, d.type());
        assertEquals(attach, d.expectedAttachType());
        assertEquals(target, d.attachTarget(section));
    }

    @ParameterizedTest
    @CsvSource({"tpfoo", "kprobefoo", "xdpx", "syscall/x", "foo", "tracepoint_x/y"})
    void rejectsNamesThatOnlyShareAPrefix(String section) {
        assertTrue(SectionDef.find(section).isEmpty(), section);
    }

    @org.junit.jupiter.api.Test
    void sleepableSections() {
        assertEquals(SectionDef.SLEEPABLE, SectionDef.find("syscall").orElseThrow().flags() & SectionDef.SLEEPABLE);
        assertEquals(SectionDef.SLEEPABLE, SectionDef.find("uprobe.s/x").orElseThrow().flags() & SectionDef.SLEEPABLE);
        assertEquals(0, SectionDef.find("uprobe/x").orElseThrow().flags() & SectionDef.SLEEPABLE);
    }
}
