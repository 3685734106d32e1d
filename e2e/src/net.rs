//! Loopback port allocation.

use anyhow::{Context, Result};
use std::net::{Ipv4Addr, TcpListener};

/// `N` distinct TCP ports on 127.0.0.1 that were free a moment ago. The OS picks them; all
/// listeners are held until every port is chosen (so no port is handed out twice) and closed
/// before returning, so processes started right after can bind them.
pub fn free_loopback_ports<const N: usize>() -> Result<[u16; N]> {
    let mut listeners = Vec::with_capacity(N);
    let mut ports = [0u16; N];
    for port in &mut ports {
        let listener =
            TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("binding an ephemeral port")?;
        *port = listener.local_addr()?.port();
        listeners.push(listener);
    }
    Ok(ports)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_are_distinct_and_bindable() {
        let [a, b, c] = free_loopback_ports::<3>().unwrap();
        assert!(a != b && b != c && a != c);
        for port in [a, b, c] {
            TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
        }
    }
}
