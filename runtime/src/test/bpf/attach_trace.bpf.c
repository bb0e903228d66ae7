// SPDX-License-Identifier: GPL-2.0
/*
 * attach_trace.bpf.c - tracing programs for the attach tests (io.bpfskel.link).
 *
 * Auto-attachable (BpfCollection.attach()): on_getpid_tp (tracepoint/syscalls/sys_enter_getpid),
 * on_sys_enter (raw_tp/sys_enter), on_sys_enter_btf (tp_btf/sys_enter), on_libc_getpid
 * (uprobe/libc.so.6:getpid). Each counts events of the process whose tgid is in .bss target_tgid.
 * Not auto-attachable (skipped by attach()): on_target / on_target_ret (bare uprobe / uretprobe,
 * attached by hand to a test binary's bpfskel_uprobe_target(int, int)), on_sample (perf_event),
 * run_syscall (syscall, run with BPF_PROG_TEST_RUN).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The x86_64 register layout (uapi asm/ptrace.h, which -target bpf would give as i386). */
struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	unsigned long rax, rcx, rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss;
};

#include <bpf/bpf_tracing.h>

int target_tgid;
__u64 tp_hits;
__u64 raw_tp_hits;
__u64 tp_btf_hits;
__u64 libc_getpid_hits;
__u64 target_hits;
__u64 target_a;
__u64 target_b;
__u64 target_ret;
__u64 target_cookie;
__u64 sample_hits;
__u64 syscall_sum;

static __always_inline int mine(void)
{
	return (int)(bpf_get_current_pid_tgid() >> 32) == target_tgid;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int on_getpid_tp(void *ctx)
{
	if (mine())
		__sync_fetch_and_add(&tp_hits, 1);
	return 0;
}

SEC("raw_tp/sys_enter")
int on_sys_enter(void *ctx)
{
	if (mine())
		__sync_fetch_and_add(&raw_tp_hits, 1);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter_btf, struct pt_regs *regs, long id)
{
	if (mine())
		__sync_fetch_and_add(&tp_btf_hits, 1);
	return 0;
}

SEC("uprobe/libc.so.6:getpid")
int on_libc_getpid(struct pt_regs *ctx)
{
	if (mine())
		__sync_fetch_and_add(&libc_getpid_hits, 1);
	return 0;
}

SEC("uprobe")
int BPF_UPROBE(on_target, int a, int b)
{
	__sync_fetch_and_add(&target_hits, 1);
	target_a = a;
	target_b = b;
	target_cookie = bpf_get_attach_cookie(ctx);
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(on_target_ret, int ret)
{
	target_ret = ret;
	return 0;
}

SEC("perf_event")
int on_sample(void *ctx)
{
	__sync_fetch_and_add(&sample_hits, 1);
	return 0;
}

struct syscall_args {
	int a;
	int b;
};

SEC("syscall")
int run_syscall(struct syscall_args *args)
{
	syscall_sum = args->a + args->b;
	return args->a * args->b;
}

char LICENSE[] SEC("license") = "GPL";
