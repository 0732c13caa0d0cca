//! Appending events column by column.
//!
//! `insert_events` runs `INSERT INTO events SELECT * FROM
//! etalage_append_events(token)`, a table function that hands DuckDB the
//! events of the call under way, one vector (2,048 rows) at a time, written
//! straight into DuckDB's vectors: numbers as they are, text as DuckDB's
//! `string_t` pointing at the events' own strings, which DuckDB copies
//! into the table during the statement. The events are lent to the
//! function through [`EventFeed`], not through SQL.
//!
//! Why not the appender: `Appender::append_row` turns each of a row's 25
//! values into a DuckDB value and appends it on its own (a third of a bulk
//! import's time), and its column-wise path (`append_record_batch`) goes
//! through Arrow and then copies every string through one C call each into
//! a chunk that the appender copies again (a fifth of an import's time).
//! The table function is DuckDB's own way in for a producer it does not
//! know, and needs no copy of ours.
use crate::Result;
use duckdb::core::{DataChunkHandle, LogicalTypeHandle, LogicalTypeId};
use duckdb::ffi;
use duckdb::vtab::{BindInfo, InitInfo, TableFunctionInfo, VTab};
use duckdb::Connection;
use etalage_core::Event;
use std::os::raw::c_char;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The table function's name.
const FUNCTION: &str = "etalage_append_events";

/// The scale of `events.revenue_amount` (`DECIMAL(18, 4)`).
const REVENUE_SCALE: u32 = 4;

/// The events of the `insert_events` call under way, lent to the table
/// function for the length of its statement. One per store: its writer
/// connection's statements run one at a time.
///
/// A lending comes with a random token, which the statement passes to the
/// function; a query of the function that does not know it (from another
/// connection, or started under an earlier lending) gets no rows. The lock
/// is held while a chunk is filled, so a lending cannot end mid-chunk.
#[derive(Default)]
pub(crate) struct EventFeed {
    lent: Mutex<Option<(u64, Lent)>>,
}

/// A lent slice of events, as a pointer and a length, so DuckDB's threads
/// can hold it.
#[derive(Clone, Copy)]
struct Lent {
    ptr: *const Event,
    len: usize,
}

// SAFETY: a `Lent` is only dereferenced while the slice it was made from is
// borrowed by `append_events` (see there); `Event` is `Sync`.
unsafe impl Send for Lent {}
unsafe impl Sync for Lent {}

/// Registers the table function on a connection to `feed`'s database.
pub(crate) fn register(conn: &Connection, feed: &Arc<EventFeed>) -> Result<()> {
    conn.register_table_function_with_extra_info::<AppendEvents, _>(FUNCTION, feed)?;
    Ok(())
}

/// Appends `events` to the `events` table in the connection's transaction.
pub(crate) fn append_events(conn: &Connection, feed: &EventFeed, events: &[Event]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let token = {
        use std::hash::{BuildHasher, Hasher};
        std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
    };
    let lend = |lent| *feed.lent.lock().unwrap_or_else(|p| p.into_inner()) = lent;
    lend(Some((
        token,
        Lent {
            ptr: events.as_ptr(),
            len: events.len(),
        },
    )));
    // The statement reads the slice while `events` is borrowed here; it is
    // taken back before returning, whatever the outcome.
    let result = conn
        .prepare_cached(&format!("INSERT INTO events SELECT * FROM {FUNCTION}(?)"))
        .and_then(|mut stmt| stmt.execute([token]));
    lend(None);
    let appended = result?;
    if appended != events.len() {
        return Err(crate::StoreError::Corrupt(format!(
            "{appended} of {} events were appended",
            events.len()
        )));
    }
    Ok(())
}

/// The `etalage_append_events(token)` table function.
struct AppendEvents;

/// One run of the function: the token it was given, how far it has got,
/// and the JSON text of the properties of the chunk DuckDB is taking (its
/// strings point there until the next chunk is asked for).
struct Scan {
    token: u64,
    next: AtomicUsize,
    props: Mutex<Vec<Option<String>>>,
}

/// The columns of `events`, in table order.
fn columns() -> Vec<(&'static str, LogicalTypeHandle)> {
    let t = |id: LogicalTypeId| LogicalTypeHandle::from(id);
    let text = || t(LogicalTypeId::Varchar);
    vec![
        ("site_id", t(LogicalTypeId::UInteger)),
        ("ts", t(LogicalTypeId::Timestamp)),
        ("visitor_id", t(LogicalTypeId::UBigint)),
        ("visit_id", t(LogicalTypeId::UBigint)),
        ("name", text()),
        ("hostname", text()),
        ("pathname", text()),
        ("source", text()),
        ("channel", text()),
        ("referrer", text()),
        ("utm_source", text()),
        ("utm_medium", text()),
        ("utm_campaign", text()),
        ("utm_term", text()),
        ("utm_content", text()),
        ("device", text()),
        ("browser", text()),
        ("browser_version", text()),
        ("os", text()),
        ("os_version", text()),
        ("country", text()),
        ("props", text()),
        (
            "revenue_amount",
            LogicalTypeHandle::decimal(18, REVENUE_SCALE as u8),
        ),
        ("revenue_currency", text()),
        ("interactive", t(LogicalTypeId::Boolean)),
    ]
}

impl VTab for AppendEvents {
    /// The token the statement passed.
    type BindData = u64;
    type InitData = Scan;

    fn bind(bind: &BindInfo) -> std::result::Result<u64, Box<dyn std::error::Error>> {
        for (name, ty) in columns() {
            bind.add_result_column(name, ty);
        }
        Ok(bind.get_parameter(0).to_uint64())
    }

    fn init(init: &InitInfo) -> std::result::Result<Scan, Box<dyn std::error::Error>> {
        // SAFETY: the bind data is the `u64` returned by `bind`.
        let token = unsafe { init.get_bind_data::<u64>().as_ref() }.ok_or("no token")?;
        init.set_max_threads(1);
        Ok(Scan {
            token: *token,
            next: AtomicUsize::new(0),
            props: Mutex::new(Vec::new()),
        })
    }

    fn parameters() -> Option<Vec<LogicalTypeHandle>> {
        Some(vec![LogicalTypeHandle::from(LogicalTypeId::UBigint)])
    }

    fn func(
        func: &TableFunctionInfo<Self>,
        output: &mut DataChunkHandle,
    ) -> std::result::Result<(), Box<dyn std::error::Error>> {
        let scan = func.get_init_data();
        // SAFETY: the extra info is the `Arc<EventFeed>` given to
        // `register`, which DuckDB keeps for the function's lifetime.
        let feed =
            unsafe { func.get_extra_info::<Arc<EventFeed>>().as_ref() }.ok_or("no event feed")?;
        let guard = feed.lent.lock().unwrap_or_else(|p| p.into_inner());
        let Some((_, lent)) = guard.filter(|(token, _)| *token == scan.token) else {
            output.set_len(0);
            return Ok(());
        };
        // SAFETY: see `Lent`: the slice is borrowed by `append_events` until
        // it takes the lending back, which waits for this lock.
        let events = unsafe { std::slice::from_raw_parts(lent.ptr, lent.len) };
        let capacity = unsafe { ffi::duckdb_vector_size() } as usize;
        let start = scan.next.load(Ordering::Relaxed).min(events.len());
        let rows = &events[start..(start + capacity).min(events.len())];
        scan.next.store(start + rows.len(), Ordering::Relaxed);
        let mut out = Chunk { output, rows };
        out.numbers(0, |e| e.site_id);
        out.numbers(1, |e| e.ts.timestamp_micros());
        out.numbers(2, |e| e.visitor_id);
        out.numbers(3, |e| e.visit_id);
        out.text(4, |e| Some(&e.name))?;
        out.text(5, |e| Some(&e.hostname))?;
        out.text(6, |e| Some(&e.pathname))?;
        out.text(7, |e| Some(&e.visit.source))?;
        out.text(8, |e| Some(&e.visit.channel))?;
        out.text(9, |e| e.visit.referrer.as_deref())?;
        out.text(10, |e| e.visit.utm_source.as_deref())?;
        out.text(11, |e| e.visit.utm_medium.as_deref())?;
        out.text(12, |e| e.visit.utm_campaign.as_deref())?;
        out.text(13, |e| e.visit.utm_term.as_deref())?;
        out.text(14, |e| e.visit.utm_content.as_deref())?;
        out.text(15, |e| Some(e.device.as_str()))?;
        out.text(16, |e| Some(&e.browser))?;
        out.text(17, |e| Some(&e.browser_version))?;
        out.text(18, |e| Some(&e.os))?;
        out.text(19, |e| Some(&e.os_version))?;
        out.text(20, |e| e.country.as_ref().map(|c| c.as_str()))?;
        // Properties are JSON text made here, kept in the scan until
        // DuckDB has copied this chunk (it asks for the next one after).
        let mut props = scan.props.lock().unwrap_or_else(|p| p.into_inner());
        *props = rows.iter().map(props_json).collect();
        out.text_by_row(21, |i| props[i].as_deref())?;
        out.nullable_numbers(22, |e| {
            e.revenue.map(|m| {
                // Money has at most 4 decimals and fewer than 14 integer
                // digits, so this is exact and fits DECIMAL(18, 4).
                let mut a = m.amount;
                a.rescale(REVENUE_SCALE);
                a.mantissa() as i64
            })
        });
        out.text(23, |e| e.revenue.as_ref().map(|m| m.currency.as_str()))?;
        out.numbers(24, |e| e.interactive);
        output.set_len(rows.len());
        Ok(())
    }
}

/// The stored text of an event's properties: a JSON object, or NULL when
/// there are none.
fn props_json(e: &Event) -> Option<String> {
    if e.props.is_empty() {
        return None;
    }
    let map: serde_json::Map<String, serde_json::Value> = e
        .props
        .iter()
        .map(|(k, v)| (k.clone(), v.clone().into()))
        .collect();
    Some(serde_json::Value::Object(map).to_string())
}

/// Rows being written into DuckDB's output chunk.
struct Chunk<'a, 'o> {
    output: &'o DataChunkHandle,
    rows: &'a [Event],
}

impl<'a> Chunk<'a, '_> {
    fn vector(&self, column: usize) -> ffi::duckdb_vector {
        // SAFETY: `column` is below the 25 columns declared at bind.
        unsafe { ffi::duckdb_data_chunk_get_vector(self.output.get_ptr(), column as u64) }
    }

    /// A column of fixed-size values, `T` being the column's physical type.
    fn numbers<T: Copy>(&mut self, column: usize, value: impl Fn(&Event) -> T) {
        let vector = self.vector(column);
        // SAFETY: the vector holds `duckdb_vector_size()` values of the
        // column's physical type `T` (u32, i64, u64, bool).
        let data = unsafe {
            std::slice::from_raw_parts_mut(
                ffi::duckdb_vector_get_data(vector).cast::<T>(),
                self.rows.len(),
            )
        };
        for (slot, e) in data.iter_mut().zip(self.rows) {
            *slot = value(e);
        }
    }

    /// A nullable column of fixed-size values.
    fn nullable_numbers<T: Copy + Default>(
        &mut self,
        column: usize,
        value: impl Fn(&Event) -> Option<T>,
    ) {
        let vector = self.vector(column);
        let mut nulls = Nulls::new(vector);
        // SAFETY: as in `numbers`.
        let data = unsafe {
            std::slice::from_raw_parts_mut(
                ffi::duckdb_vector_get_data(vector).cast::<T>(),
                self.rows.len(),
            )
        };
        for (i, (slot, e)) in data.iter_mut().zip(self.rows).enumerate() {
            match value(e) {
                Some(v) => *slot = v,
                None => {
                    *slot = T::default();
                    nulls.set(i);
                }
            }
        }
    }

    /// A text column; `None` is NULL.
    fn text(&mut self, column: usize, value: impl Fn(&'a Event) -> Option<&'a str>) -> Result<()> {
        let rows = self.rows;
        self.text_by_row(column, |i| value(&rows[i]))
    }

    /// A text column by row number, from strings that outlive the copy.
    fn text_by_row<'s>(
        &mut self,
        column: usize,
        value: impl Fn(usize) -> Option<&'s str>,
    ) -> Result<()> {
        let vector = self.vector(column);
        let mut nulls = Nulls::new(vector);
        // SAFETY: a VARCHAR vector holds `duckdb_vector_size()` `string_t`.
        let data = unsafe {
            std::slice::from_raw_parts_mut(
                ffi::duckdb_vector_get_data(vector).cast::<ffi::duckdb_string_t>(),
                self.rows.len(),
            )
        };
        for (i, slot) in data.iter_mut().enumerate() {
            *slot = match value(i) {
                Some(s) => string_t(s)?,
                None => {
                    nulls.set(i);
                    string_t("")?
                }
            };
        }
        Ok(())
    }
}

/// The NULL mask of a vector, made writable when the first NULL is set.
struct Nulls {
    vector: ffi::duckdb_vector,
    mask: *mut u64,
}

impl Nulls {
    fn new(vector: ffi::duckdb_vector) -> Self {
        Nulls {
            vector,
            mask: std::ptr::null_mut(),
        }
    }

    fn set(&mut self, row: usize) {
        if self.mask.is_null() {
            // SAFETY: `vector` is a vector of the output chunk; once made
            // writable, its mask covers `duckdb_vector_size()` rows, all
            // valid.
            unsafe {
                ffi::duckdb_vector_ensure_validity_writable(self.vector);
                self.mask = ffi::duckdb_vector_get_validity(self.vector);
            }
        }
        // SAFETY: `row` is below the chunk's row count.
        unsafe { *self.mask.add(row / 64) &= !(1u64 << (row % 64)) };
    }
}

/// DuckDB's `string_t` for `s`: up to 12 bytes inline (zero-padded, as
/// DuckDB compares them), longer ones as a prefix and a pointer to `s`.
fn string_t(s: &str) -> Result<ffi::duckdb_string_t> {
    let bytes = s.as_bytes();
    let length = u32::try_from(bytes.len())
        .map_err(|_| crate::StoreError::Corrupt("a text of 4 GiB or more".into()))?;
    let value = if bytes.len() <= 12 {
        let mut inlined = [0u8; 12];
        inlined[..bytes.len()].copy_from_slice(bytes);
        ffi::duckdb_string_t__bindgen_ty_1 {
            inlined: ffi::duckdb_string_t__bindgen_ty_1__bindgen_ty_2 {
                length,
                inlined: inlined.map(|b| b as c_char),
            },
        }
    } else {
        let prefix = [bytes[0], bytes[1], bytes[2], bytes[3]].map(|b| b as c_char);
        ffi::duckdb_string_t__bindgen_ty_1 {
            pointer: ffi::duckdb_string_t__bindgen_ty_1__bindgen_ty_1 {
                length,
                prefix,
                ptr: bytes.as_ptr() as *mut c_char,
            },
        }
    };
    Ok(ffi::duckdb_string_t { value })
}

#[cfg(test)]
mod tests {
    use crate::{DuckDbStore, Store};
    use chrono::{TimeZone, Utc};
    use etalage_core::{Country, Device, Event, Money, Visit};

    fn event(i: usize) -> Event {
        let amounts = ["12.3456", "-0.0001", "9999999999999.9999", "40", "0.5"];
        Event {
            site_id: 1,
            ts: Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap()
                + chrono::Duration::microseconds(i as i64 * 1_000_001),
            visitor_id: u64::MAX - i as u64,
            visit_id: i as u64 * 7,
            name: if i.is_multiple_of(2) {
                "pageview"
            } else {
                "Signup"
            }
            .into(),
            hostname: "shop.example".into(),
            pathname: format!("/p/{i}/a-path-longer-than-twelve-bytes"),
            visit: Visit {
                source: "Google".into(),
                channel: "organic_search".into(),
                referrer: i.is_multiple_of(3).then(|| "google.com".into()),
                utm_source: i.is_multiple_of(4).then(|| "nl".into()),
                utm_medium: i.is_multiple_of(5).then(|| "email".into()),
                utm_campaign: i.is_multiple_of(6).then(|| "spring ☀".into()),
                utm_term: i.is_multiple_of(7).then(|| "t".into()),
                utm_content: i.is_multiple_of(8).then(|| "c".into()),
            },
            device: [Device::Desktop, Device::Mobile, Device::Tablet][i % 3],
            browser: "Chrome".into(),
            browser_version: "124.0".into(),
            os: "Windows".into(),
            os_version: "10".into(),
            country: i.is_multiple_of(2).then(|| Country::parse("BE").unwrap()),
            props: if i.is_multiple_of(9) {
                vec![("b".into(), "2".into()), ("a".into(), "x\"y".into())]
            } else {
                Vec::new()
            },
            revenue: (i % 5 != 1).then(|| Money::parse(amounts[i % 5], "EUR").unwrap()),
            interactive: !i.is_multiple_of(10),
        }
    }

    /// Every column of every row comes back as appended, across several
    /// record batches (5,000 rows), NULLs and decimals included.
    #[test]
    fn events_come_back_column_for_column() {
        let store = DuckDbStore::open_in_memory().unwrap();
        let events: Vec<Event> = (0..5_000).map(event).collect();
        store.insert_events(&events, None).unwrap();
        let rows: Vec<String> = store
            .read(|conn| {
                let mut stmt = conn.prepare(
                    "SELECT concat_ws('|', site_id, strftime(ts, '%Y-%m-%dT%H:%M:%S.%f'), visitor_id, visit_id,
                        name, hostname, pathname, source, channel, coalesce(referrer, '-'),
                        coalesce(utm_source, '-'), coalesce(utm_medium, '-'), coalesce(utm_campaign, '-'),
                        coalesce(utm_term, '-'), coalesce(utm_content, '-'), device, browser,
                        browser_version, os, os_version, coalesce(country, '-'), coalesce(props, '-'),
                        coalesce(revenue_amount::VARCHAR, '-'), coalesce(revenue_currency, '-'), interactive)
                     FROM events ORDER BY visit_id",
                )?;
                let rows = stmt
                    .query_map([], |r| r.get::<_, String>(0))?
                    .collect::<duckdb::Result<Vec<_>>>()?;
                Ok(rows)
            })
            .unwrap();
        assert_eq!(rows.len(), events.len());
        for (e, row) in events.iter().zip(&rows) {
            let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
            let props = if e.props.is_empty() {
                "-".to_string()
            } else {
                // As stored before: a JSON object of the properties.
                let map: serde_json::Map<String, serde_json::Value> = e
                    .props
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone().into()))
                    .collect();
                serde_json::Value::Object(map).to_string()
            };
            let amount = e.revenue.map_or("-".to_string(), |m| {
                let mut a = m.amount;
                a.rescale(4);
                a.to_string()
            });
            let want = [
                e.site_id.to_string(),
                e.ts.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
                e.visitor_id.to_string(),
                e.visit_id.to_string(),
                e.name.clone(),
                e.hostname.clone(),
                e.pathname.clone(),
                e.visit.source.clone(),
                e.visit.channel.clone(),
                opt(&e.visit.referrer),
                opt(&e.visit.utm_source),
                opt(&e.visit.utm_medium),
                opt(&e.visit.utm_campaign),
                opt(&e.visit.utm_term),
                opt(&e.visit.utm_content),
                e.device.as_str().to_string(),
                e.browser.clone(),
                e.browser_version.clone(),
                e.os.clone(),
                e.os_version.clone(),
                e.country.map_or("-".to_string(), |c| c.to_string()),
                props,
                amount,
                e.revenue
                    .map_or("-".to_string(), |m| m.currency.to_string()),
                e.interactive.to_string(),
            ]
            .join("|");
            assert_eq!(row, &want);
        }
    }

    /// Each call appends its own events (the prepared statement is run
    /// again with a new lending), and a query of the function that was not
    /// lent anything gets no rows.
    #[test]
    fn calls_append_their_own_events_and_strangers_get_nothing() {
        let store = DuckDbStore::open_in_memory().unwrap();
        let events: Vec<Event> = (0..3_000).map(event).collect();
        store.insert_events(&events[..1_000], None).unwrap();
        store.insert_events(&events[1_000..1_001], None).unwrap();
        store.insert_events(&[], None).unwrap();
        store.insert_events(&events[1_001..], None).unwrap();
        let (n, distinct): (i64, i64) = store
            .read(|conn| {
                Ok(conn.query_row(
                    "SELECT count(*), count(DISTINCT visit_id) FROM events",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?)
            })
            .unwrap();
        assert_eq!((n, distinct), (3_000, 3_000));
        let stranger: i64 = store
            .read(|conn| {
                Ok(conn.query_row(
                    "SELECT count(*) FROM etalage_append_events(12345)",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(stranger, 0);
    }
}
