//! Rendering the IR as Rust for the `generated/` crate: names, rustdoc-safe
//! docs, the emitter, and the generated crate's round-trip and HTTP tests.

pub mod calls;
pub mod docs;
mod emit;
mod exchange;
mod layout;
pub mod manifest;
pub mod names;
pub mod plan;
pub mod query;
mod roundtrip;

pub use emit::{
    lib_file, package_file_paths, package_files, rust_files, rust_files_planned, LIB_PATH,
};
pub use exchange::{exchange_tests, exchange_tests_planned, PATHS as EXCHANGE_TEST_PATHS};
pub use query::documented_file as query_documented_file;
pub use roundtrip::{roundtrip_tests, roundtrip_tests_planned, PATHS as ROUNDTRIP_TEST_PATHS};

/// `text` as a Rust string literal, raw (`r#"..."#`) where it can be: raw
/// literals need no escaping here and no unescaping when the emitted tokens
/// are parsed again for formatting (docs and JSON bodies are most of the
/// generated text), and JSON in them reads as JSON. A text with a character
/// an escaped literal would escape (control characters, carriage returns,
/// which raw literals cannot hold, invisible and bidirectional formatting
/// characters, which rustc rejects unescaped) stays an escaped literal.
pub(crate) fn str_literal(text: &str) -> proc_macro2::Literal {
    str_literal_source(text)
        .parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

/// `value` as compact JSON text (what `Display` writes, without going
/// through a formatter).
pub(crate) fn json_text(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| value.to_string())
}

/// [`str_literal`] as source text, for code written as text: the raw
/// literal is built so that it holds `text` exactly, so it is not lexed
/// again.
pub(crate) fn str_literal_source(text: &str) -> String {
    let bytes = text.as_bytes();
    // Printable ASCII (nearly every text) shows as itself: one pass that
    // does not stop early, so it vectorizes.
    let unprintable = bytes.iter().fold(0_u8, |any, &byte| {
        any | u8::from(!(b' '..=b'~').contains(&byte))
    });
    let shows_as_itself =
        |c: char| matches!(c, ' '..='~') || (!c.is_ascii() && c.escape_debug().len() == 1);
    if unprintable != 0 && !text.chars().all(shows_as_itself) {
        return proc_macro2::Literal::string(text).to_string();
    }
    // Enough `#`s that no `"` in the text followed by them ends the literal.
    // (JSON has a quote every few bytes: a plain scan beats a search per
    // quote.)
    let mut hashes = 0;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'"' {
            let run = bytes[at + 1..].iter().take_while(|&&b| b == b'#').count();
            hashes = hashes.max(run + 1);
            at += run;
        }
        at += 1;
    }
    let mut literal = String::with_capacity(text.len() + 3 + 2 * hashes);
    literal.push('r');
    (0..hashes).for_each(|_| literal.push('#'));
    literal.push('"');
    literal.push_str(text);
    literal.push('"');
    (0..hashes).for_each(|_| literal.push('#'));
    literal
}

#[cfg(test)]
mod tests {
    use super::{str_literal, str_literal_source};

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
            "ünïcödé ✓ 日本",
            "a carriage\rreturn",
            "bidi \u{2066}isolate\u{2069}",
            "zero\u{200b}width",
            "a combining \u{301} accent",
            "\\ backslashes \\",
        ] {
            let source: syn::LitStr = syn::parse_str(&str_literal_source(text)).unwrap();
            assert_eq!(source.value(), text);
            let literal = str_literal(text);
            let parsed: syn::LitStr = syn::parse2(quote::quote!(#literal)).unwrap();
            assert_eq!(parsed.value(), text, "{literal}");
            let raw = literal.to_string().starts_with('r');
            let unusual = text.chars().any(|c| {
                c.is_control() || matches!(c, '\u{200b}' | '\u{2066}' | '\u{2069}' | '\u{301}')
            });
            assert_eq!(raw, !unusual, "{literal}");
        }
        // The fewest `#`s that keep every quote inside.
        for (text, source) in [
            ("", r#"r"""#),
            ("{}", r#"r"{}""#),
            (r#"{"a":1}"#, r##"r#"{"a":1}"#"##),
            (r###"a "# and "## b"###, r####"r###"a "# and "## b"###"####),
            ("#\"", "r#\"#\"\"#"),
            ("ünï \"", "r#\"ünï \"\"#"),
            ("tab\t\"", "\"tab\\t\\\"\""),
        ] {
            assert_eq!(str_literal_source(text), source, "{text}");
        }
    }
}
