// SPDX-License-Identifier: GPL-2.0
/*
 * warnings.bpf.c - objects the generator accepts with warnings:
 *   bpf_strlen___strong   a flavored kfunc that is not __weak: the load fails on kernels with another flavor
 *   bpf_strlen___a / ___b prototypes compatible by libbpf's rules: both resolve, they cannot tell kernels apart
 *   jiffies___x           a flavored ksym variable: libbpf looks variables up by their full name
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern int bpf_strlen___strong(const char *s) __ksym;
extern int bpf_strlen___a(const char *s) __ksym __weak;
extern long bpf_strlen___b(const unsigned char *s) __ksym __weak;
extern const volatile unsigned long jiffies___x __ksym __weak;

__u64 total;

SEC("syscall")
int warnings_run(void *ctx)
{
	total += bpf_strlen___strong("abc");
	if (bpf_ksym_exists(bpf_strlen___a))
		total += bpf_strlen___a("a");
	if (bpf_ksym_exists(bpf_strlen___b))
		total += bpf_strlen___b((const unsigned char *)"b");
	if (&jiffies___x)
		total += jiffies___x;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
