// SPDX-License-Identifier: GPL-2.0
/*
 * flavors.bpf.c - the headline scenario: one real kfunc declared under two ___flavor names.
 *
 * The kernel (6.17+) has:  int bpf_strlen(const char *s__ign);
 *   bpf_strlen___new(const char *s)             same prototype -> libbpf resolves it to bpf_strlen
 *   bpf_strlen___old(const char *s, int maxlen) extra parameter -> proto mismatch, weak: unresolved,
 *                                                its ld_imm64 becomes 0 and its call is poisoned
 * Both are __ksym __weak; bpf_ksym_exists() picks the branch, the other branch is dead code the
 * verifier removes. If neither resolves (kernel without bpf_strlen) the program counts by itself.
 * Program flavors_run (SEC("syscall"), BPF_PROG_TEST_RUN, no ctx) measures .rodata `input`
 * (settable before load) and writes to .bss:
 *   branch     1 = ___new ran, 2 = ___old ran, 3 = BPF fallback loop
 *   length     the string length (15 for the default input); also the return value
 *   new_exists / old_exists   the two bpf_ksym_exists() results
 *   runs       incremented on every run
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_strlen___new(const char *s) __ksym __weak;
extern int bpf_strlen___old(const char *s, int maxlen) __ksym __weak;

#define INPUT_MAX 64

const volatile char input[INPUT_MAX] = "hello, flavors!";

__u32 branch;
__s32 length = -1;
__u32 new_exists;
__u32 old_exists;
__u64 runs;

SEC("syscall")
int flavors_run(void *ctx)
{
	runs++;
	new_exists = bpf_ksym_exists(bpf_strlen___new);
	old_exists = bpf_ksym_exists(bpf_strlen___old);

	if (bpf_ksym_exists(bpf_strlen___new)) {
		length = bpf_strlen___new((const char *)input);
		branch = 1;
	} else if (bpf_ksym_exists(bpf_strlen___old)) {
		length = bpf_strlen___old((const char *)input, INPUT_MAX);
		branch = 2;
	} else {
		int n = 0;

		for (int i = 0; i < INPUT_MAX; i++) {
			if (input[i] == 0)
				break;
			n++;
		}
		length = n;
		branch = 3;
	}
	return length;
}

char LICENSE[] SEC("license") = "GPL";
