package io.bpfskel.examples.tcpcc;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A TCP client socket through libc, because Java's sockets cannot set {@code TCP_CONGESTION}: the congestion control
 * is chosen per connection with {@code setsockopt(IPPROTO_TCP, TCP_CONGESTION, name)} before connecting.
 */
final class TcpClient implements AutoCloseable {
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_CONGESTION = 13;
    private static final int SOCKADDR_IN_SIZE = 16;

    interface C extends Library {
        C INSTANCE = Native.load("c", C.class);

        int socket(int domain, int type, int protocol);

        int setsockopt(int fd, int level, int option, byte[] value, int len);

        int getsockopt(int fd, int level, int option, byte[] value, int[] len);

        int connect(int fd, byte[] addr, int len);

        long write(int fd, byte[] buf, long len);

        int close(int fd);
    }

    private int fd;

    private TcpClient(int fd) {
        this.fd = fd;
    }

    /** A socket whose connections will use congestion control {@code algorithm}. */
    static TcpClient withCongestionControl(String algorithm) {
        int fd = C.INSTANCE.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket(AF_INET, SOCK_STREAM) failed: errno " + Native.getLastError());
        }
        TcpClient c = new TcpClient(fd);
        byte[] name = algorithm.getBytes(StandardCharsets.US_ASCII);
        if (C.INSTANCE.setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, name, name.length) != 0) {
            int errno = Native.getLastError();
            c.close();
            throw new IllegalStateException("setsockopt(TCP_CONGESTION, \"" + algorithm + "\") failed: errno " + errno
                    + (errno == 2 ? " (ENOENT: no such algorithm is registered)" : ""));
        }
        return c;
    }

    /** The connection's congestion control, as the kernel reports it. */
    String congestionControl() {
        byte[] buf = new byte[16];
        int[] len = {buf.length};
        if (C.INSTANCE.getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, buf, len) != 0) {
            throw new IllegalStateException("getsockopt(TCP_CONGESTION) failed: errno " + Native.getLastError());
        }
        int n = 0;
        while (n < len[0] && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    void connectLoopback(int port) {
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_IN_SIZE);
        b.order(ByteOrder.nativeOrder()).putShort(0, (short) AF_INET);
        b.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) port).put(4, (byte) 127).put(7, (byte) 1);
        if (C.INSTANCE.connect(fd, b.array(), SOCKADDR_IN_SIZE) != 0) {
            throw new IllegalStateException("connect(127.0.0.1:" + port + ") failed: errno " + Native.getLastError());
        }
    }

    void writeFully(byte[] data) {
        for (int off = 0; off < data.length; ) {
            byte[] rest = off == 0 ? data : java.util.Arrays.copyOfRange(data, off, data.length);
            long n = C.INSTANCE.write(fd, rest, rest.length);
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == 4) { // EINTR
                    continue;
                }
                throw new IllegalStateException("write failed: errno " + errno);
            }
            off += (int) n;
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            C.INSTANCE.close(fd);
            fd = -1;
        }
    }
}
