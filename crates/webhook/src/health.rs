//! Liveness and readiness (istiod's `/ready`): ready latches once a valid configuration AND a serving
//! certificate (unless plain HTTP) have been loaded; a draining server reports not ready.

use std::sync::atomic::{AtomicBool, Ordering};

/// Readiness state shared by the listeners and the reload loops.
#[derive(Debug)]
pub struct Health {
    config_loaded: AtomicBool,
    cert_loaded: AtomicBool,
    ready: AtomicBool,
    draining: AtomicBool,
}

impl Health {
    /// New state; `needs_cert` is false for plain HTTP.
    pub fn new(needs_cert: bool) -> Self {
        Self {
            config_loaded: AtomicBool::new(false),
            cert_loaded: AtomicBool::new(!needs_cert),
            ready: AtomicBool::new(false),
            draining: AtomicBool::new(false),
        }
    }

    /// Record that a valid configuration set is active.
    pub fn config_loaded(&self) {
        self.config_loaded.store(true, Ordering::Release);
        self.update();
    }

    /// Record that a serving certificate is active.
    pub fn cert_loaded(&self) {
        self.cert_loaded.store(true, Ordering::Release);
        self.update();
    }

    /// Record that shutdown has begun.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::Release);
    }

    fn update(&self) {
        if self.config_loaded.load(Ordering::Acquire) && self.cert_loaded.load(Ordering::Acquire) {
            self.ready.store(true, Ordering::Release);
        }
    }

    /// Whether the server is ready to take admission requests.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire) && !self.draining.load(Ordering::Acquire)
    }

    /// Why the server is not ready, if it is not.
    pub fn not_ready_reason(&self) -> Option<&'static str> {
        if self.draining.load(Ordering::Acquire) {
            Some("shutting down")
        } else if self.ready.load(Ordering::Acquire) {
            None
        } else if !self.config_loaded.load(Ordering::Acquire) {
            Some("no valid injector configuration loaded")
        } else {
            Some("no serving certificate loaded")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latch_needs_both() {
        let h = Health::new(true);
        assert!(!h.is_ready());
        h.config_loaded();
        assert_eq!(h.not_ready_reason(), Some("no serving certificate loaded"));
        h.cert_loaded();
        assert!(h.is_ready());
        h.start_draining();
        assert!(!h.is_ready());
        let plain = Health::new(false);
        plain.config_loaded();
        assert!(plain.is_ready());
    }
}
