//! Parsing the body of `POST /api/event` (Plausible's Events API shape).
use etalage_core::commerce::{is_commerce_event, items_to_json, parse_items, EVENT_PURCHASE};
use etalage_core::{Money, OrderId};
use serde_json::Value;
use std::fmt;
use url::Url;

/// Largest accepted body, in bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
const MAX_NAME: usize = 120;
const MAX_URL: usize = 2_000;
const MAX_PROPS: usize = 30;
const MAX_PROP_KEY: usize = 300;
const MAX_PROP_VALUE: usize = 2_000;

/// A request body that cannot be accepted, naming the field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The JSON field (`name`, `url`, `props.color`, …) or `body`.
    pub field: String,
    /// What was wrong and what to send instead.
    pub message: String,
}

impl FieldError {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

/// An event as sent by a tracker or a server, before enrichment.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingEvent {
    /// `pageview` or a custom event name.
    pub name: String,
    /// The page the event happened on.
    pub url: Url,
    /// The site domains the event is for (Plausible allows a comma list).
    pub domains: Vec<String>,
    /// The document referrer.
    pub referrer: Option<String>,
    /// Custom properties, as text.
    pub props: Vec<(String, String)>,
    /// Revenue carried by the event.
    pub revenue: Option<Money>,
    /// False for events that do not count against bounce.
    pub interactive: bool,
}

/// A field of an event body as found: a JSON value, or text that was a
/// JSON string (the import's typed reader borrows strings from the line).
#[derive(Clone, Copy)]
pub(crate) enum FieldValue<'a> {
    /// Any JSON value.
    Json(&'a Value),
    /// A JSON string's text.
    Text(&'a str),
}

impl<'a> FieldValue<'a> {
    /// The text when the field is a string, else the JSON value.
    fn text(self) -> Result<&'a str, &'a Value> {
        match self {
            FieldValue::Json(Value::String(s)) => Ok(s),
            FieldValue::Json(v) => Err(v),
            FieldValue::Text(s) => Ok(s),
        }
    }
}

/// Looks a field up by its full name or by the short name Plausible's
/// tracker uses.
fn field<'a>(
    obj: &'a serde_json::Map<String, Value>,
    long: &str,
    short: &str,
) -> Option<&'a Value> {
    obj.get(long)
        .or_else(|| obj.get(short))
        .filter(|v| !v.is_null())
}

/// Parses a JSON body into an event.
pub fn parse_event_body(body: &[u8]) -> Result<IncomingEvent, FieldError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(FieldError::new(
            "body",
            format!("the body is larger than {MAX_BODY_BYTES} bytes"),
        ));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        FieldError::new("body", format!("the body is not valid JSON ({e}); send an object like {{\"name\":\"pageview\",\"url\":\"https://shop.example/\",\"domain\":\"shop.example\"}}"))
    })?;
    parse_event_value(&value)
}

/// Parses an already decoded JSON value into an event.
pub fn parse_event_value(value: &Value) -> Result<IncomingEvent, FieldError> {
    let obj = value
        .as_object()
        .ok_or_else(|| FieldError::new("body", "send a JSON object"))?;
    parse_event_fields(|long, short| field(obj, long, short).map(FieldValue::Json))
}

/// Parses an event from its fields, looked up by `get(long, short)` (a
/// field that is absent or JSON `null` is `None`). Fields are checked one
/// after the other in a fixed order, so the first error named is the same
/// whichever way the body was read.
pub(crate) fn parse_event_fields<'a>(
    get: impl Fn(&str, &str) -> Option<FieldValue<'a>>,
) -> Result<IncomingEvent, FieldError> {
    let name = match get("name", "n") {
        Some(v) => match v.text() {
            Ok(s) if !s.trim().is_empty() => s.trim().to_string(),
            _ => {
                return Err(FieldError::new(
                    "name",
                    "must be a non-empty string such as \"pageview\"",
                ))
            }
        },
        None => {
            return Err(FieldError::new(
                "name",
                "is missing; use \"pageview\" or your event's name",
            ))
        }
    };
    if name.chars().count() > MAX_NAME {
        return Err(FieldError::new(
            "name",
            format!("is longer than {MAX_NAME} characters"),
        ));
    }
    let url = match get("url", "u") {
        Some(v) => match v.text() {
            Ok(s) => parse_page_url(s)?,
            Err(_) => return Err(FieldError::new("url", "must be a string")),
        },
        None => {
            return Err(FieldError::new(
                "url",
                "is missing; send the page's full URL",
            ))
        }
    };
    let domains: Vec<String> = match get("domain", "d") {
        Some(v) => match v.text() {
            Ok(s) => s
                .split(',')
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .collect(),
            Err(_) => {
                return Err(FieldError::new(
                    "domain",
                    "must be a string such as \"shop.example\"",
                ))
            }
        },
        None => Vec::new(),
    };
    if domains.is_empty() {
        return Err(FieldError::new(
            "domain",
            "is missing; send the site's domain as registered in etalage",
        ));
    }
    let referrer = match get("referrer", "r") {
        Some(v) => match v.text() {
            Ok(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Ok(_) => None,
            Err(_) => return Err(FieldError::new("referrer", "must be a string")),
        },
        None => None,
    };
    let commerce = is_commerce_event(&name);
    let props = match get("props", "p") {
        None => Vec::new(),
        Some(v) => match v.text() {
            Ok(s) => {
                // Plausible's tracker may send props JSON-encoded as a string.
                let inner: Value = serde_json::from_str(s).map_err(|_| {
                    FieldError::new("props", "must be an object of string keys and values")
                })?;
                parse_props(&inner, commerce)?
            }
            Err(v) => parse_props(v, commerce)?,
        },
    };
    let mut revenue = match get("revenue", "$") {
        None => None,
        Some(FieldValue::Json(v)) => Some(parse_revenue(v)?),
        Some(FieldValue::Text(s)) => Some(parse_revenue(&Value::String(s.to_owned()))?),
    };
    if commerce {
        let from_value = ga4_revenue(&name, &props)?;
        revenue = revenue.or(from_value);
    }
    let interactive = match get("interactive", "i") {
        None => true,
        Some(FieldValue::Json(Value::Bool(b))) => *b,
        Some(_) => return Err(FieldError::new("interactive", "must be true or false")),
    };
    Ok(IncomingEvent {
        name,
        url,
        domains,
        referrer,
        props,
        revenue,
        interactive,
    })
}

fn parse_page_url(s: &str) -> Result<Url, FieldError> {
    if s.len() > MAX_URL {
        return Err(FieldError::new(
            "url",
            format!("is longer than {MAX_URL} characters"),
        ));
    }
    let url = Url::parse(s.trim()).map_err(|e| {
        FieldError::new(
            "url",
            format!("{s:?} is not a full URL ({e}); send e.g. https://shop.example/page"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(FieldError::new(
            "url",
            "must be an http or https URL with a host",
        ));
    }
    Ok(url)
}

/// GA4's e-commerce parameters: `value` with `currency` is the event's
/// revenue; a `purchase`'s `transaction_id` must be an order number.
fn ga4_revenue(name: &str, props: &[(String, String)]) -> Result<Option<Money>, FieldError> {
    let get = |k: &str| props.iter().find(|(p, _)| p == k).map(|(_, v)| v.as_str());
    if name == EVENT_PURCHASE {
        if let Some(t) = get("transaction_id") {
            OrderId::parse(t).map_err(|e| FieldError::new("props.transaction_id", e.message))?;
        }
    }
    let Some(value) = get("value") else {
        return Ok(None);
    };
    let currency = get("currency").ok_or_else(|| {
        FieldError::new(
            "props.currency",
            "is missing; GA4's value needs a currency such as \"EUR\"",
        )
    })?;
    Money::parse(value, currency).map(Some).map_err(|e| {
        FieldError::new(
            format!(
                "props.{}",
                if e.field == "amount" {
                    "value"
                } else {
                    "currency"
                }
            ),
            e.message,
        )
    })
}

/// Properties of an event: string, number or boolean values; GA4's
/// `items` list too on e-commerce events, kept as compact JSON text.
fn parse_props(v: &Value, commerce: bool) -> Result<Vec<(String, String)>, FieldError> {
    let obj = v
        .as_object()
        .ok_or_else(|| FieldError::new("props", "must be an object such as {\"plan\": \"pro\"}"))?;
    if obj.len() > MAX_PROPS {
        return Err(FieldError::new(
            "props",
            format!("has more than {MAX_PROPS} properties"),
        ));
    }
    let mut out = Vec::with_capacity(obj.len());
    for (k, v) in obj {
        let key = format!("props.{k}");
        if k.is_empty() || k.chars().count() > MAX_PROP_KEY {
            return Err(FieldError::new(
                key,
                format!("property names must have 1 to {MAX_PROP_KEY} characters"),
            ));
        }
        if commerce && k == "items" {
            let items = parse_items(v)
                .map_err(|e| FieldError::new(format!("props.{}", e.field), e.message))?;
            out.push((k.clone(), items_to_json(&items)));
            continue;
        }
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => continue,
            _ => {
                return Err(FieldError::new(
                    key,
                    "must be a string, number or boolean, not a list or object",
                ))
            }
        };
        if text.chars().count() > MAX_PROP_VALUE {
            return Err(FieldError::new(
                key,
                format!("is longer than {MAX_PROP_VALUE} characters"),
            ));
        }
        out.push((k.clone(), text));
    }
    out.sort();
    Ok(out)
}

fn parse_revenue(v: &Value) -> Result<Money, FieldError> {
    let obj = v.as_object().ok_or_else(|| {
        FieldError::new(
            "revenue",
            "must be an object such as {\"amount\": 12.5, \"currency\": \"EUR\"}",
        )
    })?;
    let amount = obj
        .get("amount")
        .ok_or_else(|| FieldError::new("revenue.amount", "is missing"))?;
    let currency = match obj.get("currency") {
        Some(Value::String(c)) => c.as_str(),
        _ => {
            return Err(FieldError::new(
                "revenue.currency",
                "is missing; send a code such as \"EUR\"",
            ))
        }
    };
    Money::from_json(amount, currency)
        .map_err(|e| FieldError::new(format!("revenue.{}", e.field), e.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plausible_bodies_long_and_short() {
        let e = parse_event_body(br#"{"name":"Signup","url":"https://a.be/x?y=1","domain":"a.be, b.be","props":{"plan":"pro","n":3},"revenue":{"amount":"12.50","currency":"eur"},"interactive":false}"#).unwrap();
        assert_eq!(e.name, "Signup");
        assert_eq!(e.domains, vec!["a.be", "b.be"]);
        assert_eq!(
            e.props,
            vec![("n".into(), "3".into()), ("plan".into(), "pro".into())]
        );
        assert_eq!(e.revenue.unwrap().to_string(), "12.5 EUR");
        assert!(!e.interactive);
        let s = parse_event_body(
            br#"{"n":"pageview","u":"https://a.be/","d":"a.be","r":"https://google.com/"}"#,
        )
        .unwrap();
        assert_eq!(s.referrer.as_deref(), Some("https://google.com/"));
        assert!(s.interactive);
    }

    #[test]
    fn accepts_ga4_ecommerce_events() {
        let e = parse_event_body(br##"{"name":"purchase","url":"https://a.be/thanks","domain":"a.be",
            "props":{"transaction_id":"#1001","value":59.9,"currency":"EUR","coupon":"SPRING",
                     "items":[{"item_id":"BIKE-1","item_name":"Bike","item_category":"bikes","price":49.95,"quantity":1,"item_brand":"X"},
                              {"item_id":"BELL-1","price":"9.95"}]}}"##).unwrap();
        assert_eq!(e.revenue.unwrap().to_string(), "59.9 EUR");
        let props: std::collections::BTreeMap<_, _> = e.props.into_iter().collect();
        assert_eq!(props["transaction_id"], "#1001");
        assert_eq!(props["value"], "59.9");
        assert_eq!(
            props["items"],
            r#"[{"item_id":"BIKE-1","item_name":"Bike","item_category":"bikes","price":"49.95","quantity":1},{"item_id":"BELL-1","price":"9.95"}]"#
        );
        // An explicit revenue wins; other events keep items out of props.
        let e = parse_event_body(br#"{"name":"add_to_cart","url":"https://a.be/","domain":"a.be","props":{"value":"10","currency":"EUR"},"revenue":{"amount":"12","currency":"EUR"}}"#).unwrap();
        assert_eq!(e.revenue.unwrap().to_string(), "12 EUR");
        assert_eq!(
            parse_event_body(
                br#"{"name":"Signup","url":"https://a.be/","domain":"a.be","props":{"items":[1]}}"#
            )
            .unwrap_err()
            .field,
            "props.items"
        );
        let cases: &[(&[u8], &str)] = &[
            (br#"{"name":"purchase","url":"https://a.be/","domain":"a.be","props":{"value":10}}"#, "props.currency"),
            (br#"{"name":"purchase","url":"https://a.be/","domain":"a.be","props":{"value":"ten","currency":"EUR"}}"#, "props.value"),
            (br##"{"name":"purchase","url":"https://a.be/","domain":"a.be","props":{"transaction_id":"#"}}"##, "props.transaction_id"),
            (br#"{"name":"view_item","url":"https://a.be/","domain":"a.be","props":{"items":[{"item_id":"A","quantity":0}]}}"#, "props.items[0].quantity"),
        ];
        for (body, field) in cases {
            assert_eq!(
                parse_event_body(body).unwrap_err().field,
                *field,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn names_the_field_at_fault() {
        let cases: &[(&[u8], &str)] = &[
            (b"{nope", "body"),
            (br#"{"url":"https://a.be/","domain":"a.be"}"#, "name"),
            (br#"{"name":"pageview","domain":"a.be"}"#, "url"),
            (br#"{"name":"pageview","url":"ftp://a.be/","domain":"a.be"}"#, "url"),
            (br#"{"name":"pageview","url":"https://a.be/"}"#, "domain"),
            (br#"{"name":"x","url":"https://a.be/","domain":"a.be","props":{"k":[1]}}"#, "props.k"),
            (br#"{"name":"x","url":"https://a.be/","domain":"a.be","revenue":{"amount":1}}"#, "revenue.currency"),
            (br#"{"name":"x","url":"https://a.be/","domain":"a.be","revenue":{"amount":"x","currency":"EUR"}}"#, "revenue.amount"),
        ];
        for (body, field) in cases {
            assert_eq!(
                parse_event_body(body).unwrap_err().field,
                *field,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
