//! Sprig numeric functions: integer arithmetic on `int64` (`add`, `add1`, `sub`, `mul`, `div`, `mod`,
//! `max`/`biggest`, `min`), decimal float arithmetic (`addf`, `add1f`, `subf`, `mulf`, `divf`), `maxf`,
//! `minf`, `ceil`, `floor`, `round`, the integer sequences `until`, `untilStep`, `seq`, and `randInt`
//! (non-deterministic). Arguments convert with spf13/cast's `ToInt64`/`ToFloat64`; integer overflow wraps as in Go.

use std::sync::{Arc, LazyLock};

use crate::func::{Func, FuncError, FuncMap, Signature};
use crate::value::{GoType, Kind, List, TypeRef, Value};

use super::cast::{to_float64, to_int, to_int64};
use super::decimal::Decimal;

const INT_DIVIDE_BY_ZERO: &str = "runtime error: integer divide by zero";

fn slice_of_int() -> TypeRef {
    static T: LazyLock<TypeRef> = LazyLock::new(|| Arc::new(GoType::Slice(GoType::int())));
    T.clone()
}

fn int64<'a>(i: i64) -> Value<'a> {
    Value::Int(i, Kind::Int64)
}

fn arg<'v, 'a>(args: &'v [Value<'a>], i: usize) -> &'v Value<'a> {
    args.get(i).unwrap_or(&Value::Nil)
}

fn int_param(args: &[Value<'_>], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Int(n, _)) => *n,
        Some(Value::Uint(n, _)) => *n as i64,
        _ => 0,
    }
}

/// Go's `math.Max`.
fn go_max(a: f64, b: f64) -> f64 {
    if a.is_infinite() && a > 0.0 || b.is_infinite() && b > 0.0 {
        return f64::INFINITY;
    }
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if a == 0.0 && a == b {
        return if a.is_sign_negative() { b } else { a };
    }
    if a > b {
        a
    } else {
        b
    }
}

/// Go's `math.Min`.
fn go_min(a: f64, b: f64) -> f64 {
    if a.is_infinite() && a < 0.0 || b.is_infinite() && b < 0.0 {
        return f64::NEG_INFINITY;
    }
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if a == 0.0 && a == b {
        return if a.is_sign_negative() { a } else { b };
    }
    if a < b {
        a
    } else {
        b
    }
}

/// One step of a decimal fold.
type DecimalOp = fn(&Decimal, &Decimal) -> Result<Decimal, String>;

/// Sprig's `execDecimalOp`: folds the arguments through decimal arithmetic, returning the nearest float64.
fn decimal_fold(first: f64, rest: &[Value<'_>], op: DecimalOp) -> Result<f64, FuncError> {
    let mut acc = Decimal::from_float(first).map_err(FuncError::new)?;
    for v in rest {
        let d = Decimal::from_float(to_float64(v)).map_err(FuncError::new)?;
        acc = op(&acc, &d).map_err(FuncError::new)?;
    }
    Ok(acc.to_f64())
}

/// The longest sequence `until`, `untilStep` and `seq` build. Go would try to allocate any length and die
/// out of memory; here a longer request is an error instead.
const MAX_SEQUENCE: u128 = 1 << 24;

/// Sprig's `untilStep`.
pub(crate) fn until_step(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, FuncError> {
    let span = (i128::from(stop) - i128::from(start)).unsigned_abs();
    let len = span.div_ceil(i128::from(step).unsigned_abs().max(1));
    if len > MAX_SEQUENCE && (stop < start) == (step < 0) && step != 0 {
        return Err(FuncError::new(format!(
            "sequence of {len} elements is too long (at most {MAX_SEQUENCE})"
        )));
    }
    Ok(until_step_unchecked(start, stop, step))
}

fn until_step_unchecked(start: i64, stop: i64, step: i64) -> Vec<i64> {
    let mut v = Vec::new();
    let mut i = start;
    if stop < start {
        if step >= 0 {
            return v;
        }
        while i > stop {
            v.push(i);
            match i.checked_add(step) {
                Some(n) => i = n,
                None => break,
            }
        }
        return v;
    }
    if step <= 0 {
        return v;
    }
    while i < stop {
        v.push(i);
        match i.checked_add(step) {
            Some(n) => i = n,
            None => break,
        }
    }
    v
}

fn int_list<'a>(items: Vec<i64>) -> Value<'a> {
    Value::List(List::new(
        items.into_iter().map(Value::int).collect(),
        slice_of_int(),
    ))
}

/// Sprig's `seq`: like the Unix command, as a space-separated string.
fn seq(params: &[i64]) -> Result<String, FuncError> {
    let list = match *params {
        [end] => {
            let inc = if end < 1 { -1 } else { 1 };
            until_step(1, end.wrapping_add(inc), inc)?
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            until_step(start, end.wrapping_add(step), step)?
        }
        [start, step, end] => {
            let mut inc = 1;
            if end < start {
                inc = -1;
                if step > 0 {
                    return Ok(String::new());
                }
            }
            until_step(start, end.wrapping_add(inc), step)?
        }
        _ => return Ok(String::new()),
    };
    Ok(list
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(" "))
}

/// Sprig's `round(a, p, rOpt...)`: rounds at `p` decimal places, up when the fraction reaches `roundOn`.
fn round(val: f64, places: i64, round_on: f64) -> f64 {
    let pow = 10f64.powi(places.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
    let digit = pow * val;
    let frac = digit - digit.trunc();
    let r = if frac >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    r / pow
}

/// A random integer in `[min, max)` (Go's `rand.Intn(max-min) + min`).
fn rand_int(min: i64, max: i64) -> Result<i64, FuncError> {
    let n = max.wrapping_sub(min);
    if n <= 0 {
        return Err(FuncError::new("invalid argument to Intn"));
    }
    Ok(random_below(n as u64) as i64 + min)
}

/// A uniformly distributed integer below `n` (n > 0) from the thread's random generator.
pub(crate) fn random_below(n: u64) -> u64 {
    use rand::Rng;
    rand::thread_rng().gen_range(0..n)
}

/// Registers the numeric functions.
pub(crate) fn register(map: &mut FuncMap) {
    let any = GoType::interface;
    let i64t = GoType::int64;
    let f64t = GoType::float64;
    let int_op = |params: usize, variadic: bool, result: TypeRef| {
        let sig = Signature::new(vec![any(); params], result);
        if variadic {
            sig.variadic(any())
        } else {
            sig
        }
    };
    map.insert(
        "add1",
        Func::new(int_op(1, false, i64t()), |a| {
            Ok(int64(to_int64(arg(a, 0)).wrapping_add(1)))
        }),
    );
    map.insert(
        "add",
        Func::new(int_op(0, true, i64t()), |a| {
            Ok(int64(
                a.iter().fold(0i64, |acc, v| acc.wrapping_add(to_int64(v))),
            ))
        }),
    );
    map.insert(
        "sub",
        Func::new(int_op(2, false, i64t()), |a| {
            Ok(int64(to_int64(arg(a, 0)).wrapping_sub(to_int64(arg(a, 1)))))
        }),
    );
    map.insert(
        "div",
        Func::new(int_op(2, false, i64t()), |a| {
            let d = to_int64(arg(a, 1));
            if d == 0 {
                return Err(FuncError::new(INT_DIVIDE_BY_ZERO));
            }
            Ok(int64(to_int64(arg(a, 0)).wrapping_div(d)))
        }),
    );
    map.insert(
        "mod",
        Func::new(int_op(2, false, i64t()), |a| {
            let d = to_int64(arg(a, 1));
            if d == 0 {
                return Err(FuncError::new(INT_DIVIDE_BY_ZERO));
            }
            Ok(int64(to_int64(arg(a, 0)).wrapping_rem(d)))
        }),
    );
    map.insert(
        "mul",
        Func::new(int_op(1, true, i64t()), |a| {
            let first = to_int64(arg(a, 0));
            Ok(int64(
                a.iter()
                    .skip(1)
                    .fold(first, |acc, v| acc.wrapping_mul(to_int64(v))),
            ))
        }),
    );
    map.insert(
        "randInt",
        Func::new(
            Signature::new(vec![GoType::int(), GoType::int()], GoType::int()),
            |a| Ok(Value::int(rand_int(int_param(a, 0), int_param(a, 1))?)),
        ),
    );
    map.insert(
        "add1f",
        Func::new(int_op(1, false, f64t()), |a| {
            let one = [Value::int(1)];
            Ok(Value::float(decimal_fold(
                to_float64(arg(a, 0)),
                &one,
                |x, y| Ok(x.add(y)),
            )?))
        }),
    );
    map.insert(
        "addf",
        Func::new(int_op(0, true, f64t()), |a| {
            Ok(Value::float(decimal_fold(0.0, a, |x, y| Ok(x.add(y)))?))
        }),
    );
    let fold_ops: [(&str, DecimalOp); 3] = [
        ("subf", |x, y| Ok(x.sub(y))),
        ("mulf", |x, y| Ok(x.mul(y))),
        ("divf", |x, y| x.div(y)),
    ];
    for (name, op) in fold_ops {
        map.insert(
            name,
            Func::new(int_op(1, true, f64t()), move |a| {
                let rest = a.get(1..).unwrap_or_default();
                Ok(Value::float(decimal_fold(to_float64(arg(a, 0)), rest, op)?))
            }),
        );
    }
    for name in ["max", "biggest"] {
        map.insert(
            name,
            Func::new(int_op(1, true, i64t()), |a| {
                Ok(int64(
                    a.iter().map(to_int64).fold(to_int64(arg(a, 0)), i64::max),
                ))
            }),
        );
    }
    map.insert(
        "min",
        Func::new(int_op(1, true, i64t()), |a| {
            Ok(int64(
                a.iter().map(to_int64).fold(to_int64(arg(a, 0)), i64::min),
            ))
        }),
    );
    map.insert(
        "maxf",
        Func::new(int_op(1, true, f64t()), |a| {
            let first = to_float64(arg(a, 0));
            Ok(Value::float(
                a.iter().skip(1).map(to_float64).fold(first, go_max),
            ))
        }),
    );
    map.insert(
        "minf",
        Func::new(int_op(1, true, f64t()), |a| {
            let first = to_float64(arg(a, 0));
            Ok(Value::float(
                a.iter().skip(1).map(to_float64).fold(first, go_min),
            ))
        }),
    );
    map.insert(
        "ceil",
        Func::new(int_op(1, false, f64t()), |a| {
            Ok(Value::float(to_float64(arg(a, 0)).ceil()))
        }),
    );
    map.insert(
        "floor",
        Func::new(int_op(1, false, f64t()), |a| {
            Ok(Value::float(to_float64(arg(a, 0)).floor()))
        }),
    );
    map.insert(
        "round",
        Func::new(
            Signature::new(vec![any(), GoType::int()], f64t()).variadic(f64t()),
            |a| {
                let round_on = match a.get(2) {
                    Some(Value::Float(f, _)) => *f,
                    _ => 0.5,
                };
                Ok(Value::float(round(
                    to_float64(arg(a, 0)),
                    to_int(arg(a, 1)),
                    round_on,
                )))
            },
        ),
    );
    map.insert(
        "until",
        Func::new(Signature::new(vec![GoType::int()], slice_of_int()), |a| {
            let count = int_param(a, 0);
            let step = if count < 0 { -1 } else { 1 };
            Ok(int_list(until_step(0, count, step)?))
        }),
    );
    map.insert(
        "untilStep",
        Func::new(
            Signature::new(vec![GoType::int(); 3], slice_of_int()),
            |a| {
                Ok(int_list(until_step(
                    int_param(a, 0),
                    int_param(a, 1),
                    int_param(a, 2),
                )?))
            },
        ),
    );
    map.insert(
        "seq",
        Func::new(
            Signature::new(vec![], GoType::string()).variadic(GoType::int()),
            |a| {
                let params: Vec<i64> = (0..a.len()).map(|i| int_param(a, i)).collect();
                Ok(Value::string(seq(&params)?))
            },
        ),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn call<'a>(name: &str, args: &[Value<'a>]) -> Result<Value<'a>, FuncError> {
        let mut m = FuncMap::new();
        register(&mut m);
        m.get(name).unwrap().call(args)
    }

    fn i(name: &str, args: &[Value<'_>]) -> i64 {
        match call(name, args).unwrap() {
            Value::Int(n, Kind::Int64) => n,
            other => panic!("{other:?}"),
        }
    }

    fn f(name: &str, args: &[Value<'_>]) -> f64 {
        match call(name, args).unwrap() {
            Value::Float(x, Kind::Float64) => x,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn integer_arithmetic() {
        let n = Value::int;
        assert_eq!(i("add", &[n(1), Value::str("2"), Value::float(1.5)]), 4);
        assert_eq!(i("add", &[]), 0);
        assert_eq!(i("add", &[n(i64::MAX), n(1)]), i64::MIN);
        assert_eq!(i("sub", &[n(3), n(5)]), -2);
        assert_eq!(
            i("mul", &[n(1), Value::str("2"), n(3), Value::str("4")]),
            24
        );
        assert_eq!(i("div", &[n(-7), n(2)]), -3);
        assert_eq!(i("mod", &[n(-7), n(3)]), -1);
        assert_eq!(
            call("div", &[n(7), n(0)]).unwrap_err().0,
            INT_DIVIDE_BY_ZERO
        );
        assert_eq!(i("max", &[Value::float(2.9), n(1)]), 2);
        assert_eq!(i("min", &[n(-1), n(1)]), -1);
    }

    #[test]
    fn float_arithmetic() {
        let n = Value::float;
        assert_eq!(f("addf", &[n(1.5), n(2.2), Value::int(3)]), 6.7);
        assert_eq!(f("add1f", &[n(3.4)]), 4.4);
        assert_eq!(
            f("divf", &[Value::int(5), Value::int(4), Value::int(2)]),
            0.625
        );
        assert_eq!(
            f(
                "mulf",
                &[n(1.2), Value::str("2.4"), Value::int(10), Value::str("4")]
            ),
            115.2
        );
        assert_eq!(
            call("divf", &[n(1.0), n(0.0)]).unwrap_err().0,
            "decimal division by 0"
        );
        assert_eq!(f("maxf", &[n(1.0), n(5.5), n(3.0)]), 5.5);
        assert_eq!(f("minf", &[n(1.5), n(2.0), n(-0.5)]), -0.5);
        assert_eq!(f("ceil", &[n(-1.2)]), -1.0);
        assert_eq!(f("floor", &[n(-1.2)]), -2.0);
    }

    #[test]
    fn rounding() {
        assert_eq!(round(1.2345, 2, 0.5), 1.23);
        assert_eq!(round(2.5, 0, 0.5), 3.0);
        assert_eq!(round(-1.5, 0, 0.5), -2.0);
        assert_eq!(round(1.005, 2, 0.5), 1.0);
        assert_eq!(round(123.456, -1, 0.5), 120.0);
        assert_eq!(round(1.23, 2, 0.4), 1.23);
    }

    #[test]
    fn sequences() {
        assert_eq!(seq(&[]).unwrap(), "");
        assert_eq!(seq(&[5]).unwrap(), "1 2 3 4 5");
        assert_eq!(seq(&[0]).unwrap(), "1 0");
        assert_eq!(seq(&[-5]).unwrap(), "1 0 -1 -2 -3 -4 -5");
        assert_eq!(seq(&[0, 3, 10]).unwrap(), "0 3 6 9");
        assert_eq!(seq(&[3, -3, 2]).unwrap(), "3");
        assert_eq!(seq(&[3, 3, 2]).unwrap(), "");
        assert_eq!(seq(&[0, 1, 2, 3]).unwrap(), "");
        assert_eq!(until_step(10, 0, -3).unwrap(), vec![10, 7, 4, 1]);
        assert!(until_step(0, i64::MAX, 1).is_err());
        assert_eq!(until_step(0, i64::MAX, -1).unwrap(), Vec::<i64>::new());
        assert_eq!(
            until_step(i64::MAX - 1, i64::MAX, i64::MAX).unwrap(),
            vec![i64::MAX - 1]
        );
        assert_eq!(until_step(0, 10, 0).unwrap(), Vec::<i64>::new());
        let r = match call("randInt", &[Value::int(3), Value::int(5)]).unwrap() {
            Value::Int(n, Kind::Int) => n,
            other => panic!("{other:?}"),
        };
        assert!((3..5).contains(&r));
        assert!(call("randInt", &[Value::int(5), Value::int(5)]).is_err());
    }
}
