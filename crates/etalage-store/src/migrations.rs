//! Versioned schema migrations, applied in order when a store opens.

/// (version, SQL). Never edit a released migration; add a new one.
pub(crate) const MIGRATIONS: &[(u32, &str)] = &[
    (
        1,
        r#"
CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    domain VARCHAR NOT NULL UNIQUE,
    timezone VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    token_hash VARCHAR NOT NULL UNIQUE,
    token_prefix VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    trigger_kind VARCHAR NOT NULL,
    trigger_match VARCHAR NOT NULL,
    class VARCHAR NOT NULL,
    value_amount DECIMAL(18, 4),
    value_currency VARCHAR,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (site_id, name)
);
CREATE TABLE ingest_checkpoint (
    id INTEGER PRIMARY KEY,
    segment UBIGINT NOT NULL,
    log_offset UBIGINT NOT NULL
);
CREATE TABLE events (
    site_id UINTEGER NOT NULL,
    ts TIMESTAMP NOT NULL,
    visitor_id UBIGINT NOT NULL,
    visit_id UBIGINT NOT NULL,
    name VARCHAR NOT NULL,
    hostname VARCHAR NOT NULL,
    pathname VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    referrer VARCHAR,
    utm_source VARCHAR,
    utm_medium VARCHAR,
    utm_campaign VARCHAR,
    utm_term VARCHAR,
    utm_content VARCHAR,
    device VARCHAR NOT NULL,
    browser VARCHAR NOT NULL,
    browser_version VARCHAR NOT NULL,
    os VARCHAR NOT NULL,
    os_version VARCHAR NOT NULL,
    country VARCHAR,
    props VARCHAR,
    revenue_amount DECIMAL(18, 4),
    revenue_currency VARCHAR,
    interactive BOOLEAN NOT NULL
);
"#,
    ),
    (
        2,
        r#"
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email VARCHAR NOT NULL UNIQUE,
    password_hash VARCHAR NOT NULL,
    is_admin BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE sessions (
    id_hash VARCHAR PRIMARY KEY,
    user_id INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE TABLE login_attempts (
    email VARCHAR NOT NULL,
    ip VARCHAR NOT NULL,
    attempted_at TIMESTAMP NOT NULL,
    success BOOLEAN NOT NULL
);
CREATE TABLE site_members (
    site_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    role VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (site_id, user_id)
);
CREATE TABLE invites (
    token_hash VARCHAR PRIMARY KEY,
    site_id INTEGER NOT NULL,
    email VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    invited_by INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP
);
"#,
    ),
    (
        3,
        r#"
CREATE TABLE share_links (
    id INTEGER PRIMARY KEY,
    token_hash VARCHAR NOT NULL UNIQUE,
    site_id INTEGER NOT NULL,
    label VARCHAR,
    created_by INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
"#,
    ),
];
