//! Customers: finding who a record is about (by the shop's id, else by
//! e-mail), creating the ones not seen before, and forgetting people.
//!
//! Identities are matched on salted SHA-256 hashes of the id and the
//! address, which stay when a person is forgotten: a re-import then finds
//! the forgotten customer and stores nothing personal again.
use super::stage::StageAppender;
use super::stage::{content_hash, last_of_each_key};
use super::{now_literal, ForgetReport, RowStatus, UpsertReport};
use crate::Result;
use duckdb::{params, Connection};
use etalage_core::{Customer, CustomerRef};
use std::collections::HashMap;

/// Where the staged people come from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// Customer records: they replace what is stored.
    Customers,
    /// The buyers named by orders: they create customers and fill in what
    /// is missing, nothing more.
    Orders,
}

/// Creates the empty `stage_people` table: the people a batch names.
pub(super) fn create_stage_people(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE OR REPLACE TEMP TABLE stage_people (
            row_no BIGINT, customer_id VARCHAR, email VARCHAR, name VARCHAR, country VARCHAR, kind VARCHAR,
            marketing_consent BOOLEAN, marketing_consent_at TIMESTAMP, marketing_consent_source VARCHAR,
            content_hash UBIGINT, id_hash VARCHAR, email_hash VARCHAR, customer_key UBIGINT,
            matched BOOLEAN, old_hash UBIGINT, forgotten BOOLEAN)",
    )?;
    Ok(())
}

/// Appends one person: an identity and what else is known.
fn append_person(
    app: &mut StageAppender<'_>,
    row_no: i64,
    who: &CustomerRef,
    customer: Option<&Customer>,
    country: Option<&str>,
    kind: Option<&str>,
    hash: Option<u64>,
) -> duckdb::Result<()> {
    let consent = customer.and_then(|c| c.marketing_consent.as_ref());
    app.append_row(params![
        row_no,
        who.customer_id.as_ref().map(|c| c.as_str()),
        who.email.as_ref().map(|e| e.as_str()),
        customer.and_then(|c| c.name.as_deref()),
        country,
        kind,
        consent.map(|c| c.given),
        consent
            .and_then(|c| c.at)
            .map(crate::duckdb_store::ts_value),
        consent.and_then(|c| c.source.as_deref()),
        hash,
        None::<String>,
        None::<String>,
        None::<u64>,
        false,
        None::<u64>,
        false,
    ])
}

/// The salted SHA-256 of a staged person's id and e-mail address, the
/// identity customers are matched on (SQL expressions over `customer_id`
/// and `email`).
pub(super) fn identity_hashes(site: u32) -> String {
    format!(
        "CASE WHEN customer_id IS NOT NULL THEN sha256('{site}:id:' || customer_id) END,
         CASE WHEN email IS NOT NULL THEN sha256('{site}:email:' || email) END"
    )
}

/// Gives every staged person (with `id_hash` and `email_hash` set) a
/// `customer_key`, creating customers for identities not seen before.
pub(super) fn resolve(conn: &Connection, site: u32, source: Source) -> Result<()> {
    let now = now_literal();
    let hash = if source == Source::Customers {
        "arg_max(content_hash, row_no)"
    } else {
        "NULL::UBIGINT"
    };
    // Columns of a new customer from the staged rows grouped by identity.
    let new_customer = |group: &str| {
        format!(
            "INSERT INTO customers
             SELECT {site}, base.k + row_number() OVER (ORDER BY n.first_row), n.id_hash, n.email_hash,
                    n.customer_id, n.email, n.name, n.country, n.kind, n.mc, n.mca, n.mcs, n.ch,
                    {now}, {now}, NULL
             FROM (SELECT {group}, min(row_no) AS first_row,
                          {other_hash},
                          arg_max(customer_id, row_no) AS customer_id, arg_max(email, row_no) AS email,
                          arg_max(name, row_no) AS name, arg_max(country, row_no) AS country,
                          arg_max(kind, row_no) AS kind, arg_max(marketing_consent, row_no) AS mc,
                          arg_max(marketing_consent_at, row_no) AS mca,
                          arg_max(marketing_consent_source, row_no) AS mcs, {hash} AS ch
                   FROM stage_people WHERE customer_key IS NULL AND {group} IS NOT NULL {only}
                   GROUP BY {group}) n,
                  (SELECT coalesce(max(customer_key), 0) AS k FROM customers) base;",
            other_hash = if group == "id_hash" {
                "arg_max(email_hash, row_no) AS email_hash"
            } else {
                "NULL::VARCHAR AS id_hash"
            },
            only = if group == "id_hash" { "" } else { "AND id_hash IS NULL" },
        )
    };
    // The oldest customer with each staged address (and whether it was
    // forgotten); only staged addresses, so one order does not group every
    // customer of the shop.
    let by_email = |extra: &str| {
        format!(
            "(SELECT m.email_hash, c.customer_key AS k, c.content_hash AS h, c.forgotten_at IS NOT NULL AS f
              FROM (SELECT email_hash, min(customer_key) AS k FROM customers
                    WHERE site_id = {site} AND email_hash IS NOT NULL {extra}
                      AND email_hash IN (SELECT email_hash FROM stage_people WHERE email_hash IS NOT NULL)
                    GROUP BY email_hash) m
              JOIN customers c ON c.customer_key = m.k)"
        )
    };
    conn.execute_batch(&format!(
        "-- 1. By the shop's id.
        UPDATE stage_people SET customer_key = c.customer_key, matched = true,
            old_hash = c.content_hash, forgotten = c.forgotten_at IS NOT NULL
        FROM customers c WHERE c.site_id = {site} AND c.id_hash = stage_people.id_hash;
        -- 2. A customer known only by e-mail takes on the id (one id per address).
        UPDATE stage_people SET customer_key = c.k, matched = true, old_hash = c.h, forgotten = c.f
        FROM {email_no_id} c,
             (SELECT email_hash, min(id_hash) AS id_hash FROM stage_people
              WHERE customer_key IS NULL AND id_hash IS NOT NULL AND email_hash IS NOT NULL
              GROUP BY email_hash) pick
        WHERE stage_people.customer_key IS NULL AND stage_people.email_hash = c.email_hash
          AND pick.email_hash = c.email_hash AND stage_people.id_hash = pick.id_hash;
        UPDATE customers SET id_hash = p.id_hash,
            customer_id = CASE WHEN customers.forgotten_at IS NULL THEN p.customer_id END, updated_at = {now}
        FROM (SELECT customer_key, any_value(id_hash) AS id_hash, any_value(customer_id) AS customer_id
              FROM stage_people WHERE matched AND id_hash IS NOT NULL GROUP BY customer_key) p
        WHERE customers.customer_key = p.customer_key AND customers.id_hash IS NULL;
        -- 3. New ids.
        {new_by_id}
        UPDATE stage_people SET customer_key = c.customer_key
        FROM customers c WHERE stage_people.customer_key IS NULL AND c.site_id = {site}
          AND c.id_hash = stage_people.id_hash;
        -- 4. Only an e-mail address: the oldest customer with it.
        UPDATE stage_people SET customer_key = c.k, matched = true, old_hash = c.h, forgotten = c.f
        FROM {email_any} c
        WHERE stage_people.customer_key IS NULL AND stage_people.id_hash IS NULL
          AND stage_people.email_hash = c.email_hash;
        -- 5. New addresses.
        {new_by_email}
        UPDATE stage_people SET customer_key = c.customer_key
        FROM customers c WHERE stage_people.customer_key IS NULL AND stage_people.id_hash IS NULL
          AND c.site_id = {site} AND c.id_hash IS NULL AND c.email_hash = stage_people.email_hash;",
        email_no_id = by_email("AND id_hash IS NULL"),
        email_any = by_email(""),
        new_by_id = new_customer("id_hash"),
        new_by_email = new_customer("email_hash"),
    ))?;
    match source {
        Source::Customers => conn.execute_batch(&format!(
            "UPDATE customers SET
                customer_id = coalesce(p.customer_id, customers.customer_id),
                id_hash = coalesce(p.id_hash, customers.id_hash),
                email = coalesce(p.email, customers.email),
                email_hash = coalesce(p.email_hash, customers.email_hash),
                name = p.name, country = p.country, kind = p.kind,
                marketing_consent = p.marketing_consent, marketing_consent_at = p.marketing_consent_at,
                marketing_consent_source = p.marketing_consent_source,
                content_hash = p.content_hash, updated_at = {now}
            FROM (SELECT * FROM stage_people WHERE matched AND NOT forgotten
                  QUALIFY row_number() OVER (PARTITION BY customer_key ORDER BY row_no DESC) = 1) p
            WHERE customers.customer_key = p.customer_key
              AND customers.content_hash IS DISTINCT FROM p.content_hash;"
        ))?,
        Source::Orders => conn.execute_batch(&format!(
            "UPDATE customers SET
                email = coalesce(customers.email, p.email),
                email_hash = coalesce(customers.email_hash, p.email_hash),
                country = coalesce(customers.country, p.country),
                kind = coalesce(customers.kind, p.kind), updated_at = {now}
            FROM (SELECT customer_key, arg_max(email, row_no) AS email, arg_max(email_hash, row_no) AS email_hash,
                         arg_max(country, row_no) AS country, arg_max(kind, row_no) AS kind
                  FROM stage_people WHERE matched AND NOT forgotten GROUP BY customer_key) p
            WHERE customers.customer_key = p.customer_key
              AND ((customers.email IS NULL AND p.email IS NOT NULL)
                OR (customers.country IS NULL AND p.country IS NOT NULL)
                OR (customers.kind IS NULL AND p.kind IS NOT NULL));"
        ))?,
    }
    Ok(())
}

pub(super) fn upsert(conn: &Connection, site: u32, customers: &[Customer]) -> Result<UpsertReport> {
    let mut buf = Vec::new();
    let keys: Vec<String> = customers.iter().map(|c| c.identity.key()).collect();
    let hashes: Vec<u64> = customers
        .iter()
        .map(|c| content_hash(c, &mut buf))
        .collect();
    let last = last_of_each_key(&keys);
    {
        create_stage_people(conn)?;
        let mut app =
            StageAppender::new(conn.appender_to_catalog_and_db("stage_people", "temp", "main")?);
        for (i, c) in customers.iter().enumerate() {
            if last[i] {
                append_person(
                    &mut app,
                    i as i64,
                    &c.identity,
                    Some(c),
                    c.country.as_ref().map(|c| c.as_str()),
                    c.kind.map(|k| k.as_str()),
                    Some(hashes[i]),
                )?;
            }
        }
        app.flush()?;
    }
    conn.execute_batch(&format!(
        "UPDATE stage_people SET (id_hash, email_hash) = ({})",
        identity_hashes(site)
    ))?;
    resolve(conn, site, Source::Customers)?;
    // What each key held before: nothing, a forgotten person, or a hash.
    let mut before: HashMap<usize, Option<Option<u64>>> = HashMap::new();
    {
        let mut stmt =
            conn.prepare("SELECT row_no, matched, old_hash, forgotten FROM stage_people")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let row_no: i64 = r.get(0)?;
            let matched: bool = r.get(1)?;
            let forgotten: bool = r.get(3)?;
            let state = match (matched, forgotten) {
                (false, _) => None,
                (true, true) => Some(None),
                (true, false) => Some(Some(r.get::<_, Option<u64>>(2)?.unwrap_or(0))),
            };
            before.insert(row_no as usize, state);
        }
    }
    let mut current: HashMap<&str, Option<u64>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some(Some(state)) = before.get(&i).filter(|_| last[i]) {
            current.insert(k.as_str(), *state);
        }
    }
    let rows = keys
        .iter()
        .zip(&hashes)
        .map(|(k, h)| match current.get(k.as_str()).copied() {
            None => {
                current.insert(k.as_str(), Some(*h));
                RowStatus::Inserted
            }
            Some(None) => RowStatus::Unchanged,
            Some(Some(old)) if old == *h => RowStatus::Unchanged,
            Some(Some(_)) => {
                current.insert(k.as_str(), Some(*h));
                RowStatus::Updated
            }
        })
        .collect();
    Ok(UpsertReport { rows })
}

pub(super) fn forget(conn: &Connection, site: u32, id_or_email: &str) -> Result<ForgetReport> {
    let id = id_or_email.trim();
    let email = id.to_lowercase();
    let keys: Vec<u64> = {
        let mut stmt = conn.prepare(
            "SELECT customer_key FROM customers WHERE site_id = ?
             AND (id_hash = sha256(? || ':id:' || ?) OR email_hash = sha256(? || ':email:' || ?))",
        )?;
        let site_text = site.to_string();
        let found = stmt
            .query_map(params![site, site_text, id, site_text, email], |r| r.get(0))?
            .collect::<duckdb::Result<Vec<u64>>>()?;
        found
    };
    if keys.is_empty() {
        return Ok(ForgetReport::default());
    }
    let list = keys
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let now = now_literal();
    conn.execute_batch(&format!(
        "UPDATE customers SET customer_id = NULL, email = NULL, name = NULL,
            marketing_consent = NULL, marketing_consent_at = NULL, marketing_consent_source = NULL,
            content_hash = NULL, forgotten_at = coalesce(forgotten_at, {now}), updated_at = {now}
         WHERE site_id = {site} AND customer_key IN ({list});
         UPDATE returns SET reason = NULL
         WHERE site_id = {site} AND order_id IN
            (SELECT order_id FROM orders WHERE site_id = {site} AND customer_key IN ({list}));"
    ))?;
    let orders_kept: i64 = conn.query_row(
        &format!("SELECT count(*) FROM orders WHERE site_id = {site} AND customer_key IN ({list})"),
        [],
        |r| r.get(0),
    )?;
    Ok(ForgetReport {
        customers: keys.len(),
        orders_kept: orders_kept as usize,
    })
}
