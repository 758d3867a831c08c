//! Defaults and limits stated in descriptions: ``Default: `50` ``,
//! ``Maximum: `1000` ``, `Max: 1 filter`, `Min: 1 minute`.

use serde_json::Value;

use crate::page::{Constraint, ConstraintKind};
use crate::source::Source;

const KEYWORDS: [(&str, ConstraintKind); 5] = [
    ("Default:", ConstraintKind::Default),
    ("Minimum:", ConstraintKind::Minimum),
    ("Maximum:", ConstraintKind::Maximum),
    ("Min:", ConstraintKind::Minimum),
    ("Max:", ConstraintKind::Maximum),
];

/// The keyword starting at byte `at` of `text`, if any: it must start a word.
/// Each starts with `D` or `M` ([`next_keyword_start`] relies on it).
fn keyword_at(text: &str, at: usize) -> Option<(&'static str, ConstraintKind)> {
    let starts_word = at == 0 || !text.as_bytes()[at - 1].is_ascii_alphanumeric();
    if !starts_word {
        return None;
    }
    KEYWORDS
        .into_iter()
        .find(|(keyword, _)| text.as_bytes()[at..].starts_with(keyword.as_bytes()))
}

/// Extracts the constraints of a description that starts at byte `start` of the page.
pub(crate) fn extract(source: &Source<'_>, text: &str, start: usize) -> Vec<Constraint> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(candidate) = next_keyword_start(text, at) {
        at = candidate;
        let Some((keyword, kind)) = keyword_at(text, at) else {
            at += 1;
            continue;
        };
        let value_start = at + keyword.len();
        let after = &text[value_start..];
        let leading = after.len() - after.trim_start().len();
        let after = after.trim_start();
        let (value_text, quoted, consumed) = if let Some(code) = after.strip_prefix('`') {
            match code.find('`') {
                Some(end) => (&code[..end], true, end + 2),
                None => (code, true, after.len()),
            }
        } else {
            let end = unquoted_end(after);
            let value = after[..end]
                .trim_end()
                .trim_end_matches([',', '.', ';'])
                .trim_end();
            (value, false, end)
        };
        if !value_text.is_empty() {
            let (value, unit) = interpret(value_text, quoted);
            found.push(Constraint {
                kind,
                text: value_text.to_owned(),
                value,
                unit,
                at: source.pos(start + at),
            });
        }
        at = value_start + leading + consumed.max(1);
    }
    found
}

/// An unquoted value runs to the end of its sentence or the next keyword.
fn unquoted_end(text: &str) -> usize {
    let mut end = text.len();
    if let Some(sentence_end) = text.find(". ") {
        end = end.min(sentence_end);
    }
    let mut at = 1;
    while let Some(candidate) = next_keyword_start(text, at) {
        if keyword_at(text, candidate).is_some() {
            end = end.min(candidate);
            break;
        }
        at = candidate + 1;
    }
    end
}

/// The first byte at or after `from` where a keyword could start (each
/// starts with `D` or `M`, ASCII, so always at a character boundary).
fn next_keyword_start(text: &str, from: usize) -> Option<usize> {
    let rest = text.as_bytes().get(from..)?;
    memchr::memchr2(b'D', b'M', rest).map(|offset| from + offset)
}

/// The value as JSON, and a unit word after a number (`1 minute`).
fn interpret(text: &str, quoted: bool) -> (Option<Value>, Option<String>) {
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        if !value.is_array() && !value.is_object() {
            return (Some(value), None);
        }
    }
    if quoted {
        return (None, None);
    }
    if let Some((number, unit)) = text.split_once(' ') {
        let unit_is_word = !unit.is_empty() && unit.chars().all(char::is_alphabetic);
        if let (Ok(value @ Value::Number(_)), true) =
            (serde_json::from_str::<Value>(number), unit_is_word)
        {
            return (Some(value), Some(unit.to_owned()));
        }
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extracted(text: &str) -> Vec<(ConstraintKind, String, Option<Value>, Option<String>)> {
        let source = Source::new(text);
        extract(&source, text, 0)
            .into_iter()
            .map(|c| (c.kind, c.text, c.value, c.unit))
            .collect()
    }

    #[test]
    fn every_keyword_starts_where_the_scan_looks() {
        for (keyword, _) in KEYWORDS {
            assert_eq!(next_keyword_start(keyword, 0), Some(0), "{keyword}");
        }
    }

    #[test]
    fn backticked_values_are_json() {
        assert_eq!(
            extracted("Number to return. Default: `50` Maximum: `1000`"),
            [
                (ConstraintKind::Default, "50".into(), Some(50.into()), None),
                (
                    ConstraintKind::Maximum,
                    "1000".into(),
                    Some(1000.into()),
                    None
                ),
            ]
        );
        assert_eq!(
            extracted("Whether to send. Default: `false`."),
            [(
                ConstraintKind::Default,
                "false".into(),
                Some(false.into()),
                None
            )]
        );
    }

    #[test]
    fn plain_values_run_to_the_sentence_end_or_next_keyword() {
        assert_eq!(
            extracted(
                "Duration in minutes. Min: 1 minute, Max: 30 days, 23 hours, and 59 minutes "
            ),
            [
                (
                    ConstraintKind::Minimum,
                    "1 minute".into(),
                    Some(1.into()),
                    Some("minute".into())
                ),
                (
                    ConstraintKind::Maximum,
                    "30 days, 23 hours, and 59 minutes".into(),
                    None,
                    None
                ),
            ]
        );
        assert_eq!(
            extracted("Filter object. Max: 1 filter"),
            [(
                ConstraintKind::Maximum,
                "1 filter".into(),
                Some(1.into()),
                Some("filter".into())
            )]
        );
        assert_eq!(
            extracted("Set the status. Default: 1"),
            [(ConstraintKind::Default, "1".into(), Some(1.into()), None)]
        );
    }

    #[test]
    fn keywords_inside_words_or_without_colon_are_prose() {
        assert!(extracted(
            "Defaults to the formatted duration. The default booking form GUID. XMax: 3"
        )
        .is_empty());
    }
}
