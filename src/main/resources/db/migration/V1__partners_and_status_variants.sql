-- Partners own API keys (several at once, for rotation) and everything they push.
CREATE TABLE partner (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid       uuid        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 128),
    is_test    boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Only a SHA-256 of each key is kept: keys carry 155 bits from a CSPRNG, so a fast hash is
-- enough and lets a request find its key with one index lookup.
CREATE TABLE api_key (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid        uuid        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    partner_id  bigint      NOT NULL REFERENCES partner (id),
    key_hash    bytea       NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
    key_prefix  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_key_partner ON api_key (partner_id);

-- A partner's own name for a ticket status, mapped onto one of the six internal categories.
CREATE TABLE status_variant (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid          uuid        NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    partner_id    bigint      NOT NULL REFERENCES partner (id),
    external_id   text        NOT NULL CHECK (char_length(external_id) BETWEEN 1 AND 256),
    label         text        NOT NULL CHECK (char_length(label) BETWEEN 1 AND 128),
    mapped_status text        NOT NULL CHECK (mapped_status IN ('new', 'open', 'hold', 'pending', 'solved', 'closed')),
    source_system text                 CHECK (char_length(source_system) <= 256),
    status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (partner_id, external_id)
);
