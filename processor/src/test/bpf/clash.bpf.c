// SPDX-License-Identifier: GPL-2.0
/*
 * clash.bpf.c - two globals whose Java names collide: foo_bar and fooBar both become fooBar() in camel case;
 * neither has a run of underscores to keep, so both keep their C spelling (with a warning).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int foo_bar;
int fooBar;

SEC("syscall")
int clash_run(void *ctx)
{
	return foo_bar + fooBar;
}

char LICENSE[] SEC("license") = "GPL";
