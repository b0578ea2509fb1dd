package thalamus.http;

/**
 * A request field that may be absent, sent as null, or sent with a value: on update, absent keeps
 * the stored value while null clears it, so {@code Optional} cannot express it.
 */
public record Provided<T>(boolean sent, T value) {
    private static final Provided<?> ABSENT = new Provided<>(false, null);

    @SuppressWarnings("unchecked")
    public static <T> Provided<T> absent() {
        return (Provided<T>) ABSENT;
    }

    public static <T> Provided<T> of(T value) {
        return new Provided<>(true, value);
    }

    public T orElse(T fallback) {
        return sent ? value : fallback;
    }
}
