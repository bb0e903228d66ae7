package io.bpfskel.ringbuf;

import io.bpfskel.sys.Guarded;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lifetime of a consumer of kernel rings (a ring buffer poller, a perf buffer): one consuming thread at a
 * time, because the consumer positions and the reused record views are not shared-state safe, and none after
 * close, because close unmaps the rings once the consuming call in flight has returned.
 */
abstract class OneConsumer extends Guarded {
    private final AtomicBoolean consuming = new AtomicBoolean();

    /** Starts {@code operation} (poll, consume, ...), or throws when another thread is in one or after close. */
    final void begin(String operation) {
        if (!consuming.compareAndSet(false, true)) {
            throw busyError(operation);
        }
        try {
            enter(operation, null);
        } catch (RuntimeException e) {
            consuming.set(false);
            throw e;
        }
    }

    /** Ends what {@link #begin} started. */
    final void end() {
        exit();
        consuming.set(false);
    }

    /** The error for a second thread's {@code operation} while one is in flight, naming the consumer. */
    abstract IllegalStateException busyError(String operation);
}
