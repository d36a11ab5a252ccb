package io.github.asyncgraalpy.bench;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The numbers 0 to {@code count - 1}, made as they are iterated: the streams group's Java {@link Iterable}, read with
 * {@code async for} as the baseline reads its async generator of the same numbers.
 */
final class CountingIterable implements Iterable<Integer> {

    private final int count;

    CountingIterable(int count) {
        this.count = count;
    }

    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Integer next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }
}
