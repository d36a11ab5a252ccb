package io.github.asyncgraalpy.bridge.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Value;

/**
 * Python results as Java values that outlive their context: what a loop pool completes its futures with. Its own class
 * because what counts as convertible (cycles, depth, which types are copied) changes for reasons of its own, apart from
 * how the pool places and supervises work.
 */
public final class PlainJavaCopies {

    /**
     * How deep the lists and dicts of a result converted into plain Java copies may nest (Python's own recursion limit
     * is 1,000 too): a deeper one fails its submission instead of the loop thread's stack.
     */
    public static final int MAX_DEPTH = 1_000;

    private PlainJavaCopies() {}

    /**
     * {@code value} as a {@code type} that outlives its context: {@code Object}, {@code List}, {@code Map} (and
     * {@code Collection}, {@code Iterable}) get plain Java copies, element by element, where {@code Value.as} would give
     * views into the context; strings, numbers, booleans, Java objects and null are values already. A list or dict
     * that two places of the result share is copied once and shared in the copy too.
     *
     * @throws IllegalArgumentException for a result that contains itself (no plain copy of it can end) or nests
     *     deeper than {@link #MAX_DEPTH}
     * @throws ClassCastException for a result, or a part of one, that has no Java value of its own
     */
    public static <T> T detached(Value value, Class<T> type) {
        if (type == Object.class || type == List.class || type == Map.class || type == Collection.class
                || type == Iterable.class) {
            Object copy = new Copier().copy(value, 0);
            if (type != Object.class && !type.isInstance(copy)) {
                throw new ClassCastException("the result is " + value.getMetaObject() + ", not a " + type.getSimpleName());
            }
            return type.cast(copy);
        }
        return value.as(type);
    }

    /** One result's copy: {@code Value.equals} and {@code hashCode} are identity (interop's) for Python objects. */
    private static final class Copier {
        /** Lists and dicts copied so far: one shared in Python is shared in the copy, and copied once. */
        private final Map<Value, Object> copied = new HashMap<>();
        /** Lists and dicts being copied: the path from the result down to the value at hand. */
        private final Set<Value> open = new HashSet<>();

        Object copy(Value value, int depth) {
            if (value.isNull()) {
                return null;
            }
            if (value.isHostObject()) {
                return value.asHostObject();
            }
            if (value.isBoolean()) {
                return value.asBoolean();
            }
            if (value.isString()) {
                return value.asString();
            }
            if (value.isNumber()) {
                return value.fitsInInt() ? (Object) value.asInt() : value.fitsInLong() ? (Object) value.asLong()
                        : value.fitsInDouble() ? (Object) value.asDouble() : value.as(Number.class);
            }
            boolean map = value.hasHashEntries();
            if (!map && !value.hasArrayElements()) {
                throw new ClassCastException("the result, " + value.getMetaObject() + ", has no Java value of its own: convert"
                        + " it in Python (to a str, a number, a list or a dict), or ask for a Java type it maps to");
            }
            Object done = copied.get(value);
            if (done != null) {
                return done;
            }
            if (depth >= MAX_DEPTH) {
                throw new IllegalArgumentException("the result nests lists or dicts deeper than " + MAX_DEPTH
                        + " levels; it has no plain Java copy: flatten it in Python, or ask for Value-free types it maps to");
            }
            if (!open.add(value)) {
                throw new IllegalArgumentException("the result contains itself (a " + value.getMetaObject()
                        + " that holds itself, directly or deeper down); it has no plain Java copy: break the cycle in Python");
            }
            Object copy = map ? copyMap(value, depth) : copyList(value, depth);
            open.remove(value);
            copied.put(value, copy);
            return copy;
        }

        private Map<Object, Object> copyMap(Value value, int depth) {
            Map<Object, Object> map = new LinkedHashMap<>();
            Value iterator = value.getHashEntriesIterator();
            while (iterator.hasIteratorNextElement()) {
                Value entry = iterator.getIteratorNextElement();
                map.put(copy(entry.getArrayElement(0), depth + 1), copy(entry.getArrayElement(1), depth + 1));
            }
            return map;
        }

        private List<Object> copyList(Value value, int depth) {
            long size = value.getArraySize();
            List<Object> list = new ArrayList<>((int) Math.min(size, 1 << 16));
            for (long i = 0; i < size; i++) {
                list.add(copy(value.getArrayElement(i), depth + 1));
            }
            return list;
        }
    }
}
