//! Gathering good records into batches for the writer, and the report.
use crate::ImportError;
use serde::Serialize;

/// A row (or record) that was not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// 1-based line of the file (the header is line 1); for JSON input,
    /// the 1-based position of the record.
    pub line: usize,
    /// What was wrong, naming the column or field.
    pub reason: String,
}

/// What the writer did with a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// New records.
    pub inserted: usize,
    /// Records that replaced a different stored version.
    pub updated: usize,
    /// Records stored before with the same content.
    pub unchanged: usize,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Records stored for the first time.
    pub imported: usize,
    /// Records that changed stored ones.
    pub updated: usize,
    /// Records already stored as they are.
    pub unchanged: usize,
    /// Rows not imported, with the reason, in the order of the file.
    pub rejected: Vec<Rejection>,
}

/// An import under way: good records are batched for the writer, rejected
/// ones are listed.
pub struct Import<T, W> {
    batch: Vec<T>,
    size: usize,
    write: W,
    report: ImportReport,
}

impl<T, W: FnMut(&[T]) -> Result<Counts, String>> Import<T, W> {
    /// An import writing batches of `size` records with `write`.
    pub fn new(size: usize, write: W) -> Self {
        Import {
            batch: Vec::with_capacity(size.min(1 << 16)),
            size: size.max(1),
            write,
            report: ImportReport::default(),
        }
    }

    /// A good record.
    pub fn accept(&mut self, record: T) -> Result<(), ImportError> {
        self.batch.push(record);
        if self.batch.len() >= self.size {
            self.flush()?;
        }
        Ok(())
    }

    /// A rejected row.
    pub fn reject(&mut self, line: usize, reason: impl Into<String>) {
        self.report.rejected.push(Rejection {
            line,
            reason: reason.into(),
        });
    }

    fn flush(&mut self) -> Result<(), ImportError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let c = (self.write)(&self.batch).map_err(ImportError::Store)?;
        self.report.imported += c.inserted;
        self.report.updated += c.updated;
        self.report.unchanged += c.unchanged;
        self.batch.clear();
        Ok(())
    }

    /// Writes what is left and returns the report (rejections by line).
    pub fn finish(mut self) -> Result<ImportReport, ImportError> {
        self.flush()?;
        self.report.rejected.sort_by_key(|r| r.line);
        Ok(self.report)
    }
}
