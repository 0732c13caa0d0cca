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

/// Imports NDJSON events for `site`.
pub fn import_events(
    store: &dyn Store,
    site: &Site,
    reader: impl BufRead,
    geo: Option<GeoDb>,
) -> std::io::Result<ImportReport> {
    let mut report = ImportReport::default();
    let enricher = Enricher::new(geo);
    let mut salts = SaltKeeper::ephemeral();
    let mut visits = VisitTracker::new();
    let mut chunk: Vec<Event> = Vec::with_capacity(CHUNK.min(1 << 16));
    let flush = |chunk: &mut Vec<Event>,
                 visits: &mut VisitTracker,
                 report: &mut ImportReport|
     -> std::io::Result<()> {
        chunk.sort_by_key(|e| e.ts);
        for e in chunk.iter_mut() {
            let (visit_id, visit) =
                visits.assign(e.site_id, e.visitor_id, e.ts, std::mem::take(&mut e.visit));
            e.visit_id = visit_id;
            e.visit = visit;
        }
        store
            .insert_events(chunk, None)
            .map_err(std::io::Error::other)?;
        report.accepted += chunk.len();
        chunk.clear();
        Ok(())
    };
    for (i, line) in reader.lines().enumerate() {
        let number = i + 1;
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(&line, site, &enricher, &mut salts) {
            Ok(Some(e)) => chunk.push(e),
            Ok(None) => report.dropped_bots += 1,
            Err(reason) => report.rejected.push(RejectedLine {
                line: number,
                reason,
            }),
        }
        if chunk.len() >= CHUNK {
            flush(&mut chunk, &mut visits, &mut report)?;
        }
    }
    if !chunk.is_empty() {
        flush(&mut chunk, &mut visits, &mut report)?;
    }
    Ok(report)
}

fn parse_line(
    line: &str,
    site: &Site,
    enricher: &Enricher,
    salts: &mut SaltKeeper,
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
            let salt = salts.salt_for(ts.date_naive()).map_err(|e| e.to_string())?;
            e.visitor_id = visitor_id(&salt, site.id, ip, &user_agent);
            Ok(Some(*e))
        }
    }
}
