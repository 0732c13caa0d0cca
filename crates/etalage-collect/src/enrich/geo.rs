//! IP address → country, from a MaxMind-format database (GeoLite2-Country,
//! DB-IP Lite Country, or anything else with a `country.iso_code` field).
//!
//! etalage ships no database: the operator downloads one under its own
//! licence and points the configuration at the `.mmdb` file. Without one,
//! events simply have no country. The address itself is never stored.

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use maxminddb::{path, MaxMindDbError, Reader};

#[cfg(any(test, feature = "test-support"))]
pub mod test_support;

pub use etalage_core::Country;

/// The GeoIP database could not be opened.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot read GeoIP database {path}: {source}. \
     Give the path of a MaxMind-format country database (.mmdb), \
     such as GeoLite2-Country.mmdb or dbip-country-lite.mmdb"
)]
pub struct GeoError {
    /// The file we tried to open.
    pub path: PathBuf,
    /// What `maxminddb` said.
    #[source]
    pub source: MaxMindDbError,
}

/// An open country database. Cheap to share between threads (`&GeoDb` is `Sync`).
pub struct GeoDb {
    reader: Reader<Vec<u8>>,
}

impl fmt::Debug for GeoDb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let meta = self.reader.metadata();
        f.debug_struct("GeoDb")
            .field("database_type", &meta.database_type)
            .field("ip_version", &meta.ip_version)
            .field("build_epoch", &meta.build_epoch)
            .finish()
    }
}

impl GeoDb {
    /// Reads a `.mmdb` file into memory and checks its header.
    pub fn open(path: impl AsRef<Path>) -> Result<GeoDb, GeoError> {
        let path = path.as_ref();
        let reader = Reader::open_readfile(path).map_err(|source| GeoError {
            path: path.to_owned(),
            source,
        })?;
        Ok(GeoDb { reader })
    }

    /// The database's own name for its kind, e.g. "GeoLite2-Country".
    pub fn database_type(&self) -> &str {
        &self.reader.metadata().database_type
    }

    /// The country of an address, or `None` when the database has no country
    /// for it (private ranges, unknown blocks, IPv6 in an IPv4-only file).
    ///
    /// IPv4-mapped IPv6 addresses (`::ffff:81.82.1.1`, as a dual-stack
    /// socket reports IPv4 clients) are looked up as the IPv4 address.
    /// Falls back to `registered_country` when `country` is absent, as
    /// GeoLite2 has for some anycast and satellite ranges.
    pub fn lookup(&self, ip: IpAddr) -> Option<Country> {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        let found = self.reader.lookup(ip).ok()?;
        let code = found
            .decode_path::<&str>(&path!["country", "iso_code"])
            .ok()
            .flatten()
            .or_else(|| {
                found
                    .decode_path::<&str>(&path!["registered_country", "iso_code"])
                    .ok()
                    .flatten()
            })?;
        Country::parse(code).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{write_country_mmdb, MmdbWriter};
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn temp_path(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("etalage-geo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    #[test]
    fn country_parse() {
        assert_eq!(Country::parse("nl").unwrap().as_str(), "NL");
        assert_eq!(Country::parse("NL").unwrap().as_str(), "NL");
        for bad in ["", "N", "NLD", "1A", "é"] {
            assert!(Country::parse(bad).is_err(), "{bad:?}");
        }
        let err = Country::parse("NLD").unwrap_err().to_string();
        assert!(err.contains("\"NLD\""), "{err}");
    }

    #[test]
    fn country_serde_is_a_string() {
        let be = Country::parse("BE").unwrap();
        assert_eq!(serde_json::to_string(&be).unwrap(), "\"BE\"");
        let back: Country = serde_json::from_str("\"be\"").unwrap();
        assert_eq!(back, be);
        assert!(serde_json::from_str::<Country>("\"BEL\"").is_err());
    }

    #[test]
    fn ipv6_tree_answers_ipv4_and_ipv6() {
        let path = temp_path("v6.mmdb");
        write_country_mmdb(
            &path,
            &[
                ("81.82.0.0/16", "BE"),
                ("81.82.200.0/24", "LU"), // more specific, inside the /16
                ("2a02:a000::/24", "NL"),
                ("8.8.8.8/32", "US"),
            ],
        )
        .unwrap();
        let db = GeoDb::open(&path).unwrap();
        assert_eq!(db.database_type(), "etalage-test-Country");
        let code = |s: &str| db.lookup(ip(s)).map(|c| c.to_string());
        assert_eq!(code("81.82.0.1").as_deref(), Some("BE"));
        assert_eq!(code("81.82.255.255").as_deref(), Some("BE"));
        assert_eq!(code("81.82.200.7").as_deref(), Some("LU"));
        assert_eq!(code("81.83.0.1"), None);
        assert_eq!(code("8.8.8.8").as_deref(), Some("US"));
        assert_eq!(code("8.8.8.9"), None);
        assert_eq!(code("2a02:a000::1").as_deref(), Some("NL"));
        assert_eq!(code("2a02:a0ff:ffff::1").as_deref(), Some("NL"));
        assert_eq!(code("2a02:a100::1"), None);
        // IPv4-mapped IPv6 from a dual-stack socket.
        assert_eq!(code("::ffff:81.82.3.4").as_deref(), Some("BE"));
        assert_eq!(code("10.0.0.1"), None);
    }

    #[test]
    fn ipv4_tree_and_28_bit_records() {
        for (record_size, ipv6) in [(24, false), (28, false), (28, true), (32, true)] {
            let path = temp_path(&format!("r{record_size}-{ipv6}.mmdb"));
            let mut w = MmdbWriter::new(record_size, ipv6);
            w.insert("81.82.0.0/16", "BE").unwrap();
            w.insert("1.0.0.0/8", "AU").unwrap();
            w.write(&path).unwrap();
            let db = GeoDb::open(&path).unwrap();
            let code = |s: &str| db.lookup(ip(s)).map(|c| c.to_string());
            assert_eq!(code("81.82.1.1").as_deref(), Some("BE"), "{record_size}");
            assert_eq!(code("1.2.3.4").as_deref(), Some("AU"), "{record_size}");
            assert_eq!(code("2.2.3.4"), None, "{record_size}");
            if !ipv6 {
                // An IPv4-only file has no answer for IPv6, and must not fail.
                assert_eq!(code("2a02:a000::1"), None);
            }
        }
    }

    #[test]
    fn the_written_file_passes_maxminddb_verify() {
        let path = temp_path("verify.mmdb");
        write_country_mmdb(
            &path,
            &[
                ("81.82.0.0/16", "BE"),
                ("2a02:a000::/24", "NL"),
                ("0.0.0.0/1", "ZZ"),
            ],
        )
        .unwrap();
        let reader = Reader::open_readfile(&path).unwrap();
        reader.verify().unwrap();
        assert_eq!(reader.metadata().ip_version, 6);
        assert_eq!(reader.metadata().record_size, 24);
        // Read back through maxminddb's own GeoIP2 model too.
        let c: maxminddb::geoip2::Country = reader
            .lookup(ip("81.82.9.9"))
            .unwrap()
            .decode()
            .unwrap()
            .unwrap();
        assert_eq!(c.country.iso_code, Some("BE"));
        let net = reader.lookup(ip("81.82.9.9")).unwrap().network().unwrap();
        assert_eq!(net.to_string(), "81.82.0.0/16");
    }

    #[test]
    fn opening_a_missing_or_bad_file_says_what_to_do() {
        let err = GeoDb::open("/nonexistent/GeoLite2-Country.mmdb").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("/nonexistent/GeoLite2-Country.mmdb"), "{msg}");
        assert!(msg.contains(".mmdb"), "{msg}");
        let path = temp_path("garbage.mmdb");
        std::fs::write(&path, b"not a database").unwrap();
        assert!(GeoDb::open(&path).is_err());
    }
}
