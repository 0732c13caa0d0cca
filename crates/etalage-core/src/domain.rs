use crate::ParseError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The domain of a tracked website, such as `fietsen.example`.
///
/// Parsing is forgiving about what people paste (a scheme, a path, a leading
/// `www.`, upper case) and strict about what is left: a valid host name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Domain(String);

impl Domain {
    /// Parses a domain, normalising it to lower case without `www.`.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let mut s = input.trim().to_ascii_lowercase();
        for scheme in ["https://", "http://"] {
            if let Some(rest) = s.strip_prefix(scheme) {
                s = rest.to_string();
            }
        }
        if let Some(i) = s.find(['/', '?', '#']) {
            s.truncate(i);
        }
        if let Some(rest) = s.strip_prefix("www.") {
            s = rest.to_string();
        }
        let err = |m: &str| {
            Err(ParseError::new(
                "domain",
                format!("{m} (got {input:?}); use a host name such as shop.example.com"),
            ))
        };
        if s.is_empty() {
            return err("the domain is empty");
        }
        if s.len() > 253 {
            return err("the domain is longer than 253 characters");
        }
        let host = s.split(':').next().unwrap_or_default();
        for label in host.split('.') {
            if label.is_empty() || label.len() > 63 {
                return err("each part between dots must have 1 to 63 characters");
            }
            if label.starts_with('-') || label.ends_with('-') {
                return err("a part of the domain may not start or end with '-'");
            }
            if !label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return err("only letters, digits, '-' and '.' are allowed");
            }
        }
        if let Some(port) = s.split(':').nth(1) {
            if port.parse::<u16>().is_err() {
                return err("the port after ':' must be a number");
            }
        }
        Ok(Domain(s))
    }

    /// The normalised domain.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Domain {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Domain::parse(&s)
    }
}

impl From<Domain> for String {
    fn from(d: Domain) -> String {
        d.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_what_people_paste() {
        assert_eq!(Domain::parse("WWW.Shop.BE").unwrap().as_str(), "shop.be");
        assert_eq!(
            Domain::parse("https://shop.be/a?b").unwrap().as_str(),
            "shop.be"
        );
        assert_eq!(
            Domain::parse("localhost:8080").unwrap().as_str(),
            "localhost:8080"
        );
    }

    #[test]
    fn rejects_invalid_hosts() {
        for bad in ["", "shop..be", "-shop.be", "sh op.be", "shop.be:http"] {
            let e = Domain::parse(bad).unwrap_err();
            assert_eq!(e.field, "domain", "{bad}");
        }
    }
}
