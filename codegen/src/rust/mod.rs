//! Rendering the IR as Rust for the `generated/` crate: names, rustdoc-safe
//! docs, the emitter, and the generated crate's round-trip and HTTP tests.

pub mod calls;
pub mod docs;
mod emit;
mod exchange;
pub mod manifest;
pub mod names;
pub mod plan;
pub mod query;
mod roundtrip;

pub use emit::{rust_files, rust_files_planned};
pub use exchange::{exchange_tests, exchange_tests_planned};
pub use query::documented_file as query_documented_file;
pub use roundtrip::{roundtrip_tests, roundtrip_tests_planned};

/// `text` as a Rust string literal, raw (`r#"..."#`) where it can be: raw
/// literals need no escaping here and no unescaping when the emitted tokens
/// are parsed again for formatting (docs and JSON bodies are most of the
/// generated text), and JSON in them reads as JSON. A text with a carriage
/// return (not allowed in raw literals) is an ordinary escaped literal.
pub(crate) fn str_literal(text: &str) -> proc_macro2::Literal {
    if text.contains('\r') {
        return proc_macro2::Literal::string(text);
    }
    // Enough `#`s that no `"` in the text followed by them ends the literal.
    let mut hashes = 0;
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('"') {
        let run = bytes[at + 1..].iter().take_while(|&&b| b == b'#').count();
        hashes = hashes.max(run + 1);
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}")
        .parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

#[cfg(test)]
mod tests {
    use super::str_literal;

    #[test]
    fn string_literals_read_back_as_the_text() {
        for text in [
            "",
            "plain",
            r#"{"a":"b\"c","d":"\\n"}"#,
            "ends with a quote\"",
            "a \"# and a \"### inside",
            "\"#\"##\"#",
            "tab\tand ünïcödé and \u{0}",
            "a carriage\rreturn",
            "\\ backslashes \\",
        ] {
            let literal = str_literal(text);
            let parsed: syn::LitStr = syn::parse2(quote::quote!(#literal)).unwrap();
            assert_eq!(parsed.value(), text, "{literal}");
            let raw = literal.to_string().starts_with('r');
            assert_eq!(raw, !text.contains('\r'), "{literal}");
        }
    }
}
