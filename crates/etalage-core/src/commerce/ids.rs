//! The shop's own identifiers (order numbers, SKUs, customer ids) and
//! e-mail addresses: the keys that make imports and API calls idempotent.
use crate::ParseError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest accepted identifier.
const MAX_ID: usize = 100;

fn clean_id(field: &str, input: &str, what: &str) -> Result<String, ParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ParseError::new(field, format!("is empty; give the {what}")));
    }
    if s.chars().count() > MAX_ID {
        return Err(ParseError::new(
            field,
            format!("is longer than {MAX_ID} characters"),
        ));
    }
    if s.chars().any(char::is_control) {
        return Err(ParseError::new(field, "may not contain control characters"));
    }
    Ok(s.to_string())
}

macro_rules! shop_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ParseError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $name::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

shop_id!(
    /// A product's stock-keeping unit, as the shop writes it (case kept).
    Sku
);

impl Sku {
    /// Parses a SKU: 1 to 100 characters, surrounding spaces removed.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        clean_id("sku", input, "product's SKU").map(Sku)
    }
}

shop_id!(
    /// The shop's order number. A leading `#` (Shopify writes `#1001`) is
    /// dropped, so `#1001`, `1001` and a tracker's `transaction_id` of
    /// `1001` are the same order.
    OrderId
);

impl OrderId {
    /// Parses an order number: 1 to 100 characters after dropping
    /// surrounding spaces and one leading `#`.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim();
        let s = s.strip_prefix('#').unwrap_or(s);
        clean_id("order_id", s, "shop's order number").map(OrderId)
    }
}

shop_id!(
    /// The shop's own id of a customer (an account number).
    CustomerId
);

impl CustomerId {
    /// Parses a customer id: 1 to 100 characters, surrounding spaces removed.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        clean_id("customer_id", input, "shop's customer id").map(CustomerId)
    }
}

/// An e-mail address, normalised to lower case so the same person is
/// recognised however the shop wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Parses an address: one `@`, something before it, a host with a dot
    /// after it, no spaces.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim().to_lowercase();
        let bad = || {
            ParseError::new(
                "email",
                format!("{input:?} is not an e-mail address such as name@shop.example"),
            )
        };
        let (local, host) = s.split_once('@').ok_or_else(bad)?;
        if local.is_empty()
            || host.len() < 3
            || !host.contains('.')
            || host.starts_with('.')
            || host.ends_with('.')
            || host.contains('@')
            || s.len() > 254
            || s.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(bad());
        }
        Ok(Email(s))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_trimmed_and_order_numbers_lose_their_hash() {
        assert_eq!(OrderId::parse(" #1001 ").unwrap().as_str(), "1001");
        assert_eq!(OrderId::parse("FE-1").unwrap().as_str(), "FE-1");
        assert_eq!(OrderId::parse("#").unwrap_err().field, "order_id");
        assert_eq!(Sku::parse(" BK-1 ").unwrap().as_str(), "BK-1");
        assert_eq!(Sku::parse("").unwrap_err().field, "sku");
        assert!(CustomerId::parse(&"x".repeat(101)).is_err());
    }

    #[test]
    fn emails_are_lower_case() {
        assert_eq!(
            Email::parse(" An@Fietsen.Example ").unwrap().as_str(),
            "an@fietsen.example"
        );
        for bad in ["an", "@x.be", "an@be", "an@.be", "a n@x.be", "a@b@x.be"] {
            assert_eq!(Email::parse(bad).unwrap_err().field, "email", "{bad}");
        }
    }
}
