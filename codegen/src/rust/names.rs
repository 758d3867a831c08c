//! Rust names for what the pages name: types, fields, enum variants, modules
//! and methods. Every name from a page is cleaned to a valid identifier, so no
//! page text can become code; keywords are escaped. Names that collide once
//! cleaned are settled in [`super::plan`].

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

/// The words of a cleaned name, as `heck` splits them: at every `_` and
/// space, between a lowercase letter and an uppercase one (`createdDate`),
/// and before the last capital of a run followed by a lowercase letter
/// (`HTTPServer` -> `HTTP`, `Server`); digits join the word they are in.
///
/// `heck` does this through `fmt` one character at a time, which was 2% of
/// a large run; the names here are ASCII, so it is done on bytes (a test
/// compares every short name with `heck`).
fn words(cleaned: &str, mut each: impl FnMut(&str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lowercase,
        Uppercase,
    }
    for word in cleaned.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = word.as_bytes();
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (index, &byte) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(index + 1) else {
                each(&word[start..]);
                break;
            };
            let next_mode = if byte.is_ascii_lowercase() {
                Mode::Lowercase
            } else if byte.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                each(&word[start..=index]);
                start = index + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase
                && byte.is_ascii_uppercase()
                && next.is_ascii_lowercase()
            {
                each(&word[start..index]);
                start = index;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

/// `snake_case` of a cleaned name (`heck`'s `to_snake_case`).
fn snake_case(cleaned: &str) -> String {
    let mut snake = String::with_capacity(cleaned.len() + 4);
    words(cleaned, |word| {
        if !snake.is_empty() {
            snake.push('_');
        }
        snake.extend(
            word.bytes()
                .map(|byte| char::from(byte.to_ascii_lowercase())),
        );
    });
    snake
}

/// `UpperCamelCase` of a cleaned name (`heck`'s `to_upper_camel_case`).
fn upper_camel_case(cleaned: &str) -> String {
    let mut camel = String::with_capacity(cleaned.len());
    words(cleaned, |word| {
        for (index, byte) in word.bytes().enumerate() {
            camel.push(char::from(if index == 0 {
                byte.to_ascii_uppercase()
            } else {
                byte.to_ascii_lowercase()
            }));
        }
    });
    camel
}

/// An identifier from a cleaned word: never empty, never starting with a
/// digit, keywords escaped.
///
/// It is the identifier's text (`r#type` for a raw one): names are planned
/// as text, and text needs no token made and printed back. The cleaned
/// word is `[A-Za-z0-9_]*`, so the text is always a valid identifier
/// ([`to_ident`] makes it a token; a test checks both agree).
fn ident_text(word: &str, fallback: &str) -> String {
    let mut text = String::with_capacity(word.len() + fallback.len() + 2);
    if word.is_empty() || word.starts_with(|c: char| c.is_ascii_digit()) {
        text.push_str(fallback);
    }
    text.push_str(word);
    if NOT_RAW.contains(&text.as_str()) {
        text.push('_');
    }
    if KEYWORDS.contains(&text.as_str()) {
        text.insert_str(0, "r#");
    }
    text
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
        upper_camel_case(&cleaned)
    };
    ident_text(&word, "Type")
}

/// A field name: `createdDate` -> `created_date`, `type` -> `r#type`.
pub fn field_name(wire: &str) -> String {
    ident_text(&snake_case(&clean(wire)), "field_")
}

/// [`field_name`] as an identifier.
pub fn field_ident(wire: &str) -> Ident {
    to_ident(&field_name(wire))
}

/// A module name: `ResourcesService` -> `resources_service`.
pub fn module_name(name: &str) -> String {
    ident_text(&snake_case(&clean(name)), "module_")
}

/// [`module_name`] as an identifier.
pub fn module_ident(name: &str) -> Ident {
    to_ident(&module_name(name))
}

/// The module of an npm package: `@wix/bookings` -> `bookings`.
pub fn package_name(npm: &str) -> String {
    let name = npm.rsplit('/').next().unwrap_or(npm);
    module_name(name)
}

/// [`package_name`] as an identifier.
pub fn package_ident(npm: &str) -> Ident {
    to_ident(&package_name(npm))
}

/// A method: `queryResources` -> `query_resources`.
pub fn method_name(operation_id: &str) -> String {
    ident_text(&snake_case(&clean(operation_id)), "call_")
}

/// [`method_name`] as an identifier.
pub fn method_ident(operation_id: &str) -> Ident {
    to_ident(&method_name(operation_id))
}

/// An enum variant: `NOT_ATTENDED` -> `NotAttended`.
pub fn variant_name(value: &str) -> String {
    ident_text(&upper_camel_case(&clean(value)), "V")
}

/// An identifier from a name the functions above (or [`super::plan`]) made.
pub fn to_ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// The wire name serde's `rename_all = "camelCase"` gives the field named
/// `ident` (its text, as [`field_name`] makes it; serde's own rule: the raw
/// prefix dropped, each `_` removed and the letter after it upper-cased,
/// the first letter lower-cased).
pub fn serde_camel_case(ident: &str) -> String {
    let field = ident.strip_prefix("r#").unwrap_or(ident);
    let mut camel = String::with_capacity(field.len());
    let mut capitalize = false;
    for c in field.chars() {
        if c == '_' {
            capitalize = true;
        } else if camel.is_empty() {
            // serde capitalizes the first letter, then lower-cases it.
            camel.push(c.to_ascii_lowercase());
            capitalize = false;
        } else if capitalize {
            camel.push(c.to_ascii_uppercase());
            capitalize = false;
        } else {
            camel.push(c);
        }
    }
    camel
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
            ("_id", "id"),
            ("__a__b", "aB"),
            ("Type_", "type"),
            ("a1_b2", "a1B2"),
            ("r#in", "in"),
        ];
        for (field, wire) in cases {
            let ident: Ident = syn::parse_str(field).expect("an identifier");
            assert_eq!(serde_camel_case(&ident.to_string()), wire, "{field}");
        }
    }

    /// Every name of up to six characters from letters of both cases,
    /// digits and separators splits as `heck` splits it.
    #[test]
    fn words_split_as_heck_splits_them() {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        const ALPHABET: &[u8] = b"aBC1_ ";
        let mut names = vec![String::new()];
        let mut checked = 0;
        for _ in 0..6 {
            names = names
                .iter()
                .flat_map(|name| {
                    ALPHABET
                        .iter()
                        .map(move |&c| format!("{name}{}", char::from(c)))
                })
                .collect();
            for name in &names {
                assert_eq!(snake_case(name), name.to_snake_case(), "{name:?}");
                assert_eq!(
                    upper_camel_case(name),
                    name.to_upper_camel_case(),
                    "{name:?}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 6 + 36 + 216 + 1296 + 7776 + 46656);
        for name in [
            "createdDate",
            "HTTPServer",
            "getV2Resource",
            "A1b2C3",
            "ID",
            "iOS",
        ] {
            assert_eq!(snake_case(name), name.to_snake_case(), "{name:?}");
            assert_eq!(
                upper_camel_case(name),
                name.to_upper_camel_case(),
                "{name:?}"
            );
        }
    }

    /// The text of an identifier is what the token made from the same
    /// word prints: keywords (raw or suffixed), leading digits, empty words.
    #[test]
    fn identifier_text_is_the_tokens_text() {
        let mut words: Vec<String> = KEYWORDS
            .iter()
            .chain(&NOT_RAW)
            .map(|word| (*word).to_owned())
            .collect();
        words.extend(
            ["", "_", "9", "9lives", "a", "type_", "self_", "r", "x_2_d"].map(str::to_owned),
        );
        for word in &words {
            for fallback in ["Type", "field_", "V"] {
                let text = ident_text(word, fallback);
                // `to_ident` panics on text that is no identifier.
                assert_eq!(to_ident(&text).to_string(), text, "{word:?} {fallback:?}");
            }
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
