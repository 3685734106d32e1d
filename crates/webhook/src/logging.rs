//! Structured logging setup with `tracing` (text or JSON lines), filtered by an `EnvFilter` directive.
//! Pod specs and environment values are only ever logged at debug level or below.

use tracing_subscriber::EnvFilter;

/// Install the global subscriber. `filter` is an `EnvFilter` directive such as `info` or `webhook=debug`;
/// `RUST_LOG`, when set, takes precedence. Fails if the directive is invalid or a subscriber is already set.
pub fn init_logging(json: bool, filter: &str) -> Result<(), String> {
    let filter = match std::env::var("RUST_LOG") {
        Ok(env) if !env.is_empty() => EnvFilter::try_new(env),
        _ => EnvFilter::try_new(filter),
    }
    .map_err(|e| format!("invalid log filter: {e}"))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let result = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
    result.map_err(|e| format!("installing logger: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_once_and_rejects_bad_filters() {
        if std::env::var_os("RUST_LOG").is_some() {
            return; // RUST_LOG overrides the filter argument; the checks below assume it is unset.
        }
        assert!(init_logging(false, "info,webhook=[").is_err());
        assert!(init_logging(true, "warn").is_ok());
        assert!(
            init_logging(true, "warn").is_err(),
            "a second global subscriber is refused"
        );
    }
}
