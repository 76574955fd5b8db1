//! JSON, written and read by zenbench itself: the `--format json` report,
//! baselines, history lines and the worker protocol.
//!
//! Small on purpose. Every bench binary compiles this code, and a general
//! JSON library with a generic (de)serialiser was a fifth of a user's clean
//! build; the result types' JSON is the same as before. What it does:
//!
//! - [`Json`], a parsed document ([`parse`]): objects keep their entries in
//!   order; integers stay exact (`u64`/`i64`), other numbers are `f64`s read
//!   to the nearest (Rust's own float parser); nesting is limited, so a
//!   hostile file cannot exhaust the stack;
//! - [`ToJson`] and [`JsonWriter`]: compact or pretty text (two spaces, as
//!   most JSON tools print it), non-finite numbers as `null`, floats in
//!   their shortest form that reads back to the same value;
//! - [`FromJson`]: a typed value from a [`Json`], with a one-line error
//!   naming the field;
//! - the `json_structs!` and `json_unit_enums!` macros (`derive.rs`), which
//!   write both for a struct's field list or an enum's names, and with the
//!   `serde` feature serde's `Serialize` and `Deserialize` on top.

mod derive;
mod parse;
mod read;
#[cfg(feature = "serde")]
pub(crate) mod serde_bridge;
mod write;

pub(crate) use derive::{json_field, json_structs, json_unit_enums, json_write, serde_via_json};
pub(crate) use parse::parse;
pub use read::JsonError;
pub(crate) use read::{field, field_or_default, object, FromJson};
#[cfg(feature = "cli")]
pub(crate) use write::to_pretty;
pub(crate) use write::{to_compact, JsonWriter, ToJson};

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Num(Num),
    Str(String),
    Arr(Vec<Json>),
    /// Entries in document order (a repeated key appears twice).
    Obj(Vec<(String, Json)>),
}

/// A JSON number: exact when it is an integer that fits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Num {
    /// A non-negative integer.
    U(u64),
    /// A negative integer.
    I(i64),
    /// Any other number.
    F(f64),
}

impl Json {
    /// The value of `key`, when this is an object that has it (the last
    /// one, when the key repeats).
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Num(Num::U(n)) => Some(*n),
            _ => None,
        }
    }

    pub(crate) fn as_i64(&self) -> Option<i64> {
        match *self {
            Json::Num(Num::U(n)) => i64::try_from(n).ok(),
            Json::Num(Num::I(n)) => Some(n),
            _ => None,
        }
    }

    pub(crate) fn as_f64(&self) -> Option<f64> {
        match *self {
            Json::Num(Num::U(n)) => Some(n as f64),
            Json::Num(Num::I(n)) => Some(n as f64),
            Json::Num(Num::F(x)) => Some(x),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Obj(entries) => Some(entries),
            _ => None,
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    pub(crate) fn is_object(&self) -> bool {
        matches!(self, Json::Obj(_))
    }
}
