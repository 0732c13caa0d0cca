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
    (
        4,
        // The shop's own data, one row per site and shop key. No primary
        // keys: DuckDB checks unique indexes eagerly, so a delete followed by
        // an insert of the same key in one transaction (how an update is
        // written) would trip them; the single writer and the staged upsert
        // keep keys unique instead. `content_hash` is a hash of the record
        // as last sent, so a resend is recognised as unchanged.
        r#"
CREATE TABLE products (
    site_id UINTEGER NOT NULL,
    sku VARCHAR NOT NULL,
    name VARCHAR,
    category VARCHAR,
    supplier VARCHAR,
    currency VARCHAR,
    price DECIMAL(18, 4),
    cost_price DECIMAL(18, 4),
    stock BIGINT,
    content_hash UBIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- A customer is known by the shop's id, else by e-mail. `customer_key` is
-- opaque and stays when the person is forgotten, so orders keep counting;
-- the SHA-256 of the id and e-mail (salted with the site id) stay too, so
-- re-imported data is recognised and not stored again.
CREATE TABLE customers (
    site_id UINTEGER NOT NULL,
    customer_key UBIGINT NOT NULL,
    id_hash VARCHAR,
    email_hash VARCHAR,
    customer_id VARCHAR,
    email VARCHAR,
    name VARCHAR,
    country VARCHAR,
    kind VARCHAR,
    marketing_consent BOOLEAN,
    marketing_consent_at TIMESTAMP,
    marketing_consent_source VARCHAR,
    content_hash UBIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    forgotten_at TIMESTAMP
);
CREATE TABLE orders (
    site_id UINTEGER NOT NULL,
    order_id VARCHAR NOT NULL,
    platform_id VARCHAR,
    customer_key UBIGINT,
    customer_kind VARCHAR,
    created_at TIMESTAMP NOT NULL,
    paid_at TIMESTAMP,
    fulfilled_at TIMESTAMP,
    cancelled_at TIMESTAMP,
    channel VARCHAR NOT NULL,
    country VARCHAR,
    currency VARCHAR NOT NULL,
    discount DECIMAL(18, 4) NOT NULL,
    shipping DECIMAL(18, 4) NOT NULL,
    tax DECIMAL(18, 4) NOT NULL,
    total DECIMAL(18, 4) NOT NULL,
    refunded DECIMAL(18, 4) NOT NULL,
    payment_method VARCHAR,
    content_hash UBIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE order_lines (
    site_id UINTEGER NOT NULL,
    order_id VARCHAR NOT NULL,
    line_no INTEGER NOT NULL,
    sku VARCHAR,
    name VARCHAR,
    quantity INTEGER NOT NULL,
    unit_price DECIMAL(18, 4) NOT NULL,
    discount DECIMAL(18, 4) NOT NULL
);
-- `return_key` is `id:` + the shop's return id, else `k:` + the SHA-256 of
-- order, SKU, date and reason (so forgetting the reason keeps the key).
CREATE TABLE returns (
    site_id UINTEGER NOT NULL,
    return_key VARCHAR NOT NULL,
    return_id VARCHAR,
    order_id VARCHAR NOT NULL,
    sku VARCHAR NOT NULL,
    quantity INTEGER NOT NULL,
    reason VARCHAR,
    returned_on DATE NOT NULL,
    content_hash UBIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- `campaign` is '' for spend on a channel as a whole.
CREATE TABLE spend (
    site_id UINTEGER NOT NULL,
    day DATE NOT NULL,
    channel VARCHAR NOT NULL,
    campaign VARCHAR NOT NULL,
    amount DECIMAL(18, 4) NOT NULL,
    currency VARCHAR NOT NULL,
    content_hash UBIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The tracker's `purchase` events, the first one per transaction id.
CREATE TABLE tracked_purchases (
    site_id UINTEGER NOT NULL,
    transaction_id VARCHAR NOT NULL,
    ts TIMESTAMP NOT NULL,
    visitor_id UBIGINT NOT NULL,
    visit_id UBIGINT NOT NULL,
    value_amount DECIMAL(18, 4),
    currency VARCHAR
);
-- The items of the tracker's e-commerce events (a repeated purchase's
-- items are not kept twice).
CREATE TABLE tracked_items (
    site_id UINTEGER NOT NULL,
    ts TIMESTAMP NOT NULL,
    visitor_id UBIGINT NOT NULL,
    visit_id UBIGINT NOT NULL,
    event_name VARCHAR NOT NULL,
    transaction_id VARCHAR,
    item_id VARCHAR,
    item_name VARCHAR,
    item_category VARCHAR,
    price DECIMAL(18, 4),
    quantity INTEGER NOT NULL
);
-- Every sale once: the shop's orders, plus tracked purchases whose
-- transaction id matches no order (by order number or platform id).
CREATE VIEW sales AS
SELECT site_id, order_id AS sale_id, 'shop' AS recorded_by, created_at AS ts, channel,
       currency, total, refunded, customer_key, cancelled_at IS NOT NULL AS cancelled
FROM orders
UNION ALL
SELECT p.site_id, p.transaction_id, 'tracker', p.ts, 'webshop',
       p.currency, p.value_amount, 0, NULL, false
FROM tracked_purchases p
WHERE NOT EXISTS (
    SELECT 1 FROM orders o
    WHERE o.site_id = p.site_id
      AND (o.order_id = p.transaction_id OR o.platform_id = p.transaction_id)
);
"#,
    ),
    (
        5,
        // Lines carry their order's creation time, so queries over a period
        // read only that period's lines (DuckDB skips row groups by it).
        r#"
ALTER TABLE order_lines ADD COLUMN created_at TIMESTAMP;
UPDATE order_lines SET created_at = o.created_at FROM orders o
WHERE o.site_id = order_lines.site_id AND o.order_id = order_lines.order_id;
"#,
    ),
    (
        6,
        // Each customer's orders in sequence (cancelled ones left out), each
        // with the time of the customer's order before and after it. Kept by
        // the order upsert; it turns "first order ever", "two or more
        // orders" and "active in the year before" into range scans.
        r#"
CREATE TABLE customer_orders (
    site_id UINTEGER NOT NULL,
    customer_key UBIGINT NOT NULL,
    order_id VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    prev_at TIMESTAMP,
    next_at TIMESTAMP
);
INSERT INTO customer_orders
SELECT site_id, customer_key, order_id, created_at,
       lag(created_at) OVER w, lead(created_at) OVER w
FROM orders WHERE cancelled_at IS NULL AND customer_key IS NOT NULL
WINDOW w AS (PARTITION BY site_id, customer_key ORDER BY created_at, order_id)
ORDER BY site_id, created_at;
"#,
    ),
    (
        7,
        // Imports that stored more than 122,880 order lines in one batch
        // lost those lines (see `commerce::stage::FLUSH_ROWS`). Orders
        // without lines forget their content hash, so sending them again
        // (re-importing the same file) counts them as updated and stores
        // their lines.
        r#"
UPDATE orders SET content_hash = 0 WHERE NOT EXISTS (
    SELECT 1 FROM order_lines l WHERE l.site_id = orders.site_id AND l.order_id = orders.order_id);
"#,
    ),
    (
        8,
        // Lines carry whether their order is cancelled, so a period's units
        // and sales per SKU are one range scan of the lines, without
        // looking up their orders.
        r#"
ALTER TABLE order_lines ADD COLUMN cancelled BOOLEAN;
UPDATE order_lines SET cancelled = o.cancelled_at IS NOT NULL FROM orders o
WHERE o.site_id = order_lines.site_id AND o.order_id = order_lines.order_id;
"#,
    ),
    (
        9,
        // Each tracked purchase knows the order it records (by the order's
        // number, else its platform id), kept by the order upsert and the
        // event writer. Sales are then the orders plus the purchases
        // without an order: no join at read time (the join on an OR of two
        // ids that the view had was a nested loop, minutes for a million
        // tracked purchases).
        r#"
ALTER TABLE tracked_purchases ADD COLUMN order_id VARCHAR;
UPDATE tracked_purchases SET order_id = o.order_id FROM orders o
WHERE o.site_id = tracked_purchases.site_id AND o.order_id = tracked_purchases.transaction_id;
UPDATE tracked_purchases SET order_id = o.order_id
FROM (SELECT site_id, platform_id, min(order_id) AS order_id FROM orders
      WHERE platform_id IS NOT NULL GROUP BY site_id, platform_id) o
WHERE tracked_purchases.order_id IS NULL
  AND o.site_id = tracked_purchases.site_id AND o.platform_id = tracked_purchases.transaction_id;
CREATE OR REPLACE VIEW sales AS
SELECT site_id, order_id AS sale_id, 'shop' AS recorded_by, created_at AS ts, channel,
       currency, total, refunded, customer_key, cancelled_at IS NOT NULL AS cancelled
FROM orders
UNION ALL
SELECT site_id, transaction_id, 'tracker', ts, 'webshop', currency, value_amount, 0, NULL, false
FROM tracked_purchases WHERE order_id IS NULL;
"#,
    ),
    (
        10,
        // Each tracked purchase keeps its visit's channel, so revenue per
        // channel and a customer's first channel read no events.
        r#"
ALTER TABLE tracked_purchases ADD COLUMN channel VARCHAR;
UPDATE tracked_purchases SET channel = v.channel
FROM (SELECT site_id, visit_id, min(channel) AS channel FROM events
      WHERE name = 'purchase' GROUP BY site_id, visit_id) v
WHERE v.site_id = tracked_purchases.site_id AND v.visit_id = tracked_purchases.visit_id;
"#,
    ),
    (
        11,
        // Each order keeps the channel of the visit in which the tracker
        // saw it bought (the lowest, if two purchases record it), so
        // revenue per channel is one scan of the period's orders.
        r#"
ALTER TABLE orders ADD COLUMN tracked_channel VARCHAR;
UPDATE orders SET tracked_channel = t.channel
FROM (SELECT site_id, order_id, min(channel) AS channel FROM tracked_purchases
      WHERE order_id IS NOT NULL GROUP BY site_id, order_id) t
WHERE t.site_id = orders.site_id AND t.order_id = orders.order_id;
"#,
    ),
];
