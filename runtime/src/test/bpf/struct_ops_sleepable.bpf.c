// SPDX-License-Identifier: GPL-2.0
/*
 * struct_ops_sleepable.bpf.c - a sleepable member program (SEC("struct_ops.s/...")) of a TCP congestion control:
 * loaded with BPF_F_SLEEPABLE; the kernel decides whether that member may sleep, and bpfskel must reach the same
 * verdict as libbpf.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct sock {
	int unused;
};

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	void (*release)(struct sock *sk);
	char name[16];
};

extern __u32 tcp_reno_ssthresh(struct sock *sk) __ksym;
extern void tcp_reno_cong_avoid(struct sock *sk, __u32 ack, __u32 acked) __ksym;
extern __u32 tcp_reno_undo_cwnd(struct sock *sk) __ksym;

SEC("struct_ops/sl_ssthresh")
__u32 BPF_PROG(sl_ssthresh, struct sock *sk)
{
	return tcp_reno_ssthresh(sk);
}

SEC("struct_ops/sl_cong_avoid")
void BPF_PROG(sl_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	tcp_reno_cong_avoid(sk, ack, acked);
}

SEC("struct_ops/sl_undo_cwnd")
__u32 BPF_PROG(sl_undo_cwnd, struct sock *sk)
{
	return tcp_reno_undo_cwnd(sk);
}

SEC("struct_ops.s/sl_release")
void BPF_PROG(sl_release, struct sock *sk)
{
}

SEC(".struct_ops.link")
struct tcp_congestion_ops sl_cc = {
	.ssthresh = (void *)sl_ssthresh,
	.cong_avoid = (void *)sl_cong_avoid,
	.undo_cwnd = (void *)sl_undo_cwnd,
	.release = (void *)sl_release,
	.name = "bsk_sops_sl",
};

char LICENSE[] SEC("license") = "GPL";
