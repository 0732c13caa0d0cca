//! Turns an incoming event and its request into a stored [`Event`], with a
//! cache for the parts that repeat (User-Agent parsing).
use crate::enrich::{classify_source, is_bot, parse_user_agent, BotReason, ClientInfo, GeoDb};
use crate::payload::IncomingEvent;
use chrono::{DateTime, Utc};
use etalage_core::{Event, Visit};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// What the enricher decided about an event.
pub enum Enriched {
    /// A bot: dropped, for this reason.
    Bot(BotReason),
    /// A person's event, ready except for its visitor and visit ids.
    Event(Box<Event>),
}

/// Enrichment with a bounded User-Agent cache. Shared by the server's
/// request handlers: the cache's lock is held only for a lookup or an
/// insert, so handlers enrich in parallel.
pub struct Enricher {
    geo: Option<GeoDb>,
    ua_cache: Mutex<HashMap<String, Result<ClientInfo, BotReason>>>,
}

const UA_CACHE_LIMIT: usize = 50_000;

impl Enricher {
    /// An enricher, with a GeoIP database when one is configured.
    pub fn new(geo: Option<GeoDb>) -> Self {
        Enricher {
            geo,
            ua_cache: Mutex::new(HashMap::new()),
        }
    }

    fn client(&self, user_agent: &str) -> Result<ClientInfo, BotReason> {
        let cache = || self.ua_cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(hit) = cache().get(user_agent) {
            return hit.clone();
        }
        // Parsed outside the lock; two handlers may parse the same new
        // User-Agent at once, which costs only the duplicate work.
        let result = match is_bot(user_agent) {
            Some(reason) => Err(reason),
            None => Ok(parse_user_agent(user_agent)),
        };
        let mut c = cache();
        if c.len() >= UA_CACHE_LIMIT {
            c.clear();
        }
        c.insert(user_agent.to_string(), result.clone());
        result
    }

    /// Enriches an event of `site_id` received at `ts` from `ip` with
    /// `user_agent`. Visitor and visit ids are left 0 for the caller.
    pub fn enrich(
        &self,
        incoming: &IncomingEvent,
        site_id: u32,
        ts: DateTime<Utc>,
        ip: IpAddr,
        user_agent: &str,
    ) -> Enriched {
        let client = match self.client(user_agent) {
            Ok(c) => c,
            Err(reason) => return Enriched::Bot(reason),
        };
        let source = classify_source(&incoming.url, incoming.referrer.as_deref());
        let country = self.geo.as_ref().and_then(|g| g.lookup(ip));
        let mut pathname = incoming.url.path().to_string();
        if pathname.is_empty() {
            pathname.push('/');
        }
        Enriched::Event(Box::new(Event {
            site_id,
            ts,
            visitor_id: 0,
            visit_id: 0,
            name: incoming.name.clone(),
            hostname: incoming.url.host_str().unwrap_or_default().to_string(),
            pathname,
            visit: Visit {
                source: source.source,
                channel: source.channel.as_str().to_string(),
                referrer: source.referrer,
                utm_source: source.utm.source,
                utm_medium: source.utm.medium,
                utm_campaign: source.utm.campaign,
                utm_term: source.utm.term,
                utm_content: source.utm.content,
            },
            device: client.device,
            browser: client.browser,
            browser_version: client.browser_version,
            os: client.os,
            os_version: client.os_version,
            country,
            props: incoming.props.clone(),
            revenue: incoming.revenue,
            interactive: incoming.interactive,
        }))
    }
}
