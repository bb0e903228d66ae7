// libbpf side of the loader benchmarks (same objects, same machine, same run as LoaderBench).
//
//   loader_bench open-load OBJ ITER   bpf_object__open_file + bpf_object__load + bpf_object__close
//   loader_bench resolve   OBJ ITER   the same with every program's autoload off: libbpf still loads
//                                     vmlinux BTF and resolves every extern, then creates the maps
//
// Prints one line: "<mode> <obj> <iterations> <mean ns/op> <min ns/op>".
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

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s open-load|resolve OBJ ITERATIONS\n", argv[0]);
		return 2;
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
