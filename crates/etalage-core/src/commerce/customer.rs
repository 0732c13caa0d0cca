//! The shop's customers: who they are to the shop (an id, an e-mail
//! address), where they live, and whether they agreed to marketing.
use super::ids::{CustomerId, Email};
use super::record::{JsonRecord, ReadOptions, Reader};
use crate::{Country, ParseError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Whether a customer buys as a business or as a consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CustomerKind {
    /// A company (B2B).
    Business,
    /// A private person (B2C).
    Consumer,
}

impl CustomerKind {
    /// Parses `business` or `consumer` (also `b2b`, `b2c`).
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        match input.trim().to_ascii_lowercase().as_str() {
            "business" | "b2b" => Ok(CustomerKind::Business),
            "consumer" | "b2c" => Ok(CustomerKind::Consumer),
            _ => Err(ParseError::new(
                "kind",
                format!("{input:?} is not a kind of customer; use business or consumer"),
            )),
        }
    }

    /// `business` or `consumer`.
    pub fn as_str(&self) -> &'static str {
        match self {
            CustomerKind::Business => "business",
            CustomerKind::Consumer => "consumer",
        }
    }
}

/// How the shop knows a customer: by its own customer id, else by e-mail
/// address. At least one of the two is present.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CustomerRef {
    /// The shop's id of the customer.
    pub customer_id: Option<CustomerId>,
    /// The customer's e-mail address (lower case).
    pub email: Option<Email>,
}

impl CustomerRef {
    /// Reads `customer_id` and `email`; `None` when both are absent.
    pub fn from_record(r: &Reader<'_>) -> Result<Option<Self>, ParseError> {
        let customer_id = r.parsed("customer_id", CustomerId::parse)?;
        let email = r.parsed("email", Email::parse)?;
        Ok(
            (customer_id.is_some() || email.is_some())
                .then_some(CustomerRef { customer_id, email }),
        )
    }

    /// The key the shop's data names this customer by: the id when there
    /// is one, else the e-mail address.
    pub fn key(&self) -> String {
        match (&self.customer_id, &self.email) {
            (Some(id), _) => format!("id:{id}"),
            (None, Some(e)) => format!("email:{e}"),
            (None, None) => String::new(),
        }
    }
}

/// A customer's answer to marketing: given or refused, when, and where
/// (the proof GDPR asks a shop to keep).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketingConsent {
    /// True when the customer agreed to receive marketing.
    pub given: bool,
    /// When the customer answered (required when consent was given).
    pub at: Option<DateTime<Utc>>,
    /// Where the answer was given (`checkout`, `newsletter form`, …;
    /// required when consent was given).
    pub source: Option<String>,
}

/// A customer of the shop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// How the shop knows the customer.
    pub identity: CustomerRef,
    /// The customer's name.
    pub name: Option<String>,
    /// Country of residence or billing.
    pub country: Option<Country>,
    /// Business or consumer.
    pub kind: Option<CustomerKind>,
    /// The answer to marketing, when the shop asked.
    pub marketing_consent: Option<MarketingConsent>,
}

impl Customer {
    /// Fields of a customer, as named in the API and in CSV files.
    pub const FIELDS: &'static [&'static str] = &[
        "customer_id",
        "email",
        "name",
        "country",
        "kind",
        "marketing_consent",
        "marketing_consent_at",
        "marketing_consent_source",
    ];

    /// Reads a customer from a record.
    pub fn from_record(r: &Reader<'_>) -> Result<Self, ParseError> {
        let identity = CustomerRef::from_record(r)?.ok_or_else(|| {
            ParseError::new(
                "customer_id",
                "is missing; give the shop's customer id or the e-mail address (or both)",
            )
        })?;
        let given = r.boolean("marketing_consent")?;
        let at = r.timestamp("marketing_consent_at")?;
        let source = r.text("marketing_consent_source")?;
        let marketing_consent = match given {
            None if at.is_some() || source.is_some() => {
                return Err(ParseError::new(
                    "marketing_consent",
                    "is missing; say true or false along with marketing_consent_at",
                ))
            }
            None => None,
            Some(true) if at.is_none() => {
                return Err(ParseError::new(
                    "marketing_consent_at",
                    "is missing; consent must say when it was given",
                ))
            }
            Some(true) if source.is_none() => return Err(ParseError::new(
                "marketing_consent_source",
                "is missing; consent must say where it was given (checkout, newsletter form, …)",
            )),
            Some(given) => Some(MarketingConsent { given, at, source }),
        };
        Ok(Customer {
            identity,
            name: r.text("name")?,
            country: r.country("country")?,
            kind: r.parsed("kind", CustomerKind::parse)?,
            marketing_consent,
        })
    }

    /// Reads a customer sent as JSON.
    pub fn from_json(value: &Value, options: &ReadOptions) -> Result<Self, ParseError> {
        let record = JsonRecord::new(value, Customer::FIELDS)?;
        Customer::from_record(&Reader::new(&record, options))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn consent_needs_its_date_and_source() {
        let o = ReadOptions::default();
        let c = Customer::from_json(
            &json!({"email": "A@B.example", "kind": "b2b", "marketing_consent": true,
                    "marketing_consent_at": "2026-05-01", "marketing_consent_source": "checkout"}),
            &o,
        )
        .unwrap();
        assert_eq!(c.identity.key(), "email:a@b.example");
        assert_eq!(c.kind, Some(CustomerKind::Business));
        assert!(c.marketing_consent.unwrap().given);
        let err = |v: Value| Customer::from_json(&v, &o).unwrap_err().to_string();
        assert_eq!(
            err(
                json!({"email": "a@b.example", "marketing_consent": "yes", "marketing_consent_source": "x"})
            ),
            "marketing_consent_at: is missing; consent must say when it was given"
        );
        assert!(err(json!({"name": "An"})).starts_with("customer_id: is missing"));
        assert!(
            Customer::from_json(&json!({"customer_id": 42, "marketing_consent": false}), &o)
                .is_ok()
        );
    }
}
