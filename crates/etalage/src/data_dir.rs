//! The data directory and who holds it. A running server holds an exclusive
//! lock on `etalage.lock` and describes itself in `server.json`; commands
//! that write directly take the same lock, or explain who has it.
use anyhow::{bail, Context};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// An exclusively held data directory.
pub struct DataDir {
    path: PathBuf,
    _lock: File,
}

impl DataDir {
    /// Creates the directory when needed and takes its lock.
    pub fn lock(path: &Path) -> anyhow::Result<DataDir> {
        std::fs::create_dir_all(path)
            .with_context(|| format!("cannot create the data directory {}", path.display()))?;
        let lock_path = path.join("etalage.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("cannot open {}", lock_path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(DataDir {
                path: path.to_path_buf(),
                _lock: file,
            }),
            Err(TryLockError::WouldBlock) => {
                let who = std::fs::read_to_string(path.join("server.json"))
                    .ok()
                    .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                    .map(|v| {
                        format!(
                            "the etalage server (pid {}, listening on {})",
                            v["pid"],
                            v["listen"].as_str().unwrap_or("?")
                        )
                    })
                    .unwrap_or_else(|| "another etalage process".into());
                bail!(
                    "the data directory {} is in use by {who}; stop it first, or make this change through the running server",
                    path.display()
                )
            }
            Err(TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("cannot lock {}", lock_path.display()))
            }
        }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The database file.
    pub fn database(&self) -> PathBuf {
        self.path.join("etalage.duckdb")
    }

    /// Records which server holds the directory.
    pub fn announce_server(&self, listen: &str) -> anyhow::Result<()> {
        let info = serde_json::json!({"pid": std::process::id(), "listen": listen});
        std::fs::write(self.path.join("server.json"), info.to_string())
            .context("cannot write server.json")
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.path.join("server.json"));
    }
}
