//! Sprig flow control: `fail`.

use crate::func::{Func, FuncError, FuncMap, Signature};
use crate::value::GoType;

/// `fail(msg string) (string, error)`: always fails with `msg`.
pub(crate) fn register(map: &mut FuncMap) {
    map.insert(
        "fail",
        Func::new(
            Signature::new(vec![GoType::string()], GoType::string()).with_error(),
            |args| {
                let msg = args.first().and_then(|v| v.as_str()).unwrap_or_default();
                Err(FuncError::new(msg))
            },
        ),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::value::Value;

    #[test]
    fn fail_reports_its_message() {
        let mut m = crate::func::FuncMap::new();
        super::register(&mut m);
        let err = m
            .get("fail")
            .unwrap()
            .call(&[Value::str("boom")])
            .unwrap_err();
        assert_eq!(err.0, "boom");
    }
}
