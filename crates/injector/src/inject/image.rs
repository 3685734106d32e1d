//! The proxy and init images: Istio's `ProxyImage` / `ProxyInitImage` (`<hub>/<image>:<tag>[-<type>]`).

use serde_json::{Map, Value};

use crate::settings::ValuesConfig;

/// The annotation choosing the image type (`distroless`, `debug`, `default`).
pub const PROXY_IMAGE_TYPE_ANNOTATION: &str = "sidecar.istio.io/proxyImageType";

/// Image types Istio publishes as tag suffixes.
const KNOWN_IMAGE_TYPES: [&str; 2] = ["distroless", "debug"];

/// `global.tag` printed with Go's `%v` (numbers are float64: `1.12`, `11`, `1e+06`).
fn tag(values: &ValuesConfig) -> String {
    match values.get(&["global", "tag"]) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => {
            gotmpl::fmt::sprint(&[gotmpl::Value::float(n.as_f64().unwrap_or(0.0))])
        }
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// Replaces a known image-type suffix of `tag` by `image_type` (`default` means none).
pub fn update_image_type(tag: &str, image_type: &str) -> String {
    if image_type.is_empty() {
        return tag.to_string();
    }
    let base = KNOWN_IMAGE_TYPES
        .iter()
        .find_map(|t| tag.strip_suffix(&format!("-{t}")))
        .unwrap_or(tag);
    if image_type == "default" {
        base.to_string()
    } else {
        format!("{base}-{image_type}")
    }
}

fn image_url(
    values: &ValuesConfig,
    name: &str,
    image_type: &str,
    annotations: Option<&Map<String, Value>>,
) -> String {
    let mut image_type = if image_type.is_empty() {
        values.str(&["global", "variant"])
    } else {
        image_type
    };
    if let Some(t) = annotations
        .and_then(|a| a.get(PROXY_IMAGE_TYPE_ANNOTATION))
        .and_then(Value::as_str)
    {
        image_type = t;
    }
    format!(
        "{}/{}:{}",
        values.str(&["global", "hub"]),
        name,
        update_image_type(&tag(values), image_type)
    )
}

/// The proxy image; `proxy_config_image_type` is the effective ProxyConfig's `image.imageType`.
pub fn proxy_image(
    values: &ValuesConfig,
    proxy_config_image_type: &str,
    annotations: Option<&Map<String, Value>>,
) -> String {
    let name = match values.str(&["global", "proxy", "image"]) {
        "" => "proxyv2",
        n => n,
    };
    image_url(values, name, proxy_config_image_type, annotations)
}

/// The init container image.
pub fn proxy_init_image(values: &ValuesConfig, annotations: Option<&Map<String, Value>>) -> String {
    let name = match values.str(&["global", "proxy_init", "image"]) {
        "" => "proxyv2",
        n => n,
    };
    image_url(values, name, "", annotations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_types() {
        let v = ValuesConfig::parse(
            r#"{"global": {"hub": "h", "tag": 1.12, "variant": "distroless"}}"#,
        )
        .unwrap();
        assert_eq!(proxy_image(&v, "", None), "h/proxyv2:1.12-distroless");
        assert_eq!(update_image_type("1.2-debug", "default"), "1.2");
        let big = ValuesConfig::parse(r#"{"global": {"hub": "h", "tag": 1000000}}"#).unwrap();
        assert_eq!(proxy_init_image(&big, None), "h/proxyv2:1e+06");
    }
}
