//! How the generated structs go to and from JSON objects: the
//! `Serialize` and `Deserialize` impls of every generated struct are a
//! line per field calling these helpers.
//!
//! A struct is read as a whole JSON object ([`Reader`]): each known field
//! is taken out by its wire name, and the members left over (the ones the
//! docs do not list) become the struct's `unknown_fields`, in the order
//! they came. A struct is written as a JSON object ([`Writer`]): its known
//! fields in declaration order (an optional field that is `None` is left
//! out), then its unknown fields.
//!
//! Only the calls that can end the struct return a `Result`: the first
//! error of an optional field is kept and returned by [`Reader::rest`] (or
//! a later required field), and the first error writing a field by
//! [`Writer::end`], so the generated lines need no `?` each (which costs
//! compile time), and a struct still fails with its first bad field, in
//! declaration order.
//!
//! Reading:
//!
//! - a missing required field is an error, ``missing field `name` ``;
//! - a known field given twice is an error, ``duplicate field `name` ``, as
//!   with `#[derive(Deserialize)]` (of an unknown member given twice, the
//!   last value is kept, as `serde_json` keeps it in a map);
//! - a missing optional field, or one that is `null`, is `None`;
//! - a field whose value does not fit its type is an error naming the field,
//!   and the fields it is nested in: `resources: createdDate: ...`;
//! - a timestamp field ([`Reader::required_timestamp`],
//!   [`Reader::optional_timestamp`]) reads as [`timestamp`](super::timestamp)
//!   does, and is written back as it writes.
//!
//! The helpers are small and generic only in what they must be (the field's
//! type and the serde error type), so that each struct's impls stay a few
//! lines and compile cheaply.
//!
//! ```
//! use wix_apis::runtime::object::{Reader, Writer};
//! use wix_apis::runtime::JsonObject;
//!
//! /// A struct as the generator writes it.
//! struct Pet {
//!     name: String,
//!     age: Option<i64>,
//!     unknown_fields: JsonObject,
//! }
//!
//! impl<'de> serde::Deserialize<'de> for Pet {
//!     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         let mut object = Reader::new(deserializer)?;
//!         Ok(Self {
//!             name: object.required("name")?,
//!             age: object.optional("age"),
//!             unknown_fields: object.rest()?,
//!         })
//!     }
//! }
//!
//! impl serde::Serialize for Pet {
//!     fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
//!         let mut object = Writer::new(serializer)?;
//!         object.required("name", &self.name);
//!         object.optional("age", &self.age);
//!         object.end(&self.unknown_fields)
//!     }
//! }
//!
//! let pet: Pet = serde_json::from_str(r#"{"color": "red", "name": "Rex", "age": null}"#).unwrap();
//! assert_eq!((pet.name.as_str(), pet.age), ("Rex", None));
//! assert_eq!(serde_json::to_string(&pet).unwrap(), r#"{"name":"Rex","color":"red"}"#);
//! ```

use std::fmt::Display;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::JsonObject;

/// A JSON object being read into a struct: take each known field out by
/// its wire name, then the [rest](Reader::rest) is the struct's unknown
/// fields. `E` is the error type of the deserializer it was read from.
pub struct Reader<E> {
    object: JsonObject,
    /// The members given more than once (the object keeps the last value).
    duplicates: Vec<String>,
    /// The first error of an optional field.
    error: Option<E>,
}

impl<E: serde::de::Error> Reader<E> {
    /// Reads a whole JSON object from `deserializer` (anything else, such
    /// as an array or a string, is an error).
    pub fn new<'de, D: Deserializer<'de, Error = E>>(deserializer: D) -> Result<Self, E> {
        let (object, duplicates) = deserializer.deserialize_map(ObjectVisitor)?;
        Ok(Reader {
            object,
            duplicates,
            error: None,
        })
    }

    /// Takes out the field `name` (a wire name), which must be there. The
    /// error is an earlier optional field's, if one failed.
    pub fn required<T: DeserializeOwned>(&mut self, name: &'static str) -> Result<T, E> {
        let value = match self.take(name) {
            Ok(Some(value)) => T::deserialize(value).map_err(|error| field_error(name, error)),
            Ok(None) => Err(E::missing_field(name)),
            Err(duplicate) => Err(duplicate),
        };
        value.map_err(|error| self.error.take().unwrap_or(error))
    }

    /// Takes out the field `name` (a wire name), if it is there and not
    /// `null`; a value that does not fit `T` is `None` here and its error
    /// is kept for [`Reader::rest`].
    pub fn optional<T: DeserializeOwned>(&mut self, name: &'static str) -> Option<T> {
        let value = match self.take(name) {
            Ok(value) => value?,
            Err(duplicate) => return self.keep(duplicate),
        };
        match Option::<T>::deserialize(value) {
            Ok(value) => value,
            Err(error) => self.keep(field_error(name, error)),
        }
    }

    /// Takes out the timestamp field `name` (a wire name), which must be
    /// there (see [`timestamp`](super::timestamp)). The error is an earlier
    /// optional field's, if one failed.
    pub fn required_timestamp(&mut self, name: &'static str) -> Result<DateTime<Utc>, E> {
        let value = match self.take(name) {
            Ok(Some(value)) => timestamp(value).map_err(|error| field_error(name, error)),
            Ok(None) => Err(E::missing_field(name)),
            Err(duplicate) => Err(duplicate),
        };
        value.map_err(|error| self.error.take().unwrap_or(error))
    }

    /// Takes out the timestamp field `name` (a wire name), if it is there
    /// and not `null` (see [`timestamp`](super::timestamp)); an error is
    /// kept for [`Reader::rest`].
    pub fn optional_timestamp(&mut self, name: &'static str) -> Option<DateTime<Utc>> {
        let value = match self.take(name) {
            Ok(value) => value?,
            Err(duplicate) => return self.keep(duplicate),
        };
        match value {
            Value::Null => None,
            value => match timestamp(value) {
                Ok(value) => Some(value),
                Err(error) => self.keep(field_error(name, error)),
            },
        }
    }

    /// The members not taken out, in the order they came: the struct's
    /// `unknown_fields`; or the first error of an optional field.
    pub fn rest(self) -> Result<JsonObject, E> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(self.object),
        }
    }

    /// Removes the known field `name`, keeping the order of the members
    /// after it; a field given more than once is an error.
    fn take(&mut self, name: &'static str) -> Result<Option<Value>, E> {
        if !self.duplicates.is_empty() && self.duplicates.iter().any(|d| d == name) {
            return Err(E::duplicate_field(name));
        }
        Ok(self.object.shift_remove(name))
    }

    /// Keeps `error` (an optional field's) unless an earlier field failed.
    #[cold]
    fn keep<T>(&mut self, error: E) -> Option<T> {
        if self.error.is_none() {
            self.error = Some(error);
        }
        None
    }
}

/// Reads a JSON object as [`JsonObject::deserialize`] does (the last value
/// of a member given twice is kept), noting the members given more than
/// once.
struct ObjectVisitor;

impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
    type Value = (JsonObject, Vec<String>);

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = JsonObject::new();
        let mut duplicates = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            match object.entry(key) {
                serde_json::map::Entry::Vacant(vacant) => {
                    vacant.insert(value);
                }
                serde_json::map::Entry::Occupied(mut occupied) => {
                    duplicates.push(occupied.key().clone());
                    occupied.insert(value);
                }
            }
        }
        Ok((object, duplicates))
    }
}

/// A timestamp read from a JSON value.
fn timestamp(value: Value) -> Result<DateTime<Utc>, serde_json::Error> {
    super::timestamp::deserialize(value)
}

/// The error of field `name`: `name: <error>`, so nested fields read as a
/// path.
#[cold]
fn field_error<E: serde::de::Error>(name: &str, error: impl Display) -> E {
    E::custom(format_args!("{name}: {error}"))
}

/// A struct being written as a JSON object: its known fields in order,
/// then its unknown fields ([`Writer::end`]). After an error nothing more
/// is written, and [`Writer::end`] returns it.
pub struct Writer<S: Serializer> {
    map: S::SerializeMap,
    error: Option<S::Error>,
}

impl<S: Serializer> Writer<S> {
    /// Starts the object.
    pub fn new(serializer: S) -> Result<Self, S::Error> {
        Ok(Writer {
            map: serializer.serialize_map(None)?,
            error: None,
        })
    }

    /// Writes the field `name` (a wire name).
    pub fn required<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(name, value) {
                self.error = Some(error);
            }
        }
    }

    /// Writes the field `name` (a wire name) when it is `Some`.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(name, value);
        }
    }

    /// Writes the timestamp field `name` (a wire name) as
    /// [`timestamp`](super::timestamp) does.
    pub fn required_timestamp(&mut self, name: &'static str, value: &DateTime<Utc>) {
        self.required(name, &super::timestamp::format(value));
    }

    /// Writes the timestamp field `name` (a wire name) when it is `Some`.
    pub fn optional_timestamp(&mut self, name: &'static str, value: &Option<DateTime<Utc>>) {
        if let Some(value) = value {
            self.required_timestamp(name, value);
        }
    }

    /// Writes `unknown_fields` after the known ones and ends the object; or
    /// the first error writing a field.
    pub fn end(mut self, unknown_fields: &JsonObject) -> Result<S::Ok, S::Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        for (name, value) in unknown_fields {
            self.map.serialize_entry(name, value)?;
        }
        self.map.end()
    }
}
