//! The embedded DuckDB backend.
use crate::event_append::EventFeed;
use crate::migrations::MIGRATIONS;
use crate::records::{ApiKey, Checkpoint, OpenVisit, QueryRow, ShareLink, Site};
use crate::share_links;
use crate::{funnel_sql, query_sql, Result, Store, StoreError};
use chrono::{DateTime, NaiveDateTime, Utc};
use duckdb::types::{TimeUnit, Value};
use duckdb::{params, params_from_iter, Connection, OptionalExt};
use etalage_core::{
    Currency, Domain, Event, Goal, GoalClass, GoalTrigger, Money, PagePattern, QueryPlan, Timezone,
    UtcRange, Visit,
};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// etalage's default store: one DuckDB database file.
pub struct DuckDbStore {
    /// The connection that writes; DuckDB allows one process to hold a file.
    writer: Mutex<Connection>,
    /// Idle connections for queries, cloned from the writer.
    readers: Mutex<Vec<Connection>>,
    /// What `insert_events` lends its table function.
    event_feed: Arc<EventFeed>,
}

pub(crate) fn ts_value(t: DateTime<Utc>) -> Value {
    Value::Timestamp(TimeUnit::Microsecond, t.timestamp_micros())
}

pub(crate) fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

impl DuckDbStore {
    /// Opens (creating when absent) the database file and migrates it.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path).map_err(|e| {
            StoreError::Io(format!("cannot open the database {}: {e}", path.display()))
        })?;
        Self::with_connection(conn)
    }

    /// A store in memory, for tests and examples.
    pub fn open_in_memory() -> Result<Self> {
        Self::with_connection(Connection::open_in_memory()?)
    }

    fn with_connection(conn: Connection) -> Result<Self> {
        migrate(&conn)?;
        let event_feed = Arc::new(EventFeed::default());
        crate::event_append::register(&conn, &event_feed)?;
        Ok(DuckDbStore {
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            event_feed,
        })
    }

    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn)
    }

    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let pooled = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let conn = self
                    .writer
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .try_clone()?;
                // Dashboards repeat the same few statement shapes; keeping
                // them prepared saves DuckDB's parse and plan on each one.
                conn.set_prepared_statement_cache_capacity(64);
                conn
            }
        };
        let out = f(&conn);
        self.readers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(conn);
        out
    }
}

fn migrate(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)",
    )?;
    let current: i64 = conn.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_migrations",
        [],
        |r| r.get(0),
    )?;
    for (version, sql) in MIGRATIONS {
        if i64::from(*version) <= current {
            continue;
        }
        conn.execute_batch("BEGIN TRANSACTION")?;
        let applied = conn.execute_batch(sql).and_then(|_| {
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?)",
                params![*version, ts_value(Utc::now())],
            )
        });
        match applied {
            Ok(_) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                conn.execute_batch("ROLLBACK")?;
                return Err(e.into());
            }
        }
        tracing::info!(version, "applied schema migration");
    }
    Ok(())
}

pub(crate) fn next_id(conn: &Connection, table: &str) -> Result<u32> {
    let id: i64 = conn.query_row(
        &format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
        [],
        |r| r.get(0),
    )?;
    Ok(id as u32)
}

fn site_from_row(r: &duckdb::Row<'_>) -> duckdb::Result<(u32, String, String, NaiveDateTime)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn to_site((id, domain, tz, created): (u32, String, String, NaiveDateTime)) -> Result<Site> {
    Ok(Site {
        id,
        domain: Domain::parse(&domain).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        timezone: Timezone::parse(&tz).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        created_at: utc(created),
    })
}

type GoalRow = (
    u32,
    String,
    String,
    String,
    String,
    Option<rust_decimal::Decimal>,
    Option<String>,
);

fn to_goal((id, name, kind, matcher, class, amount, currency): GoalRow) -> Result<Goal> {
    let bad = |e: etalage_core::ParseError| StoreError::Corrupt(e.to_string());
    let trigger = match kind.as_str() {
        "page" => GoalTrigger::Page(PagePattern::parse(&matcher).map_err(bad)?),
        _ => GoalTrigger::Event(matcher),
    };
    let value = match (amount, currency) {
        (Some(a), Some(c)) => Some(Money::new(a, Currency::parse(&c).map_err(bad)?).map_err(bad)?),
        _ => None,
    };
    Ok(Goal {
        id,
        name,
        trigger,
        class: GoalClass::parse(&class).map_err(bad)?,
        value,
    })
}

impl Store for DuckDbStore {
    fn add_site(&self, domain: &Domain, timezone: Timezone) -> Result<Site> {
        self.write(|conn| {
            if self_site(conn, domain.as_str())?.is_some() {
                return Err(StoreError::Conflict(format!(
                    "the site {domain} already exists"
                )));
            }
            let id = next_id(conn, "sites")?;
            conn.execute(
                "INSERT INTO sites VALUES (?, ?, ?, ?)",
                params![id, domain.as_str(), timezone.name(), ts_value(Utc::now())],
            )?;
            self_site(conn, domain.as_str())?
                .ok_or_else(|| StoreError::Corrupt("site vanished".into()))
        })
    }

    fn sites(&self) -> Result<Vec<Site>> {
        self.read(|conn| {
            let mut stmt =
                conn.prepare("SELECT id, domain, timezone, created_at FROM sites ORDER BY domain")?;
            let rows = stmt
                .query_map([], site_from_row)?
                .collect::<duckdb::Result<Vec<_>>>()?;
            rows.into_iter().map(to_site).collect()
        })
    }

    fn site_by_domain(&self, domain: &str) -> Result<Option<Site>> {
        let Ok(domain) = Domain::parse(domain) else {
            return Ok(None);
        };
        self.read(|conn| self_site(conn, domain.as_str()))
    }

    fn update_site(
        &self,
        site_id: u32,
        domain: &Domain,
        timezone: Timezone,
    ) -> Result<Option<Site>> {
        self.write(|conn| {
            let tx = conn.transaction()?;
            let Some(current) = site_by_id(&tx, site_id)? else {
                return Ok(None);
            };
            if current.domain != *domain {
                if self_site(&tx, domain.as_str())?.is_some() {
                    return Err(StoreError::Conflict(format!(
                        "the site {domain} already exists"
                    )));
                }
                tx.execute(
                    "UPDATE sites SET domain = ? WHERE id = ?",
                    params![domain.as_str(), site_id],
                )?;
            }
            // Separate statements, the indexed column only when it changes:
            // DuckDB runs an update of an indexed column as delete + insert,
            // which trips its unique check when the value stays the same.
            tx.execute(
                "UPDATE sites SET timezone = ? WHERE id = ?",
                params![timezone.name(), site_id],
            )?;
            let site = site_by_id(&tx, site_id)?;
            tx.commit()?;
            Ok(site)
        })
    }

    fn add_api_key(&self, name: &str, token_hash: &str, token_prefix: &str) -> Result<ApiKey> {
        self.write(|conn| {
            let id = next_id(conn, "api_keys")?;
            conn.execute(
                "INSERT INTO api_keys (id, name, token_hash, token_prefix, created_at) VALUES (?, ?, ?, ?, ?)",
                params![id, name, token_hash, token_prefix, ts_value(Utc::now())],
            )?;
            let created: NaiveDateTime =
                conn.query_row("SELECT created_at FROM api_keys WHERE id = ?", params![id], |r| r.get(0))?;
            Ok(ApiKey {
                id,
                name: name.to_string(),
                token_prefix: token_prefix.to_string(),
                created_at: utc(created),
                last_used_at: None,
                revoked_at: None,
            })
        })
    }

    fn use_api_key(&self, token_hash: &str) -> Result<Option<ApiKey>> {
        let found = self.read(|conn| {
            Ok(conn
                .query_row(
                    &format!("SELECT {API_KEY_COLUMNS} FROM api_keys WHERE token_hash = ? AND revoked_at IS NULL"),
                    params![token_hash],
                    api_key_row,
                )
                .optional()?)
        })?;
        if let Some(key) = &found {
            // Only record use once a minute: keeps reads from turning into writes.
            let stale = key
                .last_used_at
                .is_none_or(|t| Utc::now() - t > chrono::Duration::minutes(1));
            if stale {
                self.write(|conn| {
                    conn.execute(
                        "UPDATE api_keys SET last_used_at = ? WHERE id = ?",
                        params![ts_value(Utc::now()), key.id],
                    )?;
                    Ok(())
                })?;
            }
        }
        Ok(found)
    }

    fn api_keys(&self) -> Result<Vec<ApiKey>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {API_KEY_COLUMNS} FROM api_keys ORDER BY created_at, id"
            ))?;
            let keys = stmt
                .query_map([], api_key_row)?
                .collect::<duckdb::Result<Vec<_>>>()?;
            Ok(keys)
        })
    }

    fn revoke_api_key(&self, id: u32) -> Result<bool> {
        self.write(|conn| {
            let n = conn.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                params![ts_value(Utc::now()), id],
            )?;
            Ok(n > 0)
        })
    }

    fn add_goal(
        &self,
        site_id: u32,
        name: &str,
        trigger: &GoalTrigger,
        class: GoalClass,
        value: Option<Money>,
    ) -> Result<Goal> {
        let (kind, matcher) = trigger_columns(trigger);
        self.write(|conn| {
            let exists: i64 = conn.query_row(
                "SELECT count(*) FROM goals WHERE site_id = ? AND name = ?",
                params![site_id, name],
                |r| r.get(0),
            )?;
            if exists > 0 {
                return Err(StoreError::Conflict(format!(
                    "the goal {name:?} already exists for this site"
                )));
            }
            let id = next_id(conn, "goals")?;
            conn.execute(
                "INSERT INTO goals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params![
                    id,
                    site_id,
                    name,
                    kind,
                    matcher,
                    class.as_str(),
                    value.map(|m| m.amount),
                    value.map(|m| m.currency.to_string()),
                    ts_value(Utc::now())
                ],
            )?;
            Ok(Goal {
                id,
                name: name.to_string(),
                trigger: trigger.clone(),
                class,
                value,
            })
        })
    }

    fn goals(&self, site_id: u32) -> Result<Vec<Goal>> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, trigger_kind, trigger_match, class, value_amount, value_currency FROM goals WHERE site_id = ? ORDER BY name",
            )?;
            let rows = stmt
                .query_map(params![site_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
                })?
                .collect::<duckdb::Result<Vec<GoalRow>>>()?;
            rows.into_iter().map(to_goal).collect()
        })
    }

    fn update_goal(&self, site_id: u32, goal: &Goal) -> Result<Option<Goal>> {
        let (kind, matcher) = trigger_columns(&goal.trigger);
        self.write(|conn| {
            let tx = conn.transaction()?;
            let current: Option<String> = tx
                .query_row(
                    "SELECT name FROM goals WHERE site_id = ? AND id = ?",
                    params![site_id, goal.id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(current) = current else {
                return Ok(None);
            };
            if current != goal.name {
                let taken: i64 = tx.query_row(
                    "SELECT count(*) FROM goals WHERE site_id = ? AND name = ? AND id <> ?",
                    params![site_id, goal.name, goal.id],
                    |r| r.get(0),
                )?;
                if taken > 0 {
                    return Err(StoreError::Conflict(format!(
                        "the goal {:?} already exists for this site",
                        goal.name
                    )));
                }
                tx.execute(
                    "UPDATE goals SET name = ? WHERE id = ?",
                    params![goal.name, goal.id],
                )?;
            }
            // As in `update_site`: the indexed column only when it changes.
            tx.execute(
                "UPDATE goals SET trigger_kind = ?, trigger_match = ?, class = ?, value_amount = ?, value_currency = ? WHERE id = ?",
                params![
                    kind,
                    matcher,
                    goal.class.as_str(),
                    goal.value.map(|m| m.amount),
                    goal.value.map(|m| m.currency.to_string()),
                    goal.id
                ],
            )?;
            tx.commit()?;
            Ok(Some(goal.clone()))
        })
    }

    fn delete_goal(&self, site_id: u32, goal_id: u32) -> Result<bool> {
        self.write(|conn| {
            let n = conn.execute(
                "DELETE FROM goals WHERE site_id = ? AND id = ?",
                params![site_id, goal_id],
            )?;
            Ok(n > 0)
        })
    }

    fn insert_events(&self, events: &[Event], checkpoint: Option<Checkpoint>) -> Result<()> {
        self.write(|conn| {
            let tx = conn.transaction()?;
            // A purchase repeating a recorded transaction (a reloaded
            // thank-you page) is kept as an event, without its revenue.
            let repeated = crate::commerce::tracked::record(&tx, events)?;
            if repeated.is_empty() {
                crate::event_append::append_events(&tx, &self.event_feed, events)?;
            } else {
                let mut once = events.to_vec();
                for i in repeated {
                    once[i].revenue = None;
                }
                crate::event_append::append_events(&tx, &self.event_feed, &once)?;
            }
            if let Some(cp) = checkpoint {
                tx.execute(
                    "INSERT OR REPLACE INTO ingest_checkpoint VALUES (1, ?, ?)",
                    params![cp.segment, cp.offset],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }

    fn set_bulk_load(&self, on: bool) -> Result<()> {
        // A bulk load is appends and little else. With more than one
        // thread, DuckDB writes each appended row group from a worker
        // thread while the appending thread polls for the end, busy; on a
        // small machine that polling takes the core the import's parsers
        // need. With one thread the appending thread writes the row groups
        // itself. `threads` is global to the database, so queries run
        // meanwhile also use one thread.
        self.write(|conn| {
            conn.execute_batch(if on {
                "SET threads = 1"
            } else {
                "RESET threads"
            })?;
            Ok(())
        })
    }

    fn checkpoint(&self) -> Result<Option<Checkpoint>> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT segment, log_offset FROM ingest_checkpoint WHERE id = 1",
                    [],
                    |r| {
                        Ok(Checkpoint {
                            segment: r.get(0)?,
                            offset: r.get(1)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    fn open_visits(&self, since: DateTime<Utc>) -> Result<Vec<OpenVisit>> {
        self.read(|conn| {
            let mut stmt = conn.prepare(
                "SELECT site_id, visitor_id, arg_max(visit_id, ts), max(ts),
                        arg_max(source, ts), arg_max(channel, ts), arg_max(referrer, ts),
                        arg_max(utm_source, ts), arg_max(utm_medium, ts), arg_max(utm_campaign, ts),
                        arg_max(utm_term, ts), arg_max(utm_content, ts)
                 FROM events WHERE ts >= ? GROUP BY site_id, visitor_id",
            )?;
            let rows = stmt
                .query_map(params![ts_value(since)], |r| {
                    Ok(OpenVisit {
                        site_id: r.get(0)?,
                        visitor_id: r.get(1)?,
                        visit_id: r.get(2)?,
                        last_ts: utc(r.get(3)?),
                        visit: Visit {
                            source: r.get(4)?,
                            channel: r.get(5)?,
                            referrer: r.get(6)?,
                            utm_source: r.get(7)?,
                            utm_medium: r.get(8)?,
                            utm_campaign: r.get(9)?,
                            utm_term: r.get(10)?,
                            utm_content: r.get(11)?,
                        },
                    })
                })?
                .collect::<duckdb::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    fn first_event(&self, site_id: u32) -> Result<Option<DateTime<Utc>>> {
        self.read(|conn| {
            let t: Option<NaiveDateTime> = conn.query_row(
                "SELECT min(ts) FROM events WHERE site_id = ?",
                params![site_id],
                |r| r.get(0),
            )?;
            Ok(t.map(utc))
        })
    }

    fn count_events(&self, site_id: u32, range: UtcRange) -> Result<u64> {
        self.read(|conn| {
            let n: i64 = conn.query_row(
                "SELECT count(*) FROM events WHERE site_id = ? AND ts >= ? AND ts < ?",
                params![site_id, ts_value(range.start), ts_value(range.end)],
                |r| r.get(0),
            )?;
            Ok(n as u64)
        })
    }

    fn query(&self, plan: &QueryPlan) -> Result<Vec<QueryRow>> {
        let sql = query_sql::build(plan);
        let n_dims = plan.dimensions.len();
        let n_metrics = plan.metrics.len();
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(&sql.text)?;
            let rows = stmt
                .query_map(params_from_iter(sql.params.iter()), |r| {
                    let mut dimensions = Vec::with_capacity(n_dims);
                    for i in 0..n_dims {
                        dimensions.push(r.get::<_, Option<String>>(i)?.unwrap_or_default());
                    }
                    let mut metrics = Vec::with_capacity(n_metrics);
                    for i in 0..n_metrics {
                        metrics.push(r.get::<_, Option<f64>>(n_dims + i)?.unwrap_or(0.0));
                    }
                    Ok(QueryRow {
                        dimensions,
                        metrics,
                    })
                })?
                .collect::<duckdb::Result<Vec<_>>>()?;
            Ok(rows)
        })
    }

    fn funnel(&self, site_id: u32, range: UtcRange, steps: &[Goal]) -> Result<Vec<u64>> {
        if steps.is_empty() {
            return Ok(Vec::new());
        }
        let sql = funnel_sql::build(site_id, range, steps);
        self.read(|conn| {
            let counts = conn.query_row(&sql.text, params_from_iter(sql.params.iter()), |r| {
                (0..steps.len())
                    .map(|i| r.get::<_, i64>(i).map(|n| n as u64))
                    .collect::<duckdb::Result<Vec<_>>>()
            })?;
            Ok(counts)
        })
    }

    fn add_share_link(
        &self,
        site_id: u32,
        token_hash: &str,
        label: Option<&str>,
        created_by: u32,
    ) -> Result<ShareLink> {
        share_links::add(self, site_id, token_hash, label, created_by)
    }

    fn share_links(&self, site_id: u32) -> Result<Vec<ShareLink>> {
        share_links::list(self, site_id)
    }

    fn revoke_share_link(&self, site_id: u32, link_id: u32) -> Result<bool> {
        share_links::revoke(self, site_id, link_id)
    }

    fn share_link_site(&self, token_hash: &str) -> Result<Option<u32>> {
        share_links::site(self, token_hash)
    }
}

fn self_site(conn: &Connection, domain: &str) -> Result<Option<Site>> {
    let row = conn
        .prepare_cached("SELECT id, domain, timezone, created_at FROM sites WHERE domain = ?")?
        .query_row(params![domain], site_from_row)
        .optional()?;
    row.map(to_site).transpose()
}

fn site_by_id(conn: &Connection, id: u32) -> Result<Option<Site>> {
    let row = conn
        .query_row(
            "SELECT id, domain, timezone, created_at FROM sites WHERE id = ?",
            params![id],
            site_from_row,
        )
        .optional()?;
    row.map(to_site).transpose()
}

/// The stored form of a goal trigger: (`trigger_kind`, `trigger_match`).
fn trigger_columns(trigger: &GoalTrigger) -> (&'static str, String) {
    match trigger {
        GoalTrigger::Page(p) => ("page", p.as_str().to_string()),
        GoalTrigger::Event(e) => ("event", e.clone()),
    }
}

const API_KEY_COLUMNS: &str = "id, name, token_prefix, created_at, last_used_at, revoked_at";

fn api_key_row(r: &duckdb::Row<'_>) -> duckdb::Result<ApiKey> {
    Ok(ApiKey {
        id: r.get(0)?,
        name: r.get(1)?,
        token_prefix: r.get(2)?,
        created_at: utc(r.get(3)?),
        last_used_at: r.get::<_, Option<NaiveDateTime>>(4)?.map(utc),
        revoked_at: r.get::<_, Option<NaiveDateTime>>(5)?.map(utc),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> DuckDbStore {
        DuckDbStore::open_in_memory().unwrap()
    }

    fn domain(d: &str) -> Domain {
        Domain::parse(d).unwrap()
    }

    #[test]
    fn sites_change_domain_and_time_zone() {
        let s = store();
        let a = s
            .add_site(&domain("a.example"), Timezone::default())
            .unwrap();
        s.add_site(&domain("b.example"), Timezone::default())
            .unwrap();
        let amsterdam = Timezone::parse("Europe/Amsterdam").unwrap();
        // Same domain, new zone.
        let same = s.update_site(a.id, &a.domain, amsterdam).unwrap().unwrap();
        assert_eq!(same.timezone, amsterdam);
        assert_eq!(same.created_at, a.created_at);
        let moved = s
            .update_site(a.id, &domain("c.example"), Timezone::default())
            .unwrap()
            .unwrap();
        assert_eq!((moved.id, moved.domain.as_str()), (a.id, "c.example"));
        assert!(s.site_by_domain("a.example").unwrap().is_none());
        assert_eq!(s.site_by_domain("c.example").unwrap().unwrap().id, a.id);
        assert!(matches!(
            s.update_site(a.id, &domain("b.example"), Timezone::default()),
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(s.site_by_domain("c.example").unwrap().unwrap().id, a.id);
        assert!(s
            .update_site(99, &domain("d.example"), Timezone::default())
            .unwrap()
            .is_none());
        assert_eq!(s.sites().unwrap().len(), 2);
    }

    #[test]
    fn goals_are_updated_and_deleted_within_their_site() {
        let s = store();
        let a = s
            .add_site(&domain("a.example"), Timezone::default())
            .unwrap();
        let b = s
            .add_site(&domain("b.example"), Timezone::default())
            .unwrap();
        let signup = s
            .add_goal(
                a.id,
                "Signup",
                &GoalTrigger::Event("Signup".into()),
                GoalClass::Soft,
                None,
            )
            .unwrap();
        let thanks = s
            .add_goal(
                a.id,
                "Thanks",
                &GoalTrigger::Page(PagePattern::parse("/thanks").unwrap()),
                GoalClass::Hard,
                None,
            )
            .unwrap();
        let other = s
            .add_goal(
                b.id,
                "Other",
                &GoalTrigger::Event("x".into()),
                GoalClass::Soft,
                None,
            )
            .unwrap();

        // Everything but the name changes; then the name too.
        let mut changed = signup.clone();
        changed.trigger = GoalTrigger::Page(PagePattern::parse("/welcome/*").unwrap());
        changed.class = GoalClass::Hard;
        changed.value = Some(Money::parse("12.50", "EUR").unwrap());
        assert_eq!(
            s.update_goal(a.id, &changed).unwrap(),
            Some(changed.clone())
        );
        changed.name = "Welcome".into();
        s.update_goal(a.id, &changed).unwrap().unwrap();
        assert_eq!(
            s.goals(a.id).unwrap(),
            vec![thanks.clone(), changed.clone()]
        );

        // A name another goal of the site has is refused; nothing changes.
        let mut clash = changed.clone();
        clash.name = "Thanks".into();
        clash.class = GoalClass::Soft;
        assert!(matches!(
            s.update_goal(a.id, &clash),
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(
            s.goals(a.id).unwrap(),
            vec![thanks.clone(), changed.clone()]
        );
        // The same name on another site is fine; a goal of another site is not found.
        let mut renamed = other.clone();
        renamed.name = "Thanks".into();
        assert!(s.update_goal(b.id, &renamed).unwrap().is_some());
        assert!(s.update_goal(a.id, &renamed).unwrap().is_none());
        changed.value = None;
        s.update_goal(a.id, &changed).unwrap();
        assert_eq!(s.goals(a.id).unwrap()[1].value, None);

        assert!(!s.delete_goal(a.id, other.id).unwrap());
        assert!(s.delete_goal(a.id, thanks.id).unwrap());
        assert!(!s.delete_goal(a.id, thanks.id).unwrap());
        assert_eq!(s.goals(a.id).unwrap(), vec![changed]);
        assert_eq!(s.goals(b.id).unwrap().len(), 1);
    }

    #[test]
    fn api_keys_are_listed_and_revoked() {
        let s = store();
        let one = s.add_api_key("one", "hash1", "etl_abcd").unwrap();
        let two = s.add_api_key("two", "hash2", "etl_efgh").unwrap();
        assert!(s.use_api_key("hash1").unwrap().is_some());
        let keys = s.api_keys().unwrap();
        assert_eq!(
            keys.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(),
            ["one", "two"]
        );
        assert!(keys[0].last_used_at.is_some() && keys[1].last_used_at.is_none());
        assert!(keys.iter().all(|k| k.revoked_at.is_none()));

        assert!(s.revoke_api_key(one.id).unwrap());
        assert!(!s.revoke_api_key(one.id).unwrap(), "only once");
        assert!(!s.revoke_api_key(99).unwrap());
        assert!(s.use_api_key("hash1").unwrap().is_none());
        assert_eq!(s.use_api_key("hash2").unwrap().unwrap().id, two.id);
        let keys = s.api_keys().unwrap();
        assert!(keys[0].revoked_at.is_some() && keys[1].revoked_at.is_none());
    }
}
