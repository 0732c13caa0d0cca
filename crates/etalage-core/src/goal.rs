use crate::{Money, ParseError};
use serde::{Deserialize, Serialize};

/// Soft conversions (newsletter signup, download) have indirect value; hard
/// ones (purchase, contact request) have direct commercial value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GoalClass {
    /// Indirect value.
    Soft,
    /// Direct commercial value.
    Hard,
}

impl GoalClass {
    /// Parses `soft` or `hard`.
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "soft" => Ok(GoalClass::Soft),
            "hard" => Ok(GoalClass::Hard),
            _ => Err(ParseError::new(
                "class",
                format!("{s:?} is not a goal class; use soft or hard"),
            )),
        }
    }

    /// `soft` or `hard`.
    pub fn as_str(&self) -> &'static str {
        match self {
            GoalClass::Soft => "soft",
            GoalClass::Hard => "hard",
        }
    }
}

/// A page path pattern: `*` matches within one path segment, `**` across
/// segments. `/thanks`, `/blog/*`, `/shop/**/checkout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PagePattern(String);

impl PagePattern {
    /// Parses a pattern; it must start with `/`.
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let s = s.trim();
        if !s.starts_with('/') {
            return Err(ParseError::new(
                "page",
                format!("{s:?} must start with '/', like /thank-you or /blog/*"),
            ));
        }
        if s.chars().any(char::is_whitespace) {
            return Err(ParseError::new(
                "page",
                "a page pattern may not contain spaces",
            ));
        }
        Ok(PagePattern(s.to_string()))
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An anchored regular expression equivalent to the pattern.
    pub fn to_regex(&self) -> String {
        let mut re = String::from("^");
        let mut chars = self.0.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '*' if chars.peek() == Some(&'*') => {
                    chars.next();
                    re.push_str(".*");
                }
                '*' => re.push_str("[^/]*"),
                c if "\\.+?()[]{}|^$".contains(c) => {
                    re.push('\\');
                    re.push(c);
                }
                c => re.push(c),
            }
        }
        re.push('$');
        re
    }

    /// Whether a path matches.
    pub fn matches(&self, path: &str) -> bool {
        fn go(p: &[u8], s: &[u8]) -> bool {
            match p.first() {
                None => s.is_empty(),
                Some(b'*') if p.get(1) == Some(&b'*') => {
                    (0..=s.len()).any(|i| go(&p[2..], &s[i..]))
                }
                Some(b'*') => {
                    let seg = s.iter().position(|&b| b == b'/').unwrap_or(s.len());
                    (0..=seg).any(|i| go(&p[1..], &s[i..]))
                }
                Some(&c) => s.first() == Some(&c) && go(&p[1..], &s[1..]),
            }
        }
        go(self.0.as_bytes(), path.as_bytes())
    }
}

impl TryFrom<String> for PagePattern {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        PagePattern::parse(&s)
    }
}

impl From<PagePattern> for String {
    fn from(p: PagePattern) -> String {
        p.0
    }
}

/// What makes an event a conversion for a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "match")]
pub enum GoalTrigger {
    /// A pageview whose path matches.
    Page(PagePattern),
    /// A custom event with this name.
    Event(String),
}

/// A conversion the site owner counts, with an optional money value per
/// conversion (a contact request worth €40 when 10 requests bring 2
/// customers worth €200 each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Internal id.
    pub id: u32,
    /// Display name, unique within the site.
    pub name: String,
    /// What triggers it.
    pub trigger: GoalTrigger,
    /// Soft or hard.
    pub class: GoalClass,
    /// Money value per conversion.
    pub value: Option<Money>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_patterns_match_like_their_regex() {
        let p = PagePattern::parse("/blog/*").unwrap();
        assert!(p.matches("/blog/a"));
        assert!(!p.matches("/blog/a/b"));
        assert_eq!(p.to_regex(), "^/blog/[^/]*$");
        let p = PagePattern::parse("/shop/**/done").unwrap();
        assert!(p.matches("/shop/x/y/done"));
        assert!(!p.matches("/shop/done/x"));
        assert_eq!(PagePattern::parse("/a.b").unwrap().to_regex(), "^/a\\.b$");
        assert!(PagePattern::parse("thanks").is_err());
    }
}
