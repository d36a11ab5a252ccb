package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * Java futures for asyncio: the runtime gives every {@link CompletionStage} (so every {@code CompletableFuture}) an
 * {@code __await__} that comes here. The stage may complete on any Java thread; its outcome is queued for the loop
 * ({@link Completions}), which takes every queued outcome in one host call, on its own thread. Cancelling the awaiting task cancels the
 * Java future. Not for user code: Python reaches it through {@code await}.
 */
public final class JavaFutures {

    private final boolean pythonThreadsGranted;

    /**
     * The futures bridge of one context: {@code pythonThreadsGranted} when the context may run Python on threads of
     * its own ({@code Sandbox.Grant.PYTHON_THREADS}), which delivering to a loop other than asyncgraalpy's amounts to.
     */
    public JavaFutures(boolean pythonThreadsGranted) {
        this.pythonThreadsGranted = pythonThreadsGranted;
    }

    /** True when {@code candidate} is a {@link CompletionStage}: what {@code asyncgraalpy.wrap_future} accepts. */
    @HostAccess.Export
    public boolean isStage(Object candidate) {
        return candidate instanceof CompletionStage<?>;
    }

    /** True when {@code candidate} is a Java {@link List}: {@code wrap_futures} hands one to Java as it is. */
    @HostAccess.Export
    public boolean isList(Object candidate) {
        return candidate instanceof List<?>;
    }

    /** The batches in which the outcomes of Java futures reach the loop that owns {@code selector}; one per loop. */
    @HostAccess.Export
    public Completions completions(JavaSelector selector) {
        return new Completions(selector);
    }

    /** Watches {@code stage} for the asyncio future {@code pythonFuture} of the loop that {@code completions} serves. */
    @HostAccess.Export
    public Watches watch(Object stage, Value pythonFuture, Completions completions) {
        CompletionStage<?> completionStage = stageOf(stage);
        Watches watches = new Watches(List.of(completionStage));
        deliverOnCompletion(watches, 0, completionStage, pythonFuture, completions);
        return watches;
    }

    /** On completion of {@code stage}, the {@code index}-th of {@code watches}: forget it, and queue its outcome. */
    private static void deliverOnCompletion(Watches watches, int index, CompletionStage<?> stage, Value pythonFuture,
            Completions completions) {
        // Runs on the completing thread, or here at once if already complete; add() never blocks or throws.
        stage.whenComplete((result, failure) -> {
            watches.forget(index);
            completions.add(new FutureCompletion(pythonFuture, result, failure));
        });
    }

    /**
     * Watches every stage of {@code stages} (a Java list, or a Python list or tuple of stages) for the asyncio future
     * at the same index of {@code pythonFutures}: {@code asyncgraalpy.wrap_futures}, one host call for them all.
     */
    @HostAccess.Export
    public Watches watchAll(Value stages, Value pythonFutures, Completions completions) {
        List<CompletionStage<?>> checked = new ArrayList<>();
        if (stages.isHostObject() && stages.asHostObject() instanceof List<?> list) {
            for (Object stage : list) {
                checked.add(stageOf(stage));
            }
        } else if (stages.hasArrayElements()) {
            for (long i = 0; i < stages.getArraySize(); i++) {
                Value stage = stages.getArrayElement(i);
                if (!(stage.isHostObject() && stage.asHostObject() instanceof CompletionStage<?> completionStage)) {
                    throw new NotAStage(i);
                }
                checked.add(completionStage);
            }
        } else {
            throw new IllegalArgumentException("not a list of CompletionStages: " + stages);
        }
        if (pythonFutures.getArraySize() != checked.size()) {
            throw new IllegalArgumentException(checked.size() + " stages but " + pythonFutures.getArraySize() + " futures");
        }
        Watches watches = new Watches(checked);
        for (int i = 0; i < checked.size(); i++) {
            deliverOnCompletion(watches, i, checked.get(i), pythonFutures.getArrayElement(i), completions);
        }
        return watches;
    }

    /**
     * Watches {@code stage} for an asyncio future of a loop that is not asyncgraalpy's: on completion, the completing
     * thread calls {@code deliver} with the outcome (it enters Python, which hands the outcome to the loop with
     * {@code call_soon_threadsafe}). A context closed by then has nothing left to deliver to.
     */
    @HostAccess.Export
    public Watches watchThreadsafe(Object stage, Value pythonFuture, Value deliver) {
        if (!pythonThreadsGranted) {
            // The completing thread would run Python the script chose (the loop's call_soon_threadsafe): a Python
            // thread in all but name, which this sandbox denies.
            throw new IllegalStateException("a Java future on a loop other than asyncgraalpy's is delivered by the Java thread"
                    + " that completes it, running Python: that needs Sandbox.Grant.PYTHON_THREADS");
        }
        CompletionStage<?> completionStage = stageOf(stage);
        completionStage.whenComplete((result, failure) -> {
            try {
                deliver.executeVoid(new FutureCompletion(pythonFuture, result, failure));
            } catch (IllegalStateException contextClosed) {
                // The context is closed: nothing awaits the future any more.
            }
        });
        return new Watches(List.of(completionStage));
    }

    private static CompletionStage<?> stageOf(Object stage) {
        if (!(stage instanceof CompletionStage<?> completionStage)) {
            throw new IllegalArgumentException("not a CompletionStage: " + stage);
        }
        return completionStage;
    }

    /** What {@code wrap_futures} raises as a TypeError (naming the element's Python type): an element that is no CompletionStage. */
    public static final class NotAStage extends IllegalArgumentException {
        private final long index;

        NotAStage(long index) {
            super("the element at index " + index + " is not a java.util.concurrent.CompletionStage");
            this.index = index;
        }

        @HostAccess.Export
        public long index() {
            return index;
        }
    }

    /**
     * The Java side of a {@code wrap_future} or {@code wrap_futures} call: what Python cancels, by index, when an asyncio
     * future is cancelled. Every asyncio future of the call keeps it, so a stage is forgotten once it completes: one
     * future kept must not keep a whole batch of completed stages, and their results, alive.
     */
    public static final class Watches {

        private final AtomicReferenceArray<CompletionStage<?>> stages;

        Watches(List<CompletionStage<?>> stages) {
            this.stages = new AtomicReferenceArray<>(stages.toArray(new CompletionStage<?>[0]));
        }

        void forget(int index) {
            stages.set(index, null);
        }

        /**
         * Cancels the Java future at {@code index} ({@code cancel(true)}); one that completed already, or cannot be
         * cancelled, is left as it is.
         */
        @HostAccess.Export
        public void cancel(int index) {
            CompletionStage<?> stage = stages.get(index);
            if (stage == null) {
                return;
            }
            try {
                stage.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException notCancellable) {
                // A CompletionStage need not offer toCompletableFuture(); then only the Python side gives up waiting.
            }
        }
    }
}
