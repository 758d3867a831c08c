//! The catalogue of the Wix platform's common types (`catalogue.yaml`), and the
//! shape of query responses.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::page::TypeRef;
use crate::reader::parse_type;

/// A common type as the catalogue states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommonType {
    /// An object with exactly these fields.
    Object(BTreeMap<String, TypeRef>),
    /// An enum with these values.
    Enum(Vec<String>),
}

/// The common types, by name.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The types.
    pub types: BTreeMap<String, CommonType>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    types: BTreeMap<String, CatalogueEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueEntry {
    #[serde(default)]
    fields: BTreeMap<String, String>,
    #[serde(default, rename = "enum")]
    values: Vec<String>,
}

impl Catalogue {
    /// The catalogue shipped with the generator.
    ///
    /// # Panics
    ///
    /// When `catalogue.yaml` is malformed; a unit test reads it, so a bad
    /// edit fails the tests rather than a user's run.
    pub fn builtin() -> Self {
        Self::parse(include_str!("catalogue.yaml")).expect("catalogue.yaml is valid")
    }

    fn parse(yaml: &str) -> Result<Self, String> {
        let file: CatalogueFile = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
        let mut types = BTreeMap::new();
        for (name, entry) in file.types {
            let common = match (entry.fields.is_empty(), entry.values.is_empty()) {
                (false, true) => {
                    let mut fields = BTreeMap::new();
                    for (field, ty) in entry.fields {
                        let parsed = parse_type(&ty)
                            .filter(|(_, len)| *len == ty.len())
                            .ok_or_else(|| format!("{name}.{field}: bad type {ty:?}"))?;
                        fields.insert(field, parsed.0);
                    }
                    CommonType::Object(fields)
                }
                (true, false) => CommonType::Enum(entry.values),
                _ => return Err(format!("{name}: give either fields or enum values")),
            };
            types.insert(name, common);
        }
        Ok(Catalogue { types })
    }

    /// The field names of common object type `name`.
    pub fn fields(&self, name: &str) -> Option<Vec<&str>> {
        match self.types.get(name)? {
            CommonType::Object(fields) => Some(fields.keys().map(String::as_str).collect()),
            CommonType::Enum(_) => None,
        }
    }

    /// The type of field `field` of common object type `name`.
    pub fn field_type(&self, name: &str, field: &str) -> Option<&TypeRef> {
        match self.types.get(name)? {
            CommonType::Object(fields) => fields.get(field),
            CommonType::Enum(_) => None,
        }
    }

    /// Whether `name` is a common enum.
    pub fn is_enum(&self, name: &str) -> bool {
        matches!(self.types.get(name), Some(CommonType::Enum(_)))
    }
}

/// The query-response shape of the Wix platform: the response of a method
/// `query<Things>` is named `Query<Things>Response` and holds the page of
/// results (one array field) and `pagingMetadata`. Returns the field names
/// the response type may have, given the name of its first (array) field.
pub fn query_response_fields(
    method_name: &str,
    response_type: &str,
    list_field: &str,
) -> Option<[String; 2]> {
    let things = method_name.strip_prefix("query")?;
    let expected = format!("Query{things}Response");
    (response_type == expected).then(|| [list_field.to_owned(), "pagingMetadata".to_owned()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalogue_parses() {
        let catalogue = Catalogue::builtin();
        assert_eq!(catalogue.fields("Cursors"), Some(vec!["next", "prev"]));
        assert!(catalogue.is_enum("SortOrder"));
        assert_eq!(
            catalogue
                .field_type("CursorQuery", "sort")
                .map(ToString::to_string)
                .as_deref(),
            Some("array<Sorting>")
        );
    }

    #[test]
    fn malformed_entries_are_refused() {
        assert!(Catalogue::parse("types: { A: { fields: { x: 'array<' } } }").is_err());
        assert!(Catalogue::parse("types: { A: {} }").is_err());
        assert!(Catalogue::parse("types: { A: { colour: red } }").is_err());
    }

    #[test]
    fn query_responses_are_recognized_by_name() {
        assert_eq!(
            query_response_fields("queryResources", "QueryResourcesResponse", "resources"),
            Some(["resources".into(), "pagingMetadata".into()])
        );
        assert_eq!(
            query_response_fields("createBooking", "CreateBookingResponse", "booking"),
            None
        );
    }
}
