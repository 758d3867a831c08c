//! Typed queries in the Wix API query language: filters, sorting and a
//! limit, checked against the fields of the queried entity.
//!
//! Every entity a query method returns (`Resource` for `QueryResources`) has
//! a generated `fields()` function giving a handle per field, nested objects
//! included (`locationOptions.specificLocationOptions.businessLocations.locationId`).
//! A handle offers the operators the query language allows for the field's
//! type, and takes values of that type:
//!
//! | handle | for | operators |
//! |---|---|---|
//! | [`StringField`] | strings | `is`, `eq`, `ne`, `is_in`, `not_in`, `exists`, `lt`, `lte`, `gt`, `gte`, `starts_with`, `contains` |
//! | [`NumberField<R, T>`](NumberField) | integers (`i64`), numbers (`f64`) | `is`, `eq`, `ne`, `is_in`, `not_in`, `exists`, `lt`, `lte`, `gt`, `gte` |
//! | [`BoolField`] | booleans | `is`, `eq`, `ne`, `exists` |
//! | [`EnumField<R, E>`](EnumField) | enums, as the generated enum `E` | `is`, `eq`, `ne`, `is_in`, `not_in`, `exists` |
//! | [`TimestampField`] | date-times, as [`chrono::DateTime<Utc>`](chrono::DateTime) | `is`, `eq`, `ne`, `is_in`, `not_in`, `exists`, `lt`, `lte`, `gt`, `gte` |
//! | [`ArrayField<R, T>`](ArrayField) | arrays of `T`, and fields reached through an array of objects | `has_some`, `has_some_value`, `has_all`, `exists` |
//! | [`JsonField`] | free-form JSON objects and untyped values | `is`, `eq`, `ne`, `is_in`, `not_in`, `exists`, `field` |
//!
//! Each operator gives a [`Filter`]: `{"<path>": {"$<operator>": <value>}}`,
//! or `{"<path>": <value>}` for `is`, the short form of `$eq` the docs' examples
//! use. Filters combine with [`Filter::and`], [`Filter::or`], [`Filter::not`]
//! (`$and`, `$or`, `$not`) and [`Filter::combine`] (one object, as in
//! `{"a": 1, "b": {"$gt": 2}}`). Scalar handles also give a [`Sort`]
//! (`asc`, `desc`). A [`Query`] holds a filter, sorts and a limit, and turns
//! into the method's request: `QueryResourcesRequest::from(query)` puts them
//! in `query.filter`, `query.sort` and `query.cursorPaging.limit` (each
//! generated request says where).
//!
//! Values are written as the bindings write them everywhere: strings and
//! numbers as JSON, enums as their wire value, timestamps as
//! `YYYY-MM-DDThh:mm:ss.sssZ` (as [`super::timestamp`] writes them).
//!
//! Anything the handles do not cover, such as a field the docs do not list,
//! is written as JSON with [`Filter::raw`] (and [`Sort::raw`]) and combines
//! with typed filters like any other.
//!
//! Every handle, filter, sort and query carries the entity `R` it is about,
//! so a filter over attendances cannot go into a query of resources.
//!
//! ```
//! use wix_apis::runtime::query::{Direction, Filter, NumberField, Query, Sort, StringField};
//!
//! /// An entity of one's own, for the example; generated entities have `fields()`.
//! struct Room;
//! let name = StringField::<Room>::new("name");
//! let seats = NumberField::<Room, i64>::new("capacity.seats");
//! let query = Query::new()
//!     .filter(Filter::or([name.starts_with("Room"), seats.gte(10)]))
//!     .sort(name.asc())
//!     .sort(Sort::raw("createdDate", Direction::Descending))
//!     .limit(50);
//! assert_eq!(
//!     serde_json::to_value(query.filter_ref()).unwrap(),
//!     serde_json::json!({"$or": [
//!         {"name": {"$startsWith": "Room"}},
//!         {"capacity.seats": {"$gte": 10}}
//!     ]})
//! );
//! ```
//!
//! An operator the field's type does not allow does not compile: strings
//! have `starts_with`, numbers do not.
//!
//! ```compile_fail,E0599
//! use wix_apis::runtime::query::NumberField;
//! struct Room;
//! let _ = NumberField::<Room, i64>::new("capacity.seats").starts_with("1");
//! ```
//!
//! Only arrays have `has_some`:
//!
//! ```compile_fail,E0599
//! use wix_apis::runtime::query::StringField;
//! struct Room;
//! let _ = StringField::<Room>::new("name").has_some(["a"]);
//! ```
//!
//! An enum field takes its enum, not a string:
//!
//! ```compile_fail,E0308
//! use wix_apis::runtime::query::{EnumField, QueryValue};
//! struct Room;
//! #[derive(Clone)]
//! enum Status { Open }
//! impl QueryValue for Status {
//!     fn to_query_json(&self) -> serde_json::Value { "OPEN".into() }
//! }
//! let _ = EnumField::<Room, Status>::new("status").eq("OPEN");
//! ```
//!
//! A timestamp field takes a [`chrono::DateTime<Utc>`](chrono::DateTime), not text:
//!
//! ```compile_fail,E0308
//! use wix_apis::runtime::query::TimestampField;
//! struct Room;
//! let _ = TimestampField::<Room>::new("createdDate").gt("2024-01-05T10:00:00.000Z");
//! ```
//!
//! A filter over one entity does not go into a query of another:
//!
//! ```compile_fail,E0308
//! use wix_apis::runtime::query::{Query, StringField};
//! struct Room;
//! struct Guest;
//! let _: Query<Guest> = Query::new().filter(StringField::<Room>::new("name").eq("A"));
//! ```
//!
//! The same lines with what the types allow compile, so each
//! `compile_fail` example above fails for the reason it shows and not
//! another one (stable rustdoc does not check the error codes written on
//! them):
//!
//! ```
//! use wix_apis::runtime::chrono::{TimeZone, Utc};
//! use wix_apis::runtime::query::{
//!     ArrayField, EnumField, NumberField, Query, QueryValue, StringField, TimestampField,
//! };
//! struct Room;
//! #[derive(Clone)]
//! enum Status { Open }
//! impl QueryValue for Status {
//!     fn to_query_json(&self) -> serde_json::Value { "OPEN".into() }
//! }
//! let _ = NumberField::<Room, i64>::new("capacity.seats").gte(1);
//! let _ = StringField::<Room>::new("name").starts_with("1");
//! let _ = ArrayField::<Room, String>::new("tags").has_some(["a"]);
//! let _ = EnumField::<Room, Status>::new("status").eq(Status::Open);
//! let _ = TimestampField::<Room>::new("createdDate")
//!     .gt(Utc.with_ymd_and_hms(2024, 1, 5, 10, 0, 0).unwrap());
//! let _: Query<Room> = Query::new().filter(StringField::<Room>::new("name").eq("A"));
//! ```

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// A value a filter compares a field with, as the JSON the query language
/// takes. The generated enums implement it with their wire value.
pub trait QueryValue {
    /// The value as JSON.
    fn to_query_json(&self) -> Value;
}

impl QueryValue for String {
    fn to_query_json(&self) -> Value {
        Value::String(self.clone())
    }
}

impl QueryValue for bool {
    fn to_query_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl QueryValue for i64 {
    fn to_query_json(&self) -> Value {
        Value::from(*self)
    }
}

/// A number that is not finite (`NaN`, infinities) has no JSON form and is
/// written as `null`.
impl QueryValue for f64 {
    fn to_query_json(&self) -> Value {
        Value::from(*self)
    }
}

/// Written as `YYYY-MM-DDThh:mm:ss.sssZ`, as timestamp fields are.
impl QueryValue for DateTime<Utc> {
    fn to_query_json(&self) -> Value {
        Value::String(super::timestamp::format(self))
    }
}

impl QueryValue for Value {
    fn to_query_json(&self) -> Value {
        self.clone()
    }
}

/// A filter over entities `R`: the JSON object of the query language
/// (`query.filter`). [`Filter::default`] is `{}`, which every entity matches.
pub struct Filter<R> {
    json: Map<String, Value>,
    entity: PhantomData<fn() -> R>,
}

impl<R> Filter<R> {
    fn from_json(json: Map<String, Value>) -> Self {
        Filter {
            json,
            entity: PhantomData,
        }
    }

    /// `{"<path>": <condition>}`.
    fn on(path: &str, condition: Value) -> Self {
        let mut json = Map::new();
        json.insert(path.to_owned(), condition);
        Self::from_json(json)
    }

    /// `{"<path>": {"<operator>": <value>}}`.
    fn operator(path: &str, operator: &str, value: Value) -> Self {
        let mut condition = Map::new();
        condition.insert(operator.to_owned(), value);
        Self::on(path, Value::Object(condition))
    }

    /// A filter written as JSON, for anything the typed handles do not
    /// cover: a field the docs do not list, an operator form of one's own.
    /// It is sent as given.
    pub fn raw(json: Map<String, Value>) -> Self {
        Self::from_json(json)
    }

    /// Entities matching every one of `filters`: `{"$and": [...]}`.
    pub fn and(filters: impl IntoIterator<Item = Filter<R>>) -> Self {
        Self::on("$and", Self::list(filters))
    }

    /// Entities matching at least one of `filters`: `{"$or": [...]}`.
    pub fn or(filters: impl IntoIterator<Item = Filter<R>>) -> Self {
        Self::on("$or", Self::list(filters))
    }

    /// Entities not matching `filter`: `{"$not": {...}}`. `!filter` is the
    /// same.
    // Named as the query language names it; `std::ops::Not` is implemented too.
    #[allow(clippy::should_implement_trait)]
    pub fn not(filter: Filter<R>) -> Self {
        Self::on("$not", Value::Object(filter.json))
    }

    fn list(filters: impl IntoIterator<Item = Filter<R>>) -> Value {
        Value::Array(
            filters
                .into_iter()
                .map(|filter| Value::Object(filter.json))
                .collect(),
        )
    }

    /// Entities matching this filter and `other`, as one object with the
    /// members of both (`{"a": 1, "b": {"$gt": 2}}`, the form the docs'
    /// filter format shows) when no member is in both; otherwise
    /// `{"$and": [this, other]}`, so no condition is lost.
    #[must_use]
    pub fn combine(self, other: Filter<R>) -> Self {
        if other.json.keys().any(|key| self.json.contains_key(key)) {
            return Self::and([self, other]);
        }
        let mut json = self.json;
        json.extend(other.json);
        Self::from_json(json)
    }

    /// The filter as JSON.
    pub fn as_json(&self) -> &Map<String, Value> {
        &self.json
    }

    /// The filter as JSON, owned: what goes into a request's `filter`.
    pub fn into_json(self) -> Map<String, Value> {
        self.json
    }
}

/// `{"$not": {...}}`, as [`Filter::not`].
impl<R> std::ops::Not for Filter<R> {
    type Output = Filter<R>;

    fn not(self) -> Filter<R> {
        Filter::not(self)
    }
}

impl<R> Default for Filter<R> {
    fn default() -> Self {
        Self::from_json(Map::new())
    }
}

impl<R> Clone for Filter<R> {
    fn clone(&self) -> Self {
        Self::from_json(self.json.clone())
    }
}

impl<R> PartialEq for Filter<R> {
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

impl<R> fmt::Debug for Filter<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Filter").field(&self.json).finish()
    }
}

impl<R> Serialize for Filter<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}

/// Which way a [`Sort`] orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Smallest first: `"order": "ASC"`.
    Ascending,
    /// Largest first: `"order": "DESC"`.
    Descending,
}

impl Direction {
    /// The wire value: `ASC` or `DESC`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ascending => "ASC",
            Direction::Descending => "DESC",
        }
    }
}

/// Sorting entities `R` by one field: `{"fieldName": "<path>", "order": "ASC"}`.
pub struct Sort<R> {
    field_name: String,
    direction: Direction,
    entity: PhantomData<fn() -> R>,
}

impl<R> Sort<R> {
    /// Sorting by the field at dotted path `field_name`, which is sent as
    /// given: for a field the handles do not cover.
    pub fn raw(field_name: impl Into<String>, direction: Direction) -> Self {
        Sort {
            field_name: field_name.into(),
            direction,
            entity: PhantomData,
        }
    }

    /// The dotted path of the field (`fieldName`).
    pub fn field_name(&self) -> &str {
        &self.field_name
    }

    /// The direction (`order`).
    pub fn direction(&self) -> Direction {
        self.direction
    }
}

impl<R> Clone for Sort<R> {
    fn clone(&self) -> Self {
        Self::raw(self.field_name.clone(), self.direction)
    }
}

impl<R> PartialEq for Sort<R> {
    fn eq(&self, other: &Self) -> bool {
        (&self.field_name, self.direction) == (&other.field_name, other.direction)
    }
}

impl<R> fmt::Debug for Sort<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sort")
            .field("field_name", &self.field_name)
            .field("direction", &self.direction)
            .finish()
    }
}

/// Written as the docs show a sort: `{"fieldName": "name", "order": "ASC"}`.
impl<R> Serialize for Sort<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("fieldName", &self.field_name)?;
        map.serialize_entry("order", self.direction.as_str())?;
        map.end()
    }
}

/// A query over entities `R`: a filter, sorts (first one first) and a
/// limit. A generated request of a query method converts from it
/// (`QueryResourcesRequest::from(query)`).
pub struct Query<R> {
    filter: Option<Filter<R>>,
    sort: Vec<Sort<R>>,
    limit: Option<u32>,
}

/// What a [`Query`] holds, for the generated conversions into requests.
pub struct QueryParts<R> {
    /// The filter, if one was set.
    pub filter: Option<Filter<R>>,
    /// The sorts, in order.
    pub sort: Vec<Sort<R>>,
    /// The limit, if one was set.
    pub limit: Option<u32>,
}

impl<R> Query<R> {
    /// A query without filter, sort or limit: the API's defaults.
    pub fn new() -> Self {
        Query {
            filter: None,
            sort: Vec::new(),
            limit: None,
        }
    }

    /// This query with `filter` (replacing any filter set before; combine
    /// filters with [`Filter::and`] or [`Filter::combine`]).
    #[must_use]
    pub fn filter(mut self, filter: Filter<R>) -> Self {
        self.filter = Some(filter);
        self
    }

    /// This query sorted by `sort` after the sorts set before.
    #[must_use]
    pub fn sort(mut self, sort: Sort<R>) -> Self {
        self.sort.push(sort);
        self
    }

    /// This query returning at most `limit` entities per page.
    #[must_use]
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The filter, if one was set.
    pub fn filter_ref(&self) -> Option<&Filter<R>> {
        self.filter.as_ref()
    }

    /// The sorts, in order.
    pub fn sorts(&self) -> &[Sort<R>] {
        &self.sort
    }

    /// The limit, if one was set.
    pub fn limit_value(&self) -> Option<u32> {
        self.limit
    }

    /// The filter, sorts and limit.
    pub fn into_parts(self) -> QueryParts<R> {
        QueryParts {
            filter: self.filter,
            sort: self.sort,
            limit: self.limit,
        }
    }
}

impl<R> Default for Query<R> {
    fn default() -> Self {
        Self::new()
    }
}

impl<R> Clone for Query<R> {
    fn clone(&self) -> Self {
        Query {
            filter: self.filter.clone(),
            sort: self.sort.clone(),
            limit: self.limit,
        }
    }
}

impl<R> PartialEq for Query<R> {
    fn eq(&self, other: &Self) -> bool {
        (&self.filter, &self.sort, self.limit) == (&other.filter, &other.sort, other.limit)
    }
}

impl<R> fmt::Debug for Query<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Query")
            .field("filter", &self.filter)
            .field("sort", &self.sort)
            .field("limit", &self.limit)
            .finish()
    }
}

/// Where a generated `<Type>Fields` struct sits in the entity `R`: the dotted
/// path of its object (empty at the entity's top) and whether it is reached
/// through an array of objects (`W`, an [`Arity`]). Each `<Type>Fields`
/// struct wraps one and makes its field handles from it.
pub struct FieldPath<R, W> {
    path: String,
    marker: PhantomData<fn() -> (R, W)>,
}

impl<R, W> FieldPath<R, W> {
    /// The top of entity `R`: its own fields have their names as paths.
    pub fn top() -> Self {
        Self::at(String::new())
    }

    /// The object at dotted path `path`.
    fn at(path: String) -> Self {
        FieldPath {
            path,
            marker: PhantomData,
        }
    }

    /// The object's dotted path (empty at the entity's top).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The dotted path of field `name` of the object (`path.name`, or
    /// `name` at the entity's top).
    pub fn field(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    /// The object in field `name` of this one, reached with arity `V`
    /// (`W`, or [`Each`] through an array of objects).
    pub fn object<V>(&self, name: &str) -> FieldPath<R, V> {
        FieldPath::at(self.field(name))
    }
}

impl<R, W> Clone for FieldPath<R, W> {
    fn clone(&self) -> Self {
        Self::at(self.path.clone())
    }
}

impl<R, W> fmt::Debug for FieldPath<R, W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FieldPath").field(&self.path).finish()
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::One {}
    impl Sealed for super::Each {}
}

/// Whether an object's fields are reached through an array of objects
/// ([`Each`]) or not ([`One`]): through an array, a field holds a value per
/// element, so it is filtered as an array (`$hasSome`, `$hasAll`), as in
/// `{"locationOptions.specificLocationOptions.businessLocations.locationId": {"$hasSome": [...]}}`.
pub trait Arity<R>: sealed::Sealed {
    /// The handle of a string field.
    type String;
    /// The handle of a number field holding `T`.
    type Number<T: QueryValue>;
    /// The handle of a boolean field.
    type Bool;
    /// The handle of an enum field of enum `E`.
    type Enum<E: QueryValue>;
    /// The handle of a timestamp field.
    type Timestamp;
    /// The handle of the string field at `path`.
    fn string(path: String) -> Self::String;
    /// The handle of the number field at `path`.
    fn number<T: QueryValue>(path: String) -> Self::Number<T>;
    /// The handle of the boolean field at `path`.
    fn bool(path: String) -> Self::Bool;
    /// The handle of the enum field at `path`.
    fn enumeration<E: QueryValue>(path: String) -> Self::Enum<E>;
    /// The handle of the timestamp field at `path`.
    fn timestamp(path: String) -> Self::Timestamp;
}

/// Fields of an object that is not in an array: each holds one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum One {}

/// Fields of the objects of an array: each holds a value per element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Each {}

impl<R> Arity<R> for One {
    type String = StringField<R>;
    type Number<T: QueryValue> = NumberField<R, T>;
    type Bool = BoolField<R>;
    type Enum<E: QueryValue> = EnumField<R, E>;
    type Timestamp = TimestampField<R>;
    fn string(path: String) -> Self::String {
        StringField::new(path)
    }
    fn number<T: QueryValue>(path: String) -> Self::Number<T> {
        NumberField::new(path)
    }
    fn bool(path: String) -> Self::Bool {
        BoolField::new(path)
    }
    fn enumeration<E: QueryValue>(path: String) -> Self::Enum<E> {
        EnumField::new(path)
    }
    fn timestamp(path: String) -> Self::Timestamp {
        TimestampField::new(path)
    }
}

impl<R> Arity<R> for Each {
    type String = ArrayField<R, String>;
    type Number<T: QueryValue> = ArrayField<R, T>;
    type Bool = ArrayField<R, bool>;
    type Enum<E: QueryValue> = ArrayField<R, E>;
    type Timestamp = ArrayField<R, DateTime<Utc>>;
    fn string(path: String) -> Self::String {
        ArrayField::new(path)
    }
    fn number<T: QueryValue>(path: String) -> Self::Number<T> {
        ArrayField::new(path)
    }
    fn bool(path: String) -> Self::Bool {
        ArrayField::new(path)
    }
    fn enumeration<E: QueryValue>(path: String) -> Self::Enum<E> {
        ArrayField::new(path)
    }
    fn timestamp(path: String) -> Self::Timestamp {
        ArrayField::new(path)
    }
}

/// Declares a field handle: the struct, its constructor and path, and the
/// trait impls that must not depend on `R`.
macro_rules! handle {
    ($(#[$doc:meta])* $name:ident<R $(, $t:ident)?>) => {
        $(#[$doc])*
        pub struct $name<R $(, $t)?> {
            path: String,
            marker: PhantomData<fn() -> (R, $($t)?)>,
        }

        impl<R $(, $t)?> $name<R $(, $t)?> {
            /// The handle of the field at dotted path `path`. Generated
            /// code makes these for the documented fields; made by hand,
            /// it types a field the docs do not list.
            pub fn new(path: impl Into<String>) -> Self {
                $name {
                    path: path.into(),
                    marker: PhantomData,
                }
            }

            /// The field's dotted path.
            pub fn path(&self) -> &str {
                &self.path
            }

            /// Entities where the field is present (`true`) or absent
            /// (`false`): `{"<path>": {"$exists": true}}`.
            pub fn exists(&self, present: bool) -> Filter<R> {
                Filter::operator(&self.path, "$exists", Value::Bool(present))
            }
        }

        impl<R $(, $t)?> Clone for $name<R $(, $t)?> {
            fn clone(&self) -> Self {
                Self::new(self.path.clone())
            }
        }

        impl<R $(, $t)?> fmt::Debug for $name<R $(, $t)?> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.path).finish()
            }
        }
    };
}

/// The equality operators, taking values that convert into `$value`.
macro_rules! equality {
    ($value:ty) => {
        /// Entities whose field is `value`, in the short form the docs'
        /// examples use: `{"<path>": value}` (the query language reads it
        /// as `$eq`).
        pub fn is(&self, value: impl Into<$value>) -> Filter<R> {
            Filter::on(&self.path, Into::<$value>::into(value).to_query_json())
        }

        /// Entities whose field is `value`: `{"<path>": {"$eq": value}}`.
        pub fn eq(&self, value: impl Into<$value>) -> Filter<R> {
            Filter::operator(
                &self.path,
                "$eq",
                Into::<$value>::into(value).to_query_json(),
            )
        }

        /// Entities whose field is not `value`: `{"<path>": {"$ne": value}}`.
        pub fn ne(&self, value: impl Into<$value>) -> Filter<R> {
            Filter::operator(
                &self.path,
                "$ne",
                Into::<$value>::into(value).to_query_json(),
            )
        }
    };
}

/// `$in` and `$nin`.
macro_rules! membership {
    ($value:ty) => {
        /// Entities whose field is one of `values`: `{"<path>": {"$in": [...]}}`.
        pub fn is_in<V: Into<$value>>(&self, values: impl IntoIterator<Item = V>) -> Filter<R> {
            Filter::operator(&self.path, "$in", values_json::<$value, V>(values))
        }

        /// Entities whose field is none of `values`: `{"<path>": {"$nin": [...]}}`.
        pub fn not_in<V: Into<$value>>(&self, values: impl IntoIterator<Item = V>) -> Filter<R> {
            Filter::operator(&self.path, "$nin", values_json::<$value, V>(values))
        }
    };
}

/// `$lt`, `$lte`, `$gt` and `$gte`.
macro_rules! ordering {
    ($value:ty) => {
        /// Entities whose field is less than `value`: `{"<path>": {"$lt": value}}`.
        pub fn lt(&self, value: impl Into<$value>) -> Filter<R> {
            Filter::operator(
                &self.path,
                "$lt",
                Into::<$value>::into(value).to_query_json(),
            )
        }

        /// Entities whose field is at most `value`: `{"<path>": {"$lte": value}}`.
        pub fn lte(&self, value: impl Into<$value>) -> Filter<R> {
            Filter::operator(
                &self.path,
                "$lte",
                Into::<$value>::into(value).to_query_json(),
            )
        }

        /// Entities whose field is greater than `value`: `{"<path>": {"$gt": value}}`.
        pub fn gt(&self, value: impl Into<$value>) -> Filter<R> {
            Filter::operator(
                &self.path,
                "$gt",
                Into::<$value>::into(value).to_query_json(),
            )
        }

        /// Entities whose field is at least `value`: `{"<path>": {"$gte": value}}`.
        pub fn gte(&self, value: impl Into<$value>) -> Filter<R> {
            Filter::operator(
                &self.path,
                "$gte",
                Into::<$value>::into(value).to_query_json(),
            )
        }
    };
}

/// Sorting by the field.
macro_rules! sorting {
    () => {
        /// Sorting by this field, smallest first: `{"fieldName": "<path>", "order": "ASC"}`.
        pub fn asc(&self) -> Sort<R> {
            Sort::raw(self.path.clone(), Direction::Ascending)
        }

        /// Sorting by this field, largest first: `{"fieldName": "<path>", "order": "DESC"}`.
        pub fn desc(&self) -> Sort<R> {
            Sort::raw(self.path.clone(), Direction::Descending)
        }
    };
}

fn values_json<T: QueryValue, V: Into<T>>(values: impl IntoIterator<Item = V>) -> Value {
    Value::Array(
        values
            .into_iter()
            .map(|value| Into::<T>::into(value).to_query_json())
            .collect(),
    )
}

handle! {
    /// A string field of entities `R`.
    StringField<R>
}

impl<R> StringField<R> {
    equality!(String);
    membership!(String);
    ordering!(String);
    sorting!();

    /// Entities whose field starts with `prefix`: `{"<path>": {"$startsWith": prefix}}`.
    pub fn starts_with(&self, prefix: impl Into<String>) -> Filter<R> {
        Filter::operator(&self.path, "$startsWith", Value::String(prefix.into()))
    }

    /// Entities whose field contains `text`: `{"<path>": {"$contains": text}}`.
    pub fn contains(&self, text: impl Into<String>) -> Filter<R> {
        Filter::operator(&self.path, "$contains", Value::String(text.into()))
    }
}

handle! {
    /// A number field of entities `R`, holding `T` (`i64` for integers,
    /// `f64` for numbers).
    NumberField<R, T>
}

impl<R, T: QueryValue> NumberField<R, T> {
    equality!(T);
    membership!(T);
    ordering!(T);
    sorting!();
}

handle! {
    /// A boolean field of entities `R`.
    BoolField<R>
}

impl<R> BoolField<R> {
    equality!(bool);
    sorting!();
}

handle! {
    /// An enum field of entities `R`, of the generated enum `E`.
    EnumField<R, E>
}

impl<R, E: QueryValue> EnumField<R, E> {
    equality!(E);
    membership!(E);
    sorting!();
}

handle! {
    /// A timestamp field of entities `R`; values are written
    /// `YYYY-MM-DDThh:mm:ss.sssZ`.
    TimestampField<R>
}

impl<R> TimestampField<R> {
    equality!(DateTime<Utc>);
    membership!(DateTime<Utc>);
    ordering!(DateTime<Utc>);
    sorting!();
}

handle! {
    /// An array field of entities `R` holding `T`s, or a field of `T`s
    /// reached through an array of objects.
    ArrayField<R, T>
}

impl<R, T: QueryValue> ArrayField<R, T> {
    /// Entities whose array holds at least one of `values`:
    /// `{"<path>": {"$hasSome": [...]}}`.
    pub fn has_some<V: Into<T>>(&self, values: impl IntoIterator<Item = V>) -> Filter<R> {
        Filter::operator(&self.path, "$hasSome", values_json(values))
    }

    /// Entities whose array holds `value`, written with the single value
    /// instead of a list, as the docs' `QueryResources` example writes it:
    /// `{"<path>": {"$hasSome": value}}`.
    pub fn has_some_value(&self, value: impl Into<T>) -> Filter<R> {
        Filter::operator(
            &self.path,
            "$hasSome",
            Into::<T>::into(value).to_query_json(),
        )
    }

    /// Entities whose array holds all of `values`:
    /// `{"<path>": {"$hasAll": [...]}}`.
    pub fn has_all<V: Into<T>>(&self, values: impl IntoIterator<Item = V>) -> Filter<R> {
        Filter::operator(&self.path, "$hasAll", values_json(values))
    }
}

handle! {
    /// A free-form JSON field of entities `R` (an `object` field, or a value
    /// the docs give no type): any JSON value, and any path below it.
    JsonField<R>
}

impl<R> JsonField<R> {
    equality!(Value);
    membership!(Value);

    /// The handle of member `name` of this field: `<path>.<name>`.
    #[must_use]
    pub fn field(&self, name: &str) -> JsonField<R> {
        JsonField::new(format!("{}.{name}", self.path))
    }
}
