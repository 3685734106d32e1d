//! Sprig's `getHostByName` (depends on the resolver): one of the name's addresses, chosen at random.

use std::net::ToSocketAddrs;

use crate::func::{Func, FuncError, FuncMap, Signature};
use crate::value::{GoType, Value};

/// The addresses `name` resolves to (Go's `net.LookupHost`), as text; empty when resolution fails.
fn lookup_host(name: &str) -> Vec<String> {
    let mut addrs: Vec<String> = (name, 0u16)
        .to_socket_addrs()
        .map(|it| it.map(|a| a.ip().to_string()).collect())
        .unwrap_or_default();
    addrs.dedup();
    addrs
}

/// Registers `getHostByName`.
pub(crate) fn register(map: &mut FuncMap) {
    map.insert(
        "getHostByName",
        Func::new(
            Signature::new(vec![GoType::string()], GoType::string()),
            |a| {
                let addrs = lookup_host(a.first().and_then(Value::as_str).unwrap_or_default());
                if addrs.is_empty() {
                    // Sprig indexes a random element of the empty result: rand.Intn(0) panics.
                    return Err(FuncError::new("invalid argument to Intn"));
                }
                let i = super::numeric::random_below(addrs.len() as u64) as usize;
                Ok(Value::string(addrs[i].as_str()))
            },
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::lookup_host;

    #[test]
    fn resolves_literal_addresses() {
        assert_eq!(lookup_host("127.0.0.1"), vec!["127.0.0.1".to_string()]);
    }
}
