// SPDX-License-Identifier: GPL-2.0
/*
 * flavors.bpf.c - the scenario: kfunc flavors, typed and typeless ksyms, a plain kfunc,
 * a .rodata knob set before load and a .bss counter read after load.
 *
 * Real kernel prototypes (6.17+): int bpf_strlen(const char *s);
 *   bpf_strlen___new(const char *)        same prototype: resolves where bpf_strlen exists
 *   bpf_strlen___old(const char *, int)   extra parameter: never compatible, stays unresolved
 *   some_kfunc___old(void *) / some_kfunc___new(void *, __u64): a fictional kfunc, neither resolves
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct task_struct {
	int pid;
};

struct rq {
	int cpu;
};

extern int bpf_strlen___new(const char *s) __ksym __weak;
extern int bpf_strlen___old(const char *s, int maxlen) __ksym __weak;
extern int some_kfunc___old(void *p) __ksym __weak;
extern int some_kfunc___new(void *p, __u64 flags) __ksym __weak;
extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym __weak;
extern void bpf_task_release(struct task_struct *p) __ksym __weak;
extern const struct rq runqueues __ksym __weak;
extern const void bpf_link_fops __ksym __weak;

const volatile __s32 target_pid = 0;
const volatile char input[64] = "hello, flavors!";

__u64 counter;
__s32 length = -1;
__u32 branch;

SEC("syscall")
int flavors_run(void *ctx)
{
	struct task_struct *t;

	counter++;
	if (bpf_ksym_exists(bpf_strlen___new)) {
		length = bpf_strlen___new((const char *)input);
		branch = 1;
	} else if (bpf_ksym_exists(bpf_strlen___old)) {
		length = bpf_strlen___old((const char *)input, 64);
		branch = 2;
	}
	if (bpf_ksym_exists(some_kfunc___old))
		some_kfunc___old(0);
	else if (bpf_ksym_exists(some_kfunc___new))
		some_kfunc___new(0, 1);
	if (bpf_ksym_exists(bpf_task_from_pid) && bpf_ksym_exists(bpf_task_release)) {
		t = bpf_task_from_pid(target_pid);
		if (t)
			bpf_task_release(t);
	}
	if (&runqueues && &bpf_link_fops)
		counter += 2;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
