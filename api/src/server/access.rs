//! Who may call the Server API: callers from the IP allow-list holding the
//! key, and not over their limit of wrong keys.

use std::net::IpAddr;

use trackgate_store::SecretDigest;

use super::user_keys::UserKeys;
use crate::auth::KeyThrottle;

/// An IP allow-list of addresses and CIDR ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowList(Vec<(IpAddr, u8)>);

impl AllowList {
    /// The loopback addresses only (`127.0.0.1`, `::1`).
    pub fn loopback() -> Self {
        Self(vec![
            (IpAddr::from([127, 0, 0, 1]), 32),
            (IpAddr::from(std::net::Ipv6Addr::LOCALHOST), 128),
        ])
    }

    /// Parses entries such as `127.0.0.1`, `::1`, `10.0.0.0/8`.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, String> {
        entries
            .iter()
            .map(|entry| {
                let entry = entry.as_ref().trim();
                let (addr, bits) = match entry.split_once('/') {
                    Some((addr, bits)) => (addr, Some(bits)),
                    None => (entry, None),
                };
                let addr: IpAddr = addr
                    .parse()
                    .map_err(|_| format!("not an IP address: {entry}"))?;
                let max = if addr.is_ipv4() { 32 } else { 128 };
                let bits = match bits {
                    Some(bits) => bits
                        .parse::<u8>()
                        .ok()
                        .filter(|b| *b <= max)
                        .ok_or_else(|| format!("bad prefix length: {entry}"))?,
                    None => max,
                };
                Ok((addr, bits))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// Whether `ip` is on the list. IPv4-mapped IPv6 addresses count as IPv4.
    pub fn allows(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.0.iter().any(|(net, bits)| match (net, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => prefix_eq(&net.octets(), &ip.octets(), *bits),
            (IpAddr::V6(net), IpAddr::V6(ip)) => prefix_eq(&net.octets(), &ip.octets(), *bits),
            _ => false,
        })
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let full = usize::from(bits / 8);
    let rest = bits % 8;
    if a[..full] != b[..full] {
        return false;
    }
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        a[full] & mask == b[full] & mask
    }
}

/// The Server API's key and allow-list.
#[derive(Debug)]
pub struct ServerAccess {
    /// The digest of the server key: the key itself is kept nowhere.
    pub key: SecretDigest,
    /// Who may call.
    pub allow: AllowList,
    /// What `GET_USER_API_KEY`'s keys are derived from.
    pub user_keys: UserKeys,
    /// Wrong keys per caller address.
    pub key_failures: KeyThrottle,
}

/// Wrong keys an address may send within [`KEY_FAILURE_WINDOW`] by default.
pub const KEY_FAILURES_PER_ADDRESS: u32 = 10;
/// How long a window of wrong keys lasts from its first, by default.
pub const KEY_FAILURE_WINDOW: std::time::Duration = std::time::Duration::from_secs(900);

impl ServerAccess {
    /// Access with the key whose digest is `key`, the allow-list, the
    /// users' key secret and the default limit of wrong keys.
    pub fn new(key: SecretDigest, allow: AllowList, user_keys: UserKeys) -> Self {
        Self {
            key,
            allow,
            user_keys,
            key_failures: KeyThrottle::new(KEY_FAILURES_PER_ADDRESS, KEY_FAILURE_WINDOW),
        }
    }

    /// Whether `key` is the server key: the same bytes, compared as
    /// digests in constant time, so neither how much of it matched nor
    /// its length shows in the time taken.
    pub fn key_matches(&self, key: &str) -> bool {
        SecretDigest::of(key) == self.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_ranges() {
        let list = AllowList::parse(&["127.0.0.1", "::1", "10.1.0.0/16"]).expect("valid");
        assert!(list.allows("127.0.0.1".parse().expect("ip")));
        assert!(!list.allows("127.0.0.2".parse().expect("ip")));
        assert!(list.allows("::1".parse().expect("ip")));
        assert!(list.allows("10.1.255.3".parse().expect("ip")));
        assert!(!list.allows("10.2.0.1".parse().expect("ip")));
        assert!(list.allows("::ffff:127.0.0.1".parse().expect("ip")));
        assert!(AllowList::parse(&["10.0.0.0/33"]).is_err());
        assert!(AllowList::parse(&["localhost"]).is_err());
    }

    #[test]
    fn key_comparison() {
        let access = ServerAccess::new(
            SecretDigest::of("abc"),
            AllowList(Vec::new()),
            UserKeys::random(),
        );
        assert!(access.key_matches("abc"));
        assert!(!access.key_matches("abd"));
        assert!(!access.key_matches("ab"));
        assert!(!access.key_matches("ABC"), "case matters");
        assert!(!access.key_matches("abc "));
        assert!(!access.key_matches(""));
    }
}
