//! The staged upsert every commerce table shares: rows go into a temporary
//! copy of the table with DuckDB's appender, one join finds what each key
//! holds now, and set-based statements replace only the rows whose content
//! changed. Row-by-row statements would be a hundred times slower on a
//! large import.
use super::RowStatus;
use crate::Result;
use duckdb::arrow::record_batch::RecordBatch;
use duckdb::{Appender, AppenderParams, Connection};
use rust_decimal::Decimal;
use serde::Serialize;
use siphasher::sip::SipHasher13;
use std::collections::HashMap;
use std::hash::Hasher;

/// A stable 64-bit hash of a record's content (its JSON form), to tell a
/// resent record from a changed one.
pub(crate) fn content_hash(record: &impl Serialize, buf: &mut Vec<u8>) -> u64 {
    buf.clear();
    // Serialising plain data to a Vec cannot fail.
    serde_json::to_writer(&mut *buf, record).expect("records serialise");
    let mut h = SipHasher13::new_with_keys(0x6574_616c_6167_6531, 0x636f_6d6d_6572_6365);
    h.write(buf);
    h.finish()
}

/// An amount as the appender should get it: DuckDB casts text to DECIMAL
/// several times faster than it appends a decimal value (which goes
/// through a boxed value per cell).
pub(crate) fn dec(d: Decimal) -> String {
    d.to_string()
}

/// A table of the shop's data and the columns that make its key (besides
/// `site_id`).
pub(crate) struct Table {
    /// The table's name; its staging copy is `stage_` + name.
    pub name: &'static str,
    /// Key columns.
    pub keys: &'static [&'static str],
    /// Extra VARCHAR columns of the staging copy only (after the table's).
    pub extra: &'static [&'static str],
}

impl Table {
    pub(crate) fn stage(&self) -> String {
        format!("stage_{}", self.name)
    }

    fn key_match(&self, a: &str, b: &str) -> String {
        let mut s = format!("{a}.site_id = {b}.site_id");
        for k in self.keys {
            s.push_str(&format!(" AND {a}.{k} = {b}.{k}"));
        }
        s
    }
}

/// Rows an appender takes before it is flushed. The bundled DuckDB loses
/// every row of a single appender flush larger than a row group (122,880
/// rows) made inside a transaction: `count(*)` counts them, no scan returns
/// them. Its appender flushes by itself only every 204,800 rows, so a large
/// import's batch vanished; flushing well below a row group keeps them.
const FLUSH_ROWS: usize = 50_000;

/// An appender to a staging table that flushes every [`FLUSH_ROWS`] rows.
pub(crate) struct StageAppender<'c> {
    app: Appender<'c>,
    pending: usize,
}

impl<'c> StageAppender<'c> {
    /// Wraps an appender.
    pub(crate) fn new(app: Appender<'c>) -> Self {
        Self { app, pending: 0 }
    }

    /// Appends one row, flushing when [`FLUSH_ROWS`] are pending.
    pub(crate) fn append_row<P: AppenderParams>(&mut self, params: P) -> duckdb::Result<()> {
        self.app.append_row(params)?;
        self.pending += 1;
        if self.pending >= FLUSH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// Appends a record batch (its columns in the table's order and types),
    /// in slices of at most [`FLUSH_ROWS`] rows, each flushed.
    pub(crate) fn append_batch(&mut self, batch: RecordBatch) -> duckdb::Result<()> {
        self.flush()?;
        let mut offset = 0;
        while offset < batch.num_rows() {
            let len = FLUSH_ROWS.min(batch.num_rows() - offset);
            self.app.append_record_batch(batch.slice(offset, len))?;
            self.app.flush()?;
            offset += len;
        }
        Ok(())
    }

    /// Hands every pending row to DuckDB.
    pub(crate) fn flush(&mut self) -> duckdb::Result<()> {
        self.pending = 0;
        self.app.flush()
    }
}

/// Creates an empty staging copy of `table` (plus a leading `row_no`
/// column, the input position, and `extra` VARCHAR columns at the end) and
/// returns an appender to it.
pub(crate) fn stage_appender<'c>(
    conn: &'c Connection,
    table: &str,
    extra: &[&str],
) -> Result<StageAppender<'c>> {
    let extra: String = extra
        .iter()
        .map(|c| format!(", NULL::VARCHAR AS {c}"))
        .collect();
    conn.execute_batch(&format!(
        "CREATE OR REPLACE TEMP TABLE stage_{table} AS SELECT 0::BIGINT AS row_no, *{extra} FROM {table} LIMIT 0"
    ))?;
    Ok(StageAppender::new(conn.appender_to_catalog_and_db(
        &format!("stage_{table}"),
        "temp",
        "main",
    )?))
}

/// The index of the last row of each key: only that one is staged, as
/// if the rows had been sent one after the other.
pub(crate) fn last_of_each_key(keys: &[String]) -> Vec<bool> {
    let mut last: HashMap<&str, usize> = HashMap::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        last.insert(k.as_str(), i);
    }
    keys.iter()
        .enumerate()
        .map(|(i, k)| last[k.as_str()] == i)
        .collect()
}

/// After the rows are staged: the status of every input row, and the
/// staging table left holding only new and changed rows.
pub(crate) fn compare(
    conn: &Connection,
    table: &Table,
    keys: &[String],
    hashes: &[u64],
) -> Result<Vec<RowStatus>> {
    let stage = table.stage();
    let mut stored: HashMap<usize, u64> = HashMap::new();
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT s.row_no, t.content_hash FROM {stage} s JOIN {} t ON {}",
            table.name,
            table.key_match("t", "s")
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let row_no: i64 = r.get(0)?;
            stored.insert(row_no as usize, r.get(1)?);
        }
    }
    // The stored hash of each key (found through the key's last row), then
    // the rows in order, each compared with the one before it.
    let last = last_of_each_key(keys);
    let mut current: HashMap<&str, u64> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if last[i] {
            if let Some(h) = stored.get(&i) {
                current.insert(k.as_str(), *h);
            }
        }
    }
    let statuses = keys
        .iter()
        .zip(hashes)
        .map(|(k, h)| match current.insert(k.as_str(), *h) {
            None => RowStatus::Inserted,
            Some(old) if old == *h => RowStatus::Unchanged,
            Some(_) => RowStatus::Updated,
        })
        .collect();
    conn.execute_batch(&format!(
        "DELETE FROM {stage} s WHERE EXISTS (SELECT 1 FROM {} t WHERE {} AND t.content_hash = s.content_hash)",
        table.name,
        table.key_match("t", "s")
    ))?;
    Ok(statuses)
}

/// Replaces the stored rows of every staged key by the staged rows.
pub(crate) fn replace(conn: &Connection, table: &Table) -> Result<()> {
    let excluded: String = std::iter::once("row_no")
        .chain(table.extra.iter().copied())
        .collect::<Vec<_>>()
        .join(", ");
    replace_with(
        conn,
        table,
        &format!(
            "SELECT * EXCLUDE ({excluded}) FROM {} ORDER BY row_no",
            table.stage()
        ),
    )
}

/// Deletes the stored rows of every staged key and inserts what `select`
/// gives (the staged rows, perhaps joined with more).
pub(crate) fn replace_with(conn: &Connection, table: &Table, select: &str) -> Result<()> {
    conn.execute_batch(&format!(
        "DELETE FROM {t} USING {stage} s WHERE {m};
         INSERT INTO {t} {select};",
        t = table.name,
        stage = table.stage(),
        m = table.key_match(table.name, "s"),
    ))?;
    Ok(())
}

/// The whole staged upsert of a table without child rows: hash, stage the
/// last row of each key, run `after_stage` (SQL that derives key columns),
/// compare and replace.
pub(crate) fn upsert_simple<R: Serialize>(
    conn: &Connection,
    table: &Table,
    rows: &[R],
    key: impl Fn(&R) -> String,
    mut append: impl FnMut(&mut StageAppender<'_>, i64, &R, u64) -> duckdb::Result<()>,
    after_stage: Option<&str>,
) -> Result<Vec<RowStatus>> {
    let mut buf = Vec::new();
    let keys: Vec<String> = rows.iter().map(key).collect();
    let hashes: Vec<u64> = rows.iter().map(|r| content_hash(r, &mut buf)).collect();
    let last = last_of_each_key(&keys);
    {
        let mut app = stage_appender(conn, table.name, table.extra)?;
        for (i, r) in rows.iter().enumerate() {
            if last[i] {
                append(&mut app, i as i64, r, hashes[i])?;
            }
        }
        app.flush()?;
    }
    if let Some(sql) = after_stage {
        conn.execute_batch(sql)?;
    }
    let statuses = compare(conn, table, &keys, &hashes)?;
    replace(conn, table)?;
    Ok(statuses)
}
