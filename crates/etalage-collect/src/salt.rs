//! Daily visitor salts: random, kept only while their UTC day can still
//! receive events, then deleted.
use chrono::NaiveDate;
use rand::RngCore;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A secret salt for one UTC day.
pub type Salt = [u8; 16];

/// Keeps today's salt in a small file next to the database, so visitor ids
/// stay stable across restarts within a day.
pub struct SaltKeeper {
    path: Option<PathBuf>,
    salts: BTreeMap<NaiveDate, Salt>,
}

impl SaltKeeper {
    /// Salts kept in `dir/salts.json`.
    pub fn open(dir: &Path) -> std::io::Result<Self> {
        let path = dir.join("salts.json");
        let salts = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice::<BTreeMap<NaiveDate, String>>(&bytes)
                .ok()
                .map(|m| {
                    m.into_iter()
                        .filter_map(|(d, hex)| decode_hex(&hex).map(|s| (d, s)))
                        .collect()
                })
                .unwrap_or_default(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(e),
        };
        Ok(SaltKeeper {
            path: Some(path),
            salts,
        })
    }

    /// Salts that live only in memory (imports and tests): a fresh random
    /// salt per day.
    pub fn ephemeral() -> Self {
        SaltKeeper {
            path: None,
            salts: BTreeMap::new(),
        }
    }

    /// The salt of `day`, made when first needed. Salts of earlier days are
    /// deleted at that moment when the keeper persists (a live server only
    /// ever receives events for the current UTC day).
    pub fn salt_for(&mut self, day: NaiveDate) -> std::io::Result<Salt> {
        if let Some(s) = self.salts.get(&day) {
            return Ok(*s);
        }
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        self.salts.insert(day, salt);
        if self.path.is_some() {
            self.salts.retain(|d, _| *d >= day);
            self.save()?;
        }
        Ok(salt)
    }

    fn save(&self) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let map: BTreeMap<String, String> = self
            .salts
            .iter()
            .map(|(d, s)| {
                (
                    d.to_string(),
                    s.iter().map(|b| format!("{b:02x}")).collect(),
                )
            })
            .collect();
        let tmp = path.with_extension("json.tmp");
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(serde_json::to_string(&map).unwrap_or_default().as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    }
}

fn decode_hex(s: &str) -> Option<Salt> {
    let mut out = [0u8; 16];
    if s.len() != 32 {
        return None;
    }
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_the_current_day_on_disk() {
        let dir = std::env::temp_dir().join(format!("etalage-salt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let d1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let d2 = d1.succ_opt().unwrap();
        let mut k = SaltKeeper::open(&dir).unwrap();
        let s1 = k.salt_for(d1).unwrap();
        assert_eq!(
            SaltKeeper::open(&dir).unwrap().salt_for(d1).unwrap(),
            s1,
            "stable across restarts"
        );
        let s2 = k.salt_for(d2).unwrap();
        assert_ne!(s1, s2);
        let text = std::fs::read_to_string(dir.join("salts.json")).unwrap();
        assert!(
            !text.contains("2026-01-01"),
            "yesterday's salt is deleted: {text}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
