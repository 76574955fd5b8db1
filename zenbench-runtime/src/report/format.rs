//! Human formatting of times, percentages, throughput and sizes.
//!
//! Every function is pure and total: non-finite inputs give a short marker
//! (`NaN`, `inf`, `n/a`) rather than a panic, so a report never fails on odd
//! data.

/// Time units, smallest first: (nanoseconds per unit, symbol).
const TIME_UNITS: [(f64, &str); 5] = [
    (1e-3, "ps"),
    (1.0, "ns"),
    (1e3, "µs"),
    (1e6, "ms"),
    (1e9, "s"),
];

/// Decimals that give four significant digits for `v` in `[1, 1000)`.
fn time_decimals(v: f64) -> usize {
    if v >= 100.0 {
        1
    } else if v >= 10.0 {
        2
    } else {
        3
    }
}

/// Formats `v` with the decimals `decimals(v)` asks for, re-deciding once if
/// rounding carried it over a boundary (9.9996 → `10.00`, not `10.000`).
fn round_to(v: f64, decimals: fn(f64) -> usize) -> (String, f64) {
    let d = decimals(v);
    let s = format!("{v:.d$}");
    let r: f64 = s.parse().unwrap_or(v);
    let d2 = decimals(r);
    if d2 == d {
        (s, r)
    } else {
        (format!("{r:.d2$}"), r)
    }
}

/// Formats a time in nanoseconds with four significant digits and the
/// largest unit that keeps the number at least 1: `ps`, `ns`, `µs`, `ms`, `s`.
///
/// Sub-nanosecond times use picoseconds (`0.42 ns` prints `420.0 ps`); zero
/// prints `0 ns`; seconds are the largest unit (`1234.5 s`).
pub fn fmt_ns(ns: f64) -> String {
    if ns.is_nan() {
        return "NaN".to_string();
    }
    if ns.is_infinite() {
        return if ns > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if ns == 0.0 {
        return "0 ns".to_string();
    }
    let sign = if ns < 0.0 { "-" } else { "" };
    let a = ns.abs();
    let mut i = TIME_UNITS.iter().rposition(|&(s, _)| a >= s).unwrap_or(0);
    loop {
        let (s, r) = round_to(a / TIME_UNITS[i].0, time_decimals);
        if r >= 1000.0 && i + 1 < TIME_UNITS.len() {
            i += 1;
            continue;
        }
        return format!("{sign}{s} {}", TIME_UNITS[i].1);
    }
}

/// One time unit for a whole column: the unit [`fmt_ns`] gives a
/// reference value (a group's baseline), and the decimals that give that
/// value four significant digits; every value of the column is then
/// written with both, so the column reads in one unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TimeUnit {
    scale: f64,
    name: &'static str,
    decimals: usize,
}

impl TimeUnit {
    /// The unit of `reference_ns` (`None` when it is not a finite, positive time).
    pub(crate) fn of(reference_ns: f64) -> Option<TimeUnit> {
        if !(reference_ns.is_finite() && reference_ns > 0.0) {
            return None;
        }
        let shown = fmt_ns(reference_ns);
        let (number, name) = shown.split_once(' ')?;
        let &(scale, name) = TIME_UNITS.iter().find(|u| u.1 == name)?;
        let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
        Some(TimeUnit {
            scale,
            name,
            decimals,
        })
    }

    /// `ns` in this unit: `0.612 µs` beside a baseline of `1.234 µs`.
    pub(crate) fn format(&self, ns: f64) -> String {
        if !ns.is_finite() {
            return fmt_ns(ns);
        }
        let d = self.decimals;
        format!("{:.d$} {}", ns / self.scale, self.name)
    }
}

/// Formats seconds for summaries: `2.41 s` from one second up, else like
/// [`fmt_ns`].
pub fn fmt_secs(s: f64) -> String {
    if s.is_finite() && s.abs() >= 1.0 {
        format!("{s:.2} s")
    } else {
        fmt_ns(s * 1e9)
    }
}

fn pct_decimals(v: f64) -> usize {
    if v < 10.0 {
        2
    } else if v < 10_000.0 {
        1
    } else {
        0
    }
}

/// Formats a percentage (already ×100) with an explicit sign: two decimals
/// below 10%, one below 10 000%, none above. A value that rounds to zero is
/// `+0.00%`.
pub fn fmt_pct(pct: f64) -> String {
    if pct.is_nan() {
        return "n/a".to_string();
    }
    if pct.is_infinite() {
        return if pct > 0.0 { "+inf%" } else { "-inf%" }.to_string();
    }
    let (s, r) = round_to(pct.abs(), pct_decimals);
    let sign = if pct < 0.0 && r != 0.0 { "-" } else { "+" };
    format!("{sign}{s}%")
}

/// An interval from its two bounds, each already formatted where it is a
/// number: `[a, b]`; with one bound no number, the other alone as a
/// one-sided bound (`≥ a`, `≤ b`); with neither, nothing (empty). A bound
/// that is no number is never printed inside brackets.
pub(crate) fn fmt_interval(lower: Option<String>, upper: Option<String>) -> String {
    match (lower, upper) {
        (Some(l), Some(u)) => format!("[{l}, {u}]"),
        (Some(l), None) => format!("≥ {l}"),
        (None, Some(u)) => format!("≤ {u}"),
        (None, None) => String::new(),
    }
}

/// The CI of a change: [`fmt_interval`] of its bounds as [`fmt_pct`]s, a
/// bound that is not finite left out.
pub(crate) fn fmt_pct_ci(lower: f64, upper: f64) -> String {
    let pct = |x: f64| x.is_finite().then(|| fmt_pct(x));
    fmt_interval(pct(lower), pct(upper))
}

/// Decimals for throughput and sizes: three to four significant digits.
fn rate_decimals(v: f64) -> usize {
    if v < 10.0 {
        2
    } else {
        1
    }
}

/// Scales `v` by `base` through `units` until it is below 1000 and formats
/// it; the unit switches at 1000 even for binary units, so a number never
/// needs more than four digits before the point (`0.98 KiB/s`, not `1000 B/s`).
fn scaled(v: f64, base: f64, units: &[&str]) -> String {
    if !v.is_finite() || v < 0.0 {
        return "n/a".to_string();
    }
    let mut i = 0;
    let mut x = v;
    while x >= 1000.0 && i + 1 < units.len() {
        x /= base;
        i += 1;
    }
    let (s, r) = round_to(x, rate_decimals);
    if r >= 1000.0 && i + 1 < units.len() {
        let (s, _) = round_to(r / base, rate_decimals);
        return format!("{s} {}", units[i + 1]);
    }
    format!("{s} {}", units[i])
}

/// The units of a rate of `kind`, smallest first, and the step between
/// them: `"bytes"` binary (`B/s`, `KiB/s`, `MiB/s`, …), `"elements"` decimal
/// (`elem/s`, `Kelem/s`, …), any other kind decimal prefixes on the kind.
fn rate_units(kind: &str) -> (f64, Vec<String>) {
    let (base, units): (f64, &[&str]) = match kind {
        "bytes" => (
            1024.0,
            &["B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s", "PiB/s"],
        ),
        "elements" => (
            1000.0,
            &["elem/s", "Kelem/s", "Melem/s", "Gelem/s", "Telem/s"],
        ),
        other => {
            let mut units = Vec::new();
            for p in ["", "K", "M", "G", "T"] {
                units.push(format!("{p}{other}/s"));
            }
            return (1000.0, units);
        }
    };
    let mut named = Vec::with_capacity(units.len());
    for u in units {
        named.push(u.to_string());
    }
    (base, named)
}

/// Formats a throughput in the unit that suits it (see [`rate_units`]).
/// Non-finite or negative rates print `n/a`.
pub fn fmt_throughput(kind: &str, per_second: f64) -> String {
    let (base, units) = rate_units(kind);
    let refs: Vec<&str> = units.iter().map(String::as_str).collect();
    scaled(per_second, base, &refs)
}

/// The unit a table column of rates of `kind` is printed in: the one that
/// suits its largest value, so every row of the column reads in one unit.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RateUnit {
    divisor: f64,
    name: String,
}

impl RateUnit {
    /// The unit [`fmt_throughput`] would pick for `largest`.
    pub(crate) fn for_largest(kind: &str, largest: f64) -> RateUnit {
        let (base, units) = rate_units(kind);
        let mut i = 0;
        let mut divisor = 1.0;
        let mut x = if largest.is_finite() { largest } else { 0.0 };
        while x >= 1000.0 && i + 1 < units.len() {
            x /= base;
            divisor *= base;
            i += 1;
        }
        RateUnit {
            divisor,
            name: units[i].clone(),
        }
    }

    /// `per_second` in this unit: `987.2 MiB/s`, `0.96 GiB/s`.
    pub(crate) fn format(&self, per_second: f64) -> String {
        match self.number(per_second) {
            Some(s) => format!("{s} {}", self.name),
            None => "n/a".to_string(),
        }
    }

    /// The unit's name: `GiB/s`.
    #[cfg(feature = "html")]
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Units per second in one of this unit (`1024³` for `GiB/s`).
    #[cfg(feature = "html")]
    pub(crate) fn divisor(&self) -> f64 {
        self.divisor
    }

    /// `per_second` in this unit, without the unit's name: `987.2`.
    pub(crate) fn number(&self, per_second: f64) -> Option<String> {
        if !per_second.is_finite() || per_second < 0.0 {
            return None;
        }
        Some(round_to(per_second / self.divisor, rate_decimals).0)
    }
}

/// Formats a byte count with binary units: `256 B`, `1.50 KiB`, `12.0 MiB`.
/// Whole byte counts below 1000 print without decimals.
pub fn fmt_bytes(bytes: f64) -> String {
    if bytes.is_finite() && (0.0..1000.0).contains(&bytes) && bytes.fract() == 0.0 {
        return format!("{bytes} B");
    }
    scaled(bytes, 1024.0, &["B", "KiB", "MiB", "GiB", "TiB", "PiB"])
}

/// Formats a per-iteration count (allocations): whole numbers plainly,
/// others with two decimals.
pub fn fmt_count(n: f64) -> String {
    if !n.is_finite() {
        "n/a".to_string()
    } else if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.2}")
    }
}

/// Superscript digits for footnote markers: `1` → `¹`, `12` → `¹²`.
pub fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut out = String::new();
    for digit in n.to_string().bytes() {
        out.push(DIGITS[usize::from(digit - b'0')]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ns_units_and_significant_digits() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0 ns"),
            (0.42, "420.0 ps"),
            (0.0042, "4.200 ps"),
            (0.0001, "0.100 ps"),
            (1.0, "1.000 ns"),
            (1.23456, "1.235 ns"),
            (12.3456, "12.35 ns"),
            (812.34, "812.3 ns"),
            (999.9, "999.9 ns"),
            (999.96, "1.000 µs"),
            (1234.0, "1.234 µs"),
            (9.9996, "10.00 ns"),
            (99.996, "100.0 ns"),
            (45_678.0, "45.68 µs"),
            (1.5e6, "1.500 ms"),
            (2.5e9, "2.500 s"),
            (1.2345e12, "1234.5 s"),
            (-3.5, "-3.500 ns"),
            (-1500.0, "-1.500 µs"),
        ];
        for &(ns, want) in cases {
            assert_eq!(fmt_ns(ns), want, "fmt_ns({ns})");
        }
    }

    #[test]
    fn ns_non_finite() {
        assert_eq!(fmt_ns(f64::NAN), "NaN");
        assert_eq!(fmt_ns(f64::INFINITY), "inf");
        assert_eq!(fmt_ns(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn secs() {
        assert_eq!(fmt_secs(2.4149), "2.41 s");
        assert_eq!(fmt_secs(123.456), "123.46 s");
        assert_eq!(fmt_secs(0.5), "500.0 ms");
        assert_eq!(fmt_secs(0.0), "0 ns");
    }

    #[test]
    fn pct_sign_and_decimals() {
        let cases: &[(f64, &str)] = &[
            (1.234, "+1.23%"),
            (-0.4, "-0.40%"),
            (0.0, "+0.00%"),
            (-0.001, "+0.00%"),
            (9.996, "+10.0%"),
            (98.66, "+98.7%"),
            (102.44, "+102.4%"),
            (-50.4, "-50.4%"),
            (12_345.6, "+12346%"),
        ];
        for &(p, want) in cases {
            assert_eq!(fmt_pct(p), want, "fmt_pct({p})");
        }
        assert_eq!(fmt_pct(f64::NAN), "n/a");
        assert_eq!(fmt_pct(f64::INFINITY), "+inf%");
    }

    #[test]
    fn intervals_never_hold_a_bound_that_is_no_number() {
        assert_eq!(fmt_pct_ci(-1.5, 2.25), "[-1.50%, +2.25%]");
        assert_eq!(fmt_pct_ci(1911.0, f64::NAN), "≥ +1911.0%");
        assert_eq!(fmt_pct_ci(f64::NEG_INFINITY, 3.0), "≤ +3.00%");
        assert_eq!(fmt_pct_ci(f64::NAN, f64::NAN), "");
        let unit = RateUnit::for_largest("iter", 5e9);
        assert_eq!(
            fmt_interval(unit.number(1911.0e6), unit.number(f64::NAN)),
            "≥ 1.91"
        );
    }

    #[test]
    fn throughput_bytes_binary() {
        let gib = (1u64 << 30) as f64;
        let mib = (1u64 << 20) as f64;
        assert_eq!(fmt_throughput("bytes", 1.23 * gib), "1.23 GiB/s");
        assert_eq!(fmt_throughput("bytes", 456.7 * mib), "456.7 MiB/s");
        assert_eq!(fmt_throughput("bytes", 512.0), "512.0 B/s");
        assert_eq!(fmt_throughput("bytes", 1000.0), "0.98 KiB/s");
        assert_eq!(fmt_throughput("bytes", 2.0 * 1024.0 * gib), "2.00 TiB/s");
        assert_eq!(fmt_throughput("bytes", f64::INFINITY), "n/a");
    }

    #[test]
    fn throughput_elements_decimal() {
        assert_eq!(fmt_throughput("elements", 12.3e6), "12.3 Melem/s");
        assert_eq!(fmt_throughput("elements", 999.0), "999.0 elem/s");
        assert_eq!(fmt_throughput("elements", 1.5e9), "1.50 Gelem/s");
        assert_eq!(fmt_throughput("elements", 999.96e3), "1.00 Melem/s");
        assert_eq!(fmt_throughput("rows", 4.2e3), "4.20 Krows/s");
    }

    #[test]
    fn bytes_and_counts() {
        assert_eq!(fmt_bytes(0.0), "0 B");
        assert_eq!(fmt_bytes(256.0), "256 B");
        assert_eq!(fmt_bytes(12.5), "12.5 B");
        assert_eq!(fmt_bytes(1536.0), "1.50 KiB");
        assert_eq!(fmt_bytes(12.0 * 1024.0 * 1024.0), "12.0 MiB");
        assert_eq!(fmt_count(3.0), "3");
        assert_eq!(fmt_count(0.5), "0.50");
        assert_eq!(fmt_count(f64::NAN), "n/a");
    }

    #[test]
    fn superscripts() {
        assert_eq!(superscript(0), "⁰");
        assert_eq!(superscript(7), "⁷");
        assert_eq!(superscript(12), "¹²");
    }
}

/// The examples that were this module's doc examples (the module is private).
#[cfg(test)]
mod doc_examples {
    #[test]
    fn example_fmt_ns() {
        use crate::report::fmt_ns;
        assert_eq!(fmt_ns(1234.0), "1.234 µs");
        assert_eq!(fmt_ns(812.34), "812.3 ns");
        assert_eq!(fmt_ns(0.42), "420.0 ps");
    }

    #[test]
    fn example_fmt_secs() {
        use crate::report::fmt_secs;
        assert_eq!(fmt_secs(2.4149), "2.41 s");
        assert_eq!(fmt_secs(0.0123), "12.30 ms");
    }

    #[test]
    fn example_fmt_pct() {
        use crate::report::fmt_pct;
        assert_eq!(fmt_pct(1.234), "+1.23%");
        assert_eq!(fmt_pct(-0.4), "-0.40%");
        assert_eq!(fmt_pct(98.66), "+98.7%");
    }

    #[test]
    fn example_fmt_throughput() {
        use crate::report::fmt_throughput;
        assert_eq!(
            fmt_throughput("bytes", 1.23 * (1u64 << 30) as f64),
            "1.23 GiB/s"
        );
        assert_eq!(
            fmt_throughput("bytes", 456.7 * (1u64 << 20) as f64),
            "456.7 MiB/s"
        );
        assert_eq!(fmt_throughput("elements", 12.3e6), "12.3 Melem/s");
    }

    #[test]
    fn example_fmt_bytes() {
        use crate::report::fmt_bytes;
        assert_eq!(fmt_bytes(256.0), "256 B");
        assert_eq!(fmt_bytes(1536.0), "1.50 KiB");
    }

    #[test]
    fn example_fmt_count() {
        use crate::report::fmt_count;
        assert_eq!(fmt_count(3.0), "3");
        assert_eq!(fmt_count(0.5), "0.50");
    }

    #[test]
    fn example_superscript() {
        use crate::report::superscript;
        assert_eq!(superscript(3), "³");
        assert_eq!(superscript(10), "¹⁰");
    }

    #[test]
    fn a_column_reads_in_the_unit_of_its_largest_rate() {
        use super::{fmt_throughput, RateUnit};
        let gib = (1u64 << 30) as f64;
        let unit = RateUnit::for_largest("bytes", 1.61 * gib);
        assert_eq!(unit.format(1.61 * gib), "1.61 GiB/s");
        // Alone it would print `904.7 MiB/s`; beside 1.61 GiB/s, in GiB/s.
        assert_eq!(
            fmt_throughput("bytes", 904.7 * (1u64 << 20) as f64),
            "904.7 MiB/s"
        );
        assert_eq!(unit.format(904.7 * (1u64 << 20) as f64), "0.88 GiB/s");
        assert_eq!(unit.number(0.5 * gib).as_deref(), Some("0.50"));
        assert_eq!(unit.format(f64::NAN), "n/a");
        let unit = RateUnit::for_largest("elements", 12.3e6);
        assert_eq!(unit.format(450e3), "0.45 Melem/s");
        assert_eq!(
            RateUnit::for_largest("iter", 5.0).format(5.0),
            "5.00 iter/s"
        );
    }
}
