package thalamus.status;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The six internal ticket categories every partner status maps onto. Fixed; uuids are the same everywhere. */
public enum StatusCategory {
    NEW("a8c74b8a-1102-4b56-b8c8-d00f774bebd3", "New", "#3b82f6",
            "Ticket has been received and nobody has picked it up yet"),
    OPEN("27ffec80-cbe1-416f-baca-6b11786c0318", "Open", "#f97316",
            "Ticket is being worked on by the support team"),
    HOLD("90df14b3-8f9b-46c8-8233-8b799162003c", "On hold", "#64748b",
            "Ticket is waiting on a third party or an internal dependency"),
    PENDING("bf6c7350-8b08-4bb2-97e5-9801d046fefb", "Pending", "#8b5cf6",
            "Ticket is pending awaiting response from the ticket requester"),
    SOLVED("26e670e1-43de-4b75-aed4-597aa9f0a44f", "Solved", "#22c55e",
            "A solution was given; the ticket can still be reopened"),
    CLOSED("476465d5-773c-45a2-8909-730a41355995", "Closed", "#6b7280",
            "Ticket is finished and can no longer be reopened");

    /** How a category appears in responses. */
    public record View(UUID uuid, String value, String label, int sortOrder, String color, String description) {
    }

    /** The accepted values, in sort order. */
    public static final List<String> VALUES = Arrays.stream(values()).map(StatusCategory::value).toList();

    private final View view;

    StatusCategory(String uuid, String label, String color, String description) {
        this.view = new View(UUID.fromString(uuid), name().toLowerCase(java.util.Locale.ROOT), label,
                ordinal() + 1, color, description);
    }

    public String value() {
        return view.value();
    }

    public View view() {
        return view;
    }

    public static StatusCategory of(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
