// SPDX-License-Identifier: GPL-2.0
/*
 * struct_ops_unknown_member.bpf.c - a struct_ops map that sets a member the kernel's struct lacks: libbpf refuses
 * the load ("Cannot find member", -ENOTSUP), and so must bpfskel, naming the map and the member.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct sock {
	int unused;
};

struct tcp_congestion_ops___future {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	void (*future_op)(struct sock *sk);
	char name[16];
};

extern __u32 tcp_reno_ssthresh(struct sock *sk) __ksym;
extern void tcp_reno_cong_avoid(struct sock *sk, __u32 ack, __u32 acked) __ksym;
extern __u32 tcp_reno_undo_cwnd(struct sock *sk) __ksym;

SEC("struct_ops/um_ssthresh")
__u32 BPF_PROG(um_ssthresh, struct sock *sk)
{
	return tcp_reno_ssthresh(sk);
}

SEC("struct_ops/um_cong_avoid")
void BPF_PROG(um_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	tcp_reno_cong_avoid(sk, ack, acked);
}

SEC("struct_ops/um_undo_cwnd")
__u32 BPF_PROG(um_undo_cwnd, struct sock *sk)
{
	return tcp_reno_undo_cwnd(sk);
}

SEC("struct_ops/um_future")
void BPF_PROG(um_future, struct sock *sk)
{
}

SEC(".struct_ops.link")
struct tcp_congestion_ops___future um_cc = {
	.ssthresh = (void *)um_ssthresh,
	.cong_avoid = (void *)um_cong_avoid,
	.undo_cwnd = (void *)um_undo_cwnd,
	.future_op = (void *)um_future,
	.name = "bsk_sops_um",
};

char LICENSE[] SEC("license") = "GPL";
