package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class JavaSelectorTest {

    private final JavaSelector selector = new JavaSelector.Factory().create();

    private CompletableFuture<Boolean> selectWithoutLimitInBackground() {
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
        assertTrue(selector.select(-1), "a pending wake-up ends the next select at once, even one without a time limit");
        assertFalse(selector.select(0), "and is consumed by it");
    }

    @Test
    void selectReturnsFalseWhenTheTimeRunsOut() throws Exception {
        long start = System.nanoTime();
        assertFalse(selector.select(0.05));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void wakeFromAnotherThreadEndsAWaitWithoutLimit() throws Exception {
        CompletableFuture<Boolean> selected = selectWithoutLimitInBackground();
        Thread.sleep(50);
        selector.wake();
        assertTrue(selected.get(10, TimeUnit.SECONDS));
    }

    @Test
    void closeReleasesAParkedLoopAndLaterSelectsDoNotWait() throws Exception {
        CompletableFuture<Boolean> selected = selectWithoutLimitInBackground();
        Thread.sleep(50);
        selector.close();
        assertFalse(selected.get(10, TimeUnit.SECONDS));
        assertFalse(selector.select(-1));
    }
}
