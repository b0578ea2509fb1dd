package thalamus.status;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import thalamus.http.ApiError;
import thalamus.http.Precondition;

/**
 * Status variants in PostgreSQL, always scoped to one partner. History is written by a trigger
 * (migrations V2 and V3) in the same transaction as every change. Public only so that the benchmark can
 * measure the database's own limit with exactly the statements the service runs.
 */
public final class StatusVariantStore {
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    public record Written(StatusVariant variant, Outcome outcome) {
    }

    /** One variant to write for a partner, by one of its keys. */
    record Upsert(long partnerId, long keyId, StatusVariantInput input) {
        Key key() {
            return new Key(partnerId, input.id());
        }
    }

    /** A variant's identity: ids are unique per partner. */
    record Key(long partnerId, String externalId) {
    }

    record Page<T>(List<T> items, Long nextPosition) {
        /** From {@code limit + 1} fetched rows: the extra one only tells that another page follows. */
        static <T> Page<T> of(List<T> fetched, int limit, java.util.function.ToLongFunction<T> position) {
            if (fetched.size() <= limit) {
                return new Page<>(List.copyOf(fetched), null);
            }
            var items = List.copyOf(fetched.subList(0, limit));
            return new Page<>(items, position.applyAsLong(items.getLast()));
        }
    }

    private static final String COLUMNS = columns("");

    private static String columns(String alias) {
        return "%1$sid, %1$suuid, %1$sexternal_id, %1$slabel, %1$smapped_status, %1$ssource_system, %1$sstatus, %1$sversion, %1$screated_at, %1$supdated_at"
                .formatted(alias);
    }

    /*
     * One statement upserts any number of variants, of one partner or several (one transaction),
     * telling created, updated and unchanged apart. New ids are inserted; existing ones are updated
     * only where a value differs, so an unchanged variant gets no new row version, no history and
     * keeps updated_at. Absent fields keep their stored value: the flags travel with each row, so
     * the UPDATE decides on the row it has locked. Each input row finds its stored row with one
     * unique-index probe on (partner_id, external_id); the unchanged ones are those not updated,
     * told apart through a hash of the updated ids (the generic plan expects ten input rows and would
     * otherwise compare every pair, half a million comparisons for a 1000-row bulk upsert). All
     * branches share one snapshot, so an id committed by a concurrent writer after it began shows
     * up in none of them; upsertAll() runs those again.
     */
    private static final String UPSERT = """
            WITH input AS (
                SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[])
                    AS i (partner_id, key_id, external_id, label, mapped_status, source_system, source_system_sent, status)
            ), created AS (
                INSERT INTO status_variant (partner_id, external_id, label, mapped_status, source_system, status, changed_by_key_id)
                SELECT partner_id, external_id, label, mapped_status, source_system, coalesce(status, 'active'), key_id FROM input
                ON CONFLICT (partner_id, external_id) DO NOTHING
                RETURNING %1$s, 'CREATED', partner_id
            ), updated AS (
                UPDATE status_variant v
                   SET label = i.label,
                       mapped_status = i.mapped_status,
                       source_system = CASE WHEN i.source_system_sent THEN i.source_system ELSE v.source_system END,
                       status = coalesce(i.status, v.status),
                       changed_by_key_id = i.key_id,
                       version = v.version + 1,
                       updated_at = now()
                  FROM input i
                 WHERE v.partner_id = i.partner_id AND v.external_id = i.external_id
                   AND (v.label, v.mapped_status, v.source_system, v.status) IS DISTINCT FROM
                       (i.label, i.mapped_status,
                        CASE WHEN i.source_system_sent THEN i.source_system ELSE v.source_system END,
                        coalesce(i.status, v.status))
                RETURNING %2$s, 'UPDATED', v.partner_id
            )
            SELECT * FROM created
            UNION ALL
            SELECT * FROM updated
            UNION ALL
            SELECT %3$s, 'UNCHANGED', s.partner_id FROM input i
              JOIN status_variant s ON s.partner_id = i.partner_id AND s.external_id = i.external_id
             WHERE s.id NOT IN (SELECT id FROM updated)
            """.formatted(COLUMNS, columns("v."), columns("s."));

    private static final String INSERT_ONLY = """
            INSERT INTO status_variant (partner_id, external_id, label, mapped_status, source_system, status, changed_by_key_id)
            VALUES (?, ?, ?, ?, ?, coalesce(?, 'active'), ?)
            ON CONFLICT (partner_id, external_id) DO NOTHING
            RETURNING %s, 'CREATED'
            """.formatted(COLUMNS);

    private static final String DEACTIVATE = """
            WITH changed AS (
                UPDATE status_variant
                   SET status = 'inactive', changed_by_key_id = ?, version = version + 1, updated_at = now()
                 WHERE partner_id = ? AND external_id = ? AND status <> 'inactive'
                RETURNING %1$s, 'UPDATED'
            )
            SELECT * FROM changed
            UNION ALL
            SELECT %1$s, 'UNCHANGED' FROM status_variant
             WHERE partner_id = ? AND external_id = ? AND NOT EXISTS (SELECT 1 FROM changed)
            """.formatted(COLUMNS);

    private static final String FIND = "SELECT " + COLUMNS + ", 'UNCHANGED' FROM status_variant WHERE partner_id = ? AND external_id = ?";

    private static final String LOCK_VERSION = "SELECT version FROM status_variant WHERE partner_id = ? AND external_id = ? FOR UPDATE";

    private static final String HISTORY = """
            SELECT h.version, h.action, h.changed_at, k.uuid, h.changes::text
              FROM status_variant_history h LEFT JOIN api_key k ON k.id = h.api_key_id
             WHERE h.status_variant_id = ? AND h.version < ?
             ORDER BY h.version DESC
             LIMIT ?
            """;

    private static final int MAX_ATTEMPTS = 5;

    private final DataSource dataSource;

    public StatusVariantStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An upsert that holds only if the variant's version satisfies the precondition (If-Match, If-None-Match). */
    Written upsert(Upsert upsert, Precondition precondition) throws SQLException {
        var input = upsert.input();
        try (var connection = dataSource.getConnection()) {
            return inTransaction(connection, () -> {
                var version = lockVersion(connection, upsert.partnerId(), input.id());
                requireAllowed(precondition, version);
                if (version == null && precondition.createOnly()) {
                    var created = insertOnly(connection, upsert.partnerId(), upsert.keyId(), input);
                    if (created == null) {
                        throw new ApiError.PreconditionFailed("A status variant with this id was created meanwhile.");
                    }
                    return created;
                }
                return upsertAll(connection, List.of(upsert)).getFirst();
            });
        }
    }

    /** Upserts one partner's variants, with distinct ids, in one transaction; the outcome of each, by id. */
    public Map<String, Written> upsertAll(long partnerId, long keyId, List<StatusVariantInput> inputs) throws SQLException {
        var upserts = inputs.stream().map(input -> new Upsert(partnerId, keyId, input)).toList();
        List<Written> written;
        try (var connection = dataSource.getConnection()) {
            written = upsertAll(connection, upserts);
        }
        var byId = new HashMap<String, Written>();
        written.forEach(w -> byId.put(w.variant().externalId(), w));
        return byId;
    }

    /** Soft delete; null when the partner has no variant with this id. */
    Written deactivate(long partnerId, long keyId, String externalId, Precondition precondition) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            if (precondition.none()) {
                return deactivate(connection, partnerId, keyId, externalId);
            }
            return inTransaction(connection, () -> {
                var version = lockVersion(connection, partnerId, externalId);
                if (version == null) {
                    return null;
                }
                requireAllowed(precondition, version);
                return deactivate(connection, partnerId, keyId, externalId);
            });
        }
    }

    StatusVariant find(long partnerId, String externalId) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(FIND)) {
            statement.setLong(1, partnerId);
            statement.setString(2, externalId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? written(rows).variant() : null;
            }
        }
    }

    Page<StatusVariant> list(long partnerId, StatusVariantQuery query, long afterId, int limit) throws SQLException {
        var sql = new StringBuilder("SELECT " + COLUMNS + ", 'UNCHANGED' FROM status_variant WHERE partner_id = ? AND id > ?");
        var parameters = new ArrayList<Object>(List.of(partnerId, afterId));
        if (query.mappedStatuses() != null) {
            sql.append(" AND mapped_status = ANY (?)");
            parameters.add(query.mappedStatuses());
        }
        if (query.status() != null) {
            sql.append(" AND status = ?");
            parameters.add(query.status());
        }
        if (query.sourceSystem() != null) {
            sql.append(" AND source_system = ?");
            parameters.add(query.sourceSystem());
        }
        if (query.updatedSince() != null) {
            sql.append(" AND updated_at > ?");
            parameters.add(query.updatedSince().atOffset(java.time.ZoneOffset.UTC));
        }
        sql.append(" ORDER BY id LIMIT ?");
        parameters.add(limit + 1);
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                var parameter = parameters.get(i);
                if (parameter instanceof List<?> values) {
                    statement.setArray(i + 1, connection.createArrayOf("text", values.toArray()));
                } else {
                    statement.setObject(i + 1, parameter);
                }
            }
            try (var rows = statement.executeQuery()) {
                var variants = new ArrayList<StatusVariant>();
                while (rows.next()) {
                    variants.add(written(rows).variant());
                }
                return Page.of(variants, limit, StatusVariant::id);
            }
        }
    }

    /** Versions of one variant, newest first, starting below {@code beforeVersion}. */
    Page<StatusVariantChange> history(long variantId, int beforeVersion, int limit) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(HISTORY)) {
            statement.setLong(1, variantId);
            statement.setInt(2, beforeVersion);
            statement.setInt(3, limit + 1);
            try (var rows = statement.executeQuery()) {
                var changes = new ArrayList<StatusVariantChange>();
                while (rows.next()) {
                    changes.add(new StatusVariantChange(rows.getInt(1), rows.getString(2),
                            rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getObject(4, UUID.class), rows.getString(5)));
                }
                return Page.of(changes, limit, StatusVariantChange::version);
            }
        }
    }

    /**
     * Upserts variants with distinct (partner, id) pairs in one statement, which in autocommit is one
     * transaction; the outcome of each, in the order given. Rows are sent sorted, so concurrent
     * writers lock shared rows in the same order and cannot deadlock each other; a deadlock with
     * some other statement, or ids hidden by a concurrent commit, are simply run again.
     */
    static List<Written> upsertAll(Connection connection, List<Upsert> upserts) throws SQLException {
        var pending = new ArrayList<>(upserts);
        pending.sort(Comparator.comparingLong(Upsert::partnerId).thenComparing(upsert -> upsert.input().id()));
        var inputs = new HashMap<Key, StatusVariantInput>();
        upserts.forEach(upsert -> inputs.put(upsert.key(), upsert.input()));
        var results = new HashMap<Key, Written>();
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            try {
                for (var row : runUpsert(connection, pending)) {
                    // "Unchanged" is read from the statement's snapshot: if a concurrent writer got
                    // there first, that snapshot is stale; running again reads the current row.
                    if (row.written().outcome() != Outcome.UNCHANGED || holds(row.written().variant(), inputs.get(row.key()))) {
                        results.put(row.key(), row.written());
                    }
                }
            } catch (SQLException e) {
                if (attempt >= MAX_ATTEMPTS || !"40P01".equals(e.getSQLState()) || !connection.getAutoCommit()) {
                    throw e;
                }
            }
            pending.removeIf(upsert -> results.containsKey(upsert.key()));
            if (attempt >= MAX_ATTEMPTS && !pending.isEmpty()) {
                throw new SQLException("status variants still contended after " + attempt + " attempts", "40001");
            }
        }
        return upserts.stream().map(upsert -> results.get(upsert.key())).toList();
    }

    /** Whether a stored variant already has every value the input sets. */
    private static boolean holds(StatusVariant variant, StatusVariantInput input) {
        return variant.label().equals(input.label())
                && variant.mappedStatus() == input.mappedStatus()
                && (!input.sourceSystem().sent() || java.util.Objects.equals(variant.sourceSystem(), input.sourceSystem().value()))
                && (!input.status().sent() || variant.status().equals(input.status().value()));
    }

    private record Row(Key key, Written written) {
    }

    private static List<Row> runUpsert(Connection connection, List<Upsert> upserts) throws SQLException {
        int size = upserts.size();
        var partnerIds = new Long[size];
        var keyIds = new Long[size];
        var ids = new String[size];
        var labels = new String[size];
        var categories = new String[size];
        var sourceSystems = new String[size];
        var sourceSystemSent = new Boolean[size];
        var statuses = new String[size];
        for (int i = 0; i < size; i++) {
            var upsert = upserts.get(i);
            var input = upsert.input();
            partnerIds[i] = upsert.partnerId();
            keyIds[i] = upsert.keyId();
            ids[i] = input.id();
            labels[i] = input.label();
            categories[i] = input.mappedStatus().value();
            sourceSystems[i] = input.sourceSystem().value();
            sourceSystemSent[i] = input.sourceSystem().sent();
            statuses[i] = input.status().value();
        }
        try (var statement = connection.prepareStatement(UPSERT)) {
            statement.setArray(1, connection.createArrayOf("bigint", partnerIds));
            statement.setArray(2, connection.createArrayOf("bigint", keyIds));
            statement.setArray(3, connection.createArrayOf("text", ids));
            statement.setArray(4, connection.createArrayOf("text", labels));
            statement.setArray(5, connection.createArrayOf("text", categories));
            statement.setArray(6, connection.createArrayOf("text", sourceSystems));
            statement.setArray(7, connection.createArrayOf("boolean", sourceSystemSent));
            statement.setArray(8, connection.createArrayOf("text", statuses));
            try (var rows = statement.executeQuery()) {
                var written = new ArrayList<Row>(size);
                while (rows.next()) {
                    var row = written(rows);
                    written.add(new Row(new Key(rows.getLong(12), row.variant().externalId()), row));
                }
                return written;
            }
        }
    }

    private static Written insertOnly(Connection connection, long partnerId, long keyId, StatusVariantInput input) throws SQLException {
        try (var statement = connection.prepareStatement(INSERT_ONLY)) {
            statement.setLong(1, partnerId);
            statement.setString(2, input.id());
            statement.setString(3, input.label());
            statement.setString(4, input.mappedStatus().value());
            statement.setString(5, input.sourceSystem().value());
            statement.setObject(6, input.status().value(), Types.VARCHAR);
            statement.setLong(7, keyId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? written(rows) : null;
            }
        }
    }

    private static Written deactivate(Connection connection, long partnerId, long keyId, String externalId) throws SQLException {
        try (var statement = connection.prepareStatement(DEACTIVATE)) {
            statement.setLong(1, keyId);
            statement.setLong(2, partnerId);
            statement.setString(3, externalId);
            statement.setLong(4, partnerId);
            statement.setString(5, externalId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? written(rows) : null;
            }
        }
    }

    private static Integer lockVersion(Connection connection, long partnerId, String externalId) throws SQLException {
        try (var statement = connection.prepareStatement(LOCK_VERSION)) {
            statement.setLong(1, partnerId);
            statement.setString(2, externalId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : null;
            }
        }
    }

    private static void requireAllowed(Precondition precondition, Integer version) {
        if (!precondition.allows(version)) {
            throw new ApiError.PreconditionFailed(version == null
                    ? "There is no status variant with this id to match If-Match against."
                    : "The status variant is at version " + version + "; the precondition does not hold.");
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            var result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private static Written written(ResultSet rows) throws SQLException {
        var variant = new StatusVariant(
                rows.getLong(1),
                rows.getObject(2, UUID.class),
                rows.getString(3),
                rows.getString(4),
                StatusCategory.of(rows.getString(5)),
                rows.getString(6),
                rows.getString(7),
                rows.getInt(8),
                rows.getObject(9, OffsetDateTime.class).toInstant(),
                rows.getObject(10, OffsetDateTime.class).toInstant());
        return new Written(variant, Outcome.valueOf(rows.getString(11)));
    }
}
