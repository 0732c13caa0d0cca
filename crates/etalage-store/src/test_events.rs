//! Events for the store's tests: one builder instead of one per module.
use etalage_core::{Device, Event, Visit};

/// An event of site 1 in visit `visit` (also its visitor) of `channel`,
/// at an RFC 3339 instant, with `props`.
pub(crate) fn shop_event(
    visit: u64,
    name: &str,
    channel: &str,
    at: &str,
    props: &[(&str, &str)],
) -> Event {
    Event {
        site_id: 1,
        ts: at.parse().expect("an RFC 3339 instant"),
        visitor_id: visit,
        visit_id: visit,
        name: name.into(),
        hostname: "fietsen.example".into(),
        pathname: "/".into(),
        visit: Visit {
            channel: channel.into(),
            ..Visit::default()
        },
        device: Device::Desktop,
        browser: "Firefox".into(),
        browser_version: "140".into(),
        os: "Linux".into(),
        os_version: String::new(),
        country: None,
        props: props
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        revenue: None,
        interactive: true,
    }
}
