package io.bpfskel.sys;


/**
 * One {@code struct epoll_event}.
 *
 * <p>The struct is packed on x86_64 (12 bytes, data at offset 4) and naturally aligned elsewhere
 * (16 bytes, data at offset 8); the offsets below follow the running architecture.
 *
 * @param events EPOLLIN, EPOLLOUT, ... bits
 * @param data the caller's cookie given to {@link Syscalls#epollCtl}
 */
public record EpollEvent(int events, long data) {
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLPRI = 0x002;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;

    private static final boolean PACKED = SyscallNumbers.CURRENT.arch().equals("x86_64");
    static final int EVENTS = 0;
    static final int DATA = PACKED ? 4 : 8;
    public static final int SIZE = PACKED ? 12 : 16;

    void encode(NativeMemory p) {
        Structs.u32(p, EVENTS, events);
        Structs.u64(p, DATA, data);
    }

    static EpollEvent decode(NativeMemory p, int index) {
        long base = (long) index * SIZE;
        return new EpollEvent(p.getInt(base + EVENTS), p.getLong(base + DATA));
    }

    /** The cookie of event number {@code index} in an array filled by {@link Syscalls#epollWait(Fd, NativeMemory, int, int, String)}. */
    public static long dataAt(NativeMemory events, int index) {
        return events.getLong((long) index * SIZE + DATA);
    }
}
