//! Typed values from a [`Json`].

use super::{Json, Num};
use std::borrow::Cow;
use std::fmt;

/// Why a JSON value is not the type asked for: one line, naming the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError(Inner);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Inner {
    /// What a value must be (`must be a string`), its field not yet known.
    Kind(Cow<'static, str>),
    /// A whole message.
    Message(String),
}

impl JsonError {
    /// A value is not of the kind asked for: `must be ...`.
    pub(crate) fn kind(must_be: &'static str) -> JsonError {
        JsonError(Inner::Kind(Cow::Borrowed(must_be)))
    }

    /// A string is none of an enum's `names`.
    pub(crate) fn unknown(value: &str, names: &[&str]) -> JsonError {
        let mut must_be = String::from("must be one of");
        for (i, name) in names.iter().enumerate() {
            must_be.push_str(if i == 0 { " `" } else { ", `" });
            must_be.push_str(name);
            must_be.push('`');
        }
        must_be.push_str(&format!(", not `{value}`"));
        JsonError(Inner::Kind(Cow::Owned(must_be)))
    }

    pub(crate) fn message(message: String) -> JsonError {
        JsonError(Inner::Message(message))
    }

    /// The error, in the field named `name`.
    pub(crate) fn at(self, name: &str) -> JsonError {
        match self.0 {
            Inner::Kind(must_be) => JsonError::message(format!("`{name}` {must_be}")),
            message => JsonError(message),
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Inner::Kind(must_be) => write!(f, "the value {must_be}"),
            Inner::Message(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for JsonError {}

impl From<JsonError> for String {
    fn from(e: JsonError) -> String {
        e.to_string()
    }
}

/// A type read from a [`Json`].
pub(crate) trait FromJson: Sized {
    fn from_json(v: &Json) -> Result<Self, JsonError>;

    /// The value of a field that is not there: `None` for an `Option`;
    /// otherwise there is none, and the field is missing.
    fn absent() -> Option<Self> {
        None
    }
}

/// The value of the field `name` of an object's `entries` (an error when
/// it is given twice, or missing and not an `Option`).
pub(crate) fn field<T: FromJson>(entries: &[(String, Json)], name: &str) -> Result<T, JsonError> {
    match find(entries, name)? {
        Some(v) => T::from_json(v).map_err(|e| e.at(name)),
        None => T::absent().ok_or_else(|| JsonError::message(format!("missing field `{name}`"))),
    }
}

/// Like [`field`], with the type's default when it is missing.
pub(crate) fn field_or_default<T: FromJson + Default>(
    entries: &[(String, Json)],
    name: &str,
) -> Result<T, JsonError> {
    match find(entries, name)? {
        Some(v) => T::from_json(v).map_err(|e| e.at(name)),
        None => Ok(T::default()),
    }
}

fn find<'a>(entries: &'a [(String, Json)], name: &str) -> Result<Option<&'a Json>, JsonError> {
    let mut found = None;
    for (k, v) in entries {
        if k == name {
            if found.is_some() {
                return Err(JsonError::message(format!("duplicate field `{name}`")));
            }
            found = Some(v);
        }
    }
    Ok(found)
}

impl FromJson for bool {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        v.as_bool().ok_or(JsonError::kind("must be true or false"))
    }
}

impl FromJson for u64 {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        v.as_u64().ok_or(JsonError::kind("must be a whole number"))
    }
}

impl FromJson for u32 {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        u32::try_from(u64::from_json(v)?).map_err(|_| JsonError::kind("is too large"))
    }
}

impl FromJson for usize {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        usize::try_from(u64::from_json(v)?).map_err(|_| JsonError::kind("is too large"))
    }
}

impl FromJson for i64 {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        v.as_i64().ok_or(JsonError::kind("must be a whole number"))
    }
}

/// A number, or `null` (how NaN and the infinities are written) as NaN:
/// a result always reads back, whatever it measured.
impl FromJson for f64 {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match v {
            Json::Null => Ok(f64::NAN),
            Json::Num(Num::F(x)) => Ok(*x),
            v => v.as_f64().ok_or(JsonError::kind("must be a number")),
        }
    }
}

impl FromJson for String {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        v.as_str()
            .map(str::to_owned)
            .ok_or(JsonError::kind("must be a string"))
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match v {
            Json::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let items = v.as_array().ok_or(JsonError::kind("must be a list"))?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(T::from_json(item)?);
        }
        Ok(out)
    }
}

impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match v.as_array() {
            Some([a, b]) => Ok((A::from_json(a)?, B::from_json(b)?)),
            _ => Err(JsonError::kind("must be a list of two")),
        }
    }
}

/// An object's entries, for a struct's fields.
pub(crate) fn object(v: &Json) -> Result<&[(String, Json)], JsonError> {
    v.as_object().ok_or(JsonError::kind("must be an object"))
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn json(text: &str) -> Json {
        parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn fields_read_with_messages_naming_them() {
        let v = json(r#"{"n": 3, "x": null, "s": "hi", "o": null, "d": 1, "d": 2, "f": 1.5}"#);
        let e = object(&v).unwrap();
        assert_eq!(field::<u64>(e, "n"), Ok(3));
        assert!(field::<f64>(e, "x").unwrap().is_nan());
        assert_eq!(field::<f64>(e, "n"), Ok(3.0));
        assert_eq!(field::<Option<String>>(e, "o"), Ok(None));
        assert_eq!(field::<Option<String>>(e, "nope"), Ok(None));
        assert_eq!(field_or_default::<Vec<u64>>(e, "nope"), Ok(Vec::new()));
        let msg = |r: Result<u64, JsonError>| r.unwrap_err().to_string();
        assert_eq!(msg(field(e, "s")), "`s` must be a whole number");
        assert_eq!(msg(field(e, "f")), "`f` must be a whole number");
        assert_eq!(msg(field(e, "nope")), "missing field `nope`");
        assert_eq!(msg(field(e, "d")), "duplicate field `d`");
        assert_eq!(
            field::<Vec<String>>(json(r#"{"l": ["a", 1]}"#).as_object().unwrap(), "l")
                .unwrap_err()
                .to_string(),
            "`l` must be a string"
        );
        assert_eq!(
            <(u64, u64)>::from_json(&json("[1, 2]")),
            Ok((1, 2)),
            "a pair is a list of two"
        );
        assert!(<(u64, u64)>::from_json(&json("[1]")).is_err());
        assert!(u32::from_json(&json("4294967296")).is_err());
        assert_eq!(i64::from_json(&json("-3")), Ok(-3));
    }
}
