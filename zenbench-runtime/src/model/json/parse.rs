//! JSON text to [`Json`] (RFC 8259: one value, optional whitespace around).

use super::{Json, Num};

/// How deep arrays and objects may nest: far more than any file zenbench
/// writes, and little enough stack for any thread.
const MAX_DEPTH: usize = 128;

/// Parses one JSON text; the error names what is wrong and where
/// (`expected `:` at line 3 column 9`).
pub(crate) fn parse(bytes: &[u8]) -> Result<Json, String> {
    let mut p = Parser { bytes, at: 0 };
    let value = p.value(0).map_err(|what| p.locate(what))?;
    p.skip_space();
    if p.at < bytes.len() {
        return Err(p.locate("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Step<T> = Result<T, &'static str>;

impl Parser<'_> {
    /// `what` at the current position, as line and column (1-based; a
    /// column counts bytes).
    fn locate(&self, what: &str) -> String {
        let before = &self.bytes[..self.at.min(self.bytes.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
        format!("{what} at line {line} column {column}")
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8, what: &'static str) -> Step<()> {
        self.skip_space();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(what)
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Step<Json> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err("expected value")
        }
    }

    fn value(&mut self, depth: usize) -> Step<Json> {
        self.skip_space();
        match self.peek() {
            None => Err("EOF while parsing a value"),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number().map(Json::Num),
            Some(b'[') if depth < MAX_DEPTH => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_space();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(Json::Arr(items));
                        }
                        _ => return Err("expected `,` or `]`"),
                    }
                }
            }
            Some(b'{') if depth < MAX_DEPTH => {
                self.at += 1;
                let mut entries = Vec::new();
                self.skip_space();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(Json::Obj(entries));
                }
                loop {
                    self.skip_space();
                    if self.peek() != Some(b'"') {
                        return Err("expected a key (a string)");
                    }
                    let key = self.string()?;
                    self.eat(b':', "expected `:`")?;
                    entries.push((key, self.value(depth + 1)?));
                    self.skip_space();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return Ok(Json::Obj(entries));
                        }
                        _ => return Err("expected `,` or `}`"),
                    }
                }
            }
            Some(b'[' | b'{') => Err("nested too deeply"),
            Some(_) => Err("expected value"),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Step<Num> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        match self.digits() {
            0 => return Err("invalid number"),
            n if leading_zero && n > 1 => return Err("invalid number"),
            _ => {}
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integer = false;
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        // Only ASCII digits, signs, `.` and exponents were consumed.
        let text =
            std::str::from_utf8(&self.bytes[start..self.at]).map_err(|_| "invalid number")?;
        if integer {
            if negative {
                if let Ok(n) = text.parse::<i64>() {
                    return Ok(Num::I(n));
                }
            } else if let Ok(n) = text.parse::<u64>() {
                return Ok(Num::U(n));
            }
        }
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Num::F(x)),
            _ => Err("number out of range"),
        }
    }

    /// A string, the opening quote next.
    fn string(&mut self) -> Step<String> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let Some(b) = self.peek() else {
                return Err("EOF while parsing a string");
            };
            self.at += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let escaped = self.peek().ok_or("EOF while parsing a string")?;
                    self.at += 1;
                    let c = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err("invalid escape"),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err("control character in a string"),
                _ => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| "invalid UTF-8 in a string")
    }

    /// The character of a `\u` escape (after the `u`), a surrogate pair
    /// joined.
    fn unicode_escape(&mut self) -> Step<char> {
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if !self.bytes[self.at..].starts_with(b"\\u") {
                return Err("unpaired surrogate in a string");
            }
            self.at += 2;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err("unpaired surrogate in a string");
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code).ok_or("unpaired surrogate in a string")
    }

    fn hex4(&mut self) -> Step<u32> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or("invalid escape")?;
        let mut code = 0;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or("invalid escape")?;
            code = code * 16 + v;
        }
        self.at += 4;
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Num {
        match parse(text.as_bytes()).unwrap() {
            Json::Num(n) => n,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn values_of_every_kind() {
        let v = parse(br#" {"a": [1, -2, 2.5, true, false, null], "b": {}, "c": [], "a": "x"} "#)
            .unwrap();
        let Json::Obj(entries) = &v else {
            panic!("{v:?}")
        };
        assert_eq!(entries.len(), 4, "a repeated key is kept twice");
        assert_eq!(
            entries[0].1,
            Json::Arr(vec![
                Json::Num(Num::U(1)),
                Json::Num(Num::I(-2)),
                Json::Num(Num::F(2.5)),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null,
            ])
        );
        assert_eq!(
            v.get("a"),
            Some(&Json::Str("x".into())),
            "the last one wins"
        );
        assert_eq!(v.get("b"), Some(&Json::Obj(Vec::new())));
        assert_eq!(v.get("c"), Some(&Json::Arr(Vec::new())));
    }

    #[test]
    fn integers_stay_exact_and_floats_read_to_the_nearest() {
        assert_eq!(num("18446744073709551615"), Num::U(u64::MAX));
        assert_eq!(num("-9223372036854775808"), Num::I(i64::MIN));
        // Past u64: a float.
        assert_eq!(num("18446744073709551616"), Num::F(18446744073709551616.0));
        assert_eq!(num("0.1"), Num::F(0.1));
        assert_eq!(num("1e-7"), Num::F(1e-7));
        assert_eq!(num("-0.0"), Num::F(-0.0));
        assert_eq!(num("2.2250738585072014E-308"), Num::F(f64::MIN_POSITIVE));
        for bad in ["01", "1.", ".5", "-", "1e", "+1", "1e400", "0x10"] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn strings_with_escapes() {
        let v = parse(br#""a\"b\\c\/\n\t\u00e9\ud83d\ude00""#).unwrap();
        assert_eq!(v, Json::Str("a\"b\\c/\n\té😀".into()));
        for bad in [
            &br#""\ud83d""#[..],
            br#""\x""#,
            b"\"a\nb\"",
            br#""abc"#,
            b"\"\xff\"",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(
            parse(b"").unwrap_err(),
            "EOF while parsing a value at line 1 column 1"
        );
        assert_eq!(
            parse(b"{\n  \"a\" 1}").unwrap_err(),
            "expected `:` at line 2 column 7"
        );
        assert_eq!(
            parse(b"[1] x").unwrap_err(),
            "trailing characters at line 1 column 5"
        );
        assert_eq!(
            parse(b"[1,]").unwrap_err(),
            "expected value at line 1 column 4"
        );
        assert_eq!(
            parse(b"{\"a\":1,}").unwrap_err(),
            "expected a key (a string) at line 1 column 8"
        );
        assert_eq!(
            parse(b"nul").unwrap_err(),
            "expected value at line 1 column 1"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(ok.as_bytes()).is_ok());
        let deep = "[".repeat(100_000);
        assert!(parse(deep.as_bytes())
            .unwrap_err()
            .starts_with("nested too deeply"));
    }
}
