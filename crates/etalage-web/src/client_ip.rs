use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// The proxies allowed to tell the client address in `X-Forwarded-For`.
#[derive(Debug, Clone)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Only loopback (the default: a reverse proxy on the same machine).
    pub fn loopback() -> Self {
        TrustedProxies(vec![
            "127.0.0.0/8".parse().expect("valid"),
            "::1/128".parse().expect("valid"),
        ])
    }

    /// Parses addresses or CIDR ranges such as `10.0.0.0/8` or `192.0.2.1`.
    pub fn parse(list: &[String]) -> Result<Self, String> {
        list.iter()
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("trusted_proxies: {s:?} is not an IP address or CIDR range such as 10.0.0.0/8"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client address: the peer, unless the peer is a trusted proxy, in
    /// which case the right-most untrusted address of `X-Forwarded-For`.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .map(canonical)
            .collect();
        forwarded
            .iter()
            .rev()
            .find(|ip| !self.trusts(**ip))
            .copied()
            .or(forwarded.first().copied())
            .unwrap_or(peer)
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn believes_forwarded_for_only_from_trusted_peers() {
        let t = TrustedProxies::loopback();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "81.82.1.2, 127.0.0.1".parse().unwrap());
        assert_eq!(
            t.client_ip("127.0.0.1".parse().unwrap(), &h),
            "81.82.1.2".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            t.client_ip("203.0.113.9".parse().unwrap(), &h),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        assert_eq!(
            t.client_ip("127.0.0.1".parse().unwrap(), &HeaderMap::new()),
            "127.0.0.1".parse::<IpAddr>().unwrap()
        );
        assert!(TrustedProxies::parse(&["10.0.0.0/8".into(), "192.0.2.1".into()]).is_ok());
        assert!(TrustedProxies::parse(&["nope".into()])
            .unwrap_err()
            .contains("trusted_proxies"));
    }
}
