// SPDX-License-Identifier: GPL-2.0
/*
 * mapbench.c - the libbpf side of the map and ring buffer benchmarks: the same operations as
 * MapBench/RingBufBench (bench/src/main/java/io/bpfskel/bench) on the same object, bench.bpf.o.
 *
 * Build: gcc -O2 -o mapbench mapbench.c -lbpf -lelf -lz
 * Run:   ./mapbench runtime/target/test-classes/bpf/bpfel/bench.bpf.o [iterations [name regex]]
 *        (the regex, POSIX extended and matched against the whole name, picks benchmarks as MapCpuTime's does)
 * Prints "name wall_ops_per_second cpu_ops_per_second" lines: the median over the iterations (each about
 * one second of this thread's CPU time) of ops per second of wall time and per second of the thread's CPU
 * time (user + system, CLOCK_THREAD_CPUTIME_ID; not inflated when other processes take the CPU). Batch and
 * ring buffer lines count elements/records, like the Java benchmarks' @OperationsPerInvocation.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HASH_ELEMENTS 10000
#define BATCH 1000
#define RECORDS 30000

static int amap, hmap, prog;
static struct bpf_object *obj;
static struct ring_buffer *rb;
static volatile uint64_t *gcounter;
static uint64_t sink;
static unsigned next_key;
static uint32_t keys[HASH_ELEMENTS];
static uint64_t values[HASH_ELEMENTS];
static regex_t filter;

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static double cpu_now(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "mapbench: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

static uint32_t key(void)
{
	next_key = (next_key + 1) & 1023;
	return next_key;
}

static long op_array_lookup(void)
{
	uint32_t k = key();
	uint64_t v;

	if (bpf_map_lookup_elem(amap, &k, &v))
		die("array lookup", errno);
	sink += v;
	return 1;
}

static long op_array_update(void)
{
	uint32_t k = key();
	uint64_t v = k;

	if (bpf_map_update_elem(amap, &k, &v, BPF_ANY))
		die("array update", errno);
	return 1;
}

static long op_hash_lookup(void)
{
	uint32_t k = key();
	uint64_t v;

	if (bpf_map_lookup_elem(hmap, &k, &v))
		die("hash lookup", errno);
	sink += v;
	return 1;
}

static long op_hash_update(void)
{
	uint32_t k = key();
	uint64_t v = k;

	if (bpf_map_update_elem(hmap, &k, &v, BPF_EXIST))
		die("hash update", errno);
	return 1;
}

static long op_hash_lookup_batch(void)
{
	static uint32_t ks[BATCH];
	static uint64_t vs[BATCH];
	uint32_t in = 0, out = 0;
	long total = 0;
	int first = 1;

	for (;;) {
		__u32 count = BATCH;
		int err = bpf_map_lookup_batch(hmap, first ? NULL : &in, &out, ks, vs, &count, NULL);

		if (err && errno != ENOENT)
			die("lookup batch", errno);
		for (__u32 i = 0; i < count; i++)
			sink += vs[i];
		total += count;
		if (err)
			break;
		in = out;
		first = 0;
	}
	if (total != HASH_ELEMENTS)
		die("lookup batch count", EINVAL);
	return total;
}

static long op_hash_update_batch(void)
{
	for (int from = 0; from < HASH_ELEMENTS; from += BATCH) {
		__u32 count = BATCH;

		if (bpf_map_update_batch(hmap, keys + from, values + from, &count, NULL))
			die("update batch", errno);
	}
	return HASH_ELEMENTS;
}

static long op_global_read(void)
{
	sink += *gcounter;
	return 1;
}

static int on_record(void *ctx, void *data, size_t size)
{
	sink += ((uint64_t *)data)[1];
	return 0;
}

static void fill_ring(void)
{
	struct { uint32_t count, unused; } args = { RECORDS, 0 };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = &args, .ctx_size_in = sizeof(args));

	if (bpf_prog_test_run_opts(prog, &opts))
		die("produce", errno);
}

/*
 * Perf buffer: produce_perf (XDP, BPF_PROG_TEST_RUN) writes PERF_RECORDS 24-byte samples into the perf ring
 * of the CPU the test run is pinned to (each a 40-byte PERF_RECORD_SAMPLE: 8 header + 4 size + 28 data);
 * perf_buffer__consume reads every CPU's ring. PERF_PAGES per CPU (2 MiB) hold one fill with room to spare.
 */
#define PERF_RECORDS 30000
#define PERF_PAGES 512
/*
 * The kernel wakes the consumer once per PERF_RECORDS samples (sample_period, i.e. wakeup_events): with
 * libbpf's default of every sample, each output queues an irq_work costing ~5 us in this VM (a fill took
 * 160 ms instead of 6 ms). Even so a fill costs ~60x its consumption, so an iteration times a tenth of a
 * second of consumption, not a second (~1,000 fills).
 */
#define PERF_CPU_BUDGET 0.1

static struct perf_buffer *pb;
static int perf_prog;
static long perf_seen, perf_lost;

static void on_perf_sample(void *ctx, int cpu, void *data, __u32 size)
{
	sink += ((uint64_t *)data)[1];
	perf_seen++;
}

static void on_perf_lost(void *ctx, int cpu, __u64 count)
{
	perf_lost += count;
}

static void fill_perf(void)
{
	uint32_t pkt[16] = { PERF_RECORDS };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt), .repeat = 1);

	perf_seen = 0;
	if (bpf_prog_test_run_opts(perf_prog, &opts))
		die("produce_perf", errno);
}

/* the timed part of perfbufConsume: one perf_buffer__consume of every CPU's ring */
static long chunk_perf(long (*op)(void))
{
	int err = perf_buffer__consume(pb);

	if (err)
		die("perf_buffer__consume", err);
	if (perf_seen != PERF_RECORDS || perf_lost)
		die("perf consume count", EINVAL);
	return perf_seen;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* the timed part of an element op: 1,000 calls */
static long chunk_ops(long (*op)(void))
{
	long n = 0;

	for (int i = 0; i < 1000; i++)
		n += op();
	return n;
}

/* the timed part of ringbufConsume: one ring_buffer__consume of a fill */
static long chunk_ring(long (*op)(void))
{
	int n = ring_buffer__consume(rb);

	if (n != RECORDS)
		die("consume count", EINVAL);
	return n;
}

/*
 * Each iteration runs chunk(op) for about cpu_budget seconds of CPU time, calling fill (untimed) before each
 * chunk when given; the medians of the iterations are printed.
 */
static void measure(const char *name, int iterations, double cpu_budget, void (*fill)(void),
		    long (*chunk)(long (*)(void)), long (*op)(void))
{
	double wall_rates[64], cpu_rates[64];

	if (regexec(&filter, name, 0, NULL, 0))
		return;
	for (int it = -1; it < iterations; it++) { /* it == -1: warm-up */
		double wall = 0, cpu = 0;
		long ops = 0;

		while (cpu < cpu_budget) {
			double t0, c0;

			if (fill)
				fill();
			t0 = now();
			c0 = cpu_now();
			ops += chunk(op);
			cpu += cpu_now() - c0;
			wall += now() - t0;
		}
		if (it >= 0) {
			wall_rates[it] = ops / wall;
			cpu_rates[it] = ops / cpu;
		}
	}
	qsort(wall_rates, iterations, sizeof(double), cmp);
	qsort(cpu_rates, iterations, sizeof(double), cmp);
	printf("%s %.0f %.0f\n", name, wall_rates[iterations / 2], cpu_rates[iterations / 2]);
	fflush(stdout);
}

static void bench(const char *name, long (*op)(void), int iterations)
{
	measure(name, iterations, 1.0, NULL, chunk_ops, op);
}

int main(int argc, char **argv)
{
	int iterations = argc > 2 ? atoi(argv[2]) : 5;

	size_t size;
	int err;

	char pattern[256];

	if (argc < 2 || iterations < 1 || iterations > 64) {
		fprintf(stderr, "usage: mapbench OBJECT [iterations 1..64 [name regex]]\n");
		return 2;
	}
	snprintf(pattern, sizeof(pattern), "^(%s)$", argc > 3 ? argv[3] : ".*");
	if (regcomp(&filter, pattern, REG_EXTENDED | REG_NOSUB)) {
		fprintf(stderr, "mapbench: bad name regex '%s'\n", argv[3]);
		return 2;
	}
	libbpf_set_print(NULL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		die("open", errno);
	err = bpf_object__load(obj);
	if (err)
		die("load", err);
	amap = bpf_object__find_map_fd_by_name(obj, "amap");
	hmap = bpf_object__find_map_fd_by_name(obj, "hmap");
	prog = bpf_program__fd(bpf_object__find_program_by_name(obj, "produce"));
	gcounter = bpf_map__initial_value(bpf_object__find_map_by_name(obj, "bench.bss"), &size);
	if (!gcounter)
		die("bss mmap", ENOENT);
	for (int i = 0; i < HASH_ELEMENTS; i++) {
		keys[i] = i;
		values[i] = i * 7ULL;
	}
	op_hash_update_batch();
	rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "rb"), on_record, NULL, NULL);
	if (!rb)
		die("ring_buffer__new", errno);

	bench("arrayLookup", op_array_lookup, iterations);
	bench("arrayUpdate", op_array_update, iterations);
	bench("hashLookup", op_hash_lookup, iterations);
	bench("hashUpdate", op_hash_update, iterations);
	bench("hashLookupBatch", op_hash_lookup_batch, iterations);
	bench("hashUpdateBatch", op_hash_update_batch, iterations);
	bench("globalRead", op_global_read, iterations);
	measure("ringbufConsume", iterations, 1.0, fill_ring, chunk_ring, NULL);
	ring_buffer__free(rb);

	perf_prog = bpf_program__fd(bpf_object__find_program_by_name(obj, "produce_perf"));
	LIBBPF_OPTS(perf_buffer_opts, perf_opts, .sample_period = PERF_RECORDS);
	pb = perf_buffer__new(bpf_object__find_map_fd_by_name(obj, "pevents"), PERF_PAGES, on_perf_sample,
			      on_perf_lost, NULL, &perf_opts);
	if (!pb)
		die("perf_buffer__new", errno);
	measure("perfbufConsume", iterations, PERF_CPU_BUDGET, fill_perf, chunk_perf, NULL);
	perf_buffer__free(pb);
	bpf_object__close(obj);
	return sink == 42 ? 1 : 0;
}
