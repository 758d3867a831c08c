//! The helpers every generated struct is read and written with
//! (`wix_apis::runtime::object`): known fields by wire name, unknown members
//! kept in order and written back after the known ones, `null` and absent
//! optional fields, missing required fields, values of the wrong type and
//! timestamps; on a struct written here as the generator writes one, and on
//! generated ones.

use serde_json::{json, Value};
use wix_apis::bookings::resources::{QueryResourcesResponse, Resource};
use wix_apis::runtime::chrono::{DateTime, TimeZone, Utc};
use wix_apis::runtime::object::{Reader, Writer};
use wix_apis::runtime::JsonObject;

/// A struct with every kind of field, its impls as the generator writes
/// them.
#[derive(Debug, Clone, PartialEq)]
struct Pet {
    name: String,
    age: Option<i64>,
    born: DateTime<Utc>,
    fed: Option<DateTime<Utc>>,
    friends: Option<Vec<Pet>>,
    r#type: Option<Value>,
    unknown_fields: JsonObject,
}

impl<'de> serde::Deserialize<'de> for Pet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut object = Reader::new(deserializer)?;
        Ok(Self {
            name: object.required("name")?,
            age: object.optional("age"),
            born: object.required_timestamp("born")?,
            fed: object.optional_timestamp("lastFed"),
            friends: object.optional("friends"),
            r#type: object.optional("type"),
            unknown_fields: object.rest()?,
        })
    }
}

impl serde::Serialize for Pet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Writer::new(serializer)?;
        object.required("name", &self.name);
        object.optional("age", &self.age);
        object.required_timestamp("born", &self.born);
        object.optional_timestamp("lastFed", &self.fed);
        object.optional("friends", &self.friends);
        object.optional("type", &self.r#type);
        object.end(&self.unknown_fields)
    }
}

/// A struct without known fields.
#[derive(Debug, PartialEq)]
struct Empty {
    unknown_fields: JsonObject,
}

impl<'de> serde::Deserialize<'de> for Empty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = Reader::new(deserializer)?;
        Ok(Self {
            unknown_fields: object.rest()?,
        })
    }
}

impl serde::Serialize for Empty {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let object = Writer::new(serializer)?;
        object.end(&self.unknown_fields)
    }
}

fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|error| error.to_string())
}

fn pet(text: &str) -> Pet {
    read(text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

#[test]
fn known_fields_are_read_by_wire_name() {
    let pet = pet(
        r#"{"name":"Rex","age":3,"born":"2024-01-05T12:00:00+02:00","lastFed":"2024-01-06T08:30:00.250Z","type":{"kind":"dog"}}"#,
    );
    assert_eq!(pet.name, "Rex");
    assert_eq!(pet.age, Some(3));
    assert_eq!(
        pet.born,
        Utc.with_ymd_and_hms(2024, 1, 5, 10, 0, 0).unwrap()
    );
    assert_eq!(pet.fed.map(|fed| fed.timestamp_subsec_millis()), Some(250));
    assert_eq!(pet.r#type, Some(json!({"kind": "dog"})));
    assert!(pet.unknown_fields.is_empty());
}

#[test]
fn unknown_members_are_kept_in_order_and_written_after_the_known_fields() {
    let text = r#"{"zeta":1,"name":"Rex","alpha":{"b":2,"a":1},"born":"2024-01-05T10:00:00.000Z","middle":[true,null],"last":"x"}"#;
    let pet = pet(text);
    let unknown: Vec<&str> = pet.unknown_fields.keys().map(String::as_str).collect();
    assert_eq!(unknown, ["zeta", "alpha", "middle", "last"]);
    assert_eq!(
        serde_json::to_string(&pet).unwrap(),
        r#"{"name":"Rex","born":"2024-01-05T10:00:00.000Z","zeta":1,"alpha":{"b":2,"a":1},"middle":[true,null],"last":"x"}"#
    );
    // Written back and read again, nothing changes.
    assert_eq!(self::pet(&serde_json::to_string(&pet).unwrap()), pet);
}

#[test]
fn a_struct_without_known_fields_keeps_every_member() {
    let text = r#"{"b":1,"a":[2],"c":null}"#;
    let empty: Empty = read(text).unwrap();
    assert_eq!(empty.unknown_fields.len(), 3);
    assert_eq!(serde_json::to_string(&empty).unwrap(), text);
    assert_eq!(
        serde_json::to_string(&Empty {
            unknown_fields: JsonObject::new()
        })
        .unwrap(),
        "{}"
    );
}

#[test]
fn null_and_absent_optional_fields_are_none_and_none_is_not_written() {
    let pet = pet(
        r#"{"name":"Rex","age":null,"born":"2024-01-05T10:00:00.000Z","lastFed":null,"friends":null,"type":null}"#,
    );
    assert_eq!(
        (pet.age, pet.fed, &pet.friends, &pet.r#type),
        (None, None, &None, &None)
    );
    assert!(pet.unknown_fields.is_empty());
    assert_eq!(
        serde_json::to_string(&pet).unwrap(),
        r#"{"name":"Rex","born":"2024-01-05T10:00:00.000Z"}"#
    );
    let absent = self::pet(r#"{"name":"Rex","born":"2024-01-05T10:00:00.000Z"}"#);
    assert_eq!(absent, pet);
}

#[test]
fn a_missing_required_field_is_an_error_naming_it() {
    let error = read::<Pet>(r#"{"born":"2024-01-05T10:00:00.000Z"}"#).unwrap_err();
    assert_eq!(error, "missing field `name`");
    let error = read::<Pet>(r#"{"name":"Rex"}"#).unwrap_err();
    assert_eq!(error, "missing field `born`");
    // `null` is no value for a required field.
    let error = read::<Pet>(r#"{"name":null,"born":"2024-01-05T10:00:00.000Z"}"#).unwrap_err();
    assert_eq!(error, "name: invalid type: null, expected a string");
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_naming_the_field() {
    let error =
        read::<Pet>(r#"{"name":"Rex","age":"3","born":"2024-01-05T10:00:00.000Z"}"#).unwrap_err();
    assert_eq!(error, r#"age: invalid type: string "3", expected i64"#);
    let error = read::<Pet>(r#"{"name":"Rex","born":"yesterday"}"#).unwrap_err();
    assert!(
        error.starts_with("born: expected an RFC 3339 timestamp such as `2024-01-05T10:00:00.000Z`, found `yesterday`"),
        "{error}"
    );
    let error =
        read::<Pet>(r#"{"name":"Rex","born":"2024-01-05T10:00:00.000Z","lastFed":5}"#).unwrap_err();
    assert_eq!(
        error,
        "lastFed: invalid type: integer `5`, expected a string"
    );
}

#[test]
fn of_several_bad_fields_the_first_in_declaration_order_is_the_error() {
    // An optional field's error is kept while the later fields are read...
    let error = read::<Pet>(r#"{"age":"old","lastFed":"noon","born":"2024-01-05T10:00:00.000Z"}"#)
        .unwrap_err();
    assert_eq!(error, "missing field `name`");
    let error = read::<Pet>(r#"{"name":"Rex","age":"old","lastFed":"noon"}"#).unwrap_err();
    assert_eq!(error, r#"age: invalid type: string "old", expected i64"#);
    // ... and is the error even when every later field is fine.
    let error = read::<Pet>(
        r#"{"name":"Rex","born":"2024-01-05T10:00:00.000Z","lastFed":"noon","type":1}"#,
    )
    .unwrap_err();
    assert!(
        error.starts_with("lastFed: expected an RFC 3339"),
        "{error}"
    );
}

/// A value whose serialization fails.
struct Unwritable;

impl serde::Serialize for Unwritable {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("unwritable"))
    }
}

#[test]
fn the_first_error_writing_a_field_is_the_error_and_nothing_after_it_is_written() {
    struct Bad;
    impl serde::Serialize for Bad {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = Writer::new(serializer)?;
            object.required("a", &1);
            object.optional("b", &Some(Unwritable));
            object.required("c", &Unwritable);
            object.end(&JsonObject::new())
        }
    }
    let mut bytes = Vec::new();
    let error = serde_json::to_writer(&mut bytes, &Bad).unwrap_err();
    assert_eq!(error.to_string(), "unwritable");
    assert_eq!(String::from_utf8(bytes).unwrap(), r#"{"a":1,"b":"#);
}

#[test]
fn an_error_in_a_nested_struct_names_the_path() {
    let error = read::<Pet>(
        r#"{"name":"Rex","born":"2024-01-05T10:00:00.000Z","friends":[{"name":"Tom","born":"2024-01-05T10:00:00.000Z","lastFed":"noon"}]}"#,
    )
    .unwrap_err();
    assert!(
        error.starts_with("friends: lastFed: expected an RFC 3339"),
        "{error}"
    );
    let error = read::<Pet>(
        r#"{"name":"Rex","born":"2024-01-05T10:00:00.000Z","friends":[{"born":"2024-01-05T10:00:00.000Z"}]}"#,
    )
    .unwrap_err();
    assert_eq!(error, "friends: missing field `name`");
}

#[test]
fn a_known_field_given_twice_is_an_error_naming_it() {
    const BORN: &str = r#""born":"2024-01-05T10:00:00.000Z""#;
    for (twice, field) in [
        (format!(r#"{{"name":"Rex","name":"Tom",{BORN}}}"#), "name"),
        (format!(r#"{{"name":"Rex","age":1,{BORN},"age":2}}"#), "age"),
        (format!(r#"{{"name":"Rex",{BORN},{BORN}}}"#), "born"),
        (
            format!(r#"{{"name":"Rex",{BORN},"lastFed":null,"lastFed":null}}"#),
            "lastFed",
        ),
    ] {
        let error = read::<Pet>(&twice).unwrap_err();
        assert!(
            error.starts_with(&format!("duplicate field `{field}`")),
            "{twice}: {error}"
        );
    }
    // Another struct's field of the same name is another field.
    let pet = pet(
        r#"{"name":"Rex","born":"2024-01-05T10:00:00.000Z","friends":[{"name":"Tom","born":"2024-01-05T10:00:00.000Z"}]}"#,
    );
    assert_eq!(pet.friends.unwrap()[0].name, "Tom");
}

#[test]
fn of_an_unknown_member_given_twice_the_last_value_is_kept_in_the_first_place() {
    let pet = pet(
        r#"{"color":"red","name":"Rex","size":1,"born":"2024-01-05T10:00:00.000Z","color":"blue"}"#,
    );
    assert_eq!(
        serde_json::to_string(&pet.unknown_fields).unwrap(),
        r#"{"color":"blue","size":1}"#
    );
}

#[test]
fn anything_but_an_object_is_an_error() {
    for text in [r#""Rex""#, "[]", "3", "null"] {
        let error = read::<Pet>(text).unwrap_err();
        assert!(error.contains("expected a map"), "{text}: {error}");
    }
}

#[test]
fn timestamps_are_written_in_utc_with_milliseconds() {
    let pet = pet(
        r#"{"name":"Rex","born":"2024-01-05T12:00:00+02:00","lastFed":"2024-01-06T08:30:00.123456Z"}"#,
    );
    assert_eq!(
        serde_json::to_string(&pet).unwrap(),
        r#"{"name":"Rex","born":"2024-01-05T10:00:00.000Z","lastFed":"2024-01-06T08:30:00.123456Z"}"#
    );
}

#[test]
fn structs_read_from_a_json_value_as_from_text() {
    let value = json!({"x": 1, "name": "Rex", "born": "2024-01-05T10:00:00.000Z"});
    let from_value: Pet = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(from_value, pet(&value.to_string()));
    assert_eq!(serde_json::to_value(&from_value).unwrap(), value);
}

#[test]
fn generated_structs_keep_unknown_members_and_name_the_failing_field() {
    let text = r#"{"resources":[{"id":"r1","later":{"a":1},"createdDate":"2024-01-05T10:00:00.000Z","name":"Room"}],"extra":true}"#;
    let response: QueryResourcesResponse = read(text).unwrap();
    let resources = response.resources.as_deref().unwrap_or_default();
    let resource: &Resource = &resources[0];
    assert_eq!(resource.id.as_deref(), Some("r1"));
    assert_eq!(resource.unknown_fields["later"], json!({"a": 1}));
    assert_eq!(response.unknown_fields["extra"], json!(true));
    // Known fields first, in declaration order, then the unknown ones.
    assert_eq!(
        serde_json::to_string(&response).unwrap(),
        r#"{"resources":[{"id":"r1","createdDate":"2024-01-05T10:00:00.000Z","name":"Room","later":{"a":1}}],"extra":true}"#
    );
    let error =
        read::<QueryResourcesResponse>(r#"{"resources":[{"id":"r1","createdDate":"5 January"}]}"#)
            .unwrap_err();
    assert!(
        error.starts_with("resources: createdDate: expected an RFC 3339"),
        "{error}"
    );
    let error = read::<QueryResourcesResponse>(r#"{"resources":[{"id":7}]}"#).unwrap_err();
    assert_eq!(
        error,
        "resources: id: invalid type: integer `7`, expected a string"
    );
}
