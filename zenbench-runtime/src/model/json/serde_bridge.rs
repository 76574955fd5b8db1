//! The `serde` feature: serde's `Serialize` and `Deserialize` for the
//! result types, through their JSON, so any serde format reads and writes
//! what `--format json` does.

use super::{parse, to_compact, FromJson, Json, Num, ToJson};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use std::fmt;

pub(crate) fn serialize<T: ToJson, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    // Text that was just written parses.
    let tree = parse(to_compact(value).as_bytes()).map_err(serde::ser::Error::custom)?;
    serialize_json(&tree, s)
}

pub(crate) fn deserialize<'de, T: FromJson, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let tree = d.deserialize_any(JsonVisitor)?;
    T::from_json(&tree).map_err(de::Error::custom)
}

fn serialize_json<S: Serializer>(v: &Json, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Json::Null => s.serialize_unit(),
        Json::Bool(b) => s.serialize_bool(*b),
        Json::Num(Num::U(n)) => s.serialize_u64(*n),
        Json::Num(Num::I(n)) => s.serialize_i64(*n),
        Json::Num(Num::F(x)) => s.serialize_f64(*x),
        Json::Str(text) => s.serialize_str(text),
        Json::Arr(items) => {
            let mut seq = s.serialize_seq(Some(items.len()))?;
            for item in items {
                seq.serialize_element(&Tree(item))?;
            }
            seq.end()
        }
        Json::Obj(entries) => {
            let mut map = s.serialize_map(Some(entries.len()))?;
            for (k, item) in entries {
                map.serialize_entry(k, &Tree(item))?;
            }
            map.end()
        }
    }
}

struct Tree<'a>(&'a Json);

impl serde::Serialize for Tree<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_json(self.0, s)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Num(Num::U(n)))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Num(match u64::try_from(n) {
            Ok(n) => Num::U(n),
            Err(_) => Num::I(n),
        }))
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Json, E> {
        Ok(Json::Num(Num::F(x)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Json, E> {
        Ok(Json::Str(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Json, E> {
        Ok(Json::Str(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Seed)? {
            items.push(item);
        }
        Ok(Json::Arr(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            entries.push((key, map.next_value_seed(Seed)?));
        }
        Ok(Json::Obj(entries))
    }
}

struct Seed;

impl<'de> de::DeserializeSeed<'de> for Seed {
    type Value = Json;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}
