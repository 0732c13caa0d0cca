//! The anonymous visitor id: hash(daily salt, site, client IP, User-Agent).
use crate::salt::Salt;
use siphasher::sip::SipHasher13;
use std::hash::Hasher;
use std::net::IpAddr;

/// A visitor id that changes every UTC day and cannot be reversed to the IP
/// or User-Agent once the day's salt is gone.
pub fn visitor_id(salt: &Salt, site_id: u32, ip: IpAddr, user_agent: &str) -> u64 {
    let k0 = u64::from_le_bytes(salt[..8].try_into().expect("8 bytes"));
    let k1 = u64::from_le_bytes(salt[8..].try_into().expect("8 bytes"));
    let mut h = SipHasher13::new_with_keys(k0, k1);
    h.write_u32(site_id);
    match ip {
        IpAddr::V4(v4) => h.write(&v4.octets()),
        IpAddr::V6(v6) => h.write(&v6.octets()),
    }
    h.write(user_agent.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depends_on_every_input() {
        let ip: IpAddr = "81.82.1.2".parse().unwrap();
        let a = visitor_id(&[1; 16], 1, ip, "UA");
        assert_eq!(a, visitor_id(&[1; 16], 1, ip, "UA"));
        assert_ne!(a, visitor_id(&[2; 16], 1, ip, "UA"));
        assert_ne!(a, visitor_id(&[1; 16], 2, ip, "UA"));
        assert_ne!(
            a,
            visitor_id(&[1; 16], 1, "81.82.1.3".parse().unwrap(), "UA")
        );
        assert_ne!(a, visitor_id(&[1; 16], 1, ip, "UA2"));
    }
}
