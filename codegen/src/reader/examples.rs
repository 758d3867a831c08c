//! Examples: curl calls (method, URL, headers, JSON body) and JavaScript code
//! (kept as text, with its `import { x } from '...'` lines read).

use std::ops::Range;

use super::{parse_url, Ctx};
use crate::diagnostics::Problem;
use crate::page::{CurlCall, HttpMethod, JsCode, JsImport, JsonBody};
use crate::source::excerpt;

/// A shell word of a curl command and where it came from.
#[derive(Debug)]
struct Word {
    text: String,
    start: usize,
    /// Where the word's text starts in the page when it maps to it byte for
    /// byte (a single quoted string without escapes), for precise positions.
    verbatim_from: Option<usize>,
}

/// Splits a curl command into shell words: quotes, backslash escapes and
/// line continuations (`\` before a line break, or before a space on
/// collapsed pages) as a POSIX shell reads them.
fn shell_words(text: &str, base: usize) -> Result<Vec<Word>, usize> {
    let mut words = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '\\' {
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.peek().is_none_or(|&(_, next)| next.is_whitespace()) {
                chars.next();
                continue;
            }
        }
        let mut word = String::new();
        let mut segments = 0;
        let mut verbatim_from = None;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            segments += 1;
            match c {
                '\'' => {
                    let content_start = i + 1;
                    loop {
                        match chars.next() {
                            Some((_, '\'')) => break,
                            Some((_, c)) => word.push(c),
                            None => return Err(base + i),
                        }
                    }
                    verbatim_from = Some(base + content_start);
                }
                '"' => loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.next() {
                            Some((_, c)) => word.push(c),
                            None => return Err(base + i),
                        },
                        Some((_, c)) => word.push(c),
                        None => return Err(base + i),
                    }
                },
                '\\' => {
                    if let Some((_, c)) = chars.next() {
                        word.push(c);
                    }
                }
                c => word.push(c),
            }
        }
        words.push(Word {
            text: word,
            start: base + start,
            verbatim_from: verbatim_from.filter(|_| segments == 1),
        });
    }
    Ok(words)
}

/// Reads a ```` ```curl ```` block whose content is `body`.
pub(crate) fn curl(ctx: &mut Ctx<'_>, title: &str, body: Range<usize>) -> Option<CurlCall> {
    let text = &ctx.source.text[body.clone()];
    let words = match shell_words(text, body.start) {
        Ok(words) => words,
        Err(at) => {
            ctx.report(
                at,
                Problem::MalformedEntry {
                    entry: "curl example",
                    expected: "a closing quote",
                    found: "the end of the code block".into(),
                },
            );
            return None;
        }
    };
    let mut words = words.into_iter();
    match words.next() {
        Some(word) if word.text == "curl" => {}
        other => {
            let at = other.as_ref().map_or(body.start, |w| w.start);
            ctx.report(
                at,
                Problem::MalformedEntry {
                    entry: "curl example",
                    expected: "a command starting with `curl`",
                    found: excerpt(text),
                },
            );
            return None;
        }
    }
    let mut explicit_method = None;
    let mut url = None;
    let mut headers = Vec::new();
    let mut body_json = None;
    let mut failed = false;
    while let Some(word) = words.next() {
        let flag = word.text.as_str();
        let takes_value = matches!(
            flag,
            "-X" | "--request"
                | "-H"
                | "--header"
                | "-d"
                | "--data"
                | "--data-raw"
                | "--data-binary"
                | "--data-ascii"
        );
        if !takes_value {
            if flag.starts_with("http://") || flag.starts_with("https://") {
                match parse_url(ctx, &word.text, word.verbatim_from.unwrap_or(word.start)) {
                    Some(parsed) => url = Some(parsed),
                    None => failed = true,
                }
            } else {
                ctx.report(
                    word.start,
                    Problem::IgnoredText {
                        context: format!("curl in example {title:?}"),
                        expected: "-X, -H, -d or the URL",
                        found: excerpt(flag),
                    },
                );
            }
            continue;
        }
        let Some(value) = words.next() else {
            ctx.report(
                word.start,
                Problem::MalformedEntry {
                    entry: "curl example",
                    expected: "a value after the option",
                    found: "the end of the command".into(),
                },
            );
            return None;
        };
        match flag {
            "-X" | "--request" => match HttpMethod::parse(&value.text) {
                Some(method) => explicit_method = Some(method),
                None => {
                    ctx.report(
                        value.start,
                        Problem::UnknownHttpMethod {
                            found: excerpt(&value.text),
                        },
                    );
                    failed = true;
                }
            },
            "-H" | "--header" => headers.push(value.text),
            _ => match json_body(ctx, title, &value) {
                Some(parsed) => body_json = Some(parsed),
                None => failed = true,
            },
        }
    }
    if failed {
        return None;
    }
    let http_method = explicit_method.unwrap_or(if body_json.is_some() {
        HttpMethod::Post
    } else {
        HttpMethod::Get
    });
    Some(CurlCall {
        http_method,
        url,
        headers,
        body: body_json,
        at: ctx
            .source
            .pos(body.start + (text.len() - text.trim_start().len())),
    })
}

fn json_body(ctx: &mut Ctx<'_>, title: &str, word: &Word) -> Option<JsonBody> {
    let start = word.verbatim_from.unwrap_or(word.start);
    match serde_json::from_str(&word.text) {
        Ok(value) => Some(JsonBody {
            value,
            at: ctx.source.pos(start),
        }),
        Err(error) => {
            // Point at the JSON error itself when the body maps to the page byte for byte.
            let at = match word.verbatim_from {
                Some(from) => from + offset_of(&word.text, error.line(), error.column()),
                None => word.start,
            };
            ctx.report(
                at,
                Problem::ExampleBodyNotJson {
                    example: format!("{title:?}"),
                    reason: error.to_string(),
                },
            );
            None
        }
    }
}

/// The byte offset of 1-based `line` and `column` in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_len = text[line_start..]
        .find('\n')
        .unwrap_or(text.len() - line_start);
    let mut offset = line_start + column.saturating_sub(1).min(line_len);
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Reads a JavaScript example whose content is `body`.
pub(crate) fn javascript(ctx: &Ctx<'_>, body: Range<usize>) -> JsCode {
    let (text, start) = super::outline::trimmed(ctx.source.text, body);
    let mut imports = Vec::new();
    for (at, _) in text.match_indices("import") {
        let starts_word = at == 0 || !text.as_bytes()[at - 1].is_ascii_alphanumeric();
        if let (true, Some(names)) = (starts_word, import_statement(&text[at + "import".len()..])) {
            for (name, package) in names {
                imports.push(JsImport {
                    name,
                    package,
                    at: ctx.source.pos(start + at),
                });
            }
        }
    }
    JsCode {
        text: text.to_owned(),
        imports,
    }
}

/// The names and package of ` { a, b } from '@wix/x'` after an `import`.
fn import_statement(rest: &str) -> Option<Vec<(String, String)>> {
    let rest = rest.trim_start().strip_prefix('{')?;
    let (names, rest) = rest.split_once('}')?;
    let rest = rest.trim_start().strip_prefix("from")?.trim_start();
    let quote = rest.chars().next().filter(|&c| c == '\'' || c == '"')?;
    let (package, _) = rest[1..].split_once(quote)?;
    let names: Vec<(String, String)> = names
        .split(',')
        .filter_map(|name| name.split_whitespace().next())
        .map(|name| (name.to_owned(), package.to_owned()))
        .collect();
    (!names.is_empty()).then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        shell_words(text, 0)
            .unwrap()
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    #[test]
    fn shell_words_follow_quotes_escapes_and_continuations() {
        assert_eq!(
            texts("curl -X POST \\\n'https://x/y' \\ -H 'A: b' -d '{\"a\": \"it'\\''s\"}'"),
            [
                "curl",
                "-X",
                "POST",
                "https://x/y",
                "-H",
                "A: b",
                "-d",
                "{\"a\": \"it's\"}"
            ]
        );
        assert_eq!(texts("say \"a \\\" b\""), ["say", "a \" b"]);
        assert!(shell_words("curl 'open", 0).is_err());
    }

    #[test]
    fn json_error_offsets_follow_lines_and_columns() {
        assert_eq!(offset_of("{\n  x\n}", 2, 3), 4);
        assert_eq!(offset_of("é", 1, 2), 0);
    }

    #[test]
    fn imports_are_read_with_their_package() {
        assert_eq!(
            import_statement(" { attendance } from '@wix/bookings';"),
            Some(vec![("attendance".into(), "@wix/bookings".into())])
        );
        assert_eq!(
            import_statement(" { a, b as c } from \"@wix/x\""),
            Some(vec![
                ("a".into(), "@wix/x".into()),
                ("b".into(), "@wix/x".into())
            ])
        );
        assert_eq!(import_statement(" x from 'y'"), None);
    }
}
