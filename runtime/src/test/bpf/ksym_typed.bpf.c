// SPDX-License-Identifier: GPL-2.0
/*
 * ksym_typed.bpf.c - typed ksym variables that ARE in vmlinux BTF (per-CPU variables).
 *
 * Covers: extern const struct rq runqueues __ksym __weak (struct type, used with
 * bpf_this_cpu_ptr / bpf_per_cpu_ptr) and extern const int bpf_prog_active __ksym __weak (int).
 * libbpf resolves both to their BTF VAR ids and emits ld_imm64 BPF_PSEUDO_BTF_ID.
 * KERNEL-DEPENDENT: the verifier then needs kallsyms_lookup_name() for the address; on a kernel
 * without CONFIG_KALLSYMS_ALL (like the development kernel, see EXPECTED.md) data symbols are not
 * in kallsyms and the load fails with "ldimm64 failed to find the address for kernel symbol
 * 'runqueues'". On kernels with CONFIG_KALLSYMS_ALL=y it loads.
 * bpf_ksym_exists() cannot help: the ld_imm64 is checked before dead-code elimination.
 * Program ksym_percpu (SEC("syscall")): rq_cpu = this CPU's rq->cpu, prog_active = this CPU's
 * bpf_prog_active, has_* = bpf_ksym_exists results.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct rq {
	int cpu;
} __attribute__((preserve_access_index));

extern const struct rq runqueues __ksym __weak;
extern const int bpf_prog_active __ksym __weak;

__u32 has_runqueues, has_prog_active;
__s32 rq_cpu = -1;
__s32 prog_active = -1;

SEC("syscall")
int ksym_percpu(void *ctx)
{
	has_runqueues = bpf_ksym_exists(&runqueues);
	has_prog_active = bpf_ksym_exists(&bpf_prog_active);
	if (has_runqueues) {
		struct rq *rq = bpf_this_cpu_ptr(&runqueues);

		rq_cpu = rq->cpu;
	}
	if (has_prog_active) {
		const int *active = bpf_this_cpu_ptr(&bpf_prog_active);

		prog_active = *active;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
