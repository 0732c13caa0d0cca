//! Turns an incoming event and its request into a stored [`Event`], with a
//! cache for the parts that repeat (User-Agent parsing).
use crate::enrich::{
    classify_source, is_bot, parse_user_agent, BotReason, ClientInfo, Country, GeoDb, Source,
};
use crate::payload::IncomingEvent;
use chrono::{DateTime, Utc};
use etalage_core::{Event, Visit};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use url::Url;

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
        let result = client_info(user_agent);
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
        Enriched::Event(Box::new(event_from(
            EventParts {
                site_id,
                ts,
                name: incoming.name.clone(),
                url: &incoming.url,
                props: incoming.props.clone(),
                revenue: incoming.revenue,
                interactive: incoming.interactive,
            },
            self.country(ip),
            client,
            source,
        )))
    }

    /// The country of `ip`, when a GeoIP database is configured and knows it.
    pub(crate) fn country(&self, ip: IpAddr) -> Option<Country> {
        self.geo.as_ref().and_then(|g| g.lookup(ip))
    }
}

/// A User-Agent's client, or why it is a bot (what the cache keeps).
pub(crate) fn client_info(user_agent: &str) -> Result<ClientInfo, BotReason> {
    match is_bot(user_agent) {
        Some(reason) => Err(reason),
        None => Ok(parse_user_agent(user_agent)),
    }
}

/// What an event is made of besides its enrichment.
pub(crate) struct EventParts<'a> {
    pub site_id: u32,
    pub ts: DateTime<Utc>,
    pub name: String,
    pub url: &'a Url,
    pub props: Vec<(String, String)>,
    pub revenue: Option<etalage_core::Money>,
    pub interactive: bool,
}

/// The stored event of a person's request; visitor and visit ids are left
/// 0 for the caller.
pub(crate) fn event_from(
    parts: EventParts<'_>,
    country: Option<Country>,
    client: ClientInfo,
    source: Source,
) -> Event {
    let mut pathname = parts.url.path().to_string();
    if pathname.is_empty() {
        pathname.push('/');
    }
    Event {
        site_id: parts.site_id,
        ts: parts.ts,
        visitor_id: 0,
        visit_id: 0,
        name: parts.name,
        hostname: parts.url.host_str().unwrap_or_default().to_string(),
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
        props: parts.props,
        revenue: parts.revenue,
        interactive: parts.interactive,
    }
}
