//! Rust names for what the pages name: types, fields, enum variants, modules
//! and methods. Every name from a page is cleaned to a valid identifier, so no
//! page text can become code; keywords are escaped. Names that collide once
//! cleaned are settled in [`super::plan`].

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::Ident;

/// Words that cannot be raw identifiers (`r#self` is not allowed).
const NOT_RAW: [&str; 5] = ["self", "Self", "super", "crate", "_"];

/// Rust's keywords, strict and reserved (edition 2021).
const KEYWORDS: [&str; 51] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keeps ASCII letters, digits and `_`; anything else separates words.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// An identifier from a cleaned word: never empty, never starting with a
/// digit, keywords escaped.
fn ident(word: &str, fallback: &str) -> Ident {
    let mut word = if word.is_empty() {
        fallback.to_owned()
    } else {
        word.to_owned()
    };
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        word = format!("{fallback}{word}");
    }
    if NOT_RAW.contains(&word.as_str()) {
        word.push('_');
    }
    if KEYWORDS.contains(&word.as_str()) {
        Ident::new_raw(&word, proc_macro2::Span::call_site())
    } else {
        Ident::new(&word, proc_macro2::Span::call_site())
    }
}

/// A type name: `CursorPaging` stays; `bad name!` becomes `BadName`.
pub fn type_name(name: &str) -> String {
    let cleaned = clean(name);
    let word = if cleaned.split_whitespace().count() == 1 && !cleaned.contains('_') {
        // Already one word: keep its casing (`CursorPagingMetadata`).
        let mut chars = cleaned.trim().chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_ascii_uppercase().to_string() + chars.as_str()
        })
    } else {
        cleaned.to_upper_camel_case()
    };
    ident(&word, "Type").to_string()
}

/// A field name: `createdDate` -> `created_date`, `type` -> `r#type`.
pub fn field_ident(wire: &str) -> Ident {
    ident(&clean(wire).to_snake_case(), "field_")
}

/// A module name: `ResourcesService` -> `resources_service`.
pub fn module_ident(name: &str) -> Ident {
    ident(&clean(name).to_snake_case(), "module_")
}

/// The module of an npm package: `@wix/bookings` -> `bookings`.
pub fn package_ident(npm: &str) -> Ident {
    let name = npm.rsplit('/').next().unwrap_or(npm);
    module_ident(name)
}

/// A method: `queryResources` -> `query_resources`.
pub fn method_ident(operation_id: &str) -> Ident {
    ident(&clean(operation_id).to_snake_case(), "call_")
}

/// An enum variant: `NOT_ATTENDED` -> `NotAttended`.
pub fn variant_name(value: &str) -> String {
    ident(&clean(value).to_upper_camel_case(), "V").to_string()
}

/// An identifier from a name the functions above (or [`super::plan`]) made.
pub fn to_ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// The wire name serde's `rename_all = "camelCase"` gives the field `ident`
/// (serde's own rule: the raw prefix dropped, each `_` removed and the
/// letter after it upper-cased, the first letter lower-cased).
pub fn serde_camel_case(ident: &Ident) -> String {
    let text = ident.to_string();
    let field = text.strip_prefix("r#").unwrap_or(&text);
    let mut pascal = String::new();
    let mut capitalize = true;
    for c in field.chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(c);
        }
    }
    match pascal.chars().next() {
        Some(first) => first.to_ascii_lowercase().to_string() + &pascal[first.len_utf8()..],
        None => pascal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_is_what_serde_makes_of_the_field() {
        let cases = [
            ("location_id", "locationId"),
            ("r#type", "type"),
            ("id", "id"),
            ("self_", "self"),
            ("x_2_d", "x2D"),
            ("url", "url"),
        ];
        for (field, wire) in cases {
            let ident: Ident = syn::parse_str(field).expect("an identifier");
            assert_eq!(serde_camel_case(&ident), wire, "{field}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(type_name("CursorPagingMetadata"), "CursorPagingMetadata");
        assert_eq!(type_name("bad name!"), "BadName");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("9Lives"), "Type9Lives");
        assert_eq!(type_name("*/"), "Type");
        assert_eq!(field_ident("createdDate").to_string(), "created_date");
        assert_eq!(field_ident("type").to_string(), "r#type");
        assert_eq!(field_ident("self").to_string(), "self_");
        assert_eq!(field_ident("_id").to_string(), "id");
        assert_eq!(field_ident("\"#]]").to_string(), "field_");
        assert_eq!(
            module_ident("ResourcesService").to_string(),
            "resources_service"
        );
        assert_eq!(package_ident("@wix/bookings").to_string(), "bookings");
        assert_eq!(
            method_ident("queryResources").to_string(),
            "query_resources"
        );
        assert_eq!(variant_name("NOT_ATTENDED"), "NotAttended");
        assert_eq!(variant_name("ASC"), "Asc");
        assert_eq!(variant_name("1ST"), "V1st");
    }
}
