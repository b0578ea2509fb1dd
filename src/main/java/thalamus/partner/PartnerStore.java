package thalamus.partner;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Partners and their API keys in PostgreSQL. */
public final class PartnerStore {
    record Partner(UUID uuid, String name, boolean test, Instant createdAt, int activeKeys) {
    }

    record NewPartner(Partner partner, UUID keyId) {
    }

    record IssuedKey(UUID id, UUID partnerUuid, String apiKey, Instant createdAt) {
    }

    record RevokedKey(UUID id, Instant revokedAt) {
    }

    private final DataSource dataSource;

    public PartnerStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Caller authenticate(String apiKey) throws SQLException {
        var sql = """
                SELECT p.id, p.uuid, k.id
                  FROM api_key k JOIN partner p ON p.id = k.partner_id
                 WHERE k.key_hash = ? AND k.revoked_at IS NULL
                """;
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setBytes(1, ApiKeys.sha256(apiKey));
            try (var rows = statement.executeQuery()) {
                return rows.next() ? new Caller(rows.getLong(1), rows.getObject(2, UUID.class), rows.getLong(3)) : null;
            }
        }
    }

    /** Creates a partner together with its first key, in one statement. */
    NewPartner create(String name, boolean test, String apiKey) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            return create(connection, name, test, apiKey);
        }
    }

    private static NewPartner create(Connection connection, String name, boolean test, String apiKey) throws SQLException {
        var sql = """
                WITH p AS (
                    INSERT INTO partner (name, is_test) VALUES (?, ?)
                    RETURNING id, uuid, name, is_test, created_at
                ), k AS (
                    INSERT INTO api_key (partner_id, key_hash, key_prefix) SELECT id, ?, ? FROM p
                    RETURNING uuid
                )
                SELECT p.uuid, p.name, p.is_test, p.created_at, 1, k.uuid FROM p, k
                """;
        try (var statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            statement.setBoolean(2, test);
            statement.setBytes(3, ApiKeys.sha256(apiKey));
            statement.setString(4, ApiKeys.displayPrefix(apiKey));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return new NewPartner(partner(rows), rows.getObject(6, UUID.class));
            }
        }
    }

    Optional<Partner> find(UUID uuid) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            var found = list(connection, "WHERE p.uuid = ?", uuid);
            return found.stream().findFirst();
        }
    }

    List<Partner> list() throws SQLException {
        try (var connection = dataSource.getConnection()) {
            return list(connection, "", null);
        }
    }

    Optional<IssuedKey> addKey(UUID partnerUuid, String apiKey) throws SQLException {
        var sql = """
                INSERT INTO api_key (partner_id, key_hash, key_prefix)
                SELECT id, ?, ? FROM partner WHERE uuid = ?
                RETURNING uuid, created_at
                """;
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setBytes(1, ApiKeys.sha256(apiKey));
            statement.setString(2, ApiKeys.displayPrefix(apiKey));
            statement.setObject(3, partnerUuid);
            try (var rows = statement.executeQuery()) {
                return rows.next()
                        ? Optional.of(new IssuedKey(rows.getObject(1, UUID.class), partnerUuid, apiKey, instant(rows, 2)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Idempotent: revoking a revoked key answers its first revocation time. The notification
     * (sent on commit) makes every instance forget the keys it cached.
     */
    Optional<RevokedKey> revokeKey(UUID keyId) throws SQLException {
        var sql = """
                UPDATE api_key SET revoked_at = coalesce(revoked_at, now())
                 WHERE uuid = ?
                RETURNING uuid, revoked_at, pg_notify('%s', uuid::text)
                """.formatted(KeyCache.CHANNEL);
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            statement.setObject(1, keyId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new RevokedKey(rows.getObject(1, UUID.class), instant(rows, 2))) : Optional.empty();
            }
        }
    }

    /**
     * Creates the partner "default" owning {@code apiKey} when no partner exists yet. The advisory
     * lock keeps two instances starting at once from both doing it.
     */
    public boolean bootstrap(String apiKey) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (var lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(7461)")) {
                lock.execute();
            }
            boolean created = !anyPartner(connection);
            if (created) {
                create(connection, "default", ApiKeys.isTestKey(apiKey), apiKey);
            }
            connection.commit();
            return created;
        }
    }

    public boolean anyPartner() throws SQLException {
        try (var connection = dataSource.getConnection()) {
            return anyPartner(connection);
        }
    }

    private static boolean anyPartner(Connection connection) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM partner)");
             var rows = statement.executeQuery()) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    private static List<Partner> list(Connection connection, String where, UUID uuid) throws SQLException {
        var sql = """
                SELECT p.uuid, p.name, p.is_test, p.created_at,
                       (SELECT count(*) FROM api_key k WHERE k.partner_id = p.id AND k.revoked_at IS NULL)
                  FROM partner p
                """ + where + " ORDER BY p.created_at, p.id";
        try (var statement = connection.prepareStatement(sql)) {
            if (uuid != null) {
                statement.setObject(1, uuid);
            }
            try (var rows = statement.executeQuery()) {
                var partners = new ArrayList<Partner>();
                while (rows.next()) {
                    partners.add(partner(rows));
                }
                return partners;
            }
        }
    }

    private static Partner partner(ResultSet rows) throws SQLException {
        return new Partner(rows.getObject(1, UUID.class), rows.getString(2), rows.getBoolean(3), instant(rows, 4), rows.getInt(5));
    }

    static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, java.time.OffsetDateTime.class).toInstant();
    }
}
