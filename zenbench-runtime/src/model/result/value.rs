//! Reading small JSON messages field by field from a parsed `Json`:
//! the worker messages, the history lines and the schema probe.

use crate::model::json::FromJson;
pub(crate) use crate::model::json::Json as Value;

/// Parses one JSON text.
pub(crate) fn parse(bytes: &[u8]) -> Result<Value, String> {
    crate::model::json::parse(bytes)
}

/// `v[key]` read as `T` (`JsonError`'s wording), absent as `null`.
fn typed_at<T: FromJson>(v: &Value, key: &str) -> Result<T, String> {
    T::from_json(v.get(key).unwrap_or(&Value::Null)).map_err(|e| e.at(key).to_string())
}

/// `v[key]` as an unsigned integer.
pub(crate) fn u64_at(v: &Value, key: &str) -> Result<u64, String> {
    typed_at(v, key)
}

/// `v[key]` as a number, `null` (how JSON writes NaN) as NaN.
pub(crate) fn f64_at(v: &Value, key: &str) -> Result<f64, String> {
    match v.get(key) {
        Some(_) => typed_at(v, key),
        None => Err(format!("`{key}` is missing")),
    }
}

/// `v[key]` as a string.
pub(crate) fn str_at(v: &Value, key: &str) -> Result<String, String> {
    typed_at(v, key)
}

/// `v[key]` as a string, absent or `null` as `None`.
pub(crate) fn opt_str_at(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// `v[key]` as a bool, absent or `null` as `None`.
pub(crate) fn opt_bool_at(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(Value::as_bool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_with_a_message_naming_the_key() {
        let v = parse(br#"{"n": 3, "x": null, "s": "hi", "b": true, "f": 1.5}"#).unwrap();
        assert_eq!(u64_at(&v, "n"), Ok(3));
        assert!(f64_at(&v, "x").unwrap().is_nan());
        assert_eq!(f64_at(&v, "f"), Ok(1.5));
        assert_eq!(str_at(&v, "s").as_deref(), Ok("hi"));
        assert_eq!(opt_bool_at(&v, "b"), Some(true));
        assert_eq!(opt_str_at(&v, "nope"), None);
        assert_eq!(u64_at(&v, "s"), Err("`s` must be a whole number".into()));
        assert_eq!(f64_at(&v, "nope"), Err("`nope` is missing".into()));
        assert!(parse(b"{").is_err());
    }
}
