use crate::ParseError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 3166-1 alpha-2 country code in upper case, such as `BE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country([u8; 2]);

impl Country {
    /// Parses a two-letter country code (any case).
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let s = input.trim();
        let b = s.as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_alphabetic) {
            return Err(ParseError::new(
                "country",
                format!("{input:?} is not a two-letter ISO 3166 country code such as BE or NL"),
            ));
        }
        Ok(Country([
            b[0].to_ascii_uppercase(),
            b[1].to_ascii_uppercase(),
        ]))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Country {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Country::parse(&s)
    }
}

impl From<Country> for String {
    fn from(c: Country) -> String {
        c.as_str().to_string()
    }
}
