package io.github.asyncgraalpy.bridge;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One submission to an {@link AsyncioLoopPool}: what to call, the slot it is in, and the loop it was handed to, if it was. */
final class PoolWork<T> {
    /** Numbers the submissions: work taken back from a replaced loop waits again in the order it came. */
    final long sequence;
    final boolean keyed;
    final Class<T> resultType;
    final String function;
    final List<Object> arguments;
    final CompletableFuture<T> result = new CompletableFuture<>();
    /** Where it is counted; it moves when it goes on in another context. Guarded by this. */
    private PoolSlot slot;
    /** Its hand-over to a loop; null while it waits in Java. */
    volatile PoolPosting posting;

    PoolWork(long sequence, boolean keyed, Class<T> resultType, String function, List<Object> arguments) {
        this.sequence = sequence;
        this.keyed = keyed;
        this.resultType = resultType;
        this.function = function;
        this.arguments = arguments;
    }

    /** Counts it in {@code to} from now on (no more in the slot it was in), unless it has ended. */
    synchronized void moveTo(PoolSlot to) {
        if (slot == to || result.isDone()) {
            return;
        }
        if (slot != null) {
            slot.unfinished.remove(this);
        }
        slot = to;
        to.unfinished.add(this);
    }

    /** Its future completed: counted in the slot it was in. */
    synchronized void ended(boolean completed) {
        if (slot != null) {
            slot.unfinished.remove(this);
            (completed ? slot.completed : slot.failed).incrementAndGet();
        }
    }
}
