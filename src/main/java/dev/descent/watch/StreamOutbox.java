package dev.descent.watch;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The events one stream has yet to write, and their writing. The poller hands events over without waiting; a task
 * on the shared sender pool writes them to the client's socket in order, at most one task per stream at a time.
 * {@code SseEmitter.send} blocks while the client's socket is full, and {@code complete} waits for a send in
 * progress, so neither is ever called from the poller: a client that stops reading blocks only its own stream's
 * task (until the web server's write timeout fails the write), never the poller or anyone else's stream. At most
 * {@code capacity} events wait; the stream decides what to do when that is not enough ({@link #offer} says false,
 * {@link #nanosWithoutProgress} says for how long the client has taken nothing).
 */
final class StreamOutbox {

    private final SseEmitter emitter;
    private final Executor senders;
    private final BlockingQueue<SseEmitter.SseEventBuilder> pending;
    /** Taken by the one task that may write now. */
    private final AtomicBoolean writing = new AtomicBoolean();
    /** Called once, from the sender, if a write fails (the client went away). */
    private final Runnable onFailure;
    private volatile boolean closing;
    /** When the last write ended, or writing began after a pause. */
    private volatile long progressNanos = System.nanoTime();
    /** Written and read by the task holding {@link #writing} only. */
    private boolean done;

    StreamOutbox(SseEmitter emitter, int capacity, Executor senders, Runnable onFailure) {
        this.emitter = emitter;
        this.senders = senders;
        this.pending = new ArrayBlockingQueue<>(capacity);
        this.onFailure = onFailure;
    }

    /** Queues an event to be written; false if {@code capacity} events are waiting already, or the stream closed. */
    boolean offer(SseEmitter.SseEventBuilder event) {
        if (closing || !pending.offer(event)) {
            return false;
        }
        write();
        return true;
    }

    /** How long no event has left the outbox while it had some to write (0 when it had none). */
    long nanosWithoutProgress() {
        return pending.isEmpty() ? 0 : System.nanoTime() - progressNanos;
    }

    /** Completes the response once the events waiting have been written. */
    void close() {
        closing = true;
        write();
    }

    /** Drops the events waiting and completes the response once a write in progress returns. */
    void abandon() {
        closing = true;
        pending.clear();
        write();
    }

    private void write() {
        if (writing.compareAndSet(false, true)) {
            progressNanos = System.nanoTime();
            try {
                senders.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the server is stopping: its web server closes the response
                writing.set(false);
            }
        }
    }

    private void drain() {
        do {
            if (!writeWaiting()) {
                return;
            }
            writing.set(false);
            // an event offered, or a close asked for, after the last look but before writing was given up
        } while (!done && (!pending.isEmpty() || closing) && writing.compareAndSet(false, true));
    }

    /** False if the client is gone: the stream is over and {@link #writing} stays taken, so nothing writes again. */
    private boolean writeWaiting() {
        try {
            for (SseEmitter.SseEventBuilder event = pending.poll(); event != null; event = pending.poll()) {
                emitter.send(event);
                progressNanos = System.nanoTime();
            }
            if (closing && !done) {
                done = true;
                emitter.complete();
            }
            return true;
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the response was completed meanwhile (its timeout)
            done = true;
            closing = true;
            pending.clear();
            onFailure.run();
            return false;
        }
    }
}
