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
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ParseError {}
