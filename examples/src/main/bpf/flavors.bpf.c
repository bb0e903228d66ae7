// SPDX-License-Identifier: GPL-2.0
/*
 * flavors.bpf.c - one program for several kernels: the kfunc-flavor pattern.
 *
 * The kernel's kfunc (6.17+) is   int bpf_strlen(const char *s);
 * The program declares it twice, under two "___flavor" names. The loader looks both up by the name
 * before the last "___" (bpf_strlen) and keeps each one only if its prototype is compatible with the
 * kernel's:
 *   bpf_strlen___new(const char *s)             matches today's kfunc: resolves on 6.17+
 *   bpf_strlen___old(const char *s, int maxlen) an extra parameter: never compatible here; on a kernel
 *                                               whose bpf_strlen took (s, maxlen) it would be the one
 * Both are __weak, so a flavor that does not resolve is not an error: bpf_ksym_exists() is 0 for it and
 * the verifier drops the branch that calls it. Without any bpf_strlen the program counts by itself.
 *
 * Run with BPF_PROG_TEST_RUN (SEC("syscall")). It measures the .rodata string `input` (set it from Java
 * before load) and reports what it saw in .bss.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_strlen___new(const char *s) __ksym __weak;
extern int bpf_strlen___old(const char *s, int maxlen) __ksym __weak;

/* filled by the loader from the running kernel: KERNEL_VERSION(major, minor, patch) */
extern int LINUX_KERNEL_VERSION __kconfig;

#define INPUT_MAX 64

/* .rodata: constants the verifier sees; settable from Java until load() */
const volatile char input[INPUT_MAX] = "hello, flavors!";

/* .bss: what the program saw, read from Java after a run */
__u32 new_exists;	/* bpf_ksym_exists(bpf_strlen___new) */
__u32 old_exists;	/* bpf_ksym_exists(bpf_strlen___old) */
__u32 branch;		/* 1 = ___new called, 2 = ___old called, 3 = BPF loop */
__s32 length;		/* the string's length */
__u32 kernel_version;	/* LINUX_KERNEL_VERSION as the program read it */
__u64 runs;

SEC("syscall")
int flavors_run(void *ctx)
{
	runs++;
	kernel_version = LINUX_KERNEL_VERSION;
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
