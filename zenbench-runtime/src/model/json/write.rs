//! Values to JSON text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A value that writes itself as JSON.
pub(crate) trait ToJson {
    fn write_json(&self, w: &mut JsonWriter);
}

/// `value` as one line of JSON.
pub(crate) fn to_compact<T: ToJson + ?Sized>(value: &T) -> String {
    let mut w = JsonWriter::new(false);
    value.write_json(&mut w);
    w.finish()
}

/// `value` as JSON indented by two spaces per level, without a final
/// newline.
#[cfg(any(test, feature = "cli"))]
pub(crate) fn to_pretty<T: ToJson + ?Sized>(value: &T) -> String {
    let mut w = JsonWriter::new(true);
    value.write_json(&mut w);
    w.finish()
}

/// Writes one JSON value into a string: containers opened and closed in
/// order, [`key`](Self::key) before each object entry and
/// [`item`](Self::item) before each array element.
pub(crate) struct JsonWriter {
    out: String,
    pretty: bool,
    depth: usize,
    /// The innermost container has no entry yet.
    empty: bool,
    /// Per-round samples are written (`samples` fields).
    samples: bool,
}

impl JsonWriter {
    pub(crate) fn new(pretty: bool) -> JsonWriter {
        JsonWriter {
            out: String::new(),
            pretty,
            depth: 0,
            empty: false,
            samples: true,
        }
    }

    /// Leaves per-round samples out.
    pub(crate) fn without_samples(mut self) -> JsonWriter {
        self.samples = false;
        self
    }

    pub(crate) fn keeps_samples(&self) -> bool {
        self.samples
    }

    /// The text written.
    pub(crate) fn finish(self) -> String {
        self.out
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.depth {
                self.out.push_str("  ");
            }
        }
    }

    /// Starts an object.
    pub(crate) fn begin_object(&mut self) {
        self.open('{');
    }

    pub(crate) fn end_object(&mut self) {
        self.close('}');
    }

    /// Starts an array.
    pub(crate) fn begin_array(&mut self) {
        self.open('[');
    }

    pub(crate) fn end_array(&mut self) {
        self.close(']');
    }

    /// Before each element of an array.
    pub(crate) fn item(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.newline();
    }

    /// Before each value of an object: its key.
    pub(crate) fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    /// `key` and `value`.
    pub(crate) fn entry<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        self.key(key);
        value.write_json(self);
    }

    pub(crate) fn null(&mut self) {
        self.out.push_str("null");
    }

    pub(crate) fn bool(&mut self, b: bool) {
        self.out.push_str(if b { "true" } else { "false" });
    }

    pub(crate) fn u64(&mut self, n: u64) {
        let _ = write!(self.out, "{n}");
    }

    pub(crate) fn i64(&mut self, n: i64) {
        let _ = write!(self.out, "{n}");
    }

    /// A number in its shortest form that reads back as `x` (`1.0`,
    /// `0.1`, `1e-7`); NaN and the infinities, which JSON cannot say, as
    /// `null`.
    pub(crate) fn f64(&mut self, x: f64) {
        if x.is_finite() {
            let _ = write!(self.out, "{x:?}");
        } else {
            self.null();
        }
    }

    /// A string, quoted, with `"`, `\` and control characters escaped.
    pub(crate) fn string(&mut self, s: &str) {
        self.out.push('"');
        let mut plain = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&s[plain..i]);
            plain = i + 1;
            if escape.is_empty() {
                let _ = write!(self.out, "\\u{b:04x}");
            } else {
                self.out.push_str(escape);
            }
        }
        self.out.push_str(&s[plain..]);
        self.out.push('"');
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut JsonWriter) {
        w.bool(*self);
    }
}

impl ToJson for u64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.u64(*self);
    }
}

impl ToJson for u32 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.u64(u64::from(*self));
    }
}

impl ToJson for usize {
    fn write_json(&self, w: &mut JsonWriter) {
        w.u64(*self as u64);
    }
}

impl ToJson for i64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.i64(*self);
    }
}

impl ToJson for f64 {
    fn write_json(&self, w: &mut JsonWriter) {
        w.f64(*self);
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Some(v) => v.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_array();
        for v in self {
            w.item();
            v.write_json(w);
        }
        w.end_array();
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut JsonWriter) {
        self.as_slice().write_json(w);
    }
}

impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_array();
        w.item();
        self.0.write_json(w);
        w.item();
        self.1.write_json(w);
        w.end_array();
    }
}

/// An object of the map's entries, in key order.
impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        for (k, v) in self {
            w.entry(k, v);
        }
        w.end_object();
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse, Json, Num};
    use super::*;

    #[test]
    fn compact_and_pretty_layouts() {
        let mut m = BTreeMap::new();
        m.insert("b".to_string(), vec![1u64, 2]);
        m.insert("a".to_string(), Vec::new());
        assert_eq!(to_compact(&m), r#"{"a":[],"b":[1,2]}"#);
        assert_eq!(
            to_pretty(&m),
            "{\n  \"a\": [],\n  \"b\": [\n    1,\n    2\n  ]\n}"
        );
        assert_eq!(to_pretty(&BTreeMap::<String, u64>::new()), "{}");
        assert_eq!(to_compact(&(Some(1.5), None::<bool>)), "[1.5,null]");
    }

    #[test]
    fn floats_are_shortest_and_read_back_exactly() {
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-0.0, "-0.0"),
            (21.916999999999998, "21.916999999999998"),
            (1e-7, "1e-7"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ];
        for (x, text) in cases {
            assert_eq!(to_compact(&x), text);
        }
        // Every bit pattern of a spread of magnitudes reads back as itself.
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..20_000 {
            let x = f64::from_bits(rng.u64(..));
            if !x.is_finite() {
                continue;
            }
            let back = parse(to_compact(&x).as_bytes()).unwrap();
            assert_eq!(back.as_f64().map(f64::to_bits), Some(x.to_bits()), "{x:e}");
        }
        assert_eq!(
            parse(to_compact(&u64::MAX).as_bytes()).unwrap(),
            Json::Num(Num::U(u64::MAX))
        );
    }

    #[test]
    fn strings_escape_what_json_requires_and_read_back() {
        let s = "q\"b\\s/\n\r\t\u{8}\u{c}\u{1}\u{1f}é😀";
        let text = to_compact(s);
        assert_eq!(text, r#""q\"b\\s/\n\r\t\b\f\u0001\u001fé😀""#);
        assert_eq!(parse(text.as_bytes()).unwrap(), Json::Str(s.into()));
    }
}
