package io.bpfskel.testing;

import io.bpfskel.sys.Fd;
import io.bpfskel.sys.MappedMemory;
import io.bpfskel.sys.Syscalls;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Drains a {@code BPF_MAP_TYPE_RINGBUF} map through its memory mapping, for tests that check what programs
 * submitted (the layout of {@code kernel/bpf/ringbuf.c}: a consumer page, a producer page, then the data
 * area mapped twice). Not thread-safe; one reader per map.
 */
public final class RingBufferReader implements AutoCloseable {
    private static final int BUSY = 1 << 31;
    private static final int DISCARD = 1 << 30;
    private static final int HEADER = 8;
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final MappedMemory consumerPage;
    private final MappedMemory producerAndData;
    private final ByteBuffer consumer;
    private final ByteBuffer producer;
    private final long mask;
    private final long pageSize;

    /** @param dataSize the map's max_entries (a power of two, a multiple of the page size) */
    public RingBufferReader(Fd ringbuf, int dataSize, String name) {
        pageSize = Syscalls.pageSize();
        consumerPage = Syscalls.mmap(ringbuf, pageSize, Syscalls.PROT_READ | Syscalls.PROT_WRITE, Syscalls.MAP_SHARED, 0,
                "ring buffer '" + name + "' consumer page");
        try {
            producerAndData = Syscalls.mmap(ringbuf, pageSize + 2L * dataSize, Syscalls.PROT_READ, Syscalls.MAP_SHARED,
                    pageSize, "ring buffer '" + name + "' data");
        } catch (RuntimeException e) {
            consumerPage.close();
            throw e;
        }
        consumer = consumerPage.buffer();
        producer = producerAndData.buffer();
        mask = dataSize - 1L;
    }

    /** Every record submitted and not yet read, in order (discarded ones skipped); stops at a busy one. */
    public List<ByteBuffer> drain() {
        List<ByteBuffer> out = new ArrayList<>();
        long cons = (long) LONG.getAcquire(consumer, 0);
        long prod = (long) LONG.getAcquire(producer, 0);
        while (cons < prod) {
            int at = (int) (pageSize + (cons & mask));
            int len = (int) INT.getAcquire(producer, at);
            if ((len & BUSY) != 0) {
                break;
            }
            int size = len & ~(BUSY | DISCARD);
            if ((len & DISCARD) == 0) {
                byte[] copy = new byte[size];
                producer.get(at + HEADER, copy);
                out.add(ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()));
            }
            cons += (size + HEADER + 7) & ~7L;
            LONG.setRelease(consumer, 0, cons);
        }
        return out;
    }

    @Override
    public void close() {
        producerAndData.close();
        consumerPage.close();
    }
}
