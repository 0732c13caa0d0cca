//! `etalage import events`: NDJSON lines through the same parsing and
//! enrichment as live events, with one random salt per UTC day per import.
use crate::enrich::{classify_source, BotReason, ClientInfo, GeoDb, Source};
use crate::enricher::{client_info, event_from, Enricher, EventParts};
use crate::payload::{parse_event_fields, parse_event_value, FieldValue, IncomingEvent};
use crate::salt::{Salt, SaltKeeper};
use crate::visitor::visitor_id;
use crate::visits::VisitTracker;
use chrono::{DateTime, NaiveDate, Utc};
use etalage_core::Event;
use etalage_store::{Site, Store};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::net::IpAddr;
use std::sync::{mpsc, Mutex};

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
/// time before visits are assigned. (The chunk is part of the result when
/// a file is not in time order, so it must not change.)
const CHUNK: usize = 200_000;

/// Bytes of whole lines handed to a parser at a time (about 7,000 lines of
/// a typical export).
const BLOCK: usize = 2 << 20;

/// Entries kept in each parser's User-Agent and source caches before they
/// are emptied.
const CACHE_LIMIT: usize = 50_000;

/// Whole lines of the file, checked to be UTF-8.
struct Block {
    /// The line number of the first line.
    first_line: usize,
    text: String,
}

/// What a parser made of a block of lines.
struct Parsed {
    events: Vec<Event>,
    bots: usize,
    rejected: Vec<RejectedLine>,
}

/// Imports NDJSON events for `site`.
///
/// A pipeline over the machine's cores: this thread reads blocks of whole
/// lines, parser threads parse and enrich them, this thread puts them back
/// in file order and assigns visits to each chunk, and a writer thread
/// appends the chunk to the store while the next is parsed. The result is
/// the same as one thread doing it all: blocks are put back in file order,
/// and each chunk is sorted by time before visits are assigned.
///
/// The store is put in bulk-load mode meanwhile ([`Store::set_bulk_load`]).
pub fn import_events(
    store: &dyn Store,
    site: &Site,
    reader: impl BufRead,
    geo: Option<GeoDb>,
) -> std::io::Result<ImportReport> {
    store.set_bulk_load(true).map_err(std::io::Error::other)?;
    let result = run_pipeline(store, site, reader, geo);
    let reset = store.set_bulk_load(false).map_err(std::io::Error::other);
    let report = result?;
    reset?;
    Ok(report)
}

fn run_pipeline(
    store: &dyn Store,
    site: &Site,
    reader: impl BufRead,
    geo: Option<GeoDb>,
) -> std::io::Result<ImportReport> {
    let enricher = Enricher::new(geo);
    let salts = Mutex::new(SaltKeeper::ephemeral());
    let parsers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .clamp(1, 8);
    let mut report = ImportReport::default();
    let (block_tx, block_rx) = mpsc::sync_channel::<(usize, Block)>(parsers * 2);
    let block_rx = Mutex::new(block_rx);
    // Parsers hand block buffers back to the reader, which fills them
    // again instead of asking the system for fresh pages.
    let (spare_tx, spare_rx) = mpsc::channel::<String>();

    std::thread::scope(|scope| -> std::io::Result<()> {
        // Freeing a chunk's million strings is left to a thread of its own,
        // off the writer's path.
        let (spent_tx, spent_rx) = mpsc::sync_channel::<Vec<Event>>(0);
        scope.spawn(move || spent_rx.into_iter().for_each(drop));

        // Writer: appends each chunk to the store.
        let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Vec<Event>>(1);
        let writer = scope.spawn(move || -> std::io::Result<usize> {
            let mut written = 0;
            for chunk in chunk_rx {
                store
                    .insert_events(&chunk, None)
                    .map_err(std::io::Error::other)?;
                written += chunk.len();
                // A stopped dropper only means the chunk is freed here.
                if let Err(mpsc::SendError(chunk)) = spent_tx.send(chunk) {
                    drop(chunk);
                }
            }
            Ok(written)
        });

        // Parsers: blocks of lines in, parsed blocks out.
        let (parsed_tx, parsed_rx) = mpsc::channel::<(usize, Parsed)>();
        for _ in 0..parsers {
            let block_rx = &block_rx;
            let parsed_tx = parsed_tx.clone();
            let spare_tx = spare_tx.clone();
            let mut parser = LineParser::new(site, &enricher, &salts);
            scope.spawn(move || loop {
                let next = block_rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                let Ok((index, block)) = next else { break };
                let parsed = parser.parse_block(&block);
                let _ = spare_tx.send(block.text);
                if parsed_tx.send((index, parsed)).is_err() {
                    break;
                }
            });
        }
        drop((parsed_tx, spare_tx));

        // This thread: read, hand out blocks, put results back in order,
        // and assign visits to each chunk before the writer gets it.
        let mut pending: BTreeMap<usize, Parsed> = BTreeMap::new();
        let mut next_index = 0;
        let mut chunk: Vec<Event> = Vec::with_capacity(CHUNK);
        let mut visits = VisitTracker::new();
        let mut send_chunk = |mut chunk: Vec<Event>| -> std::io::Result<()> {
            chunk.sort_by_key(|e| e.ts);
            for e in chunk.iter_mut() {
                e.visit_id = visits.assign_in_place(e.site_id, e.visitor_id, e.ts, &mut e.visit);
            }
            chunk_tx
                .send(chunk)
                .map_err(|_| std::io::Error::other("the store writer stopped"))
        };
        let mut take_ready = |next_index: &mut usize,
                              pending: &mut BTreeMap<usize, Parsed>,
                              chunk: &mut Vec<Event>,
                              report: &mut ImportReport|
         -> std::io::Result<()> {
            while let Some(p) = pending.remove(next_index) {
                *next_index += 1;
                report.dropped_bots += p.bots;
                report.rejected.extend(p.rejected);
                for e in p.events {
                    chunk.push(e);
                    if chunk.len() >= CHUNK {
                        send_chunk(std::mem::replace(chunk, Vec::with_capacity(CHUNK)))?;
                    }
                }
            }
            Ok(())
        };
        let mut sent = 0;
        let read_result = read_blocks(
            reader,
            || spare_rx.try_recv().ok().map(String::into_bytes),
            |block| {
                if block_tx.send((sent, block)).is_err() {
                    return Ok(false);
                }
                sent += 1;
                while let Ok((index, p)) = parsed_rx.try_recv() {
                    pending.insert(index, p);
                }
                take_ready(&mut next_index, &mut pending, &mut chunk, &mut report)?;
                Ok(true)
            },
        );
        drop(block_tx);
        let read_error = match read_result {
            Ok(()) => None,
            Err(ReadStop::Read(e)) => Some(e),
            Err(ReadStop::Write(e)) => return Err(e),
        };
        while next_index < sent {
            let Ok((index, p)) = parsed_rx.recv() else {
                break;
            };
            pending.insert(index, p);
            take_ready(&mut next_index, &mut pending, &mut chunk, &mut report)?;
        }
        if !chunk.is_empty() {
            send_chunk(chunk)?;
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

/// Why reading stopped early.
enum ReadStop {
    /// The file could not be read (or was not UTF-8) from some line on.
    Read(std::io::Error),
    /// Handing a block on failed.
    Write(std::io::Error),
}

/// Reads `reader` in blocks of whole lines of about [`BLOCK`] bytes and
/// hands each to `send` (which answers whether to go on), numbering lines
/// as `BufRead::lines` does: every `\n` ends a line, and a last line may
/// lack one. Like `lines`, it stops at the first line that is not UTF-8
/// or cannot be read, after handing on the lines before it.
fn read_blocks(
    mut reader: impl BufRead,
    mut spare: impl FnMut() -> Option<Vec<u8>>,
    mut send: impl FnMut(Block) -> std::io::Result<bool>,
) -> Result<(), ReadStop> {
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK + (64 << 10));
    let mut first_line = 1;
    let mut want = BLOCK;
    loop {
        let mut eof = false;
        let mut error = None;
        while buf.len() < want {
            match reader.fill_buf() {
                Ok([]) => {
                    eof = true;
                    break;
                }
                Ok(bytes) => {
                    let n = bytes.len();
                    buf.extend_from_slice(bytes);
                    reader.consume(n);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        // Whole lines only, unless the file ends here.
        let cut = if eof {
            buf.len()
        } else {
            match memchr::memrchr(b'\n', &buf) {
                Some(i) => i + 1,
                None if error.is_none() => {
                    // One line longer than a block: read on.
                    want = buf.len() + BLOCK;
                    continue;
                }
                None => 0,
            }
        };
        want = BLOCK;
        let mut next = spare().unwrap_or_else(|| Vec::with_capacity(BLOCK + (64 << 10)));
        next.clear();
        next.extend_from_slice(&buf[cut..]);
        buf.truncate(cut);
        let bytes = std::mem::replace(&mut buf, next);
        let (text, bad) = match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => {
                // Keep the lines before the one with the bad byte.
                let valid = e.utf8_error().valid_up_to();
                let mut bytes = e.into_bytes();
                let start = memchr::memrchr(b'\n', &bytes[..valid]).map_or(0, |i| i + 1);
                bytes.truncate(start);
                let text = String::from_utf8(bytes).expect("checked to be UTF-8");
                (text, true)
            }
        };
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        if !text.is_empty() && !send(Block { first_line, text }).map_err(ReadStop::Write)? {
            return Ok(());
        }
        first_line += lines;
        if bad {
            return Err(ReadStop::Read(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "stream did not contain valid UTF-8",
            )));
        }
        if let Some(e) = error {
            return Err(ReadStop::Read(e));
        }
        if eof {
            return Ok(());
        }
    }
}

/// The fields of a line that the import reads itself, borrowing strings
/// from the line. Any other field, a field of another type, or a repeated
/// field fails this typed read, and the line then goes through the general
/// path (a `serde_json::Value`, as the HTTP API reads bodies), which gives
/// the same events and the same messages: this is only the fast way
/// through for the common line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TypedLine<'a> {
    #[serde(borrow)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    referrer: Option<Cow<'a, str>>,
    #[serde(borrow)]
    user_agent: Option<Cow<'a, str>>,
    #[serde(borrow)]
    ip: Option<Cow<'a, str>>,
    props: Option<Value>,
    revenue: Option<Value>,
}

/// A line's event before enrichment.
struct LineEvent<'a> {
    incoming: IncomingEvent,
    ts: DateTime<Utc>,
    ip: IpAddr,
    user_agent: Cow<'a, str>,
}

/// One parser thread's state: caches of what repeats from line to line
/// (no lock to share them), and the day salts it has fetched.
struct LineParser<'a> {
    site: &'a Site,
    domain: String,
    enricher: &'a Enricher,
    salts: &'a Mutex<SaltKeeper>,
    day_salts: HashMap<NaiveDate, Salt>,
    /// Keyed by text from the file being imported, which its owner chose:
    /// Fx hashing is fast on 100-byte User-Agents, and the worst a crafted
    /// file could do is slow its own import.
    clients: FxHashMap<Box<str>, Result<ClientInfo, BotReason>>,
    /// Sources of pages without a query string, by page host and referrer
    /// (a page's query can carry UTM tags; its host and the referrer are
    /// then all `classify_source` reads).
    sources: FxHashMap<Box<str>, Source>,
    source_key: String,
}

impl<'a> LineParser<'a> {
    fn new(site: &'a Site, enricher: &'a Enricher, salts: &'a Mutex<SaltKeeper>) -> Self {
        LineParser {
            site,
            domain: site.domain.to_string(),
            enricher,
            salts,
            day_salts: HashMap::new(),
            clients: FxHashMap::default(),
            sources: FxHashMap::default(),
            source_key: String::new(),
        }
    }

    fn parse_block(&mut self, block: &Block) -> Parsed {
        let mut out = Parsed {
            events: Vec::with_capacity(block.text.len() / 200 + 1),
            bots: 0,
            rejected: Vec::new(),
        };
        let mut number = block.first_line;
        let mut rest = block.text.as_str();
        while !rest.is_empty() {
            let line = match memchr::memchr(b'\n', rest.as_bytes()) {
                Some(i) => {
                    let line = &rest[..i];
                    rest = &rest[i + 1..];
                    // `BufRead::lines` drops the `\r` of a `\r\n`.
                    line.strip_suffix('\r').unwrap_or(line)
                }
                None => std::mem::take(&mut rest),
            };
            if !line.trim().is_empty() {
                match self.parse_line(line) {
                    Ok(Some(e)) => out.events.push(e),
                    Ok(None) => out.bots += 1,
                    Err(reason) => out.rejected.push(RejectedLine {
                        line: number,
                        reason,
                    }),
                }
            }
            number += 1;
        }
        out
    }

    fn parse_line(&mut self, line: &str) -> Result<Option<Event>, String> {
        self.parse_line_via(line, true)
    }

    /// [`Self::parse_line`], through the typed read when `typed` allows and
    /// the line fits it. (A JSON array would fit a struct too, by
    /// position; only objects are tried.)
    fn parse_line_via(&mut self, line: &str, typed: bool) -> Result<Option<Event>, String> {
        let typed = if typed && line.trim_start().starts_with('{') {
            serde_json::from_str::<TypedLine<'_>>(line).ok()
        } else {
            None
        };
        let parsed = match typed {
            Some(t) => self.read_typed(t)?,
            None => self.read_value(line)?,
        };
        let LineEvent {
            incoming,
            ts,
            ip,
            user_agent,
        } = parsed;
        let client = match self.client(&user_agent) {
            Ok(c) => c,
            Err(_) => return Ok(None),
        };
        let source = self.source(&incoming);
        let mut e = event_from(
            EventParts {
                site_id: self.site.id,
                ts,
                name: incoming.name,
                url: &incoming.url,
                props: incoming.props,
                revenue: incoming.revenue,
                interactive: incoming.interactive,
            },
            self.enricher.country(ip),
            client,
            source,
        );
        let salt = self.salt(ts.date_naive())?;
        e.visitor_id = visitor_id(&salt, self.site.id, ip, &user_agent);
        Ok(Some(e))
    }

    /// A line read into [`TypedLine`]: the checks of [`Self::read_value`],
    /// in the same order, with the same messages.
    fn read_typed<'l>(&self, t: TypedLine<'l>) -> Result<LineEvent<'l>, String> {
        let ts = match &t.timestamp {
            Some(s) => parse_timestamp(s)?,
            None => return Err(missing_timestamp()),
        };
        let user_agent = t.user_agent.unwrap_or_default();
        let ip = match &t.ip {
            Some(s) => parse_ip(s)?,
            None => return Err(missing_ip()),
        };
        fn text<'v>(v: &'v Option<Cow<'_, str>>) -> Option<FieldValue<'v>> {
            v.as_deref().map(FieldValue::Text)
        }
        let incoming = parse_event_fields(|long, _| match long {
            "name" => text(&t.name),
            "url" => text(&t.url),
            "domain" => Some(FieldValue::Text(&self.domain)),
            "referrer" => text(&t.referrer),
            "props" => t.props.as_ref().map(FieldValue::Json),
            "revenue" => t.revenue.as_ref().map(FieldValue::Json),
            _ => None,
        })
        .map_err(|e| e.to_string())?;
        Ok(LineEvent {
            incoming,
            ts,
            ip,
            user_agent,
        })
    }

    /// A line read into a JSON value, as the HTTP API reads a body.
    fn read_value(&self, line: &str) -> Result<LineEvent<'static>, String> {
        let mut value: Value =
            serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
        let obj = value
            .as_object_mut()
            .ok_or("each line must be a JSON object")?;
        let ts = match obj.get("timestamp") {
            Some(Value::String(s)) => parse_timestamp(s)?,
            _ => return Err(missing_timestamp()),
        };
        let user_agent = match obj.get("user_agent") {
            Some(Value::String(s)) => s.clone(),
            None | Some(Value::Null) => String::new(),
            Some(_) => return Err("user_agent: must be a string".into()),
        };
        let ip = match obj.get("ip") {
            Some(Value::String(s)) => parse_ip(s)?,
            _ => return Err(missing_ip()),
        };
        obj.insert("domain".into(), Value::String(self.domain.clone()));
        let incoming = parse_event_value(&value).map_err(|e| e.to_string())?;
        Ok(LineEvent {
            incoming,
            ts,
            ip,
            user_agent: Cow::Owned(user_agent),
        })
    }

    /// The client of a User-Agent, or why it is a bot.
    fn client(&mut self, user_agent: &str) -> Result<ClientInfo, BotReason> {
        if let Some(hit) = self.clients.get(user_agent) {
            return hit.clone();
        }
        let result = client_info(user_agent);
        if self.clients.len() >= CACHE_LIMIT {
            self.clients.clear();
        }
        self.clients.insert(user_agent.into(), result.clone());
        result
    }

    /// `classify_source` of the event's page and referrer, from the cache
    /// when the page has no query string.
    fn source(&mut self, incoming: &IncomingEvent) -> Source {
        let page = &incoming.url;
        if page.query().is_some() {
            return classify_source(page, incoming.referrer.as_deref());
        }
        // A host has no newline, so the key cannot be ambiguous.
        let key = &mut self.source_key;
        key.clear();
        key.push_str(page.host_str().unwrap_or_default());
        match &incoming.referrer {
            Some(r) => {
                key.push_str("\n+");
                key.push_str(r);
            }
            None => key.push_str("\n-"),
        }
        if let Some(hit) = self.sources.get(key.as_str()) {
            return hit.clone();
        }
        let source = classify_source(page, incoming.referrer.as_deref());
        if self.sources.len() >= CACHE_LIMIT {
            self.sources.clear();
        }
        self.sources.insert(key.as_str().into(), source.clone());
        source
    }

    /// The salt of a UTC day, shared by all parsers of the import.
    fn salt(&mut self, day: NaiveDate) -> Result<Salt, String> {
        if let Some(s) = self.day_salts.get(&day) {
            return Ok(*s);
        }
        let s = self
            .salts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .salt_for(day)
            .map_err(|e| e.to_string())?;
        self.day_salts.insert(day, s);
        Ok(s)
    }
}

fn parse_timestamp(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("timestamp: {s:?} is not RFC 3339, like 2026-05-01T10:00:00Z"))
}

fn missing_timestamp() -> String {
    "timestamp: is missing; give an RFC 3339 time like 2026-05-01T10:00:00Z".into()
}

fn parse_ip(s: &str) -> Result<IpAddr, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("ip: {s:?} is not an IPv4 or IPv6 address"))
}

fn missing_ip() -> String {
    "ip: is missing; give the client's IP address (it is hashed, never stored)".into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use etalage_core::{Domain, Metric, QueryPlan, Timezone, UtcRange};
    use etalage_store::DuckDbStore;

    const UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    /// The typed read and the JSON-value read make the same event, or
    /// reject a line with the same words, whichever of them takes it.
    #[test]
    fn typed_and_value_reads_agree() {
        let store = DuckDbStore::open_in_memory().unwrap();
        let site = store
            .add_site(&Domain::parse("shop.example").unwrap(), Timezone::default())
            .unwrap();
        let enricher = Enricher::new(None);
        let salts = Mutex::new(SaltKeeper::ephemeral());
        let mut parser = LineParser::new(&site, &enricher, &salts);
        let t = r#""timestamp":"2026-03-02T08:00:00+01:00""#;
        let ip = r#""ip":"10.0.0.1""#;
        let ua = format!(r#""user_agent":"{UA}""#);
        let lines = [
            format!(r#"{{{t},"name":"pageview","url":"https://shop.example/a?utm_source=nl&utm_medium=email",{ip},{ua}}}"#),
            format!(r#"{{{t},"name":" Signup ","url":"https://www.shop.example/b/../c%20d","referrer":"https://www.google.be/search?q=x",{ip},{ua},"props":{{"plan":"pro","n":3,"ok":true,"z":null}},"revenue":{{"amount":"12.50","currency":"eur"}}}}"#),
            format!(r#"{{{t},"name":"purchase","url":"https://shop.example/thanks",{ip},{ua},"props":{{"transaction_id":"\#1","value":"9.95","currency":"EUR","items":[{{"item_id":"A","price":1.5}}]}}}}"#),
            format!(r#"{{{t},"name":"p\u00e9\"q","url":"https://shop.example/\u00e9","referrer":"  ",{ip},{ua},"props":"{{\"k\":\"v\"}}","revenue":null}}"#),
            format!(r#"{{{t},"name":"pageview","url":"https://shop.example/","referrer":"https://shop.example/x",{ip},"user_agent":null}}"#),
            format!(r#"{{{t},"name":"pageview","url":"https://shop.example/",{ip},"user_agent":"Googlebot/2.1 (+http://www.google.com/bot.html)"}}"#),
            format!(r#"{{{t},"n":"pageview","u":"https://shop.example/",{ip},{ua}}}"#),
            format!(r#"{{{t},"name":"x","url":"https://shop.example/",{ip},{ua},"interactive":false,"domain":"other.example"}}"#),
            format!(r#"{{{t},"name":"a","name":"b","url":"https://shop.example/",{ip},{ua}}}"#),
            format!(r#"{{{t},"name":"","url":"https://shop.example/",{ip},{ua}}}"#),
            format!(r#"{{{t},"name":"x","url":"ftp://shop.example/",{ip},{ua}}}"#),
            format!(r#"{{{t},"name":"x","url":"https://shop.example/",{ip},{ua},"props":{{"a":[1]}}}}"#),
            format!(r#"{{{t},"name":"x","url":"https://shop.example/",{ip},{ua},"revenue":{{"amount":"1.23456","currency":"EUR"}}}}"#),
            format!(r#"{{{t},"name":"x","url":"https://shop.example/",{ip},{ua},"props":{{"transaction_id":"\#"}},"revenue":5}}"#),
            format!(r#"{{"timestamp":"yesterday","name":"x","url":"https://shop.example/",{ip}}}"#),
            format!(r#"{{"timestamp":null,"name":"x","url":"https://shop.example/",{ip}}}"#),
            format!(r#"{{{t},"name":"x","url":"https://shop.example/","ip":" 999.1.1.1 "}}"#),
            format!(r#"{{{t},"name":"x","url":"https://shop.example/"}}"#),
            format!(r#"{{{t},"name":5,"url":"https://shop.example/",{ip},"user_agent":7}}"#),
            format!(r#"  {{{t},"name":"x","url":"https://shop.example/",{ip}}}  "#),
            format!(r#"[{t:?}]"#),
            // Would fit the typed struct by position.
            r#"["2026-03-02T08:00:00Z","pageview","https://shop.example/",null,null,"10.0.0.1",null,null]"#.to_string(),
            "{not json".to_string(),
            r#"{"timestamp":"2026-03-02T08:00:00Z"} x"#.to_string(),
        ];
        let mut typed_reads = 0;
        for line in &lines {
            let typed = parser.parse_line_via(line, true);
            let value = parser.parse_line_via(line, false);
            assert_eq!(typed, value, "{line}");
            typed_reads += usize::from(serde_json::from_str::<TypedLine<'_>>(line).is_ok());
        }
        assert!(typed_reads >= 10, "the typed read took {typed_reads} lines");
    }

    /// Blocks number lines as `BufRead::lines` does, whatever the block
    /// size: blank lines count, `\r\n` loses its `\r`, a last line may lack
    /// its `\n`, and a line that is not UTF-8 stops the reading after the
    /// lines before it.
    #[test]
    fn blocks_number_lines_as_lines_does() {
        let long = "y".repeat(3 * BLOCK);
        let texts: Vec<Vec<u8>> = vec![
            b"a\n\nb\r\n  \nc\rd\ne\r".to_vec(),
            b"a\nb\n".to_vec(),
            format!("x\n{long}\nz").into_bytes(),
            (0..300_000)
                .map(|i| format!("line {i}\n"))
                .collect::<String>()
                .into_bytes(),
            b"ok\nalso ok\nbad \xff line\nafter\n".to_vec(),
            Vec::new(),
        ];
        for text in texts {
            let expected: Vec<Result<(usize, String), String>> = text
                .lines()
                .enumerate()
                .map(|(i, l)| l.map(|l| (i + 1, l)).map_err(|e| e.to_string()))
                .scan(false, |stop, r| {
                    // `lines` goes on after an error; the import stops there.
                    (!std::mem::replace(stop, r.is_err())).then_some(r)
                })
                .collect();
            let mut got = Vec::new();
            let result = read_blocks(
                std::io::BufReader::with_capacity(1 << 16, &text[..]),
                || None,
                |b| {
                    let mut parser_lines = Vec::new();
                    let mut number = b.first_line;
                    let mut rest = b.text.as_str();
                    while !rest.is_empty() {
                        let line = match rest.find('\n') {
                            Some(i) => {
                                let l = &rest[..i];
                                rest = &rest[i + 1..];
                                l.strip_suffix('\r').unwrap_or(l)
                            }
                            None => std::mem::take(&mut rest),
                        };
                        parser_lines.push(Ok((number, line.to_string())));
                        number += 1;
                    }
                    got.extend(parser_lines);
                    Ok(true)
                },
            );
            if let Err(ReadStop::Read(e)) = result {
                got.push(Err(e.to_string()));
            }
            assert_eq!(got.len(), expected.len());
            assert!(
                got == expected,
                "{:?}",
                String::from_utf8_lossy(&text[..text.len().min(40)])
            );
        }
    }

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
