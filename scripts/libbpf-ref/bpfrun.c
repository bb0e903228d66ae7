// SPDX-License-Identifier: GPL-2.0
/*
 * bpfrun - reference runner built on the system libbpf (libbpf-dev), used to produce the ground truth
 * in runtime/src/test/bpf/EXPECTED.md, and by DifferentialTest (which compiles it with gcc) as the libbpf side for
 * objects bpftool cannot pin. Not linked into anything bpfskel ships.
 *
 *   bpfrun [-v] [-a PROG]... [-P PROG_DIR] [-M MAP_ROOT] OBJ [PROG [CTX_HEX]]
 *
 * Opens OBJ, optionally turns on autoload for '?' programs (-a), loads it, runs PROG once with
 * BPF_PROG_TEST_RUN (ctx_in = CTX_HEX bytes, e.g. 0300000005000000), prints the return value, then
 * prints every variable of every internal map (.bss, .data, .rodata, .kconfig, custom sections) read
 * back from the kernel: name, offset, size, hex bytes, and the value as a host-order integer for
 * sizes 1/2/4/8. -v prints libbpf's debug log to stderr.
 * Exit status: 0 ok, 2 open failed, 3 load failed, 4 run failed, 5 pinning failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

static int verbose;

static int pin_loaded_programs(struct bpf_object *obj, const char *dir)
{
	struct bpf_program *p;
	char path[4096];

	bpf_object__for_each_program(p, obj) {
		if (bpf_program__fd(p) < 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, bpf_program__name(p)) >= (int)sizeof(path))
			return -ENAMETOOLONG;
		int err = bpf_program__pin(p, path);
		if (err) {
			printf("pin %s failed: %s\n", path, strerror(-err));
			return err;
		}
	}
	return 0;
}

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static void dump_internal_map(struct bpf_object *obj, struct bpf_map *map)
{
	const struct btf *btf = bpf_object__btf(obj);
	const char *name = bpf_map__name(map);
	size_t vsz = bpf_map__value_size(map);
	unsigned char *buf = calloc(1, vsz ? vsz : 1);
	int key = 0, fd = bpf_map__fd(map);
	const char *sec = strchr(name, '.');

	if (!buf)
		return;
	if (fd < 0 || bpf_map_lookup_elem(fd, &key, buf)) {
		/* .kconfig and .rodata are frozen but still readable; failure means not created */
		printf("map %s: value not readable (%s)\n", name, strerror(errno));
		free(buf);
		return;
	}
	printf("map %s (value_size %zu)\n", name, vsz);
	if (!btf || !sec)
		goto out;
	int id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0 && strstr(name, ".kconfig"))
		id = btf__find_by_name_kind(btf, ".kconfig", BTF_KIND_DATASEC);
	if (id < 0) {
		/* internal maps named without the object prefix, e.g. ".data.foo" */
		id = btf__find_by_name_kind(btf, name, BTF_KIND_DATASEC);
	}
	if (id < 0)
		goto out;
	const struct btf_type *ds = btf__type_by_id(btf, id);
	const struct btf_var_secinfo *vi = btf_var_secinfos(ds);
	for (int i = 0; i < btf_vlen(ds); i++, vi++) {
		const struct btf_type *var = btf__type_by_id(btf, vi->type);
		const char *vname = btf__name_by_offset(btf, var->name_off);
		__u32 off = vi->offset;
		__s64 sz = btf__resolve_size(btf, var->type);

		if (sz < 0 || off + sz > vsz)
			sz = vi->size;
		printf("  %-32s off %4u size %3lld  ", vname, off, (long long)sz);
		for (__s64 j = 0; j < sz && j < 32; j++)
			printf("%02x", buf[off + j]);
		if (sz > 32)
			printf("...");
		unsigned long long v = 0;
		switch (sz) {
		case 1: v = *(__u8 *)(buf + off); break;
		case 2: v = *(__u16 *)(buf + off); break;
		case 4: v = *(__u32 *)(buf + off); break;
		case 8: v = *(__u64 *)(buf + off); break;
		default: sz = 0;
		}
		if (sz)
			printf("  = %llu (0x%llx, signed %lld)", v, v,
			       sz == 1 ? (long long)(__s8)v : sz == 2 ? (long long)(__s16)v :
			       sz == 4 ? (long long)(__s32)v : (long long)v);
		printf("\n");
	}
out:
	free(buf);
}

int main(int argc, char **argv)
{
	const char *autoload[16];
	const char *prog_dir = NULL, *map_root = NULL;
	int nauto = 0, opt;

	while ((opt = getopt(argc, argv, "va:P:M:")) != -1) {
		if (opt == 'v')
			verbose = 1;
		else if (opt == 'a' && nauto < 16)
			autoload[nauto++] = optarg;
		else if (opt == 'P')
			prog_dir = optarg;
		else if (opt == 'M')
			map_root = optarg;
		else {
			fprintf(stderr, "usage: %s [-v] [-a PROG]... [-P PROG_DIR] [-M MAP_ROOT] OBJ [PROG [CTX_HEX]]\n", argv[0]);
			return 1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: %s [-v] [-a PROG]... [-P PROG_DIR] [-M MAP_ROOT] OBJ [PROG [CTX_HEX]]\n", argv[0]);
		return 1;
	}
	const char *path = argv[optind];
	const char *prog_name = optind + 1 < argc ? argv[optind + 1] : NULL;
	const char *ctx_hex = optind + 2 < argc ? argv[optind + 2] : NULL;

	libbpf_set_print(print_fn);
	printf("libbpf %u.%u\n", libbpf_major_version(), libbpf_minor_version());

	LIBBPF_OPTS(bpf_object_open_opts, open_opts, .pin_root_path = map_root);
	struct bpf_object *obj = bpf_object__open_file(path, &open_opts);
	if (!obj) {
		printf("open failed: %s\n", strerror(errno));
		return 2;
	}
	for (int i = 0; i < nauto; i++) {
		struct bpf_program *p = bpf_object__find_program_by_name(obj, autoload[i]);
		if (p)
			bpf_program__set_autoload(p, true);
	}
	int err = bpf_object__load(obj);
	if (err) {
		printf("load failed: %d (%s)\n", err, strerror(-err));
		bpf_object__close(obj);
		return 3;
	}
	printf("load ok\n");
	if (prog_dir && pin_loaded_programs(obj, prog_dir)) {
		bpf_object__close(obj);
		return 5;
	}

	int rc = 0;
	if (prog_name) {
		struct bpf_program *p = bpf_object__find_program_by_name(obj, prog_name);
		unsigned char ctx[256];
		size_t ctx_len = 0;

		if (!p) {
			printf("no program %s\n", prog_name);
			bpf_object__close(obj);
			return 4;
		}
		if (ctx_hex) {
			for (size_t i = 0; ctx_hex[2 * i] && ctx_hex[2 * i + 1] && i < sizeof(ctx); i++) {
				unsigned int b;
				sscanf(ctx_hex + 2 * i, "%2x", &b);
				ctx[ctx_len++] = b;
			}
		}
		LIBBPF_OPTS(bpf_test_run_opts, topts, .ctx_in = ctx_len ? ctx : NULL, .ctx_size_in = ctx_len);
		err = bpf_prog_test_run_opts(bpf_program__fd(p), &topts);
		if (err) {
			printf("run %s failed: %s\n", prog_name, strerror(errno));
			rc = 4;
		} else {
			printf("run %s retval %u (signed %d)\n", prog_name, topts.retval, (int)topts.retval);
		}
	}

	struct bpf_map *m;
	bpf_object__for_each_map(m, obj) {
		if (bpf_map__is_internal(m))
			dump_internal_map(obj, m);
	}
	bpf_object__close(obj);
	return rc;
}
