use thiserror::Error;

/// An API error, with the HTTP status it maps to.
#[derive(Debug, Error)]
pub enum ApiError {
    /// The request is invalid; the message says what is supported.
    #[error("{0}")]
    BadRequest(String),
    /// The site (or another named thing) does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The store failed.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest(_) => 400,
            ApiError::NotFound(_) => 404,
            ApiError::Internal(_) => 500,
        }
    }
}

impl From<etalage_store::StoreError> for ApiError {
    fn from(e: etalage_store::StoreError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<etalage_core::ParseError> for ApiError {
    fn from(e: etalage_core::ParseError) -> Self {
        ApiError::BadRequest(e.to_string())
    }
}
