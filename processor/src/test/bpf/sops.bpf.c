// SPDX-License-Identifier: GPL-2.0
/*
 * sops.bpf.c - struct_ops maps for the generated views (StructOpsSkeletonTest; a copy of the runtime fixture struct_ops.bpf.c with other algorithm names).
 *
 * The kernel's struct tcp_congestion_ops is declared locally with a subset of its members in another order, so
 * the loader must copy by member name into the kernel's layout. The callbacks delegate to the kernel's Reno
 * kfuncs and count their calls in .bss.
 *
 *   sops_link (.struct_ops.link): init, ssthresh, cong_avoid, undo_cwnd, set_state; name "bsk_skel_link";
 *     flags TCP_CONG_NON_RESTRICTED, so a network namespace may select it with its sysctl.
 *   sops_link2 (.struct_ops.link): the same name with cong_avoid = sops_cong_avoid2, to swap in with
 *     BPF_LINK_UPDATE; shares the other programs with sops_link.
 *   sops_plain (.struct_ops, struct tcp_congestion_ops___v2): registered by the map update; the flavor has a
 *     member this kernel lacks (not_in_this_kernel), left NULL, which the loader skips; flags = 0.
 *   sops_optional (?.struct_ops.link): not created unless turned on; sops_cong_avoid_opt, used only there, is
 *     not loaded either.
 *   sops_names (?.struct_ops, struct bsk_view_names, which no kernel has): member names that collide with the
 *     view's own methods (link) and with a derived name (name → nameBytes vs member nameBytes).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct sock {
	int unused;
};

struct tcp_congestion_ops {
	char name[16];
	__u32 flags;
	void (*init)(struct sock *sk);
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	void (*set_state)(struct sock *sk, __u8 new_state);
};

struct tcp_congestion_ops___v2 {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	void (*not_in_this_kernel)(struct sock *sk);
	char name[16];
};

#define TCP_CONG_NON_RESTRICTED 0x1

extern __u32 tcp_reno_ssthresh(struct sock *sk) __ksym;
extern void tcp_reno_cong_avoid(struct sock *sk, __u32 ack, __u32 acked) __ksym;
extern __u32 tcp_reno_undo_cwnd(struct sock *sk) __ksym;

__u64 init_calls;
__u64 ssthresh_calls;
__u64 cong_avoid_calls;
__u64 cong_avoid2_calls;
__u64 undo_calls;
__u64 state_changes;
__u8 last_state;

SEC("struct_ops/sops_init")
void BPF_PROG(sops_init, struct sock *sk)
{
	__sync_fetch_and_add(&init_calls, 1);
}

SEC("struct_ops/sops_ssthresh")
__u32 BPF_PROG(sops_ssthresh, struct sock *sk)
{
	__sync_fetch_and_add(&ssthresh_calls, 1);
	return tcp_reno_ssthresh(sk);
}

SEC("struct_ops/sops_cong_avoid")
void BPF_PROG(sops_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	__sync_fetch_and_add(&cong_avoid_calls, 1);
	tcp_reno_cong_avoid(sk, ack, acked);
}

SEC("struct_ops/sops_cong_avoid2")
void BPF_PROG(sops_cong_avoid2, struct sock *sk, __u32 ack, __u32 acked)
{
	__sync_fetch_and_add(&cong_avoid2_calls, 1);
	tcp_reno_cong_avoid(sk, ack, acked);
}

SEC("struct_ops/sops_cong_avoid_opt")
void BPF_PROG(sops_cong_avoid_opt, struct sock *sk, __u32 ack, __u32 acked)
{
	tcp_reno_cong_avoid(sk, ack, acked);
}

SEC("struct_ops/sops_undo_cwnd")
__u32 BPF_PROG(sops_undo_cwnd, struct sock *sk)
{
	__sync_fetch_and_add(&undo_calls, 1);
	return tcp_reno_undo_cwnd(sk);
}

SEC("struct_ops/sops_set_state")
void BPF_PROG(sops_set_state, struct sock *sk, __u8 new_state)
{
	__sync_fetch_and_add(&state_changes, 1);
	last_state = new_state;
}

SEC(".struct_ops.link")
struct tcp_congestion_ops sops_link = {
	.init = (void *)sops_init,
	.ssthresh = (void *)sops_ssthresh,
	.cong_avoid = (void *)sops_cong_avoid,
	.undo_cwnd = (void *)sops_undo_cwnd,
	.set_state = (void *)sops_set_state,
	.name = "bsk_skel_link",
	.flags = TCP_CONG_NON_RESTRICTED,
};

SEC(".struct_ops.link")
struct tcp_congestion_ops sops_link2 = {
	.init = (void *)sops_init,
	.ssthresh = (void *)sops_ssthresh,
	.cong_avoid = (void *)sops_cong_avoid2,
	.undo_cwnd = (void *)sops_undo_cwnd,
	.set_state = (void *)sops_set_state,
	.name = "bsk_skel_link",
	.flags = TCP_CONG_NON_RESTRICTED,
};

SEC(".struct_ops")
struct tcp_congestion_ops___v2 sops_plain = {
	.ssthresh = (void *)sops_ssthresh,
	.cong_avoid = (void *)sops_cong_avoid,
	.undo_cwnd = (void *)sops_undo_cwnd,
	.name = "bsk_skel_plain",
};

SEC("?.struct_ops.link")
struct tcp_congestion_ops sops_optional = {
	.ssthresh = (void *)sops_ssthresh,
	.cong_avoid = (void *)sops_cong_avoid_opt,
	.undo_cwnd = (void *)sops_undo_cwnd,
	.name = "bsk_skel_opt",
};

/* Names the views must step around (never created: no kernel has this struct). */
struct bsk_view_names {
	int link;
	char name[4];
	int nameBytes;
};

SEC("?.struct_ops")
struct bsk_view_names sops_names = {
	.link = 7,
	.name = "abc",
};

char LICENSE[] SEC("license") = "GPL";
