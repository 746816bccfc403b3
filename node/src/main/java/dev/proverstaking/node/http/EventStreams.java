package dev.proverstaking.node.http;

import dev.proverstaking.node.EventRecord;
import dev.proverstaking.node.LedgerNode;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /v1/events/stream}: the node's events as Server-Sent Events, live. Each event is
 * <pre>
 * id: 42
 * event: Staked
 * data: {"seq":42,"index":30,"t":1767225000,"event":{"type":"Staked",…}}
 * </pre>
 * ({@code data} is the item of {@code GET /v1/events}). With {@code ?after=N}, or the standard
 * {@code Last-Event-ID} header of a reconnecting client, the stream first replays the events after
 * N, then goes on live, with no gap and no repeat; without either it starts with the next event.
 * A comment line ({@code : keep-alive}) comes every 15 seconds of silence. A client that falls
 * more than {@link #BUFFER} events behind is disconnected (it reconnects with {@code Last-Event-ID}).
 *
 * <p>Each stream holds one server thread, so at most {@code maxStreams} are open at once;
 * the node's thread that delivers events only puts them in each stream's bounded queue.
 */
final class EventStreams {
    static final int BUFFER = 10_000;
    private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final LedgerNode node;
    private final Semaphore slots;
    private final AtomicBoolean stopping = new AtomicBoolean();

    EventStreams(LedgerNode node, int maxStreams) {
        this.node = node;
        this.slots = new Semaphore(maxStreams);
    }

    int open(int max) {
        return max - slots.availablePermits();
    }

    /** Ends every stream within a second, and refuses new ones. */
    void stop() {
        stopping.set(true);
    }

    void serve(Context ctx, long after) throws IOException {
        if (stopping.get()) throw ApiError.of(dev.proverstaking.node.Refusal.Unavailable, "the node is stopping");
        if (!slots.tryAcquire()) {
            throw ApiError.of(dev.proverstaking.node.Refusal.Overloaded, "too many event streams open: try again later, or page GET /v1/events");
        }
        BlockingQueue<EventRecord> queue = new ArrayBlockingQueue<>(BUFFER);
        AtomicBoolean overflow = new AtomicBoolean();
        try (AutoCloseable subscription = node.subscribe(e -> {
            if (!queue.offer(e)) overflow.set(true);
        })) {
            HttpServletResponse res = ctx.res();
            res.setStatus(200);
            res.setContentType("text/event-stream;charset=utf-8");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
            OutputStream out = res.getOutputStream();
            write(out, ": connected\n\n");
            long last = after;
            if (after >= 0) { // replay what is logged already, then the live queue (which overlaps it)
                while (!stopping.get()) {
                    List<EventRecord> page = node.events(last, 1000);
                    if (page.isEmpty()) break;
                    for (EventRecord e : page) {
                        send(out, e);
                        last = e.seq();
                    }
                }
            }
            long lastWrite = System.nanoTime();
            while (!stopping.get() && !overflow.get()) {
                EventRecord e = queue.poll(1, TimeUnit.SECONDS);
                if (e != null) {
                    if (e.seq() <= last) continue;
                    send(out, e);
                    last = e.seq();
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite > HEARTBEAT_NANOS) {
                    write(out, ": keep-alive\n\n");
                    lastWrite = System.nanoTime();
                }
            }
            if (overflow.get()) write(out, ": too far behind; reconnect with Last-Event-ID: " + last + "\n\n");
        } catch (IOException e) {
            // the client went away (or was too slow for the idle timeout): the stream ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (e instanceof ApiError a) throw a;
            // closing the subscription failed: nothing to tell a client that is gone
        } finally {
            slots.release();
        }
    }

    private static void send(OutputStream out, EventRecord e) throws IOException {
        String data = new String(Json.bytes(ReadJson.event(e)), StandardCharsets.UTF_8);
        write(out, "id: " + e.seq() + "\nevent: " + e.event().getClass().getSimpleName() + "\ndata: " + data + "\n\n");
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
