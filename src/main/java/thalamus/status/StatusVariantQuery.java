package thalamus.status;

import java.time.Instant;
import java.util.List;
import thalamus.http.QueryParams;

/** The filters of a status variant listing; every one optional, all combined with AND. */
record StatusVariantQuery(List<String> mappedStatuses, String status, String sourceSystem, Instant updatedSince) {

    static StatusVariantQuery parse(QueryParams params) {
        return new StatusVariantQuery(
                params.listOf("mapped_status", StatusCategory.VALUES),
                params.oneOf("status", StatusVariantInput.STATUSES),
                params.text("source_system", 256),
                params.instant("updated_since"));
    }

    /** A stable text of the filters, binding a cursor to the query that produced it. */
    String fingerprint() {
        return "status-variants|" + mappedStatuses + "|" + status + "|" + sourceSystem + "|" + updatedSince;
    }
}
