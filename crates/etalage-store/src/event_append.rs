//! Appending events column by column.
//!
//! Events go to DuckDB as Arrow record batches of one DuckDB vector (2,048
//! rows) each, not row by row: `Appender::append_row` turns every one of the
//! 25 values of a row into a DuckDB value and appends it on its own, which
//! took about a third of a bulk import's time. A column-wise batch is copied
//! into one DuckDB data chunk with no per-value conversion.
use crate::Result;
use duckdb::arrow::array::{
    ArrayRef, BooleanArray, Decimal128Array, RecordBatch, StringArray, TimestampMicrosecondArray,
    UInt32Array, UInt64Array,
};
use duckdb::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use duckdb::Appender;
use etalage_core::Event;
use std::sync::Arc;

/// Rows per record batch: DuckDB's vector size, so each batch is one chunk.
const BATCH_ROWS: usize = 2_048;

/// The scale of `events.revenue_amount` (`DECIMAL(18, 4)`).
const REVENUE_SCALE: u32 = 4;

/// The columns of `events`, in table order, as Arrow types.
fn schema() -> SchemaRef {
    let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
    Arc::new(Schema::new(vec![
        Field::new("site_id", DataType::UInt32, false),
        Field::new(
            "ts",
            DataType::Timestamp(TimeUnit::Microsecond, None),
            false,
        ),
        Field::new("visitor_id", DataType::UInt64, false),
        Field::new("visit_id", DataType::UInt64, false),
        text("name", false),
        text("hostname", false),
        text("pathname", false),
        text("source", false),
        text("channel", false),
        text("referrer", true),
        text("utm_source", true),
        text("utm_medium", true),
        text("utm_campaign", true),
        text("utm_term", true),
        text("utm_content", true),
        text("device", false),
        text("browser", false),
        text("browser_version", false),
        text("os", false),
        text("os_version", false),
        text("country", true),
        text("props", true),
        Field::new("revenue_amount", DataType::Decimal128(18, 4), true),
        text("revenue_currency", true),
        Field::new("interactive", DataType::Boolean, false),
    ]))
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

/// A text column of `rows`.
fn text<'a>(rows: &'a [Event], f: impl Fn(&'a Event) -> &'a str) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(rows.iter().map(f)))
}

/// A nullable text column of `rows`.
fn text_opt<'a>(rows: &'a [Event], f: impl Fn(&'a Event) -> Option<&'a str>) -> ArrayRef {
    Arc::new(rows.iter().map(f).collect::<StringArray>())
}

/// An Arrow error building a batch; cannot happen with the schema above,
/// but is reported as a conversion failure rather than a panic.
fn arrow_error(e: duckdb::arrow::error::ArrowError) -> crate::StoreError {
    duckdb::Error::ToSqlConversionFailure(Box::new(e)).into()
}

/// One record batch of `rows`, in the column order of `events`.
fn record_batch(schema: &SchemaRef, rows: &[Event]) -> Result<RecordBatch> {
    let props: Vec<Option<String>> = rows.iter().map(props_json).collect();
    let revenue: Decimal128Array = rows
        .iter()
        .map(|e| {
            e.revenue.map(|m| {
                // Money has at most 4 decimals and fewer than 14 integer
                // digits, so this is exact and fits DECIMAL(18, 4).
                let mut a = m.amount;
                a.rescale(REVENUE_SCALE);
                a.mantissa()
            })
        })
        .collect::<Decimal128Array>()
        .with_precision_and_scale(18, REVENUE_SCALE as i8)
        .map_err(arrow_error)?;
    let columns: Vec<ArrayRef> = vec![
        Arc::new(UInt32Array::from_iter_values(
            rows.iter().map(|e| e.site_id),
        )),
        Arc::new(TimestampMicrosecondArray::from_iter_values(
            rows.iter().map(|e| e.ts.timestamp_micros()),
        )),
        Arc::new(UInt64Array::from_iter_values(
            rows.iter().map(|e| e.visitor_id),
        )),
        Arc::new(UInt64Array::from_iter_values(
            rows.iter().map(|e| e.visit_id),
        )),
        text(rows, |e| &e.name),
        text(rows, |e| &e.hostname),
        text(rows, |e| &e.pathname),
        text(rows, |e| &e.visit.source),
        text(rows, |e| &e.visit.channel),
        text_opt(rows, |e| e.visit.referrer.as_deref()),
        text_opt(rows, |e| e.visit.utm_source.as_deref()),
        text_opt(rows, |e| e.visit.utm_medium.as_deref()),
        text_opt(rows, |e| e.visit.utm_campaign.as_deref()),
        text_opt(rows, |e| e.visit.utm_term.as_deref()),
        text_opt(rows, |e| e.visit.utm_content.as_deref()),
        text(rows, |e| e.device.as_str()),
        text(rows, |e| &e.browser),
        text(rows, |e| &e.browser_version),
        text(rows, |e| &e.os),
        text(rows, |e| &e.os_version),
        text_opt(rows, |e| e.country.as_ref().map(|c| c.as_str())),
        Arc::new(props.iter().map(|p| p.as_deref()).collect::<StringArray>()),
        Arc::new(revenue),
        text_opt(rows, |e| e.revenue.as_ref().map(|m| m.currency.as_str())),
        Arc::new(
            rows.iter()
                .map(|e| Some(e.interactive))
                .collect::<BooleanArray>(),
        ),
    ];
    RecordBatch::try_new(schema.clone(), columns).map_err(arrow_error)
}

/// Appends `events` to the `events` table through `app` (an appender on
/// it); the caller flushes and commits.
pub(crate) fn append_events(app: &mut Appender<'_>, events: &[Event]) -> Result<()> {
    let schema = schema();
    for rows in events.chunks(BATCH_ROWS) {
        app.append_record_batch(record_batch(&schema, rows)?)?;
    }
    Ok(())
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
}
