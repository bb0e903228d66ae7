// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_cc.bpf.c - a TCP congestion control written in BPF (struct_ops), Reno's algorithm built from the kernel's
 * TCP kfuncs, counting what it sees; and a tcx program that drops a few data segments so that losses happen.
 *
 *   bpfskel_reno (SEC(".struct_ops.link") struct tcp_congestion_ops): slow start and additive increase
 *     (tcp_slow_start, tcp_cong_avoid_ai) while the connection is cwnd-limited, ssthresh = half the window
 *     after a loss, undo back to the window before the loss. Every callback counts in .bss: connections, ACKs
 *     and the packets they acknowledged, window changes and the largest window, losses, congestion-state changes
 *     per state, congestion events. The name can be changed before load (skeleton: structOps().bpfskelReno().name(...)).
 *   drop_some (SEC("tcx/egress")): on the interface it is attached to, drops every drop_every-th TCP segment
 *     carrying data to or from port .rodata tcp_port (0: drop nothing).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#define TCP_CA_NAME_MAX 16
#define TCP_CONG_NON_RESTRICTED 0x1
#define TCP_CA_STATES 5 /* Open, Disorder, CWR, Recovery, Loss */

/* The kernel's types, just the members used; CO-RE fits the offsets to the running kernel. */
struct sock {
	int unused;
};

struct tcp_sock {
	__u32 snd_cwnd;
	__u32 snd_ssthresh;
	__u32 prior_cwnd;
	__u32 max_packets_out;
	__u8 is_cwnd_limited:1;
} __attribute__((preserve_access_index));

struct ack_sample {
	__u32 pkts_acked;
	__s32 rtt_us;
} __attribute__((preserve_access_index));

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	void (*set_state)(struct sock *sk, __u8 new_state);
	void (*cwnd_event)(struct sock *sk, int ev);
	void (*pkts_acked)(struct sock *sk, const struct ack_sample *sample);
	__u32 (*undo_cwnd)(struct sock *sk);
	void (*init)(struct sock *sk);
	char name[TCP_CA_NAME_MAX];
	__u32 flags;
};

extern __u32 tcp_slow_start(struct tcp_sock *tp, __u32 acked) __ksym;
extern void tcp_cong_avoid_ai(struct tcp_sock *tp, __u32 w, __u32 acked) __ksym;

const volatile __u16 tcp_port;
const volatile __u32 drop_every = 200;

__u64 connections;
__u64 acks;
__u64 packets_acked;
__u64 cwnd_changes;
__u32 max_cwnd;
__u64 losses;
__u64 undos;
__u64 state_changes;
__u64 states[TCP_CA_STATES];
__u64 cwnd_events;
__u64 segments_seen;
__u64 segments_dropped;

static __always_inline int cwnd_limited(struct tcp_sock *tp)
{
	if (BPF_CORE_READ_BITFIELD(tp, is_cwnd_limited))
		return 1;
	/* in slow start, let the window grow to twice what is in flight */
	if (tp->snd_cwnd < tp->snd_ssthresh)
		return tp->snd_cwnd < 2 * tp->max_packets_out;
	return 0;
}

SEC("struct_ops/reno_init")
void BPF_PROG(reno_init, struct sock *sk)
{
	__sync_fetch_and_add(&connections, 1);
}

SEC("struct_ops/reno_cong_avoid")
void BPF_PROG(reno_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	struct tcp_sock *tp = (struct tcp_sock *)sk;
	__u32 before = tp->snd_cwnd;

	if (!cwnd_limited(tp))
		return;
	if (tp->snd_cwnd < tp->snd_ssthresh) {
		acked = tcp_slow_start(tp, acked);
		if (!acked)
			goto out;
	}
	tcp_cong_avoid_ai(tp, tp->snd_cwnd, acked);
out:
	if (tp->snd_cwnd != before)
		__sync_fetch_and_add(&cwnd_changes, 1);
	if (tp->snd_cwnd > max_cwnd)
		max_cwnd = tp->snd_cwnd;
}

SEC("struct_ops/reno_ssthresh")
__u32 BPF_PROG(reno_ssthresh, struct sock *sk)
{
	struct tcp_sock *tp = (struct tcp_sock *)sk;
	__u32 half = tp->snd_cwnd >> 1;

	__sync_fetch_and_add(&losses, 1);
	return half > 2 ? half : 2;
}

SEC("struct_ops/reno_undo_cwnd")
__u32 BPF_PROG(reno_undo_cwnd, struct sock *sk)
{
	struct tcp_sock *tp = (struct tcp_sock *)sk;

	__sync_fetch_and_add(&undos, 1);
	return tp->snd_cwnd > tp->prior_cwnd ? tp->snd_cwnd : tp->prior_cwnd;
}

SEC("struct_ops/reno_set_state")
void BPF_PROG(reno_set_state, struct sock *sk, __u8 new_state)
{
	__sync_fetch_and_add(&state_changes, 1);
	if (new_state < TCP_CA_STATES)
		__sync_fetch_and_add(&states[new_state], 1);
}

SEC("struct_ops/reno_cwnd_event")
void BPF_PROG(reno_cwnd_event, struct sock *sk, int ev)
{
	__sync_fetch_and_add(&cwnd_events, 1);
}

SEC("struct_ops/reno_pkts_acked")
void BPF_PROG(reno_pkts_acked, struct sock *sk, const struct ack_sample *sample)
{
	__sync_fetch_and_add(&acks, 1);
	__sync_fetch_and_add(&packets_acked, sample->pkts_acked);
}

SEC(".struct_ops.link")
struct tcp_congestion_ops bpfskel_reno = {
	.init = (void *)reno_init,
	.ssthresh = (void *)reno_ssthresh,
	.cong_avoid = (void *)reno_cong_avoid,
	.undo_cwnd = (void *)reno_undo_cwnd,
	.set_state = (void *)reno_set_state,
	.cwnd_event = (void *)reno_cwnd_event,
	.pkts_acked = (void *)reno_pkts_acked,
	.name = "bpfskel_reno",
	/* selectable in any network namespace, not only by CAP_NET_ADMIN */
	.flags = TCP_CONG_NON_RESTRICTED,
};

SEC("tcx/egress")
int drop_some(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct tcphdr *tcp;
	__u32 payload;

	if (!tcp_port || (void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_TCP)
		return TCX_NEXT;
	tcp = (void *)ip + ip->ihl * 4;
	if ((void *)(tcp + 1) > end)
		return TCX_NEXT;
	if (tcp->dest != bpf_htons(tcp_port) && tcp->source != bpf_htons(tcp_port))
		return TCX_NEXT;
	payload = bpf_ntohs(ip->tot_len) - ip->ihl * 4 - tcp->doff * 4;
	if (!payload)
		return TCX_NEXT;
	if (__sync_fetch_and_add(&segments_seen, 1) % drop_every == drop_every - 1) {
		__sync_fetch_and_add(&segments_dropped, 1);
		return TCX_DROP;
	}
	return TCX_NEXT;
}

char LICENSE[] SEC("license") = "GPL";
