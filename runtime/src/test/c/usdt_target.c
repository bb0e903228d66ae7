/* USDT probes covering the argument forms GCC emits on x86-64; driven by the bpfskel USDT tests. */
#include <sys/sdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern void guarded(void);

struct rec { int a; int b; long arr[4]; };
int bpfskel_global_int = -77;
long bpfskel_global_arr[3] = {111, 222, 333};
extern void bpfskel_lib_fire(long v);

__attribute__((noinline)) void bpfskel_fire_regs(long q, int d, short w, signed char b, unsigned char ub)
{
    register long r12 asm("r12") = q;
    register int r13 asm("r13") = d;
    register short r14 asm("r14") = w;
    register signed char r15 asm("r15") = b;
    register int eax asm("eax") = d;
    register short cx asm("cx") = w;
    register unsigned char dl asm("dl") = ub;
    __asm__ __volatile__("" : "+r"(r12), "+r"(r13), "+r"(r14), "+r"(r15));
    DTRACE_PROBE4(bpfskel, regs64_32_16_8, r12, r13, r14, r15);
    __asm__ __volatile__("" : "+r"(eax), "+r"(cx), "+r"(dl));
    DTRACE_PROBE3(bpfskel, legacy_regs, eax, cx, dl);
}

__attribute__((noinline)) void bpfskel_fire_mem(struct rec *r, long i)
{
    DTRACE_PROBE3(bpfskel, mem, r->a, r->b, r->arr[2]);
}

__attribute__((noinline)) void bpfskel_fire_sib(struct rec *r, long i)
{
    DTRACE_PROBE1(bpfskel, sib, r->arr[i]);
}

__attribute__((noinline)) void bpfskel_fire_consts(void)
{
    DTRACE_PROBE3(bpfskel, consts, 42, -9, 0x123456789L);
}

__attribute__((noinline)) void bpfskel_fire_globals(void)
{
    DTRACE_PROBE2(bpfskel, globals, bpfskel_global_int, bpfskel_global_arr[1]);
}

static inline __attribute__((always_inline)) void twice(int x)
{
    DTRACE_PROBE1(bpfskel, twice, x);
}

int main(int argc, char **argv)
{
    int seconds = argc > 1 ? atoi(argv[1]) : 60;
    struct rec r = { -1234, 5678, { 10, -20, 30, -40 } };
    printf("ready %d\n", getpid());
    fflush(stdout);
    for (int n = 0; n < seconds * 100; n++) {
        bpfskel_fire_regs(-0x1122334455667788L, -100000, -300, -7, 200);
        bpfskel_fire_mem(&r, 1);
        bpfskel_fire_sib(&r, 1);
        bpfskel_fire_consts();
        bpfskel_fire_globals();
        guarded();
        twice(1);
        twice(2);
        bpfskel_lib_fire(0x5eed);
        usleep(10000);
    }
    return 0;
}
