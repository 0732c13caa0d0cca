//! The durable append-only ingest log.
//!
//! An event is answered `202` only after its record is written and
//! `fdatasync`ed here; a batch writer then moves records into the store,
//! recording in the same transaction how far the log has been applied. At
//! start, records after that checkpoint are replayed, so nothing answered
//! `202` is lost to a crash and nothing is stored twice.
//!
//! A segment file is a run of records `[len: u32 LE][crc32: u32 LE][payload]`.
//! A torn record at the end of the last segment (a crash mid-write, never
//! acknowledged) is ignored.
use etalage_store::Checkpoint;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Segments are rotated when they grow past this size.
const SEGMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Appends records to the current segment.
pub struct LogWriter {
    dir: PathBuf,
    segment: u64,
    file: File,
    offset: u64,
}

fn segment_path(dir: &Path, segment: u64) -> PathBuf {
    dir.join(format!("{segment:012}.log"))
}

/// Segment numbers present in `dir`, ascending.
pub fn segments(dir: &Path) -> io::Result<Vec<u64>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if let Some(n) = name
            .strip_suffix(".log")
            .and_then(|s| s.parse::<u64>().ok())
        {
            out.push(n);
        }
    }
    out.sort_unstable();
    Ok(out)
}

impl LogWriter {
    /// Starts a new segment after every existing one.
    pub fn create(dir: &Path) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        let segment = segments(dir)?.last().map_or(1, |s| s + 1);
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(segment_path(dir, segment))?;
        sync_dir(dir)?;
        Ok(LogWriter {
            dir: dir.to_path_buf(),
            segment,
            file,
            offset: 0,
        })
    }

    /// The number of the segment being written.
    pub fn segment(&self) -> u64 {
        self.segment
    }

    /// Writes the records and makes them durable; returns the position
    /// after the last one.
    pub fn append(&mut self, payloads: &[Vec<u8>]) -> io::Result<Checkpoint> {
        if self.offset >= SEGMENT_BYTES {
            *self = LogWriter::create(&self.dir)?;
        }
        let total: usize = payloads.iter().map(|p| p.len() + 8).sum();
        let mut buf = Vec::with_capacity(total);
        for p in payloads {
            buf.extend_from_slice(&(p.len() as u32).to_le_bytes());
            buf.extend_from_slice(&crc32fast::hash(p).to_le_bytes());
            buf.extend_from_slice(p);
        }
        self.file.write_all(&buf)?;
        self.file.sync_data()?;
        self.offset += buf.len() as u64;
        Ok(Checkpoint {
            segment: self.segment,
            offset: self.offset,
        })
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Reads every complete record after `from` (or from the start), calling
/// `each` with the record and the position after it.
pub fn replay(
    dir: &Path,
    from: Option<Checkpoint>,
    mut each: impl FnMut(&[u8], Checkpoint) -> io::Result<()>,
) -> io::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for segment in segments(dir)? {
        let start = match from {
            Some(cp) if segment < cp.segment => continue,
            Some(cp) if segment == cp.segment => cp.offset,
            _ => 0,
        };
        let mut file = File::open(segment_path(dir, segment))?;
        file.seek(SeekFrom::Start(start))?;
        let mut r = BufReader::with_capacity(1 << 20, file);
        let mut offset = start;
        let mut header = [0u8; 8];
        let mut payload = Vec::new();
        loop {
            if read_full(&mut r, &mut header)? < 8 {
                break;
            }
            let len = u32::from_le_bytes(header[..4].try_into().expect("4 bytes")) as usize;
            let crc = u32::from_le_bytes(header[4..].try_into().expect("4 bytes"));
            payload.resize(len, 0);
            if read_full(&mut r, &mut payload)? < len || crc32fast::hash(&payload) != crc {
                tracing::warn!(
                    segment,
                    offset,
                    "ignoring a torn record at the end of the ingest log"
                );
                break;
            }
            offset += 8 + len as u64;
            each(&payload, Checkpoint { segment, offset })?;
        }
    }
    Ok(())
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Deletes segments entirely before `cp` (already applied to the store).
pub fn remove_applied(dir: &Path, cp: Checkpoint) -> io::Result<()> {
    for segment in segments(dir)? {
        if segment < cp.segment {
            fs::remove_file(segment_path(dir, segment))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_after_checkpoint_and_ignores_a_torn_tail() {
        let dir = std::env::temp_dir().join(format!("etalage-log-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut w = LogWriter::create(&dir).unwrap();
        let cp1 = w.append(&[b"a".to_vec(), b"bb".to_vec()]).unwrap();
        let cp2 = w.append(&[b"ccc".to_vec()]).unwrap();
        assert_eq!(
            cp1,
            Checkpoint {
                segment: 1,
                offset: 8 + 1 + 8 + 2
            }
        );
        // A crash mid-write leaves half a record.
        w.file.write_all(&[9, 0, 0, 0, 1]).unwrap();
        let mut seen = Vec::new();
        replay(&dir, None, |p, cp| {
            seen.push((p.to_vec(), cp));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen.len(), 3);
        assert_eq!(seen[2], (b"ccc".to_vec(), cp2));
        let mut after = Vec::new();
        replay(&dir, Some(cp1), |p, _| {
            after.push(p.to_vec());
            Ok(())
        })
        .unwrap();
        assert_eq!(after, vec![b"ccc".to_vec()]);
        // A new writer starts a new segment; the old one goes once applied.
        let mut w2 = LogWriter::create(&dir).unwrap();
        let cp3 = w2.append(&[b"d".to_vec()]).unwrap();
        assert_eq!(cp3.segment, 2);
        remove_applied(&dir, cp3).unwrap();
        assert_eq!(segments(&dir).unwrap(), vec![2]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
