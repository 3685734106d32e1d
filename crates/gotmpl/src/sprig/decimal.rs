//! The subset of `github.com/shopspring/decimal` that Sprig's float arithmetic (`addf`, `subf`, `mulf`,
//! `divf`, `add1f`) goes through: exact decimals created from float64s by their shortest representation,
//! exact addition, subtraction and multiplication, division rounded half away from zero to 16 places, and
//! conversion back to the nearest float64.

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};

/// `decimal.DivisionPrecision`.
const DIVISION_PRECISION: i64 = 16;

/// `value × 10^exp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decimal {
    value: BigInt,
    exp: i64,
}

fn pow10(n: u64) -> BigInt {
    num_traits_pow(BigInt::from(10u32), n)
}

fn num_traits_pow(base: BigInt, mut n: u64) -> BigInt {
    let mut result = BigInt::from(1u32);
    let mut b = base;
    while n > 0 {
        if n & 1 == 1 {
            result *= &b;
        }
        n >>= 1;
        if n > 0 {
            b = &b * &b;
        }
    }
    result
}

impl Decimal {
    /// `decimal.NewFromFloat`: the shortest decimal that reads back as `f`. NaN and infinities are errors
    /// (shopspring panics with this message).
    pub(crate) fn from_float(f: f64) -> Result<Decimal, String> {
        if !f.is_finite() {
            let shown = if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "+Inf"
            } else {
                "-Inf"
            };
            return Err(format!("Cannot create a Decimal from {shown}"));
        }
        // `{:e}` prints the shortest round-trip digits: `d.ddddde±x`.
        let text = format!("{f:e}");
        let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let exp: i64 = exp.parse().unwrap_or(0);
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{int_part}{frac_part}");
        let value: BigInt = digits.parse().unwrap_or_default();
        Ok(Decimal {
            value,
            exp: exp - frac_part.len() as i64,
        })
    }

    /// `Decimal.Add`.
    pub(crate) fn add(&self, o: &Decimal) -> Decimal {
        let (a, b, exp) = self.aligned(o);
        Decimal { value: a + b, exp }
    }

    /// `Decimal.Sub`.
    pub(crate) fn sub(&self, o: &Decimal) -> Decimal {
        let (a, b, exp) = self.aligned(o);
        Decimal { value: a - b, exp }
    }

    /// `Decimal.Mul`.
    pub(crate) fn mul(&self, o: &Decimal) -> Decimal {
        Decimal {
            value: &self.value * &o.value,
            exp: self.exp + o.exp,
        }
    }

    /// `Decimal.Div`: `DivRound(o, 16)`; division by zero is an error with shopspring's panic text.
    pub(crate) fn div(&self, o: &Decimal) -> Result<Decimal, String> {
        if o.value.sign() == Sign::NoSign {
            return Err("decimal division by 0".into());
        }
        // Scale so that the integer quotient carries DIVISION_PRECISION decimal places.
        let e = self.exp - o.exp + DIVISION_PRECISION;
        let (aa, bb) = if e < 0 {
            (self.value.clone(), &o.value * pow10(e.unsigned_abs()))
        } else {
            (&self.value * pow10(e as u64), o.value.clone())
        };
        let q = &aa / &bb;
        let r = &aa - &q * &bb;
        let twice_r: BigInt = r.magnitude().clone().into();
        let twice_r: BigInt = twice_r * 2u32;
        let bb_abs: BigInt = bb.magnitude().clone().into();
        let q = if twice_r.cmp(&bb_abs) == Ordering::Less {
            q
        } else if (self.value.sign() == Sign::Minus) != (o.value.sign() == Sign::Minus) {
            q - 1
        } else {
            q + 1
        };
        Ok(Decimal {
            value: q,
            exp: -DIVISION_PRECISION,
        })
    }

    /// `Decimal.Float64`: the nearest float64 (ties to even).
    pub(crate) fn to_f64(&self) -> f64 {
        format!("{}e{}", self.value, self.exp)
            .parse()
            .unwrap_or(f64::NAN)
    }

    fn aligned(&self, o: &Decimal) -> (BigInt, BigInt, i64) {
        let exp = self.exp.min(o.exp);
        let scale = |d: &Decimal| &d.value * pow10((d.exp - exp) as u64);
        (scale(self), scale(o), exp)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn d(f: f64) -> Decimal {
        Decimal::from_float(f).unwrap()
    }

    #[test]
    fn arithmetic_is_decimal() {
        assert_eq!(d(1.5).add(&d(2.2)).add(&d(3.0)).to_f64(), 6.7);
        assert_eq!(d(0.1).add(&d(0.2)).to_f64(), 0.3);
        assert_eq!(
            d(1.2).mul(&d(2.4)).mul(&d(10.0)).mul(&d(4.0)).to_f64(),
            115.2
        );
        assert_eq!(d(1.0).div(&d(3.0)).unwrap().to_f64(), 0.3333333333333333);
        assert_eq!(d(2.0).div(&d(3.0)).unwrap().to_f64(), 0.6666666666666667);
        assert_eq!(d(-2.0).div(&d(3.0)).unwrap().to_f64(), -0.6666666666666667);
        assert_eq!(
            d(5.0).div(&d(4.0)).unwrap().div(&d(2.0)).unwrap().to_f64(),
            0.625
        );
        assert_eq!(d(1.0).div(&d(0.0)).unwrap_err(), "decimal division by 0");
        assert_eq!(d(4.5).sub(&d(1.0)).to_f64(), 3.5);
        assert!(Decimal::from_float(f64::NAN).is_err());
    }
}
