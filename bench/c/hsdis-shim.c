// Lets HotSpot's -XX:+PrintAssembly disassemble with Debian's libhsdis0-fcml, which exports only the old
// decode_instructions entry while JDK 17+ look up decode_instructions_virtual. A profiling aid, not part of
// any build:
//   apt-get install libhsdis0-fcml
//   gcc -O2 -shared -fPIC -o /tmp/hsdis/hsdis-amd64.so bench/c/hsdis-shim.c -ldl
//   LD_LIBRARY_PATH=/tmp/hsdis java -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,Class::method ...
// With `perf record -e cpu-clock` around the same JVM, the sampled addresses map onto the printed code
// (docs/performance.md, "Ring buffer").
#include <dlfcn.h>
#include <stdint.h>

typedef void *(*event_fn)(void *, const char *, void *);
typedef int (*printf_fn)(void *, const char *, ...);
typedef void *(*decode_fn)(void *, void *, event_fn, void *, printf_fn, void *, const char *);

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  event_fn event_callback, void *event_stream, printf_fn printf_callback,
                                  void *printf_stream, const char *options, int newline) {
    static decode_fn decode;
    (void) buffer, (void) length, (void) newline;
    if (!decode) {
        void *lib = dlopen("libhsdis.so.0", RTLD_NOW);
        if (!lib || !(decode = (decode_fn) dlsym(lib, "decode_instructions"))) {
            return 0;
        }
    }
    // HotSpot passes the code in place (buffer == start_va), so the old entry can read it at its address.
    return decode((void *) start_va, (void *) end_va, event_callback, event_stream, printf_callback, printf_stream,
                  options);
}
