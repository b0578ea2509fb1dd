package thalamus.status;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import thalamus.http.ApiError;
import thalamus.http.Precondition;

/**
 * Status variants in PostgreSQL, always scoped to one partner. History is written by a trigger
 * (migration V2) in the same transaction as every change.
 */
final class StatusVariantStore {
    enum Outcome { CREATED, UPDATED, UNCHANGED }

    record Written(StatusVariant variant, Outcome outcome) {
    }

    record Page<T>(List<T> items, Long nextPosition) {
    }

    private static final String COLUMNS =
            "id, uuid, external_id, label, mapped_status, source_system, status, version, created_at, updated_at";

    /*
     * One round trip decides created / updated / unchanged. The DO UPDATE only fires when a value
     * differs, so an unchanged upsert writes no row version, no history and keeps updated_at; the
     * second branch then returns the stored row. A row committed by a concurrent writer after this
     * statement's snapshot is invisible to that branch, hence the fallback read in upsert().
     */
    private static final String UPSERT = """
            WITH written AS (
                INSERT INTO status_variant AS v
                       (partner_id, external_id, label, mapped_status, source_system, status, changed_by_key_id)
                VALUES (?, ?, ?, ?, ?, coalesce(?, 'active'), ?)
                ON CONFLICT (partner_id, external_id) DO UPDATE
                   SET label = excluded.label,
                       mapped_status = excluded.mapped_status,
                       source_system = CASE WHEN ? THEN excluded.source_system ELSE v.source_system END,
                       status = coalesce(?, v.status),
                       changed_by_key_id = excluded.changed_by_key_id,
                       version = v.version + 1,
                       updated_at = now()
                 WHERE (v.label, v.mapped_status, v.source_system, v.status) IS DISTINCT FROM
                       (excluded.label, excluded.mapped_status,
                        CASE WHEN ? THEN excluded.source_system ELSE v.source_system END,
                        coalesce(?, v.status))
                RETURNING %1$s, CASE WHEN v.xmax = 0 THEN 'CREATED' ELSE 'UPDATED' END AS outcome
            )
            SELECT * FROM written
            UNION ALL
            SELECT %1$s, 'UNCHANGED' FROM status_variant
             WHERE partner_id = ? AND external_id = ? AND NOT EXISTS (SELECT 1 FROM written)
            """.formatted(COLUMNS);

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

    private final DataSource dataSource;

    StatusVariantStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Written upsert(long partnerId, long keyId, StatusVariantInput input, Precondition precondition) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            if (precondition.none()) {
                return upsert(connection, partnerId, keyId, input);
            }
            return inTransaction(connection, () -> {
                var version = lockVersion(connection, partnerId, input.id());
                requireAllowed(precondition, version);
                if (version == null && precondition.createOnly()) {
                    var created = insertOnly(connection, partnerId, keyId, input);
                    if (created == null) {
                        throw new ApiError.PreconditionFailed("A status variant with this id was created meanwhile.");
                    }
                    return created;
                }
                return upsert(connection, partnerId, keyId, input);
            });
        }
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
                boolean more = variants.size() > limit;
                var page = more ? variants.subList(0, limit) : variants;
                return new Page<>(List.copyOf(page), more ? page.getLast().id() : null);
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
                boolean more = changes.size() > limit;
                var page = more ? changes.subList(0, limit) : changes;
                return new Page<>(List.copyOf(page), more ? (long) page.getLast().version() : null);
            }
        }
    }

    private static Written upsert(Connection connection, long partnerId, long keyId, StatusVariantInput input) throws SQLException {
        try (var statement = connection.prepareStatement(UPSERT)) {
            var status = input.status().value();
            boolean sourceSystemSent = input.sourceSystem().sent();
            statement.setLong(1, partnerId);
            statement.setString(2, input.id());
            statement.setString(3, input.label());
            statement.setString(4, input.mappedStatus().value());
            statement.setString(5, input.sourceSystem().value());
            statement.setObject(6, status, Types.VARCHAR);
            statement.setLong(7, keyId);
            statement.setBoolean(8, sourceSystemSent);
            statement.setObject(9, status, Types.VARCHAR);
            statement.setBoolean(10, sourceSystemSent);
            statement.setObject(11, status, Types.VARCHAR);
            statement.setLong(12, partnerId);
            statement.setString(13, input.id());
            try (var rows = statement.executeQuery()) {
                if (rows.next()) {
                    return written(rows);
                }
            }
        }
        return findIn(connection, partnerId, input.id());
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

    private static Written findIn(Connection connection, long partnerId, String externalId) throws SQLException {
        try (var statement = connection.prepareStatement(FIND)) {
            statement.setLong(1, partnerId);
            statement.setString(2, externalId);
            try (var rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("status variant vanished after its upsert", "XX000");
                }
                return written(rows);
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
