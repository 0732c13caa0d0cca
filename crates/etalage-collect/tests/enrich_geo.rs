//! The GeoIP lookup through the public API, with a database written by
//! `enrich::geo::test_support` (needs `--features test-support`, as other
//! crates' tests will use it).
#![cfg(feature = "test-support")]

use etalage_collect::enrich::geo::test_support::write_country_mmdb;
use etalage_collect::enrich::{Country, GeoDb};

#[test]
fn country_of_ipv4_and_ipv6_visitors() {
    let dir = std::env::temp_dir().join(format!("etalage-enrich-geo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("countries.mmdb");
    write_country_mmdb(
        &path,
        &[
            ("81.82.0.0/16", "BE"),
            ("2a02:a000::/24", "NL"),
            ("90.0.0.0/9", "FR"),
        ],
    )
    .unwrap();
    let db = GeoDb::open(&path).unwrap();
    let lookup = |ip: &str| db.lookup(ip.parse().unwrap());
    assert_eq!(lookup("81.82.10.20"), Some(Country::parse("BE").unwrap()));
    assert_eq!(lookup("90.127.0.1"), Some(Country::parse("FR").unwrap()));
    assert_eq!(lookup("90.128.0.1"), None);
    assert_eq!(
        lookup("2a02:a000:1::1"),
        Some(Country::parse("NL").unwrap())
    );
    assert_eq!(
        lookup("::ffff:81.82.10.20"),
        Some(Country::parse("BE").unwrap())
    );
    assert_eq!(lookup("127.0.0.1"), None);
    std::fs::remove_dir_all(&dir).unwrap();
}
