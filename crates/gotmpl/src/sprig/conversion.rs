//! Sprig's type conversion functions: `atoi` (Go's `strconv.Atoi`, errors give 0), `int`, `int64`, `float64`
//! (spf13/cast, see [`super::cast`]) and `toDecimal` (an octal string read with `strconv.ParseInt(s, 8, 64)`).
//! `toString` and `toStrings` are with the string functions.

use super::cast::{sprint_v, to_float64, to_int, to_int64};
use super::parse;
use super::util::{arg, def, int, int64, str_arg};
use crate::func::{FuncMap, Signature};
use crate::value::{GoType, Value};

/// Installs the conversion functions.
pub(crate) fn register(map: &mut FuncMap) {
    def(
        map,
        "atoi",
        Signature::new(vec![GoType::string()], GoType::int()),
        |a| {
            // Sprig ignores Atoi's error but keeps its value, which is clamped on overflow.
            let text = str_arg(a, 0)?;
            Ok(int(match parse::atoi(text) {
                Ok(i) => i,
                Err(parse::NumError::Range) if text.starts_with('-') => i64::MIN,
                Err(parse::NumError::Range) => i64::MAX,
                Err(parse::NumError::Syntax) => 0,
            }))
        },
    );
    let any_to = |result| Signature::new(vec![GoType::interface()], result);
    def(map, "int", any_to(GoType::int()), |a| {
        Ok(int(to_int(arg(a, 0)?)))
    });
    def(map, "int64", any_to(GoType::int64()), |a| {
        Ok(int64(to_int64(arg(a, 0)?)))
    });
    def(map, "float64", any_to(GoType::float64()), |a| {
        Ok(Value::float(to_float64(arg(a, 0)?)))
    });
    def(map, "toDecimal", any_to(GoType::int64()), |a| {
        let text = sprint_v(arg(a, 0)?);
        Ok(int64(parse::parse_int(&text, 8, 64).unwrap_or(0)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, v: Value<'static>) -> Value<'static> {
        let mut m = FuncMap::new();
        register(&mut m);
        match m.get(name).map(|f| f.call(&[v])) {
            Some(Ok(v)) => v,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn conversions() {
        assert!(matches!(call("atoi", Value::str("42")), Value::Int(42, _)));
        assert!(matches!(call("atoi", Value::str("4.2")), Value::Int(0, _)));
        assert!(matches!(
            call("atoi", Value::str("-99999999999999999999")),
            Value::Int(i64::MIN, _)
        ));
        assert!(matches!(
            call("atoi", Value::str("99999999999999999999")),
            Value::Int(i64::MAX, _)
        ));
        assert!(matches!(call("int", Value::str("4.9")), Value::Int(4, _)));
        assert!(matches!(
            call("int64", Value::float(4.5)),
            Value::Int(4, crate::Kind::Int64)
        ));
        assert!(matches!(call("float64", Value::str("1e3")), Value::Float(f, _) if f == 1000.0));
        assert!(matches!(
            call("toDecimal", Value::str("0777")),
            Value::Int(511, _)
        ));
        assert!(matches!(
            call("toDecimal", Value::str("8")),
            Value::Int(0, _)
        ));
    }
}
