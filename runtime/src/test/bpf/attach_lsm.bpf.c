// SPDX-License-Identifier: GPL-2.0
/*
 * attach_lsm.bpf.c - a BPF LSM program (attach_btf_id: FUNC bpf_lsm_file_open). On kernels where
 * BPF LSM programs are refused the load fails; the loader must say the kernel lacks lsm.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 lsm_hits;

SEC("lsm/file_open")
int BPF_PROG(on_file_open, void *file)
{
	__sync_fetch_and_add(&lsm_hits, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
