package io.bpfskel.sys;

import io.bpfskel.error.BpfException;
import java.nio.ByteBuffer;

/** The backend when the one asked for cannot work: every call fails with the reason. */
final class Unavailable implements NativeAccess {
    private final String reason;

    Unavailable(String reason) {
        this.reason = reason;
    }

    private BpfException fail() {
        return new BpfException("no native access: " + reason);
    }

    @Override public String name() { return "unavailable"; }
    @Override public long syscall3(long nr, long a1, long a2, long a3) { throw fail(); }
    @Override public Object newThreadState() { return null; }
    @Override public long syscall3(Object threadState, long nr, long a1, long a2, long a3) { throw fail(); }
    @Override public long syscall5(long nr, long a1, long a2, long a3, long a4, long a5) { throw fail(); }
    @Override public int close(int fd) { throw fail(); }
    @Override public int fcntl(int fd, int cmd, int arg) { throw fail(); }
    @Override public int open(long path, int flags, int mode) { throw fail(); }
    @Override public int ioctl(int fd, long request, long arg) { throw fail(); }
    @Override public long mmap(long addr, long length, int prot, int flags, int fd, long offset) { throw fail(); }
    @Override public int munmap(long addr, long length) { throw fail(); }
    @Override public long sysconf(int name) { throw fail(); }
    @Override public int getpid() { throw fail(); }
    @Override public int epollCreate1(int flags) { throw fail(); }
    @Override public int epollCtl(int epfd, int op, int fd, long event) { throw fail(); }
    @Override public int epollWait(int epfd, long events, int maxEvents, int timeoutMs) { throw fail(); }
    @Override public long read(int fd, long buf, long count) { throw fail(); }
    @Override public int setsockopt(int fd, int level, int option, long value, int length) { throw fail(); }
    @Override public int setns(int fd, int nstype) { throw fail(); }
    @Override public int mount(long source, long target, long fsType, long flags, long data) { throw fail(); }
    @Override public int statfs(long path, long buf) { throw fail(); }
    @Override public int ifNameToIndex(long name) { throw fail(); }
    @Override public long malloc(long size) { throw fail(); }
    @Override public void free(long address) { throw fail(); }
    @Override public ByteBuffer buffer(long address, int size) { throw fail(); }
    @Override public long address(ByteBuffer direct) { throw fail(); }
}
