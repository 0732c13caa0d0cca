//! Gathering good records into batches for the writer, and the report.
use crate::ImportError;
use serde::Serialize;
use std::sync::mpsc::{sync_channel, SyncSender};

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

impl Counts {
    fn add(&mut self, other: Counts) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// An import under way: good records are batched for the writer, which
/// stores them on its own thread while the next batch is read (on two
/// cores, parsing and storing overlap); rejected rows are listed.
pub(crate) struct Import<T> {
    batch: Vec<T>,
    size: usize,
    sender: Option<SyncSender<Vec<T>>>,
    rejected: Vec<Rejection>,
}

/// The writer is gone; its own error is what the import reports.
const WRITER_GONE: &str = "the writer stopped";

impl<T> Import<T> {
    /// A good record.
    pub(crate) fn accept(&mut self, record: T) -> Result<(), ImportError> {
        self.batch.push(record);
        if self.batch.len() >= self.size {
            self.flush()?;
        }
        Ok(())
    }

    /// A rejected row.
    pub(crate) fn reject(&mut self, line: usize, reason: impl Into<String>) {
        self.rejected.push(Rejection {
            line,
            reason: reason.into(),
        });
    }

    fn flush(&mut self) -> Result<(), ImportError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.batch, Vec::with_capacity(self.size.min(1 << 16)));
        match &self.sender {
            Some(s) => s
                .send(full)
                .map_err(|_| ImportError::Store(WRITER_GONE.into())),
            None => Err(ImportError::Store(WRITER_GONE.into())),
        }
    }
}

/// Runs `read`, which hands records to an [`Import`], with `write`
/// storing batches of `size` records on a second thread.
pub(crate) fn run<T: Send, W>(
    size: usize,
    mut write: W,
    read: impl FnOnce(&mut Import<T>) -> Result<(), ImportError>,
) -> Result<ImportReport, ImportError>
where
    W: FnMut(&[T]) -> Result<Counts, String> + Send,
{
    let size = size.max(1);
    std::thread::scope(|scope| {
        // One batch waits while the writer stores another.
        let (tx, rx) = sync_channel::<Vec<T>>(1);
        let writer = scope.spawn(move || -> Result<Counts, String> {
            let mut total = Counts::default();
            for batch in rx {
                total.add(write(&batch)?);
            }
            Ok(total)
        });
        let mut import = Import {
            batch: Vec::with_capacity(size.min(1 << 16)),
            size,
            sender: Some(tx),
            rejected: Vec::new(),
        };
        let read = read(&mut import).and_then(|_| import.flush());
        import.sender = None;
        let written = writer
            .join()
            .map_err(|_| ImportError::Store("the writer panicked".into()))?;
        // The writer's error explains a failed send better than the send.
        let counts = written.map_err(ImportError::Store)?;
        read?;
        let mut rejected = import.rejected;
        rejected.sort_by_key(|r| r.line);
        Ok(ImportReport {
            imported: counts.inserted,
            updated: counts.updated,
            unchanged: counts.unchanged,
            rejected,
        })
    })
}
