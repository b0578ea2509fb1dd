package thalamus.status;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.UUID;
import javax.sql.DataSource;

/** Status variants in PostgreSQL, always scoped to one partner. */
final class StatusVariantStore {
    enum Outcome { CREATED, UPDATED, UNCHANGED }

    record Upserted(StatusVariant variant, Outcome outcome) {
    }

    private static final String COLUMNS =
            "uuid, external_id, label, mapped_status, source_system, status, version, created_at, updated_at";

    /*
     * One round trip decides created / updated / unchanged. The DO UPDATE only fires when a value
     * differs, so an unchanged upsert writes no new row version and keeps updated_at; the second
     * branch then returns the stored row. A row committed by a concurrent writer after this
     * statement's snapshot is invisible to that branch, hence the fallback read in upsert().
     */
    private static final String UPSERT = """
            WITH written AS (
                INSERT INTO status_variant AS v (partner_id, external_id, label, mapped_status, source_system, status)
                VALUES (?, ?, ?, ?, ?, coalesce(?, 'active'))
                ON CONFLICT (partner_id, external_id) DO UPDATE
                   SET label = excluded.label,
                       mapped_status = excluded.mapped_status,
                       source_system = CASE WHEN ? THEN excluded.source_system ELSE v.source_system END,
                       status = coalesce(?, v.status),
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

    private static final String FIND = "SELECT " + COLUMNS + ", 'UNCHANGED' FROM status_variant WHERE partner_id = ? AND external_id = ?";

    private final DataSource dataSource;

    StatusVariantStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Upserted upsert(long partnerId, StatusVariantInput input) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            try (var statement = connection.prepareStatement(UPSERT)) {
                var status = input.status().value();
                boolean sourceSystemSent = input.sourceSystem().sent();
                statement.setLong(1, partnerId);
                statement.setString(2, input.id());
                statement.setString(3, input.label());
                statement.setString(4, input.mappedStatus().value());
                statement.setString(5, input.sourceSystem().value());
                statement.setObject(6, status, Types.VARCHAR);
                statement.setBoolean(7, sourceSystemSent);
                statement.setObject(8, status, Types.VARCHAR);
                statement.setBoolean(9, sourceSystemSent);
                statement.setObject(10, status, Types.VARCHAR);
                statement.setLong(11, partnerId);
                statement.setString(12, input.id());
                try (var rows = statement.executeQuery()) {
                    if (rows.next()) {
                        return upserted(rows);
                    }
                }
            }
            try (var statement = connection.prepareStatement(FIND)) {
                statement.setLong(1, partnerId);
                statement.setString(2, input.id());
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    return upserted(rows);
                }
            }
        }
    }

    private static Upserted upserted(ResultSet rows) throws SQLException {
        var variant = new StatusVariant(
                rows.getObject(1, UUID.class),
                rows.getString(2),
                rows.getString(3),
                StatusCategory.of(rows.getString(4)),
                rows.getString(5),
                rows.getString(6),
                rows.getInt(7),
                rows.getObject(8, OffsetDateTime.class).toInstant(),
                rows.getObject(9, OffsetDateTime.class).toInstant());
        return new Upserted(variant, Outcome.valueOf(rows.getString(10)));
    }
}
