/**
 * CO-RE (compile once, run everywhere) relocations, as libbpf's {@code relo_core.c} applies them, without a
 * kernel: {@link io.bpfskel.core.CoreRelocator} takes the object's BTF, the target BTFs (vmlinux, then modules), a
 * program's instructions and its {@link io.bpfskel.core.CoreRelocation}s, and returns the patched instructions
 * with a {@link io.bpfskel.core.CoreRelocationReport} per relocation. {@link io.bpfskel.core.CoreResult} also
 * rewrites a verifier log that hit a poisoned instruction so it names the relocation.
 */
package io.bpfskel.core;
