//! Serde helpers for the RFC 3339 timestamps Wix writes
//! (`YYYY-MM-DDThh:mm:ss.sssZ`), as [`chrono::DateTime<Utc>`](chrono::DateTime).
//!
//! Use with `#[serde(with = "crate::runtime::timestamp")]` on a
//! `DateTime<Utc>` field, or [`option`] on an
//! `Option<DateTime<Utc>>` one.
//!
//! Reading accepts any RFC 3339 timestamp (any number of fractional digits,
//! `Z` or an offset such as `+02:00`) and converts it to UTC. Writing uses
//! UTC, `Z` and three fractional digits, so a value as Wix documents it,
//! `2024-01-05T10:00:00.000Z`, round-trips byte for byte; a value with finer
//! precision than milliseconds is written with 6 or 9 digits so that nothing
//! is lost.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Writes `value` as `YYYY-MM-DDThh:mm:ss.sssZ` (see the [module docs](self)).
pub fn serialize<S: Serializer>(value: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format(value))
}

/// Reads an RFC 3339 timestamp and converts it to UTC (see the
/// [module docs](self)).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).map_err(serde::de::Error::custom)
}

/// The text [`serialize`] writes for `value`.
pub(crate) fn format(value: &DateTime<Utc>) -> String {
    let precision = if value.timestamp_subsec_nanos() % 1_000_000 == 0 {
        SecondsFormat::Millis
    } else {
        SecondsFormat::AutoSi
    };
    value.to_rfc3339_opts(precision, true)
}

/// Parses an RFC 3339 timestamp to UTC.
fn parse(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|value| value.with_timezone(&Utc))
        .map_err(|error| format!("expected an RFC 3339 timestamp such as `2024-01-05T10:00:00.000Z`, found `{text}`: {error}"))
}

/// The same helpers for `Option<DateTime<Utc>>` fields: `None` is written
/// as `null` (pair it with `skip_serializing_if = "Option::is_none"` and
/// `default` to omit it) and `null` reads as `None`.
pub mod option {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `Some(value)` as a timestamp and `None` as `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_str(&super::format(value)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a timestamp as `Some` and `null` as `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| super::parse(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}
