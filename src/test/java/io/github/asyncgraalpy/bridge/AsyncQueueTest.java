package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AsyncQueueTest {

    private final AsyncQueue<String> queue = new AsyncQueue<>();

    @Test
    void elementsPutBeforeTheConsumerAsksComeOutInOrderThenTheEnd() throws Exception {
        queue.put("a");
        queue.put("b");
        queue.finish();
        assertEquals("a", queue.nextElement().get());
        assertEquals("b", queue.nextElement().get());
        assertTrue(queue.isEnd(queue.nextElement().get()));
        assertTrue(queue.isEnd(queue.nextElement().get()), "the end stays the end");
    }

    @Test
    void aWaitingConsumerIsWokenByAPutFromAnotherThread() throws Exception {
        CompletableFuture<Object> next = queue.nextElement();
        assertFalse(next.isDone());
        Thread producer = new Thread(() -> putOrFail(queue, "late"));
        producer.start();
        assertEquals("late", next.get(10, TimeUnit.SECONDS));
        producer.join();
    }

    @Test
    void finishWakesAWaitingConsumerWithTheEnd() throws Exception {
        CompletableFuture<Object> next = queue.nextElement();
        queue.finish();
        assertTrue(queue.isEnd(next.get(10, TimeUnit.SECONDS)));
        assertFalse(queue.isEnd("an element"));
    }

    @Test
    void misuseIsRefusedWithAClearMessage() {
        queue.nextElement();
        IllegalStateException twoConsumers = assertThrows(IllegalStateException.class, queue::nextElement);
        assertEquals("an AsyncQueue has one consumer: the previous nextElement() is still pending", twoConsumers.getMessage());
        queue.finish();
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> queue.put("x"));
        assertEquals("put after finish()", late.getMessage());
    }

    @Test
    void aBoundedQueueHoldsAProducerUntilTheConsumerTakes() throws Exception {
        AsyncQueue<String> bounded = new AsyncQueue<>(2);
        bounded.put("a");
        bounded.put("b");
        Thread producer = new Thread(() -> putOrFail(bounded, "c"));
        producer.start();
        producer.join(300);
        assertTrue(producer.isAlive(), "a full queue holds its producer");
        assertEquals("a", bounded.nextElement().get());
        producer.join(10_000);
        assertFalse(producer.isAlive(), "taking one makes room");
        assertEquals("b", bounded.nextElement().get());
        assertEquals("c", bounded.nextElement().get());
    }

    @Test
    void elementIfReadyTakesWhatIsThereInOrderAndMakesRoomForAWaitingProducer() throws Exception {
        AsyncQueue<String> bounded = new AsyncQueue<>(1);
        assertNull(bounded.elementIfReady(), "nothing there: the consumer awaits nextElement()");
        bounded.put("a");
        Thread producer = new Thread(() -> putOrFail(bounded, "b"));
        producer.start();
        for (int i = 0; i < 10_000 && producer.getState() != Thread.State.WAITING; i++) {
            Thread.sleep(1); // until the producer waits for room: then only a take that wakes it lets it go on
        }
        assertEquals(Thread.State.WAITING, producer.getState(), "a full queue holds its producer");
        assertEquals("a", bounded.elementIfReady());
        producer.join(10_000);
        assertFalse(producer.isAlive(), "taking one makes room");
        bounded.finish();
        assertEquals("b", bounded.elementIfReady());
        assertNull(bounded.elementIfReady(), "empty and finished: nextElement() gives the end");
        assertTrue(bounded.isEnd(bounded.nextElement().get()));
    }

    @Test
    void aProducerWaitingForRoomIsReleasedByFinishOrAnInterruptAndAddsNothing() throws Exception {
        AsyncQueue<String> bounded = new AsyncQueue<>(1);
        bounded.put("kept");
        WaitingPut interrupted = waitingPut(bounded, "interrupted");
        interrupted.thread.interrupt();
        assertTrue(interrupted.get(10, TimeUnit.SECONDS) instanceof InterruptedException);
        WaitingPut finished = waitingPut(bounded, "finished");
        bounded.finish();
        assertEquals("put after finish()", finished.get(10, TimeUnit.SECONDS).getMessage());
        assertEquals("kept", bounded.nextElement().get());
        assertTrue(bounded.isEnd(bounded.nextElement().get()), "neither waiting element was added");
    }

    @Test
    void offerFailsAtOnceOnAFullQueueAndAddsNothing() throws Exception {
        AsyncQueue<String> bounded = new AsyncQueue<>(1);
        assertTrue(bounded.offer("first"));
        assertFalse(bounded.offer("refused"), "full: the producer learns at once");
        assertEquals(1, bounded.size());
        assertEquals("first", bounded.nextElement().get());
        assertTrue(bounded.offer("second"), "room again once the consumer took one");
        bounded.finish();
        assertEquals("second", bounded.nextElement().get());
        assertTrue(bounded.isEnd(bounded.nextElement().get()), "the refused element was never added");
        assertEquals("put after finish()", assertThrows(IllegalStateException.class, () -> bounded.offer("late")).getMessage());
    }

    @Test
    void offerWithATimeoutWaitsThatLongForRoom() throws Exception {
        AsyncQueue<String> bounded = new AsyncQueue<>(1);
        bounded.put("kept");
        long started = System.nanoTime();
        assertFalse(bounded.offer("timed out", java.time.Duration.ofMillis(100)));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(100), "it waited the whole timeout");
        CompletableFuture<Boolean> offered = CompletableFuture.supplyAsync(() -> {
            try {
                return bounded.offer("made it", java.time.Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                return false;
            }
        });
        Thread.sleep(50);
        assertEquals("kept", bounded.nextElement().get());
        assertTrue(offered.get(10, TimeUnit.SECONDS), "room made while it waited");
        assertEquals("made it", bounded.nextElement().get());
    }

    @Test
    void anOfferToAWaitingConsumerHandsTheElementOverEvenWhenTheQueueIsUnbounded() throws Exception {
        CompletableFuture<Object> next = queue.nextElement();
        assertTrue(queue.offer("direct"));
        assertEquals("direct", next.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertEquals("capacity must be 1 or more, was 0",
                assertThrows(IllegalArgumentException.class, () -> new AsyncQueue<String>(0)).getMessage());
    }

    @Test
    void anElementPutAfterTheWaitingConsumerWasCancelledGoesToTheNextConsumer() throws Exception {
        CompletableFuture<Object> cancelled = queue.nextElement();
        assertTrue(cancelled.cancel(true), "as wrap_future does when the awaiting task is cancelled");
        queue.put("A");
        queue.put("B");
        queue.finish();
        assertEquals("A", queue.nextElement().get());
        assertEquals("B", queue.nextElement().get());
        assertTrue(queue.isEnd(queue.nextElement().get()));
    }

    @Test
    void aConsumerCancelledWhileAPutHandsItAnElementLosesNothing() throws Exception {
        // The cancel comes after the put took the waiting consumer and before it completes it: the element goes to the
        // consumer that waits by then, or else to the head of the queue, never to nobody.
        CompletableFuture<Object> first = queue.nextElement();
        CompletableFuture<Object> second = new CompletableFuture<>();
        queue.beforeHandOver = () -> {
            queue.nextElement().whenComplete((element, failure) -> second.complete(element)); // a new consumer waits
            first.cancel(true);
        };
        queue.put("A");
        queue.beforeHandOver = null;
        assertTrue(first.isCancelled());
        assertEquals("A", second.get(10, TimeUnit.SECONDS), "the consumer waiting by then");

        CompletableFuture<Object> third = queue.nextElement();
        queue.beforeHandOver = () -> {
            third.cancel(true); // nobody waits by then
            queue.offer("C"); // as another producer would, meanwhile: the queue held nothing, so it is queued
        };
        queue.put("B");
        queue.beforeHandOver = null;
        assertEquals("B", queue.nextElement().get(), "back at the head of the queue, before what came meanwhile");
        assertEquals("C", queue.nextElement().get());
    }

    @Test
    void nullIsRefusedWhetherOrNotAConsumerWaits() throws Exception {
        String expected = "an AsyncQueue element must not be null (async for would see None)";
        assertEquals(expected, assertThrows(NullPointerException.class, () -> queue.put(null)).getMessage());
        CompletableFuture<Object> waiting = queue.nextElement();
        assertEquals(expected, assertThrows(NullPointerException.class, () -> queue.put(null)).getMessage());
        assertEquals(expected, assertThrows(NullPointerException.class, () -> queue.offer(null)).getMessage());
        assertEquals(expected, assertThrows(NullPointerException.class,
                () -> queue.offer(null, java.time.Duration.ofMillis(1))).getMessage());
        assertFalse(waiting.isDone(), "the waiting consumer got nothing");
        queue.put("real");
        assertEquals("real", waiting.get(10, TimeUnit.SECONDS));
    }

    /** A put on a thread of its own, waiting for room; completes with what the put threw. */
    private static WaitingPut waitingPut(AsyncQueue<String> queue, String element) throws InterruptedException {
        WaitingPut put = new WaitingPut();
        put.thread = new Thread(() -> {
            try {
                queue.put(element);
                put.complete(null);
            } catch (Throwable e) {
                put.complete(e);
            }
        });
        put.thread.start();
        while (put.thread.getState() != Thread.State.WAITING && !put.isDone()) {
            Thread.sleep(5);
        }
        return put;
    }

    private static final class WaitingPut extends CompletableFuture<Throwable> {
        Thread thread;
    }

    private static void putOrFail(AsyncQueue<String> queue, String element) {
        try {
            queue.put(element);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
