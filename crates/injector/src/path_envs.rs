//! Proxy environment overrides carried in the webhook URL: Istio's `parseInjectEnvs`.
//!
//! `/inject/cluster/c1/net/n1` sets `ISTIO_META_CLUSTER_ID=c1` and `ISTIO_META_NETWORK=n1`; other keys are
//! upper-cased; `--slash--` in a value stands for `/`. The older form `/inject/:ENV:K=V:ENV:K2=V2` is also read.

use std::collections::BTreeMap;

/// The envs parsed from a path, and any key dropped for lack of a value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathEnvs {
    /// Env name to value.
    pub envs: BTreeMap<String, String>,
    /// A final key without a value, which Istio ignores with a warning.
    pub dropped_key: Option<String>,
}

/// Parses the request path (e.g. `/inject/cluster/c1`).
pub fn parse_inject_envs(path: &str) -> PathEnvs {
    let path = path.strip_suffix('/').unwrap_or(path);
    let mut parts = path.splitn(3, '/');
    let (_, _, rest) = (parts.next(), parts.next(), parts.next());
    let mut out = PathEnvs::default();
    let Some(rest) = rest else { return out };

    let items: Vec<String> = if rest.starts_with(":ENV:") {
        // The deprecated form: values are taken verbatim (no `--slash--` decoding).
        rest.split(":ENV:")
            .skip(1)
            .filter_map(|pair| pair.split_once('='))
            .filter(|(k, _)| !k.is_empty())
            .flat_map(|(k, v)| [k.to_string(), v.to_string()])
            .collect()
    } else {
        rest.split('/')
            .enumerate()
            .map(|(i, s)| {
                if i % 2 == 1 {
                    s.replace("--slash--", "/")
                } else {
                    s.to_string()
                }
            })
            .collect()
    };

    let mut it = items.chunks(2);
    for chunk in it.by_ref() {
        match chunk {
            [k, v] => {
                let env = env_name(k);
                if !env.is_empty() {
                    out.envs.insert(env, v.clone());
                }
            }
            [k] => out.dropped_key = Some(k.clone()),
            _ => {}
        }
    }
    out
}

fn env_name(key: &str) -> String {
    match key {
        "cluster" => "ISTIO_META_CLUSTER_ID".to_string(),
        "net" => "ISTIO_META_NETWORK".to_string(),
        other => other.to_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_and_slashes_decode() {
        let e = parse_inject_envs("/inject/cluster/a--slash--b/net/n1/custom_env/x/");
        assert_eq!(e.envs["ISTIO_META_CLUSTER_ID"], "a/b");
        assert_eq!(e.envs["ISTIO_META_NETWORK"], "n1");
        assert_eq!(e.envs["CUSTOM_ENV"], "x");
    }

    #[test]
    fn legacy_form_and_odd_keys() {
        let e = parse_inject_envs("/inject/:ENV:cluster=c1:ENV:bad:ENV:=v:ENV:net=n--slash--1");
        assert_eq!(e.envs.len(), 2);
        assert_eq!(e.envs["ISTIO_META_CLUSTER_ID"], "c1");
        assert_eq!(e.envs["ISTIO_META_NETWORK"], "n--slash--1");
        let odd = parse_inject_envs("/inject/cluster/c1/net");
        assert_eq!(odd.dropped_key.as_deref(), Some("net"));
        assert_eq!(parse_inject_envs("/inject").envs.len(), 0);
    }
}
