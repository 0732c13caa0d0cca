use crate::ParseError;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An ISO 4217 currency code in upper case, such as `EUR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    /// The euro.
    pub const EUR: Currency = Currency(*b"EUR");

    /// Parses a three-letter currency code (any case).
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let b = input.trim().as_bytes();
        if b.len() != 3 || !b.iter().all(u8::is_ascii_alphabetic) {
            return Err(ParseError::new(
                "currency",
                format!("{input:?} is not a three-letter ISO 4217 currency code such as EUR"),
            ));
        }
        Ok(Currency([
            b[0].to_ascii_uppercase(),
            b[1].to_ascii_uppercase(),
            b[2].to_ascii_uppercase(),
        ]))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Currency {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Currency::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_string()
    }
}

/// An amount of money: a decimal (never a float) with its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// The amount, with at most 4 decimals.
    pub amount: Decimal,
    /// The currency of the amount.
    pub currency: Currency,
}

impl Money {
    /// Parses an amount (`40`, `12.50`; a decimal comma is accepted) and a currency.
    pub fn parse(amount: &str, currency: &str) -> Result<Self, ParseError> {
        let currency = Currency::parse(currency)?;
        let text = amount.trim().replace(',', ".");
        let amount = Decimal::from_str(&text).map_err(|_| {
            ParseError::new(
                "amount",
                format!("{amount:?} is not a number such as 40 or 12.50"),
            )
        })?;
        Self::new(amount, currency)
    }

    /// An amount in a currency; rejects amounts with more than 4 decimals
    /// or beyond ±10^13, which no shop figure reaches.
    pub fn new(amount: Decimal, currency: Currency) -> Result<Self, ParseError> {
        if amount.scale() > 4 && amount.normalize().scale() > 4 {
            return Err(ParseError::new("amount", "use at most 4 decimals"));
        }
        if amount.abs() >= Decimal::from(10_000_000_000_000i64) {
            return Err(ParseError::new("amount", "the amount is too large"));
        }
        Ok(Money {
            amount: amount.normalize(),
            currency,
        })
    }

    /// Parses a JSON number or string amount, as sent by trackers.
    pub fn from_json(amount: &serde_json::Value, currency: &str) -> Result<Self, ParseError> {
        match amount {
            serde_json::Value::Number(n) => Self::parse(&n.to_string(), currency),
            serde_json::Value::String(s) => Self::parse(s, currency),
            _ => Err(ParseError::new("amount", "must be a number such as 12.50")),
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_amounts_exactly() {
        let m = Money::parse("12,50", "eur").unwrap();
        assert_eq!(m.amount, Decimal::new(125, 1));
        assert_eq!(m.currency, Currency::EUR);
        assert_eq!(m.to_string(), "12.5 EUR");
        assert!(Money::parse("ten", "EUR").is_err());
        assert_eq!(Money::parse("1", "EURO").unwrap_err().field, "currency");
        assert!(Money::parse("0.00001", "EUR").is_err());
    }
}
