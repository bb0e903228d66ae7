// SPDX-License-Identifier: GPL-2.0
/*
 * kconfig.bpf.c - what a BPF program can learn about the kernel it runs on, without any user-space help:
 *
 *   __kconfig externs  the loader fills them from the running kernel's config (/proc/config.gz or
 *                      /boot/config-$(uname -r)) and its own probes (LINUX_*), before the verifier runs,
 *                      so the program can branch on them and dead branches are removed;
 *   __ksym externs     kernel symbols: a typeless one gets its address from /proc/kallsyms; a kfunc is
 *                      looked up in the kernel's BTF (bpf_ksym_exists() tells whether it resolved).
 *
 * Every extern here but LINUX_KERNEL_VERSION is __weak: a missing one is zero, not an error.
 * The syscall program `report` copies what it sees into .bss, so Java can compare it with the skeleton's
 * kconfig() view and externs() report.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* kconfig: one of each kind the loader understands */
extern int LINUX_KERNEL_VERSION __kconfig;			/* virtual: KERNEL_VERSION(a, b, c) */
extern _Bool LINUX_HAS_BPF_COOKIE __kconfig __weak;		/* virtual: probed by the loader */
extern unsigned int CONFIG_HZ __kconfig __weak;			/* integer */
extern int CONFIG_NR_CPUS __kconfig __weak;			/* integer */
extern _Bool CONFIG_BPF_SYSCALL __kconfig __weak;		/* bool (y/n) */
extern enum libbpf_tristate CONFIG_BPF_LSM __kconfig __weak;	/* tristate (y/n/m) */
extern _Bool CONFIG_KALLSYMS_ALL __kconfig __weak;		/* decides whether data symbols are in kallsyms */
extern char CONFIG_LOCALVERSION[16] __kconfig __weak;		/* string */
extern _Bool CONFIG_BPFSKEL_EXAMPLE_MADE_UP __kconfig __weak;	/* in no kernel: stays 0 */

/* typeless ksyms: addresses from /proc/kallsyms */
extern const void bpf_prog_put __ksym __weak;	/* a function: always listed */
extern const void bpf_link_fops __ksym __weak;	/* data: listed only with CONFIG_KALLSYMS_ALL=y */

/* kfuncs: found in the kernel's BTF when their prototype is compatible */
struct task_struct {
	int pid;	/* members are not compared; a forward declaration would not be compatible */
};
extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym __weak;
extern int bpf_strlen(const char *s) __ksym __weak;
extern int bpf_made_up_kfunc(void) __ksym __weak;

/* what the program saw */
__u32 kernel_version;
__u32 hz;
__s32 nr_cpus;
__u32 has_bpf_cookie;
__u32 bpf_syscall;
__u32 bpf_lsm;
__u32 kallsyms_all;
__u32 made_up;
char localversion[16];
__u64 prog_put_addr;
__u64 link_fops_addr;
__u32 has_task_from_pid;
__u32 has_strlen;
__u32 has_made_up_kfunc;

SEC("syscall")
int report(void *ctx)
{
	kernel_version = LINUX_KERNEL_VERSION;
	hz = CONFIG_HZ;
	nr_cpus = CONFIG_NR_CPUS;
	has_bpf_cookie = LINUX_HAS_BPF_COOKIE;
	bpf_syscall = CONFIG_BPF_SYSCALL;
	bpf_lsm = CONFIG_BPF_LSM;
	kallsyms_all = CONFIG_KALLSYMS_ALL;
	made_up = CONFIG_BPFSKEL_EXAMPLE_MADE_UP;
	for (int i = 0; i < sizeof(localversion); i++)
		localversion[i] = CONFIG_LOCALVERSION[i];
	prog_put_addr = (__u64)&bpf_prog_put;
	link_fops_addr = (__u64)&bpf_link_fops;
	has_task_from_pid = bpf_ksym_exists(bpf_task_from_pid);
	has_strlen = bpf_ksym_exists(bpf_strlen);
	has_made_up_kfunc = bpf_ksym_exists(bpf_made_up_kfunc);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
