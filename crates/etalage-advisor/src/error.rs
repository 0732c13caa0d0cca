//! Errors of the advisor, written for the person who has to fix the input.

use std::fmt;

use crate::answers::AnswerError;

/// Content that could not be loaded: every file with a problem, and what the
/// problem is. All files are read before this is returned, so one run shows
/// every broken file, not just the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The problems found, one per file (or more).
    pub problems: Vec<FileProblem>,
}

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// The file, as a path on disk or (for embedded content) relative to `content/`.
    pub file: String,
    /// What is wrong, and where in the file when known.
    pub message: String,
}

impl LoadError {
    pub(crate) fn one(file: impl Into<String>, message: impl Into<String>) -> LoadError {
        LoadError {
            problems: vec![FileProblem {
                file: file.into(),
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "could not load {}: {}", one.file, one.message),
            many => {
                write!(f, "could not load {} content files:", many.len())?;
                for p in many {
                    write!(f, "\n  {}: {}", p.file, p.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Anything [`run_advise`](crate::run_advise) can fail on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content (questionnaire or knowledge base) could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The answers were not valid JSON, or named unknown questions or answers.
    #[error(transparent)]
    Answers(#[from] AnswerError),
}
