package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        Thread producer = new Thread(() -> queue.put("late"));
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
}
