//! The one error type of this crate; messages are written for people.

/// Everything that can go wrong in `etalage-value`.
///
/// Each message says what was wrong, where, and what to do about it.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum Error {
    /// A row of the transactions CSV could not be read.
    #[error("line {line}, field `{field}`: {problem}; {hint}")]
    Csv {
        /// 1-based line number in the file (the header is line 1).
        line: u64,
        /// Name of the offending column (or `header`).
        field: String,
        /// What was wrong.
        problem: String,
        /// What to do about it.
        hint: String,
    },
    /// There is nothing to work on (no transactions, or none before the calibration end).
    #[error("no data: {0}")]
    NoData(String),
    /// The data cannot identify the model's parameters (too few customers or repeat purchases).
    #[error("not enough data to fit {model}: {reason}")]
    NotEnoughData {
        /// Which model.
        model: &'static str,
        /// Why, and what would help.
        reason: String,
    },
    /// The optimiser did not reach a usable maximum of the likelihood.
    #[error("fitting {model} failed: {reason}")]
    FitFailed {
        /// Which model.
        model: &'static str,
        /// What happened.
        reason: String,
    },
    /// An option was out of range.
    #[error("invalid option `{name}`: {reason}")]
    InvalidOption {
        /// Name of the option.
        name: &'static str,
        /// Why it is invalid and which values are accepted.
        reason: String,
    },
}

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
