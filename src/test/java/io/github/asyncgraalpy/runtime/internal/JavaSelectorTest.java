package io.github.asyncgraalpy.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class JavaSelectorTest {

    private final JavaSelector selector = new JavaSelector.Factory().create();

    private CompletableFuture<List<Object>> selectWithoutLimitInBackground() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return selector.select(-1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aWakeUpBeforeSelectIsNotLost() throws Exception {
        selector.wake();
        assertEquals(List.of(), selector.select(-1), "a pending wake-up ends the next select at once, even one without a time limit");
        long start = System.nanoTime();
        selector.select(0.05);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "and is consumed by it");
    }

    @Test
    void selectReturnsNothingWhenTheTimeRunsOut() throws Exception {
        long start = System.nanoTime();
        assertEquals(List.of(), selector.select(0.05));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void wakeFromAnotherThreadEndsAWaitWithoutLimit() throws Exception {
        CompletableFuture<List<Object>> selected = selectWithoutLimitInBackground();
        Thread.sleep(50);
        selector.wake();
        assertEquals(List.of(), selected.get(10, TimeUnit.SECONDS));
    }

    @Test
    void eventsPostedWhileTheLoopIsBusyComeOutTogetherInOrder() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertTrue(selector.post("event " + i));
        }
        assertEquals(List.of("event 0", "event 1", "event 2", "event 3", "event 4"), selector.select(-1));
        assertEquals(List.of(), selector.select(0));
    }

    @Test
    void aPostWakesAParkedLoop() throws Exception {
        CompletableFuture<List<Object>> selected = selectWithoutLimitInBackground();
        Thread.sleep(50);
        selector.post("done");
        assertEquals(List.of("done"), selected.get(10, TimeUnit.SECONDS));
    }

    @Test
    void postsFromManyThreadsAreAllDeliveredExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> posters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread poster = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    selector.post(base + i);
                }
            });
            poster.start();
            posters.add(poster);
        }
        start.countDown();
        boolean[] seen = new boolean[threads * perThread];
        int received = 0;
        while (received < seen.length) {
            for (Object event : selector.select(1)) {
                int value = (Integer) event;
                assertFalse(seen[value], "delivered twice: " + value);
                seen[value] = true;
                received++;
            }
        }
        for (Thread poster : posters) {
            poster.join(10_000);
        }
        assertEquals(List.of(), selector.select(0), "nothing left over");
    }

    @Test
    void closeReleasesAParkedLoopAndDropsLaterPosts() throws Exception {
        CompletableFuture<List<Object>> selected = selectWithoutLimitInBackground();
        Thread.sleep(50);
        selector.close();
        assertEquals(List.of(), selected.get(10, TimeUnit.SECONDS));
        assertFalse(selector.post("too late"));
        assertEquals(List.of(), selector.select(-1));
        assertTrue(selector.isClosed());
    }
}
