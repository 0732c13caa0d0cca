use std::fmt;

/// A value at the edge of the program was not valid.
///
/// `field` names what was being parsed (`domain`, `timezone`, …) and
/// `message` says what was wrong and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The name of the field or value that failed to parse.
    pub field: String,
    /// What was wrong and what a valid value looks like.
    pub message: String,
}

impl ParseError {
    /// A new error for `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error, located inside `outer`: `quantity` within `lines[0]`
    /// becomes `lines[0].quantity`; `[3]` + `lines[0].quantity` becomes
    /// `[3].lines[0].quantity`.
    pub fn within(mut self, outer: &str) -> Self {
        self.field = if self.field.is_empty() {
            outer.to_string()
        } else if self.field.starts_with('[') || outer.is_empty() {
            format!("{outer}{}", self.field)
        } else {
            format!("{outer}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ParseError {}
