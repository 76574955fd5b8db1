//! `ToJson` and `FromJson` (and, with the `serde` feature, serde's
//! `Serialize` and `Deserialize`) for structs and unit enums, from their
//! lists of fields and names.
//!
//! Structs, `Name { field, field: kind, ... }`: fields in declaration
//! order, named as in Rust; unknown fields are ignored on input, a field
//! given twice is an error; a missing field is an error, except an `Option`
//! (`None`) and a field with a kind (its `Default`). Kinds:
//!
//! - `default`: a missing field is its `Default`;
//! - `default_skip_none` / `default_skip_empty`: also left out of the
//!   output when `None` / empty;
//! - `nan`: a plain `f64` (written `null` when not finite, read back as
//!   NaN, as every `f64` is);
//! - `samples`: per-round samples, a `Vec<f64>`: missing is empty, and
//!   they are left out when empty or when the writer leaves samples out;
//! - `schema_version`: written as this build's `SCHEMA_VERSION`, whatever
//!   the value holds.
//!
//! A field added to a struct must be added to its list: `FromJson` builds
//! the struct from the list, so it does not compile until then. Reading is
//! `#[inline]`, so a build that never reads a type does not compile its
//! reader.
//!
//! Unit enums, `Name { Variant = "name", ... }`: each variant is its name.

macro_rules! json_structs {
    ($($ty:ident { $($field:ident $(: $kind:ident)?),* $(,)? })*) => {$(
        impl $crate::model::json::ToJson for $ty {
            fn write_json(&self, w: &mut $crate::model::json::JsonWriter) {
                w.begin_object();
                $($crate::model::json::json_write!(w, self.$field, stringify!($field) $(, $kind)?);)*
                w.end_object();
            }
        }

        impl $crate::model::json::FromJson for $ty {
            #[inline]
            fn from_json(
                v: &$crate::model::json::Json,
            ) -> Result<Self, $crate::model::json::JsonError> {
                let entries = $crate::model::json::object(v)?;
                Ok($ty {
                    $($field: $crate::model::json::json_field!(entries, $field $(, $kind)?)?,)*
                })
            }
        }

        $crate::model::json::serde_via_json!($ty);
    )*};
}

macro_rules! json_unit_enums {
    ($($ty:ident { $($variant:ident = $name:literal),* $(,)? })*) => {$(
        impl $crate::model::json::ToJson for $ty {
            fn write_json(&self, w: &mut $crate::model::json::JsonWriter) {
                w.string(match self {
                    $($ty::$variant => $name,)*
                });
            }
        }

        impl $crate::model::json::FromJson for $ty {
            #[inline]
            fn from_json(
                v: &$crate::model::json::Json,
            ) -> Result<Self, $crate::model::json::JsonError> {
                match v.as_str() {
                    $(Some($name) => Ok($ty::$variant),)*
                    Some(other) => Err($crate::model::json::JsonError::unknown(other, &[$($name),*])),
                    None => Err($crate::model::json::JsonError::kind("must be a string")),
                }
            }
        }

        $crate::model::json::serde_via_json!($ty);
    )*};
}

/// Writes a field, when it is written.
macro_rules! json_write {
    ($w:ident, $v:expr, $name:expr) => {
        $w.entry($name, &$v)
    };
    ($w:ident, $v:expr, $name:expr, default) => {
        $w.entry($name, &$v)
    };
    ($w:ident, $v:expr, $name:expr, nan) => {
        $w.entry($name, &$v)
    };
    ($w:ident, $v:expr, $name:expr, samples) => {
        if $w.keeps_samples() && !$v.is_empty() {
            $w.entry($name, &$v)
        }
    };
    ($w:ident, $v:expr, $name:expr, default_skip_none) => {
        if $v.is_some() {
            $w.entry($name, &$v)
        }
    };
    ($w:ident, $v:expr, $name:expr, default_skip_empty) => {
        if !$v.is_empty() {
            $w.entry($name, &$v)
        }
    };
    ($w:ident, $v:expr, $name:expr, schema_version) => {
        $w.entry($name, &$crate::model::result::SCHEMA_VERSION)
    };
}

/// A field's value from an object's entries.
macro_rules! json_field {
    ($entries:ident, $field:ident) => {
        $crate::model::json::field($entries, stringify!($field))
    };
    ($entries:ident, $field:ident, nan) => {
        $crate::model::json::field($entries, stringify!($field))
    };
    ($entries:ident, $field:ident, schema_version) => {
        $crate::model::json::field($entries, stringify!($field))
    };
    ($entries:ident, $field:ident, $default:ident) => {
        $crate::model::json::field_or_default($entries, stringify!($field))
    };
}

/// serde's traits through the JSON ones, with the `serde` feature.
#[cfg(feature = "serde")]
macro_rules! serde_via_json {
    ($ty:ident) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::model::json::serde_bridge::serialize(self, s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::model::json::serde_bridge::deserialize(d)
            }
        }
    };
}

#[cfg(not(feature = "serde"))]
macro_rules! serde_via_json {
    ($ty:ident) => {};
}

pub(crate) use {json_field, json_structs, json_unit_enums, json_write, serde_via_json};
