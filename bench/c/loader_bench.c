// libbpf side of the loader benchmarks (same objects, same machine, same run as LoaderBench).
//
//   loader_bench open-load OBJ ITER   bpf_object__open_file + bpf_object__load + bpf_object__close
//   loader_bench resolve   OBJ ITER   the same with every program's autoload off: libbpf still loads
//                                     vmlinux BTF and resolves every extern, then creates the maps
//
//   loader_bench cpu       OBJ ITER   for bench/run.sh: openLoadClose of OBJ and vmlinuxBtf
//                                     (btf__load_vmlinux_btf + btf__free), each run for about one second of
//                                     this thread's CPU time per iteration; prints "<name> <wall ops/s>
//                                     <cpu ops/s>" with the medians of ITER iterations, like mapbench
//
// Otherwise prints one line: "<mode> <obj> <iterations> <mean ns/op> <min ns/op>".
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level; (void)fmt; (void)args;
	return 0;
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int once(const char *path, int resolve_only)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	int err;

	if (!obj)
		return -1;
	if (resolve_only)
		bpf_object__for_each_program(prog, obj)
			bpf_program__set_autoload(prog, false);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err;
}

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static const char *object_path;

static int op_open_load(void)
{
	return once(object_path, 0);
}

static int op_vmlinux_btf(void)
{
	struct btf *btf = btf__load_vmlinux_btf();

	if (!btf)
		return -1;
	/* libbpf indexes names lazily; one lookup makes both sides pay for what a loader needs */
	if (btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT) < 0)
		return -1;
	btf__free(btf);
	return 0;
}

static int cpu_bench(const char *name, int (*op)(void), int iterations)
{
	double wall_rates[64], cpu_rates[64];

	if (iterations < 1 || iterations > 64)
		return 2;
	for (int it = -1; it < iterations; it++) {
		double wall = 0, cpu = 0;
		long ops = 0;

		while (cpu < 1.0) {
			double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);

			if (op()) {
				fprintf(stderr, "%s failed\n", name);
				return 1;
			}
			ops++;
			cpu += clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
			wall += clock_s(CLOCK_MONOTONIC) - t0;
		}
		if (it >= 0) {
			wall_rates[it] = ops / wall;
			cpu_rates[it] = ops / cpu;
		}
	}
	qsort(wall_rates, iterations, sizeof(double), cmp);
	qsort(cpu_rates, iterations, sizeof(double), cmp);
	printf("%s %.1f %.1f\n", name, wall_rates[iterations / 2], cpu_rates[iterations / 2]);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s open-load|resolve OBJ ITERATIONS\n", argv[0]);
		return 2;
	}
	if (strcmp(argv[1], "cpu") == 0) {
		libbpf_set_print(quiet);
		object_path = argv[2];
		return cpu_bench("openLoadClose", op_open_load, atoi(argv[3]))
			|| cpu_bench("vmlinuxBtf", op_vmlinux_btf, atoi(argv[3]));
	}
	int resolve_only = strcmp(argv[1], "resolve") == 0;
	int iters = atoi(argv[3]);
	long long total = 0, min = -1;

	libbpf_set_print(quiet);
	for (int i = 0; i < 3; i++) /* warm-up: page cache, allocator */
		if (once(argv[2], resolve_only)) {
			fprintf(stderr, "%s: load failed\n", argv[2]);
			return 1;
		}
	for (int i = 0; i < iters; i++) {
		long long t0 = now_ns();
		if (once(argv[2], resolve_only))
			return 1;
		long long d = now_ns() - t0;
		total += d;
		if (min < 0 || d < min)
			min = d;
	}
	printf("%s %s %d %lld %lld\n", argv[1], argv[2], iters, total / iters, min);
	return 0;
}
