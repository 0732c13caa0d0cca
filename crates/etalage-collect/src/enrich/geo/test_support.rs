//! A tiny MaxMind DB (`.mmdb`) writer, so tests can make a country database
//! instead of shipping a real one. Compiled for this crate's tests and, with
//! the `test-support` cargo feature, for other crates' tests.
//!
//! Written from the public "MaxMind DB File Format Specification" (v2.0):
//!
//! ```text
//! [binary search tree][16 zero bytes][data section]["\xAB\xCD\xEFMaxMind.com"][metadata map]
//! ```
//!
//! * The tree has one node per prefix bit; each node holds two records (for
//!   bit 0 and bit 1) of 24, 28 or 32 bits. A record below `node_count`
//!   points at a node, `node_count` itself means "no data", and a larger
//!   value points into the data section at `value - node_count - 16`.
//! * In an IPv6 tree, IPv4 networks live under `::/96` (the first 96 bits
//!   zero), which is where readers look up IPv4 addresses.
//! * Data and metadata use the spec's typed encoding: a control byte with the
//!   type in its top three bits and the size in its low five.
//!
//! Only what a country lookup needs is written: each network's data is the
//! map `{"country": {"iso_code": "BE"}}`. Networks may nest; a more specific
//! one wins inside a less specific one, whatever the insertion order.
//!
//! ```
//! # fn main() -> std::io::Result<()> {
//! use etalage_collect::enrich::geo::test_support::write_country_mmdb;
//! use etalage_collect::enrich::GeoDb;
//!
//! let path = std::env::temp_dir().join(format!("doc-{}.mmdb", std::process::id()));
//! write_country_mmdb(&path, &[("81.82.0.0/16", "BE"), ("2a02:a000::/24", "NL")])?;
//! let db = GeoDb::open(&path).unwrap();
//! assert_eq!(db.lookup("81.82.1.2".parse().unwrap()).unwrap().as_str(), "BE");
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::path::Path;

/// Writes an IPv6-tree country database (24-bit records) holding `networks`,
/// each a CIDR (`"81.82.0.0/16"`, `"2a02:a000::/24"`) and a country code.
pub fn write_country_mmdb(path: impl AsRef<Path>, networks: &[(&str, &str)]) -> io::Result<()> {
    let mut writer = MmdbWriter::new(24, true);
    for (cidr, country) in networks {
        writer.insert(cidr, country)?;
    }
    writer.write(path)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Record {
    Empty,
    Node(usize),
    Data(usize),
}

/// Builds a country database in memory; [`write`](MmdbWriter::write) saves it.
#[derive(Debug)]
pub struct MmdbWriter {
    record_size: u16,
    ipv6: bool,
    /// Node 0 is the root.
    nodes: Vec<[Record; 2]>,
    /// Index of each distinct country code in `values`.
    value_index: HashMap<String, usize>,
    values: Vec<String>,
    /// Networks waiting to be placed, as (prefix bits, prefix length, value index).
    pending: Vec<(u128, u32, usize)>,
    /// Bytes of filler before the first value, so tests can push record
    /// values past 2^24 and exercise the 28-bit nibble layout.
    padding: usize,
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

impl MmdbWriter {
    /// A writer for `record_size` 24, 28 or 32 bits, with an IPv6 tree
    /// (IPv4 and IPv6 networks) or an IPv4-only tree.
    ///
    /// # Panics
    ///
    /// On another record size: this is test code, and that is a test bug.
    pub fn new(record_size: u16, ipv6: bool) -> MmdbWriter {
        assert!(
            matches!(record_size, 24 | 28 | 32),
            "record size must be 24, 28 or 32"
        );
        MmdbWriter {
            record_size,
            ipv6,
            nodes: vec![[Record::Empty; 2]],
            value_index: HashMap::new(),
            values: Vec::new(),
            pending: Vec::new(),
            padding: 0,
        }
    }

    /// Adds a network (`"81.82.0.0/16"`) with its country code (`"BE"`).
    pub fn insert(&mut self, cidr: &str, country: &str) -> io::Result<()> {
        let (addr, len) = cidr
            .split_once('/')
            .ok_or_else(|| invalid(format!("{cidr:?}: expected address/prefix-length")))?;
        let addr: IpAddr = addr
            .parse()
            .map_err(|e| invalid(format!("{cidr:?}: {e}")))?;
        let len: u32 = len.parse().map_err(|e| invalid(format!("{cidr:?}: {e}")))?;
        let family_bits = if addr.is_ipv4() { 32 } else { 128 };
        if len == 0 || len > family_bits {
            return Err(invalid(format!(
                "{cidr:?}: prefix length must be 1 to {family_bits}"
            )));
        }
        // Left-align every prefix in 128 bits, so bit i is `bits >> (127 - i)`.
        let (bits, len) = match addr {
            // IPv4 in an IPv6 tree: under ::/96, where readers look.
            IpAddr::V4(v4) if self.ipv6 => (u128::from(u32::from(v4)), len + 96),
            IpAddr::V4(v4) => (u128::from(u32::from(v4)) << 96, len),
            IpAddr::V6(_) if !self.ipv6 => {
                return Err(invalid(format!("{cidr:?}: IPv6 network in an IPv4 tree")))
            }
            IpAddr::V6(v6) => (u128::from(v6), len),
        };
        let next = self.values.len();
        let value = *self.value_index.entry(country.to_owned()).or_insert(next);
        if value == next {
            self.values.push(country.to_owned());
        }
        self.pending.push((bits, len, value));
        Ok(())
    }

    fn place(&mut self, bits: u128, len: u32, value: usize) {
        let mut node = 0;
        for i in 0..len {
            let bit = ((bits >> (127 - i)) & 1) as usize;
            if i == len - 1 {
                self.nodes[node][bit] = Record::Data(value);
                return;
            }
            node = match self.nodes[node][bit] {
                Record::Node(child) => child,
                // Split: a less specific network covers this branch, so the
                // new node starts with that network on both sides.
                filler @ (Record::Empty | Record::Data(_)) => {
                    self.nodes.push([filler; 2]);
                    let child = self.nodes.len() - 1;
                    self.nodes[node][bit] = Record::Node(child);
                    child
                }
            };
        }
    }

    /// Encodes the database and writes it to `path`.
    pub fn write(mut self, path: impl AsRef<Path>) -> io::Result<()> {
        std::fs::write(path, self.build())
    }

    /// Encodes the database.
    pub fn build(&mut self) -> Vec<u8> {
        // Least specific first, so more specific networks split them.
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_by_key(|(_, len, _)| *len);
        for (bits, len, value) in pending {
            self.place(bits, len, value);
        }

        let mut data = Vec::new();
        if self.padding > 0 {
            // An unreferenced byte-string value (type 4), skipped by readers.
            encode_control(&mut data, 4, self.padding);
            data.resize(data.len() + self.padding, 0);
        }
        let offsets: Vec<usize> = self
            .values
            .iter()
            .map(|code| {
                let at = data.len();
                encode_map_header(&mut data, 1);
                encode_string(&mut data, "country");
                encode_map_header(&mut data, 1);
                encode_string(&mut data, "iso_code");
                encode_string(&mut data, code);
                at
            })
            .collect();

        let node_count = self.nodes.len();
        let record_value = |r: Record| -> u32 {
            let v = match r {
                Record::Node(n) => n,
                Record::Empty => node_count,
                Record::Data(i) => node_count + 16 + offsets[i],
            };
            assert!(
                (v as u64) < 1u64 << self.record_size,
                "record value {v} does not fit in {} bits",
                self.record_size
            );
            v as u32
        };
        let mut out = Vec::new();
        for [left, right] in &self.nodes {
            encode_node(
                &mut out,
                self.record_size,
                record_value(*left),
                record_value(*right),
            );
        }
        out.extend_from_slice(&[0u8; 16]);
        out.extend_from_slice(&data);
        out.extend_from_slice(b"\xab\xcd\xefMaxMind.com");
        self.encode_metadata(&mut out, node_count);
        out
    }

    fn encode_metadata(&self, out: &mut Vec<u8>, node_count: usize) {
        encode_map_header(out, 9);
        encode_string(out, "binary_format_major_version");
        encode_uint(out, 5, 2);
        encode_string(out, "binary_format_minor_version");
        encode_uint(out, 5, 0);
        encode_string(out, "build_epoch");
        encode_uint(out, 9, 1_700_000_000);
        encode_string(out, "database_type");
        encode_string(out, "etalage-test-Country");
        encode_string(out, "description");
        encode_map_header(out, 1);
        encode_string(out, "en");
        encode_string(
            out,
            "Country test database written by etalage's test support",
        );
        encode_string(out, "ip_version");
        encode_uint(out, 5, if self.ipv6 { 6 } else { 4 });
        encode_string(out, "languages");
        encode_control(out, 11, 1);
        encode_string(out, "en");
        encode_string(out, "node_count");
        encode_uint(out, 6, node_count as u64);
        encode_string(out, "record_size");
        encode_uint(out, 5, u64::from(self.record_size));
    }
}

/// Writes one tree node: two records of `record_size` bits, big-endian.
fn encode_node(out: &mut Vec<u8>, record_size: u16, left: u32, right: u32) {
    match record_size {
        24 => {
            out.extend_from_slice(&left.to_be_bytes()[1..]);
            out.extend_from_slice(&right.to_be_bytes()[1..]);
        }
        28 => {
            // The middle byte holds the top nibble of each record.
            out.extend_from_slice(&left.to_be_bytes()[1..]);
            out.push((((left >> 24) & 0x0f) << 4) as u8 | ((right >> 24) & 0x0f) as u8);
            out.extend_from_slice(&right.to_be_bytes()[1..]);
        }
        _ => {
            out.extend_from_slice(&left.to_be_bytes());
            out.extend_from_slice(&right.to_be_bytes());
        }
    }
}

/// Writes a control byte (type, size) and the type/size extension bytes.
fn encode_control(out: &mut Vec<u8>, type_num: u8, size: usize) {
    let (size_bits, extra): (u8, Vec<u8>) = match size {
        0..=28 => (size as u8, vec![]),
        29..=284 => (29, vec![(size - 29) as u8]),
        285..=65_820 => (30, ((size - 285) as u16).to_be_bytes().to_vec()),
        _ => (31, ((size - 65_821) as u32).to_be_bytes()[1..].to_vec()),
    };
    if type_num <= 7 {
        out.push((type_num << 5) | size_bits);
    } else {
        // Extended type: type 0 in the control byte, then `type - 7`.
        out.push(size_bits);
        out.push(type_num - 7);
    }
    out.extend_from_slice(&extra);
}

fn encode_map_header(out: &mut Vec<u8>, pairs: usize) {
    encode_control(out, 7, pairs);
}

fn encode_string(out: &mut Vec<u8>, s: &str) {
    encode_control(out, 2, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// Unsigned integers: big-endian, without leading zero bytes.
fn encode_uint(out: &mut Vec<u8>, type_num: u8, value: u64) {
    let bytes = value.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    encode_control(out, type_num, 8 - skip);
    out.extend_from_slice(&bytes[skip..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_follow_the_spec() {
        let mut out = Vec::new();
        encode_string(&mut out, "en");
        assert_eq!(out, [0x42, b'e', b'n']);

        let mut out = Vec::new();
        encode_control(&mut out, 2, 29);
        assert_eq!(out, [0x5d, 0x00]);
        let mut out = Vec::new();
        encode_control(&mut out, 2, 300);
        assert_eq!(out, [0x5e, 0x00, 0x0f]);

        let mut out = Vec::new();
        encode_uint(&mut out, 5, 0);
        assert_eq!(out, [0xa0]);
        let mut out = Vec::new();
        encode_uint(&mut out, 5, 2);
        assert_eq!(out, [0xa1, 0x02]);
        // uint64 is extended type 9: control byte 0x0N, then 9 - 7 = 2.
        let mut out = Vec::new();
        encode_uint(&mut out, 9, 1_700_000_000);
        assert_eq!(out, [0x04, 0x02, 0x65, 0x53, 0xf1, 0x00]);
    }

    #[test]
    fn node_layouts() {
        let mut out = Vec::new();
        encode_node(&mut out, 24, 0x12_3456, 0xab_cdef);
        assert_eq!(out, [0x12, 0x34, 0x56, 0xab, 0xcd, 0xef]);
        let mut out = Vec::new();
        encode_node(&mut out, 28, 0xabc_def1, 0x123_4567);
        assert_eq!(out, [0xbc, 0xde, 0xf1, 0xa1, 0x23, 0x45, 0x67]);
        let mut out = Vec::new();
        encode_node(&mut out, 32, 1, 2);
        assert_eq!(out, [0, 0, 0, 1, 0, 0, 0, 2]);
    }

    #[test]
    fn records_above_2_pow_24_read_back_with_28_and_32_bits() {
        for record_size in [28, 32] {
            let mut w = MmdbWriter::new(record_size, true);
            w.padding = 1 << 24;
            w.insert("81.82.0.0/16", "BE").unwrap();
            w.insert("2a02:a000::/24", "NL").unwrap();
            let reader = maxminddb::Reader::from_source(w.build()).unwrap();
            for (ip, want) in [("81.82.1.1", "BE"), ("2a02:a000::1", "NL")] {
                let got: Option<String> = reader
                    .lookup(ip.parse().unwrap())
                    .unwrap()
                    .decode_path(&maxminddb::path!["country", "iso_code"])
                    .unwrap();
                assert_eq!(got.as_deref(), Some(want), "{record_size} {ip}");
            }
        }
    }

    #[test]
    fn bad_networks_are_rejected() {
        let mut w = MmdbWriter::new(24, false);
        assert!(w.insert("81.82.0.0", "BE").is_err());
        assert!(w.insert("81.82.0.0/33", "BE").is_err());
        assert!(w.insert("nonsense/8", "BE").is_err());
        assert!(w.insert("2a02::/16", "NL").is_err(), "IPv6 in an IPv4 tree");
        let mut w = MmdbWriter::new(24, true);
        assert!(w.insert("2a02::/129", "NL").is_err());
        assert!(w.insert("81.82.0.0/16", "BE").is_ok());
    }

    #[test]
    fn the_specific_network_wins_whatever_the_order() {
        let mut w = MmdbWriter::new(24, false);
        w.insert("10.1.0.0/16", "LU").unwrap();
        w.insert("10.0.0.0/8", "BE").unwrap();
        let bytes = w.build();
        let reader = maxminddb::Reader::from_source(bytes).unwrap();
        let code = |ip: &str| -> Option<String> {
            reader
                .lookup(ip.parse().unwrap())
                .unwrap()
                .decode_path::<String>(&maxminddb::path!["country", "iso_code"])
                .unwrap()
        };
        assert_eq!(code("10.1.2.3").as_deref(), Some("LU"));
        assert_eq!(code("10.2.2.3").as_deref(), Some("BE"));
        assert_eq!(code("11.0.0.1"), None);
        // Two countries, one data record each.
        assert_eq!(w.values, ["LU", "BE"]);
    }
}
