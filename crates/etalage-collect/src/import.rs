//! `etalage import events`: NDJSON lines through the same parsing and
//! enrichment as live events, with one random salt per UTC day per import.
use crate::enrich::GeoDb;
use crate::enricher::{Enriched, Enricher};
use crate::payload::parse_event_value;
use crate::salt::SaltKeeper;
use crate::visitor::visitor_id;
use crate::visits::VisitTracker;
use chrono::{DateTime, Utc};
use etalage_core::Event;
use etalage_store::{Site, Store};
use serde::Serialize;
use serde_json::Value;
use std::io::BufRead;
use std::net::IpAddr;

/// A line that was not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedLine {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Lines stored as events.
    pub accepted: usize,
    /// Lines dropped because they came from bots.
    pub dropped_bots: usize,
    /// Lines rejected, with the reason.
    pub rejected: Vec<RejectedLine>,
}

/// Events are written in chunks of this many lines; each chunk is sorted by
/// time before visits are assigned.
const CHUNK: usize = 200_000;

/// Lines handed to a parser at a time.
const BATCH: usize = 8_192;

/// What a parser made of a batch of lines.
struct Parsed {
    events: Vec<Event>,
    bots: usize,
    rejected: Vec<RejectedLine>,
}

/// Imports NDJSON events for `site`.
///
/// A pipeline over the machine's cores: this thread reads lines, parser
/// threads parse and enrich batches of them, and a writer thread assigns
/// visits and appends each chunk to the store while the next is parsed.
/// The result is the same as one thread doing it all: batches are put back
/// in file order, and each chunk is sorted by time before visits are
/// assigned.
pub fn import_events(
    store: &dyn Store,
    site: &Site,
    reader: impl BufRead,
    geo: Option<GeoDb>,
) -> std::io::Result<ImportReport> {
    use std::collections::BTreeMap;
    use std::sync::{mpsc, Mutex};

    let enricher = Enricher::new(geo);
    let salts = Mutex::new(SaltKeeper::ephemeral());
    let parsers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8);
    let mut report = ImportReport::default();
    let (batch_tx, batch_rx) = mpsc::sync_channel::<(usize, Vec<(usize, String)>)>(parsers * 2);
    let batch_rx = Mutex::new(batch_rx);

    std::thread::scope(|scope| -> std::io::Result<()> {
        // Writer: visits and the store, one chunk at a time.
        let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Vec<Event>>(1);
        let writer = scope.spawn(move || -> std::io::Result<usize> {
            let mut visits = VisitTracker::new();
            let mut written = 0;
            for mut chunk in chunk_rx {
                chunk.sort_by_key(|e| e.ts);
                for e in chunk.iter_mut() {
                    let (visit_id, visit) =
                        visits.assign(e.site_id, e.visitor_id, e.ts, std::mem::take(&mut e.visit));
                    e.visit_id = visit_id;
                    e.visit = visit;
                }
                store
                    .insert_events(&chunk, None)
                    .map_err(std::io::Error::other)?;
                written += chunk.len();
            }
            Ok(written)
        });

        // Parsers: batches of (line number, text) in, parsed batches out.
        let (parsed_tx, parsed_rx) = mpsc::channel::<(usize, Parsed)>();
        for _ in 0..parsers {
            let batch_rx = &batch_rx;
            let parsed_tx = parsed_tx.clone();
            let (enricher, salts) = (&enricher, &salts);
            scope.spawn(move || {
                let mut day_salts = std::collections::HashMap::new();
                loop {
                    let next = batch_rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    let Ok((index, lines)) = next else { break };
                    let mut out = Parsed {
                        events: Vec::with_capacity(lines.len()),
                        bots: 0,
                        rejected: Vec::new(),
                    };
                    for (number, line) in lines {
                        match parse_line(&line, site, enricher, salts, &mut day_salts) {
                            Ok(Some(e)) => out.events.push(e),
                            Ok(None) => out.bots += 1,
                            Err(reason) => out.rejected.push(RejectedLine {
                                line: number,
                                reason,
                            }),
                        }
                    }
                    if parsed_tx.send((index, out)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(parsed_tx);

        // This thread: read, hand out batches, and put results back in order.
        let mut pending: BTreeMap<usize, Parsed> = BTreeMap::new();
        let mut next_index = 0;
        let mut chunk: Vec<Event> = Vec::with_capacity(CHUNK);
        let take_ready = |next_index: &mut usize,
                          pending: &mut BTreeMap<usize, Parsed>,
                          chunk: &mut Vec<Event>,
                          report: &mut ImportReport|
         -> std::io::Result<()> {
            while let Some(p) = pending.remove(next_index) {
                *next_index += 1;
                report.dropped_bots += p.bots;
                report.rejected.extend(p.rejected);
                chunk.extend(p.events);
                if chunk.len() >= CHUNK {
                    let full = std::mem::replace(chunk, Vec::with_capacity(CHUNK));
                    chunk_tx
                        .send(full)
                        .map_err(|_| std::io::Error::other("the store writer stopped"))?;
                }
            }
            Ok(())
        };
        let mut sent = 0;
        let mut lines = Vec::with_capacity(BATCH);
        let mut read_error = None;
        for (i, line) in reader.lines().enumerate() {
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            lines.push((i + 1, line));
            if lines.len() >= BATCH {
                let full = std::mem::replace(&mut lines, Vec::with_capacity(BATCH));
                if batch_tx.send((sent, full)).is_err() {
                    break;
                }
                sent += 1;
                while let Ok((index, p)) = parsed_rx.try_recv() {
                    pending.insert(index, p);
                }
                take_ready(&mut next_index, &mut pending, &mut chunk, &mut report)?;
            }
        }
        if !lines.is_empty() && batch_tx.send((sent, lines)).is_ok() {
            sent += 1;
        }
        drop(batch_tx);
        while next_index < sent {
            let Ok((index, p)) = parsed_rx.recv() else {
                break;
            };
            pending.insert(index, p);
            take_ready(&mut next_index, &mut pending, &mut chunk, &mut report)?;
        }
        if !chunk.is_empty() {
            chunk_tx
                .send(chunk)
                .map_err(|_| std::io::Error::other("the store writer stopped"))?;
        }
        drop(chunk_tx);
        report.accepted = writer
            .join()
            .map_err(|_| std::io::Error::other("the store writer panicked"))??;
        match read_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    })?;
    report.rejected.sort_by_key(|r| r.line);
    Ok(report)
}

fn parse_line(
    line: &str,
    site: &Site,
    enricher: &Enricher,
    salts: &std::sync::Mutex<SaltKeeper>,
    day_salts: &mut std::collections::HashMap<chrono::NaiveDate, crate::salt::Salt>,
) -> Result<Option<Event>, String> {
    let mut value: Value =
        serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
    let obj = value
        .as_object_mut()
        .ok_or("each line must be a JSON object")?;
    let ts: DateTime<Utc> = match obj.get("timestamp") {
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(s)
            .map_err(|_| format!("timestamp: {s:?} is not RFC 3339, like 2026-05-01T10:00:00Z"))?
            .with_timezone(&Utc),
        _ => {
            return Err(
                "timestamp: is missing; give an RFC 3339 time like 2026-05-01T10:00:00Z".into(),
            )
        }
    };
    let user_agent = match obj.get("user_agent") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => String::new(),
        Some(_) => return Err("user_agent: must be a string".into()),
    };
    let ip: IpAddr = match obj.get("ip") {
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map_err(|_| format!("ip: {s:?} is not an IPv4 or IPv6 address"))?,
        _ => {
            return Err(
                "ip: is missing; give the client's IP address (it is hashed, never stored)".into(),
            )
        }
    };
    obj.insert("domain".into(), Value::String(site.domain.to_string()));
    let incoming = parse_event_value(&value).map_err(|e| e.to_string())?;
    match enricher.enrich(&incoming, site.id, ts, ip, &user_agent) {
        Enriched::Bot(_) => Ok(None),
        Enriched::Event(mut e) => {
            let day = ts.date_naive();
            let salt = match day_salts.get(&day) {
                Some(s) => *s,
                None => {
                    let s = salts
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .salt_for(day)
                        .map_err(|e| e.to_string())?;
                    day_salts.insert(day, s);
                    s
                }
            };
            e.visitor_id = visitor_id(&salt, site.id, ip, &user_agent);
            Ok(Some(*e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use etalage_core::{Domain, Metric, QueryPlan, Timezone, UtcRange};
    use etalage_store::DuckDbStore;

    const UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    /// 50,000 lines: visitor `i % 5000` views a page every minute, ten times,
    /// so each visitor's events are spread over seven parser batches that
    /// come back in any order; four lines are broken.
    #[test]
    fn the_pipeline_keeps_file_order_visits_and_line_numbers() {
        let store = DuckDbStore::open_in_memory().unwrap();
        let site = store
            .add_site(&Domain::parse("shop.example").unwrap(), Timezone::default())
            .unwrap();
        let broken = [3usize, 9_000, 20_001, 49_999];
        let start = chrono::DateTime::parse_from_rfc3339("2026-03-02T08:00:00Z").unwrap();
        let mut text = String::new();
        for i in 0..50_000usize {
            let line = i + 1;
            if broken.contains(&line) {
                text.push_str("{not json\n");
                continue;
            }
            let ts = start + chrono::Duration::minutes((i / 5_000) as i64);
            let v = i % 5_000;
            text.push_str(&format!(
                r#"{{"timestamp":"{}","name":"pageview","url":"https://shop.example/p/{}","user_agent":"{UA}","ip":"10.0.{}.{}"}}"#,
                ts.to_rfc3339(),
                i % 7,
                v / 250,
                v % 250
            ));
            text.push('\n');
        }
        let report = import_events(&store, &site, text.as_bytes(), None).unwrap();
        assert_eq!(report.accepted, 50_000 - broken.len());
        assert_eq!(report.dropped_bots, 0);
        let lines: Vec<usize> = report.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, broken);

        let range = UtcRange {
            start: start.with_timezone(&Utc) - chrono::Duration::hours(1),
            end: start.with_timezone(&Utc) + chrono::Duration::hours(1),
        };
        let metrics = vec![Metric::Visitors, Metric::Visits, Metric::Pageviews];
        let plan = QueryPlan::totals(site.id, range, metrics);
        let row = &store.query(&plan).unwrap()[0];
        // One visit per visitor: their events, a minute apart, were put
        // back in time order before visits were assigned.
        assert_eq!(row.metrics, vec![5_000.0, 5_000.0, 49_996.0]);
    }
}
