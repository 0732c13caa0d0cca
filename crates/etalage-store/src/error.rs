use thiserror::Error;

/// What went wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database reported an error.
    #[error("database error: {0}")]
    Database(#[from] duckdb::Error),
    /// The data directory could not be used.
    #[error("{0}")]
    Io(String),
    /// A unique value is already taken.
    #[error("{0}")]
    Conflict(String),
    /// Stored data could not be read back into domain types.
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}
