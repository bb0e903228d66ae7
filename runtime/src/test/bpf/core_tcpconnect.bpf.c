// SPDX-License-Identifier: GPL-2.0
/*
 * core_tcpconnect.bpf.c - TCP connect and state tracing in the style of libbpf-tools' tcpstates and
 * tcpconnect (-c counts per destination), on hand-written CO-RE kernel types (no vmlinux.h).
 *
 * Every TCP state change becomes a ring buffer event. The process is recorded when a socket enters
 * SYN_SENT (connect(), process context) in a hash keyed by the socket address, because later transitions
 * run in softirq context; it is forgotten when the socket closes. Connects are counted per (daddr, dport).
 *
 * CO-RE covered: struct sock_common fields that sit in anonymous unions/structs in the kernel and are flat
 * here (skc_daddr, skc_rcv_saddr, skc_dport, skc_num), skc_family, skc_state, IPv6 addresses
 * (skc_v6_daddr.in6_u.u6_addr8), the nested sock -> __sk_common, inet_sock.inet_sport behind the embedded
 * struct sock, sk_protocol (a u16 since 5.6, an 8-bit bitfield before: bpf_core_field_size picks a plain or
 * a BPF_CORE_READ_BITFIELD_PROBED read on the flavor sock___old), the CO-RE'd tracepoint context struct
 * trace_event_raw_inet_sock_set_state.
 *
 * Programs:
 *   tcpstate_raw (raw_tp/inet_sock_set_state): args = (const struct sock *sk, int oldstate, int newstate)
 *   tcpstate_tp (tp/sock/inet_sock_set_state): the tracepoint flavour, from the context fields
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <stdbool.h>

#define __pai __attribute__((preserve_access_index))

#define TASK_COMM_LEN 16
#define AF_INET 2
#define AF_INET6 10
#define IPPROTO_TCP 6

/* kernel-internal enum (include/net/tcp_states.h), the values every kernel has had */
enum {
	TCP_ESTABLISHED = 1,
	TCP_SYN_SENT,
	TCP_SYN_RECV,
	TCP_FIN_WAIT1,
	TCP_FIN_WAIT2,
	TCP_TIME_WAIT,
	TCP_CLOSE,
	TCP_CLOSE_WAIT,
	TCP_LAST_ACK,
	TCP_LISTEN,
	TCP_CLOSING,
	TCP_NEW_SYN_RECV,
	TCP_BOUND_INACTIVE,
	TCP_MAX_STATES,
};

struct in6_addr {
	union {
		__u8 u6_addr8[16];
	} in6_u;
} __pai;

struct sock_common {
	__be16 skc_dport;
	__u16 skc_num;
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	unsigned short skc_family;
	volatile unsigned char skc_state;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
} __pai;

struct sock {
	struct sock_common __sk_common;
	__u16 sk_protocol;
} __pai;

/* before 5.6: sk_protocol was a bitfield */
struct sock___old {
	unsigned int sk_padding : 1, sk_kern_sock : 1, sk_no_check_tx : 1, sk_no_check_rx : 1, sk_userlocks : 4,
		sk_protocol : 8, sk_type : 16;
} __pai;

struct inet_sock {
	struct sock sk;
	__be16 inet_sport;
} __pai;

struct trace_entry {
	unsigned short type;
} __pai;

struct trace_event_raw_inet_sock_set_state {
	struct trace_entry ent;
	const void *skaddr;
	int oldstate;
	int newstate;
	__u16 sport;
	__u16 dport;
	__u16 family;
	__u16 protocol;
	__u8 saddr[4];
	__u8 daddr[4];
	__u8 saddr_v6[16];
	__u8 daddr_v6[16];
} __pai;

struct ident {
	__u32 pid;
	char comm[TASK_COMM_LEN];
};

struct event {
	__u64 skaddr;
	__u64 ts;
	__u32 pid;		/* 0 when the socket's process is unknown */
	__s32 oldstate;
	__s32 newstate;
	__u16 family;
	__u16 sport;		/* host order */
	__u16 dport;		/* host order */
	__u16 protocol;
	__u16 inet_sport;	/* host order, from inet_sock (raw_tp only) */
	__u8 state_now;		/* skc_state read from the socket (raw_tp only) */
	__u8 source;		/* 1 = raw_tp, 2 = tracepoint */
	__u8 saddr[16];		/* IPv4: first 4 bytes */
	__u8 daddr[16];
	char comm[TASK_COMM_LEN];
};

struct conn_key {
	__u32 daddr;		/* network order */
	__u16 dport;		/* host order */
	__u16 family;
};

/* keeps struct event in BTF for user space, as libbpf-tools do */
const struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct ident);
} idents SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct conn_key);
	__type(value, __u64);
} connects SEC(".maps");

const volatile __u16 targ_port = 0;		/* host order; matches sport or dport, 0 = any */
const volatile __u16 targ_family = 0;		/* 0 = any */

__u64 dropped;

static __always_inline bool port_allowed(__u16 sport, __u16 dport)
{
	return !targ_port || sport == targ_port || dport == targ_port;
}

static __always_inline void remember(__u64 skaddr, int oldstate, int newstate)
{
	struct ident id = {};

	if (newstate == TCP_SYN_SENT) {
		id.pid = bpf_get_current_pid_tgid() >> 32;
		bpf_get_current_comm(&id.comm, sizeof(id.comm));
		bpf_map_update_elem(&idents, &skaddr, &id, BPF_ANY);
	}
}

static __always_inline void count_connect(__u32 daddr, __u16 dport, __u16 family, int newstate)
{
	struct conn_key key = {.daddr = daddr, .dport = dport, .family = family};
	__u64 one = 1, *cnt;

	if (newstate != TCP_SYN_SENT)
		return;
	cnt = bpf_map_lookup_elem(&connects, &key);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	else
		bpf_map_update_elem(&connects, &key, &one, BPF_NOEXIST);
}

static __always_inline void attribute(struct event *e, int newstate)
{
	struct ident *id = bpf_map_lookup_elem(&idents, &e->skaddr);

	if (id) {
		e->pid = id->pid;
		__builtin_memcpy(e->comm, id->comm, sizeof(e->comm));
	} else {
		e->pid = 0;
		__builtin_memset(e->comm, 0, sizeof(e->comm));
	}
	if (newstate == TCP_CLOSE)
		bpf_map_delete_elem(&idents, &e->skaddr);
}

static __always_inline __u16 sk_protocol(const struct sock *sk)
{
	if (bpf_core_field_exists(sk->sk_protocol) && bpf_core_field_size(sk->sk_protocol) == 2)
		return BPF_CORE_READ(sk, sk_protocol);
	return BPF_CORE_READ_BITFIELD_PROBED((const struct sock___old *)sk, sk_protocol);
}

SEC("raw_tp/inet_sock_set_state")
int tcpstate_raw(struct bpf_raw_tracepoint_args *ctx)
{
	const struct sock *sk = (const struct sock *)ctx->args[0];
	int oldstate = ctx->args[1];
	int newstate = ctx->args[2];
	__u16 family, sport, dport;
	struct event *e;

	if (sk_protocol(sk) != IPPROTO_TCP)
		return 0;
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (targ_family && family != targ_family)
		return 0;
	sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	dport = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (!port_allowed(sport, dport))
		return 0;

	remember((__u64)sk, oldstate, newstate);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	e->skaddr = (__u64)sk;
	e->ts = bpf_ktime_get_ns();
	e->oldstate = oldstate;
	e->newstate = newstate;
	e->family = family;
	e->sport = sport;
	e->dport = dport;
	e->protocol = IPPROTO_TCP;
	e->inet_sport = __builtin_bswap16(BPF_CORE_READ((const struct inet_sock *)sk, inet_sport));
	e->state_now = BPF_CORE_READ(sk, __sk_common.skc_state);
	e->source = 1;
	__builtin_memset(e->saddr, 0, sizeof(e->saddr));
	__builtin_memset(e->daddr, 0, sizeof(e->daddr));
	if (family == AF_INET) {
		__be32 saddr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__be32 daddr = BPF_CORE_READ(sk, __sk_common.skc_daddr);

		__builtin_memcpy(e->saddr, &saddr, sizeof(saddr));
		__builtin_memcpy(e->daddr, &daddr, sizeof(daddr));
	} else {
		/* the destination's type is the whole array: all 16 bytes are read */
		BPF_CORE_READ_INTO(&e->saddr, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);
		BPF_CORE_READ_INTO(&e->daddr, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	}
	if (family == AF_INET)
		count_connect(*(__u32 *)e->daddr, dport, family, newstate);
	attribute(e, newstate);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp/sock/inet_sock_set_state")
int tcpstate_tp(struct trace_event_raw_inet_sock_set_state *ctx)
{
	__u16 family = ctx->family;
	struct event *e;

	if (ctx->protocol != IPPROTO_TCP)
		return 0;
	if (targ_family && family != targ_family)
		return 0;
	if (!port_allowed(ctx->sport, ctx->dport))
		return 0;

	remember((__u64)ctx->skaddr, ctx->oldstate, ctx->newstate);
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	e->skaddr = (__u64)ctx->skaddr;
	e->ts = bpf_ktime_get_ns();
	e->oldstate = ctx->oldstate;
	e->newstate = ctx->newstate;
	e->family = family;
	e->sport = ctx->sport;
	e->dport = ctx->dport;
	e->protocol = ctx->protocol;
	e->inet_sport = 0;
	e->state_now = 0;
	e->source = 2;
	if (family == AF_INET) {
		__builtin_memset(e->saddr, 0, sizeof(e->saddr));
		__builtin_memset(e->daddr, 0, sizeof(e->daddr));
		bpf_probe_read_kernel(e->saddr, 4, ctx->saddr);
		bpf_probe_read_kernel(e->daddr, 4, ctx->daddr);
	} else {
		bpf_probe_read_kernel(e->saddr, 16, ctx->saddr_v6);
		bpf_probe_read_kernel(e->daddr, 16, ctx->daddr_v6);
	}
	if (family == AF_INET)
		count_connect(*(__u32 *)e->daddr, ctx->dport, family, ctx->newstate);
	attribute(e, ctx->newstate);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
