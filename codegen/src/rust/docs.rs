//! Page text as rustdoc markdown.
//!
//! Descriptions on the docs pages are markdown written for the docs site,
//! often with every line break collapsed, and nothing stops them from holding
//! anything at all. [`rustdoc_markdown`] turns one into a doc comment body on
//! which `cargo doc` with `-D warnings` is silent and from which `cargo test`
//! collects no doctest, keeping every word of it visible:
//!
//! - control characters (except line feed and tab) and bidirectional
//!   override/isolate characters are removed; line ends become `\n`;
//! - every fenced code block becomes a ```` ```text ```` block (same fence
//!   character and length; a language word is dropped, anything after it, such
//!   as a collapsed block's code, becomes the block's first line) and an
//!   unclosed one is closed;
//! - outside fences, indentation is cut to at most three spaces and the space
//!   after a `>` or list marker to one, so no indented (Rust) code block can
//!   form; a fence that is not at the start of a line is not opened;
//! - backtick code spans are kept as they are; a backtick run that closes
//!   nothing on its line is escaped;
//! - `[text](https://...)` links are kept; reference links to a definition
//!   with such a URL become inline links; links to anything else (an anchor, a
//!   relative path) become `text (target)`; every other `[` and `]` is escaped,
//!   so nothing is taken for an intra-doc link;
//! - bare `http(s)://` URLs are wrapped in `<...>` (trailing punctuation and
//!   unbalanced closing parentheses stay outside) and `<https://...>` autolinks
//!   are kept; every other `<` is written `&lt;`, so nothing is HTML;
//! - runs of three or more `~` are escaped, a lone `\` is doubled, and `!`
//!   before a link is escaped (no remote images).
//!
//! Table cells are never crossed: code spans and links are only recognised
//! between two `|`, so the text reads the same whether or not the parser sees
//! a table. The result is checked with pulldown-cmark, the parser rustdoc
//! uses; if the check ever fails, a fallback escapes every ASCII punctuation
//! character instead (plain but still complete text).
//!
//! The output's first line never opens a code block, so text may be put in
//! front of it (`Name: ` + body).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use pulldown_cmark::{BrokenLink, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// `text` as a rustdoc-safe markdown body (see the [module docs](self)).
pub fn rustdoc_markdown(text: &str) -> String {
    // The same description is documented on its struct field and on its
    // query field handle, and a type's fields recur across methods: each
    // thread remembers what it made (the function is pure), up to a bound.
    const REMEMBERED: usize = 1 << 16;
    thread_local! {
        static MADE: std::cell::RefCell<HashMap<String, String>> =
            std::cell::RefCell::new(HashMap::default());
    }
    if let Some(made) = MADE.with(|made| made.borrow().get(text).cloned()) {
        return made;
    }
    let made = rustdoc_markdown_uncached(text);
    MADE.with(|remembered| {
        let mut remembered = remembered.borrow_mut();
        if remembered.len() >= REMEMBERED {
            remembered.clear();
        }
        remembered.insert(text.to_owned(), made.clone());
    });
    made
}

fn rustdoc_markdown_uncached(text: &str) -> String {
    let text = clean(text);
    let rendered = render_body(&text);
    if is_safe(&rendered) {
        rendered
    } else {
        render_escaped(&text)
    }
}

/// The first sentence of `text`'s first non-blank line (up to the first `. `
/// outside code spans, links and URLs; `e.g.` and `i.e.` do not end it), or
/// the whole line, made rustdoc-safe like [`rustdoc_markdown`]. It is one line.
pub fn rustdoc_summary(text: &str) -> String {
    let text = clean(text);
    let line = text
        .split('\n')
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("");
    let defs = definitions(&text);
    let mut out = String::new();
    let rest = container_prefix(line, &mut out);
    render_line(rest, &defs, Mode::Normal, true, &mut out);
    let out = out.trim_end().to_owned();
    if is_safe(&out) {
        out
    } else {
        render_escaped(line)
    }
}

/// `text` as an inline code span (the fence is longer than any backtick run in
/// it), for identifiers and other literal text. Line breaks become spaces.
/// Text with a `|` (which would split a table cell) or nothing but spaces is
/// escaped plain text instead.
pub fn rustdoc_code_span(text: &str) -> String {
    // Most spans are names: printable ASCII, no `|` or backtick, no space at
    // either end. Such text is its own span.
    let bytes = text.as_bytes();
    if bytes.first().is_some_and(|&b| b != b' ')
        && bytes.last().is_some_and(|&b| b != b' ')
        && bytes
            .iter()
            .all(|&b| (b' '..=b'~').contains(&b) && b != b'|' && b != b'`')
    {
        let mut span = String::with_capacity(text.len() + 2);
        span.push('`');
        span.push_str(text);
        span.push('`');
        return span;
    }
    rustdoc_code_span_of_any(text)
}

/// [`rustdoc_code_span`] of any text.
fn rustdoc_code_span_of_any(text: &str) -> String {
    let text: String = clean(text)
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    if text.contains('|') || text.trim().is_empty() {
        return render_escaped(text.trim());
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' '));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Removes control characters (except `\n` and `\t`) and bidirectional
/// override and isolate characters; `\r\n` and `\r` become `\n`.
fn clean(text: &str) -> String {
    // Most descriptions are printable ASCII with line breaks and tabs:
    // nothing to remove.
    if text
        .bytes()
        .all(|b| matches!(b, b' '..=b'~' | b'\n' | b'\t'))
    {
        return text.to_owned();
    }
    clean_chars(text)
}

/// [`clean`], character by character.
fn clean_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control()
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') => {}
            c => out.push(c),
        }
    }
    out
}

/// An open fenced code block.
struct Fence {
    /// `` ` `` or `~`.
    ch: u8,
    /// The fence's length (at least 3).
    len: usize,
}

impl Fence {
    /// The fence opened by `line` (leading spaces and tabs already removed),
    /// with the rest of its info string that is not a language tag.
    fn open(line: &str) -> Option<(Fence, &str)> {
        let ch = *line.as_bytes().first()?;
        if ch != b'`' && ch != b'~' {
            return None;
        }
        let len = line.bytes().take_while(|&b| b == ch).count();
        let info = &line[len..];
        if len < 3 || (ch == b'`' && info.contains('`')) {
            return None;
        }
        let info = info.trim_matches([' ', '\t']);
        let (word, rest) = info.split_once([' ', '\t']).unwrap_or((info, ""));
        let is_tag = word.len() <= 24
            && word
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_+.#,".contains(&b));
        let content = if is_tag { rest.trim_start() } else { info };
        Some((Fence { ch, len }, content))
    }

    /// Whether `line` closes the block. Any indentation is accepted, so every
    /// line the markdown spec takes for a closing fence is one (the closing
    /// fence is written unindented).
    fn is_closed_by(&self, line: &str) -> bool {
        let rest = line.trim_start_matches([' ', '\t']);
        let run = rest.bytes().take_while(|&b| b == self.ch).count();
        run >= self.len && rest[run..].bytes().all(|b| b == b' ' || b == b'\t')
    }

    /// The fence itself, e.g. ```` ``` ````.
    fn marker(&self) -> String {
        char::from(self.ch).to_string().repeat(self.len)
    }
}

/// Link reference definitions (`[label]: https://...`) whose target is a URL
/// a link may point to, by normalized label.
type Defs = HashMap<String, String>;

fn definitions(text: &str) -> Defs {
    let mut defs = Defs::default();
    for line in text.split('\n') {
        let line = line.trim_start_matches([' ', '\t']);
        let Some(rest) = line.strip_prefix('[') else {
            continue;
        };
        let Some((label, rest)) = rest.split_once("]:") else {
            continue;
        };
        if label.contains(['[', ']']) || label.trim().is_empty() {
            continue;
        }
        let target = rest.split_whitespace().next().unwrap_or("");
        let target = target
            .strip_prefix('<')
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(target);
        if is_link_url(target) {
            defs.entry(normalize_label(label))
                .or_insert_with(|| target.to_owned());
        }
    }
    defs
}

fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Renders the whole text, line by line (see the module docs).
fn render_body(text: &str) -> String {
    let defs = definitions(text);
    let mut lines: Vec<String> = Vec::new();
    let mut fence: Option<Fence> = None;
    for line in text.split('\n') {
        if let Some(open) = &fence {
            if open.is_closed_by(line) {
                lines.push(open.marker());
                fence = None;
            } else {
                lines.push(line.to_owned());
            }
            continue;
        }
        let rest = line.trim_start_matches([' ', '\t']);
        if let Some((open, content)) = Fence::open(rest) {
            lines.push(format!("{}text", open.marker()));
            if !content.is_empty() {
                if open.is_closed_by(content) {
                    lines.push(open.marker());
                    continue;
                }
                lines.push(content.to_owned());
            }
            fence = Some(open);
            continue;
        }
        let mut out = " ".repeat(indent_columns(line).min(3));
        if rest.is_empty() {
            lines.push(String::new());
            continue;
        }
        let rest = container_prefix(rest, &mut out);
        render_line(rest, &defs, Mode::Normal, false, &mut out);
        lines.push(out);
    }
    if let Some(open) = fence {
        lines.push(open.marker());
    }
    let first = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let mut out = String::new();
    let opens_fence = |line: &str| {
        line.strip_suffix("text").is_some_and(|marker| {
            marker.len() >= 3
                && (marker.bytes().all(|b| b == b'`') || marker.bytes().all(|b| b == b'~'))
        })
    };
    if lines.get(first).is_some_and(|line| opens_fence(line)) {
        // Whatever is put in front of the first line must not swallow the fence.
        out.push('\n');
    }
    out.push_str(&lines[first..].join("\n"));
    out.truncate(out.trim_end().len());
    out
}

/// The columns of a line's leading spaces and tabs (a tab goes to the next
/// multiple of 4).
fn indent_columns(line: &str) -> usize {
    let mut columns = 0;
    for b in line.bytes() {
        match b {
            b' ' => columns += 1,
            b'\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// Copies the block quote and list markers at the start of `rest` to `out`,
/// each followed by one space, and returns what follows them.
fn container_prefix<'a>(mut rest: &'a str, out: &mut String) -> &'a str {
    loop {
        let bytes = rest.as_bytes();
        let marker = match bytes.first() {
            Some(b'>') => 1,
            Some(b'-' | b'+' | b'*') if matches!(bytes.get(1), None | Some(b' ' | b'\t')) => 1,
            Some(b'0'..=b'9') => {
                let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
                if digits <= 9
                    && matches!(bytes.get(digits), Some(b'.' | b')'))
                    && matches!(bytes.get(digits + 1), None | Some(b' ' | b'\t'))
                {
                    digits + 1
                } else {
                    return rest;
                }
            }
            _ => return rest,
        };
        out.push_str(&rest[..marker]);
        let after = rest[marker..].trim_start_matches([' ', '\t']);
        if !after.is_empty() && after.len() < rest.len() - marker {
            out.push(' ');
        }
        rest = after;
    }
}

/// What may be recognised in a piece of inline text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Everything: links, autolinks, bare URLs.
    Normal,
    /// A link's text: no links, autolinks or URL wrapping (links do not nest).
    LinkText,
    /// Text that is no longer a link: bare URLs are wrapped, brackets escaped.
    Plain,
}

/// Renders one line's inline text, cell by cell (split at each `|` that is not
/// escaped). With `sentence`, stops after the first sentence and returns true.
fn render_line(line: &str, defs: &Defs, mode: Mode, sentence: bool, out: &mut String) -> bool {
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 2,
            b'|' => {
                if render_cell(&line[start..i], defs, mode, sentence, out) {
                    return true;
                }
                out.push('|');
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    render_cell(&line[start..], defs, mode, sentence, out)
}

/// Where code spans, lone backtick runs and matching brackets are in a cell.
struct Scan {
    /// Code span start -> end (exclusive).
    code: HashMap<usize, usize>,
    /// Starts of backtick runs that close nothing.
    lone: HashSet<usize>,
    /// `[` -> its matching `]` (code spans and escapes skipped).
    close: HashMap<usize, usize>,
}

fn scan(cell: &str) -> Scan {
    let bytes = cell.as_bytes();
    // Every maximal backtick run, by length; a closer ignores backslashes.
    let mut runs: HashMap<usize, Vec<usize>> = HashMap::default();
    let mut i = 0;
    while i < bytes.len() {
        let len = backtick_run(bytes, i);
        if len > 0 {
            runs.entry(len).or_default().push(i);
            i += len;
        } else {
            i += 1;
        }
    }
    let mut scan = Scan {
        code: HashMap::default(),
        lone: HashSet::default(),
        close: HashMap::default(),
    };
    let mut open = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 2,
            b'`' => {
                let len = backtick_run(bytes, i);
                let end = i + len;
                let closer = runs.get(&len).and_then(|starts| {
                    starts
                        .get(starts.partition_point(|&start| start < end))
                        .copied()
                });
                if let Some(closer) = closer {
                    scan.code.insert(i, closer + len);
                    i = closer + len;
                } else {
                    scan.lone.insert(i);
                    i = end;
                }
            }
            b'[' => {
                open.push(i);
                i += 1;
            }
            b']' => {
                if let Some(at) = open.pop() {
                    scan.close.insert(at, i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    scan
}

fn backtick_run(bytes: &[u8], at: usize) -> usize {
    bytes[at..].iter().take_while(|&&b| b == b'`').count()
}

/// Bytes at which [`render_cell`] has something to decide.
fn is_special(b: u8) -> bool {
    matches!(
        b,
        b'\\' | b'`' | b'<' | b'[' | b']' | b'~' | b'!' | b'h' | b'H' | b'.'
    )
}

/// Renders one table cell (or a line without `|`); see [`render_line`].
fn render_cell(cell: &str, defs: &Defs, mode: Mode, sentence: bool, out: &mut String) -> bool {
    let scan = scan(cell);
    let bytes = cell.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(&end) = scan.code.get(&i) {
            out.push_str(&cell[i..end]);
            i = end;
            continue;
        }
        match bytes[i] {
            b'`' => {
                debug_assert!(scan.lone.contains(&i));
                for _ in 0..backtick_run(bytes, i) {
                    out.push_str("\\`");
                    i += 1;
                }
            }
            b'\\' => {
                if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                    out.push_str(&cell[i..i + 2]);
                    i += 2;
                } else {
                    out.push_str("\\\\");
                    i += 1;
                }
            }
            b'<' => {
                let autolink = (mode != Mode::LinkText)
                    .then(|| autolink_end(cell, i))
                    .flatten();
                if let Some(end) = autolink {
                    out.push_str(&cell[i..end]);
                    i = end;
                } else {
                    out.push_str("&lt;");
                    i += 1;
                }
            }
            b'[' => {
                let link = if mode == Mode::Normal {
                    scan.close
                        .get(&i)
                        .and_then(|&close| render_link(cell, i, close, &scan, defs, out))
                } else {
                    None
                };
                if let Some(end) = link {
                    i = end;
                } else {
                    out.push_str("\\[");
                    i += 1;
                }
            }
            b']' => {
                out.push_str("\\]");
                i += 1;
            }
            b'~' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'~').count();
                let tilde = if run >= 3 { "\\~" } else { "~" };
                out.push_str(&tilde.repeat(run));
                i += run;
            }
            b'!' if bytes.get(i + 1) == Some(&b'[') => {
                out.push_str("\\!");
                i += 1;
            }
            b'h' | b'H' if mode != Mode::LinkText && url_scheme_len(&bytes[i..]) > 0 => {
                let end = bare_url_end(cell, i);
                if end > i + url_scheme_len(&bytes[i..]) {
                    out.push('<');
                    out.push_str(&cell[i..end]);
                    out.push('>');
                    i = end;
                } else {
                    out.push(char::from(bytes[i]));
                    i += 1;
                }
            }
            b'.' if sentence
                && mode == Mode::Normal
                && bytes.get(i + 1).is_some_and(|&b| b == b' ' || b == b'\t')
                && !is_abbreviation(&cell[..i]) =>
            {
                out.push('.');
                return true;
            }
            _ => {
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&b| is_special(b))
                    .map_or(bytes.len(), |at| i + 1 + at);
                out.push_str(&cell[i..end]);
                i = end;
            }
        }
    }
    false
}

/// Whether the text before a `.` ends with `e.g` or `i.e`.
fn is_abbreviation(before: &str) -> bool {
    let bytes = before.as_bytes();
    bytes.len() >= 3 && {
        let tail = &bytes[bytes.len() - 3..];
        (tail.eq_ignore_ascii_case(b"e.g") || tail.eq_ignore_ascii_case(b"i.e"))
            && (bytes.len() == 3 || !bytes[bytes.len() - 4].is_ascii_alphanumeric())
    }
}

/// Renders the link that starts with the `[` at `open` and whose text ends at
/// `close`, if it is one (inline or reference); returns where it ends.
fn render_link(
    cell: &str,
    open: usize,
    close: usize,
    scan: &Scan,
    defs: &Defs,
    out: &mut String,
) -> Option<usize> {
    let text = &cell[open + 1..close];
    let after = close + 1;
    let (target, title, end) = match cell.as_bytes().get(after) {
        Some(b'(') => {
            let target = inline_target(cell, after)?;
            (target.destination, target.title, target.end)
        }
        Some(b'[') => {
            let label_close = *scan.close.get(&after)?;
            let label = &cell[after + 1..label_close];
            let label = if label.is_empty() { text } else { label };
            let url = defs.get(&normalize_label(label))?;
            (url.as_str(), None, label_close + 1)
        }
        _ => (defs.get(&normalize_label(text))?.as_str(), None, after),
    };
    let mut rendered = String::new();
    if is_link_url(target) {
        render_line(text, defs, Mode::LinkText, false, &mut rendered);
        if rendered.trim().is_empty() {
            out.push('<');
            out.push_str(target);
            out.push('>');
        } else {
            out.push('[');
            out.push_str(&rendered);
            out.push_str("](");
            out.push_str(target);
            match title {
                Some(title) if is_simple_title(title) => {
                    out.push(' ');
                    out.push_str(title);
                    out.push(')');
                }
                Some(title) => {
                    // Shown after the link, without its delimiters.
                    out.push_str(") (");
                    render_line(&title[1..title.len() - 1], defs, Mode::Plain, false, out);
                    out.push(')');
                }
                None => out.push(')'),
            }
        }
    } else {
        // Not a URL (an anchor, a relative path): the text, then the target.
        render_line(text, defs, Mode::Plain, false, &mut rendered);
        out.push_str(rendered.trim_end());
        if !target.is_empty() || title.is_some() {
            if !rendered.trim().is_empty() {
                out.push(' ');
            }
            out.push('(');
            render_line(target, defs, Mode::Plain, false, out);
            if let Some(title) = title {
                out.push(' ');
                render_line(title, defs, Mode::Plain, false, out);
            }
            out.push(')');
        }
    }
    Some(end)
}

/// The longest `(destination "title")` taken for a link target, in bytes.
const MAX_TARGET: usize = 4096;

/// An inline link's `(destination "title")`.
struct InlineTarget<'a> {
    destination: &'a str,
    title: Option<&'a str>,
    /// Just after the `)`.
    end: usize,
}

/// Parses the `(destination "title")` whose `(` is at `open`, as the markdown
/// spec does, except that a backtick (a code span would start there) or a
/// bracket anywhere makes it not a link target.
fn inline_target(cell: &str, open: usize) -> Option<InlineTarget<'_>> {
    // Bounded, and stopped by brackets, so that many `](` cost linear time.
    let bytes = &cell.as_bytes()[..cell.len().min(open + MAX_TARGET)];
    let skip_space = |mut i: usize| {
        while matches!(bytes.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    let mut i = skip_space(open + 1);
    let destination;
    if bytes.get(i) == Some(&b'<') {
        let start = i + 1;
        i = start;
        loop {
            match bytes.get(i)? {
                b'>' => break,
                b'<' | b'`' | b'[' | b']' => return None,
                b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 2,
                _ => i += 1,
            }
        }
        destination = &cell[start..i];
        i += 1;
    } else {
        let start = i;
        let mut depth = 0usize;
        while let Some(&b) = bytes.get(i) {
            match b {
                b' ' | b'\t' => break,
                b'`' | b'[' | b']' => return None,
                b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 2,
                b'(' => {
                    depth += 1;
                    i += 1;
                }
                b')' if depth == 0 => break,
                b')' => {
                    depth -= 1;
                    i += 1;
                }
                _ => i += 1,
            }
        }
        if depth > 0 || i >= bytes.len() {
            return None;
        }
        destination = &cell[start..i];
    }
    let spaced = skip_space(i);
    let mut title = None;
    if spaced > i {
        if let Some(&delimiter) = bytes.get(spaced) {
            let closing = match delimiter {
                b'"' => Some(b'"'),
                b'\'' => Some(b'\''),
                b'(' => Some(b')'),
                _ => None,
            };
            if let Some(closing) = closing {
                let mut j = spaced + 1;
                loop {
                    match *bytes.get(j)? {
                        b'`' | b'[' | b']' => return None,
                        b'\\' if bytes.get(j + 1).is_some_and(u8::is_ascii_punctuation) => j += 2,
                        b if b == closing => break,
                        b'(' if delimiter == b'(' => return None,
                        _ => j += 1,
                    }
                }
                title = Some(&cell[spaced..=j]);
                i = j + 1;
            }
        }
    }
    let i = skip_space(i);
    (bytes.get(i) == Some(&b')')).then_some(InlineTarget {
        destination,
        title,
        end: i + 1,
    })
}

/// A title that can be kept as it is: `"..."` with nothing to escape in it.
fn is_simple_title(title: &str) -> bool {
    title.len() >= 2
        && title.starts_with('"')
        && title.ends_with('"')
        && !title[1..title.len() - 1].contains(['"', '\\', '<', '>', '`', '|', '[', ']'])
}

/// The length of `http://` or `https://` (any case) at the start, else 0.
fn url_scheme_len(bytes: &[u8]) -> usize {
    let starts = |scheme: &[u8]| {
        bytes.len() >= scheme.len() && bytes[..scheme.len()].eq_ignore_ascii_case(scheme)
    };
    if starts(b"https://") {
        8
    } else if starts(b"http://") {
        7
    } else {
        0
    }
}

/// Characters a URL runs over: no space, `<`, `>`, backtick, brackets, `|`,
/// backslash, quote or brace (the URL stops there).
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "-._~:/?#@!$&'()*+,;=%".contains(c)
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// Whether `target` is a URL a kept link may point to: `http(s)://`, at least
/// one more character, only [`is_url_char`]s and balanced parentheses.
fn is_link_url(target: &str) -> bool {
    let scheme = url_scheme_len(target.as_bytes());
    scheme > 0
        && target.len() > scheme
        && target.chars().all(is_url_char)
        && target.matches('(').count() == target.matches(')').count()
}

/// The end (after `>`) of the `<http(s)://...>` autolink at `open`, if it is
/// one (its URL made of [`is_url_char`]s only).
fn autolink_end(cell: &str, open: usize) -> Option<usize> {
    let rest = &cell[open + 1..];
    let close = rest.find(|c: char| !is_url_char(c))?;
    (rest.as_bytes()[close] == b'>' && is_autolink_target(&rest[..close]))
        .then_some(open + close + 2)
}

/// The end of the bare URL at `start`: it runs over [`is_url_char`]s, then
/// loses trailing punctuation and unbalanced closing parentheses.
fn bare_url_end(text: &str, start: usize) -> usize {
    let run = text[start..]
        .char_indices()
        .find(|&(_, c)| !is_url_char(c))
        .map_or(text.len(), |(at, _)| start + at);
    let mut url = &text[start..run];
    let opening = url.matches('(').count();
    let mut closing = url.matches(')').count();
    while let Some(last) = url.chars().next_back() {
        if last == ')' && closing > opening {
            closing -= 1;
        } else if !".,:;!?'\"*_~".contains(last) {
            break;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
    start + url.len()
}

/// The fallback: each line with its indentation removed, every ASCII
/// punctuation character escaped and bare URLs as autolinks.
fn render_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let line = line.trim_start_matches([' ', '\t']);
        let mut i = 0;
        while let Some(c) = line[i..].chars().next() {
            let scheme = url_scheme_len(&line.as_bytes()[i..]);
            if scheme > 0 {
                let end = bare_url_end(line, i);
                if end > i + scheme {
                    out.push('<');
                    out.push_str(&line[i..end]);
                    out.push('>');
                    i = end;
                    continue;
                }
            }
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            out.push(c);
            i += c.len_utf8();
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The markdown options rustdoc parses docs with.
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Whether rustdoc would take `markdown` without a warning or a doctest, as
/// far as parsing it can tell: no code block other than ```` ```text ````, no
/// HTML, no footnotes or images, every link an `http(s)` URL, no unresolved
/// reference, no bare URL outside links and code.
fn is_safe(markdown: &str) -> bool {
    let mut broken = false;
    let mut safe = true;
    {
        let callback = |_: BrokenLink<'_>| {
            broken = true;
            None
        };
        let parser =
            Parser::new_with_broken_link_callback(markdown, rustdoc_options(), Some(callback));
        let mut in_link = 0usize;
        let mut in_code = false;
        let mut text = String::new();
        for event in parser {
            if !matches!(event, Event::Text(_)) {
                safe &= !has_bare_url(&text);
                text.clear();
            }
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == "text" => {
                    in_code = true;
                }
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Start(Tag::Link { dest_url, .. }) => {
                    safe &= is_autolink_target(&dest_url);
                    in_link += 1;
                }
                Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
                Event::Text(t) if in_link == 0 && !in_code => text.push_str(&t),
                Event::Start(
                    Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::Image { .. }
                    | Tag::FootnoteDefinition(_),
                )
                | Event::Html(_)
                | Event::InlineHtml(_)
                | Event::FootnoteReference(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_) => safe = false,
                _ => {}
            }
        }
        safe &= !has_bare_url(&text);
    }
    safe && !broken
}

fn is_autolink_target(url: &str) -> bool {
    let scheme = url_scheme_len(url.as_bytes());
    scheme > 0 && url.len() > scheme && url.chars().all(is_url_char)
}

/// Whether `text` holds what rustdoc's `bare_urls` lint looks for: `http(s)://`
/// followed by a host with a dot (checked more broadly than rustdoc does).
fn has_bare_url(text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|i| {
        let scheme = url_scheme_len(&bytes[i..]);
        scheme > 0
            && bytes[i + scheme..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || b"-@:%._+~#=".contains(b))
                .any(|&b| b == b'.')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_plain_text_as_the_character_rule_does() {
        // Every ASCII character alone and beside a letter, line endings,
        // and characters beyond ASCII the rule removes or keeps.
        let mut texts: Vec<String> = (0u8..=127)
            .flat_map(|b| {
                let c = char::from(b);
                [c.to_string(), format!("a{c}b")]
            })
            .collect();
        texts.extend(
            [
                "a\r\nb",
                "a\rb",
                "\r",
                "caf\u{e9}",
                "a\u{202E}b",
                "\u{2066}x",
                "\u{85}",
                "plain text",
            ]
            .map(str::to_owned),
        );
        for text in &texts {
            assert_eq!(clean(text), clean_chars(text), "{text:?}");
        }
        assert_eq!(clean("a\u{7f}b\u{1b}c"), "abc");
    }

    #[test]
    fn a_name_is_its_own_code_span_as_the_general_rule_makes_it() {
        let mut texts: Vec<String> = (0u8..=127).map(|b| char::from(b).to_string()).collect();
        for pair in [
            " a",
            "a ",
            " a ",
            "a b",
            "`a`",
            "a|b",
            "x.y_z",
            "caf\u{e9}",
            "",
            "  ",
        ] {
            texts.push(pair.to_owned());
        }
        for text in &texts {
            assert_eq!(
                rustdoc_code_span(text),
                rustdoc_code_span_of_any(text),
                "{text:?}"
            );
        }
    }

    /// Renders with the main rules, asserting the fallback was not needed.
    fn md(text: &str) -> String {
        let rendered = render_body(&clean(text));
        assert!(
            is_safe(&rendered),
            "unsafe rendering of {text:?}: {rendered:?}"
        );
        assert_eq!(rustdoc_markdown(text), rendered);
        rendered
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(md("an [Attendance] object"), "an \\[Attendance\\] object");
        assert_eq!(md("a [b] (c) d"), "a \\[b\\] (c) d");
        assert_eq!(md("[[x]]"), "\\[\\[x\\]\\]");
        assert_eq!(md("]] and [ and ]"), "\\]\\] and \\[ and \\]");
        assert_eq!(md("a [^1] note"), "a \\[^1\\] note");
        assert_eq!(md("[x][missing]"), "\\[x\\]\\[missing\\]");
        assert_eq!(md("> [!NOTE] hi"), "> \\[!NOTE\\] hi");
    }

    #[test]
    fn links_to_urls_stay() {
        let text = "See [API Query Language](https://dev.wix.com/api/rest/getting-started/api-query-language#x) for more.";
        assert_eq!(md(text), text);
        let text = "[`CustomServiceOption.choices`](https://example.com) list";
        assert_eq!(md(text), text);
        assert_eq!(
            md("[Foo_(bar)](https://en.wikipedia.org/wiki/Foo_(bar))"),
            "[Foo_(bar)](https://en.wikipedia.org/wiki/Foo_(bar))"
        );
        assert_eq!(
            md("[a [b] <c>](https://x.com \"T\")"),
            "[a \\[b\\] &lt;c>](https://x.com \"T\")"
        );
        assert_eq!(md("[](https://x.com/a)"), "<https://x.com/a>");
        assert_eq!(
            md("[x](https://x.com 'it\\'s <b>')"),
            "[x](https://x.com) (it\\'s &lt;b>)"
        );
        // A URL in a link's text is not wrapped (links do not nest).
        assert_eq!(
            md("[https://a.com](https://a.com)"),
            "[https://a.com](https://a.com)"
        );
    }

    #[test]
    fn links_to_other_targets_become_text() {
        assert_eq!(md("see [Types](#types)."), "see Types (#types).");
        assert_eq!(
            md("see [Create Booking](./create-booking.md) now"),
            "see Create Booking (./create-booking.md) now"
        );
        assert_eq!(md("[Vec](Vec) and [x]()"), "Vec (Vec) and x");
        assert_eq!(md("[a](javascript:alert(1))"), "a (javascript:alert(1))");
        assert_eq!(md("[a](<foo bar> \"t\")"), "a (foo bar \"t\")");
        assert_eq!(md("[a [b](c) d](e)"), "a \\[b\\](c) d (e)");
    }

    #[test]
    fn reference_links_become_inline_links() {
        let text = "Use [the guide][g] or [G] or [g][].\n\n[g]: https://x.com/guide";
        assert_eq!(
            md(text),
            "Use [the guide](https://x.com/guide) or [G](https://x.com/guide) or [g](https://x.com/guide).\n\n[g](https://x.com/guide): <https://x.com/guide>"
        );
        assert_eq!(md("[a][b]\n[b]: #x"), "\\[a\\]\\[b\\]\n\\[b\\]: #x");
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            md("Top-level index: https://dev.wix.com/docs/llms.txt"),
            "Top-level index: <https://dev.wix.com/docs/llms.txt>"
        );
        assert_eq!(md("see https://a.com."), "see <https://a.com>.");
        assert_eq!(md("(see https://a.com/x)"), "(see <https://a.com/x>)");
        assert_eq!(md("https://a.com/b_(c), d"), "<https://a.com/b_(c)>, d");
        assert_eq!(
            md("at HTTP://A.COM/x?y=1&z=2;"),
            "at <HTTP://A.COM/x?y=1&z=2>;"
        );
        assert_eq!(md("\"https://a.com\""), "\"<https://a.com>\"");
        assert_eq!(md("[see https://a.com]"), "\\[see <https://a.com>\\]");
        assert_eq!(md("xhttps://a.com"), "x<https://a.com>");
        assert_eq!(md("https:// and http://"), "https:// and http://");
        assert_eq!(md("<https://a.com/x>"), "<https://a.com/x>");
        assert_eq!(md("`https://a.com`"), "`https://a.com`");
        assert_eq!(md("__https://a.com__"), "__<https://a.com>__");
        assert_eq!(md("https://a.com<br>"), "<https://a.com>&lt;br>");
    }

    #[test]
    fn html_like_text_is_escaped_outside_code() {
        assert_eq!(
            md("an array<string> of <T>"),
            "an array&lt;string> of &lt;T>"
        );
        assert_eq!(md("line<br>break</p>"), "line&lt;br>break&lt;/p>");
        assert_eq!(md("`array<string>` stays"), "`array<string>` stays");
        assert_eq!(md("<div>\nx\n</div>"), "&lt;div>\nx\n&lt;/div>");
        assert_eq!(
            md("a <!-- TODO: [x](https://a.com). --> b"),
            "a &lt;!-- TODO: [x](https://a.com). --> b"
        );
        assert_eq!(md("<mailto:a@b.c> <a@b.c>"), "&lt;mailto:a@b.c> &lt;a@b.c>");
        assert_eq!(md("1 < 2 > 0 &lt;b&gt;"), "1 &lt; 2 > 0 &lt;b&gt;");
    }

    #[test]
    fn fences_become_text_blocks() {
        assert_eq!(
            md("Example:\n```js\nconst a = <b>[c];\n```\nafter"),
            "Example:\n```text\nconst a = <b>[c];\n```\nafter"
        );
        assert_eq!(md("```\nlet x = 1;\n```"), "\n```text\nlet x = 1;\n```");
        assert_eq!(
            md("~~~rust,ignore\nfn main() {}\n~~~~"),
            "\n~~~text\nfn main() {}\n~~~"
        );
        assert_eq!(
            md("````\n```\nx\n```\n````"),
            "\n````text\n```\nx\n```\n````"
        );
        // Unclosed: closed at the end, so nothing after the body is swallowed.
        assert_eq!(md("a\n```json\n{\"a\": 1}"), "a\n```text\n{\"a\": 1}\n```");
        // Collapsed onto one line, unclosed: the code is the block's first line.
        assert_eq!(
            md("```js const a = 1; console.log(a);"),
            "\n```text\nconst a = 1; console.log(a);\n```"
        );
        assert_eq!(md("~~~ Example: a ~~~"), "\n~~~text\nExample: a ~~~\n~~~");
        assert_eq!(md("~~~ js ~~~"), "\n~~~text\n~~~");
        // Collapsed and closed on the same line: an inline code span.
        assert_eq!(
            md("Example: ```js const a = `x`; ``` done"),
            "Example: ```js const a = `x`; ``` done"
        );
        assert_eq!(md("```js const a = 1; ```"), "```js const a = 1; ```");
        // Fences inside list items and quotes are not opened.
        assert_eq!(
            md("- ```rust\n  x\n  ```"),
            "- \\`\\`\\`rust\n  x\n```text\n```"
        );
        assert_eq!(md("> ~~~\n> x"), "> \\~\\~\\~\n> x");
        // An indented fence is opened, at the line start.
        assert_eq!(md("a\n    ```\n    b\n    ```"), "a\n```text\n    b\n```");
        assert_eq!(md("```\n\t```\nb"), "\n```text\n```\nb");
    }

    #[test]
    fn indented_code_is_neutralized() {
        assert_eq!(md("a\n\n    let x = 1;\n\tb"), "a\n\n   let x = 1;\n   b");
        assert_eq!(md("-     let x = 1;"), "- let x = 1;");
        assert_eq!(md(">     let x = 1;"), "> let x = 1;");
        assert_eq!(md(">\t\tx\n1.      y\n2)\tz"), "> x\n1. y\n2) z");
        assert_eq!(md("- a\n  - b\n    - c"), "- a\n  - b\n   - c");
        assert_eq!(md("* * *\n-\n+ x"), "* * *\n-\n+ x");
    }

    #[test]
    fn unbalanced_backticks_are_escaped() {
        assert_eq!(md("a ` b [c] <d>"), "a \\` b \\[c\\] &lt;d>");
        assert_eq!(md("`a` and `b"), "`a` and \\`b");
        assert_eq!(md("``a` b``"), "``a` b``");
        assert_eq!(md("``a`"), "\\`\\`a\\`");
        assert_eq!(md("`a\\`b`"), "`a\\`b\\`");
        assert_eq!(md("\\``a`"), "\\``a`");
        // Code spans do not cross lines.
        assert_eq!(md("`a\nb`"), "\\`a\nb\\`");
        assert_eq!(md("*Use cases for `true`:**"), "*Use cases for `true`:**");
    }

    #[test]
    fn table_cells_are_not_crossed() {
        assert_eq!(md("| `a|b<T>` |\n|---|"), "| \\`a|b&lt;T>\\` |\n|---|");
        assert_eq!(md("`a\\|b<T>`"), "`a\\|b<T>`");
        assert_eq!(md("[a|b](https://x.com)"), "\\[a|b\\](<https://x.com>)");
        assert_eq!(md("a \\| b"), "a \\| b");
    }

    #[test]
    fn hostile_text_is_harmless() {
        assert_eq!(md("*/ \"# ]] \\ \\n"), "*/ \"# \\]\\] \\\\ \\\\n");
        assert_eq!(md("a\u{0}b\u{7}c\u{1b}[31md\u{7f}e\u{85}f"), "abc\\[31mdef");
        assert_eq!(md("a\r\nb\rc\td"), "a\nb\nc\td");
        assert_eq!(
            md("\u{202e}abc\u{2066}d\u{200f}e\u{200b}f"),
            "abcd\u{200f}e\u{200b}f"
        );
        assert_eq!(md("trailing \\"), "trailing \\\\");
        assert_eq!(md("\\<b> \\[x\\] \\`"), "\\<b> \\[x\\] \\`");
        assert_eq!(md("\\https://a.com"), "\\\\<https://a.com>");
        assert_eq!(
            md("![img](https://a.com/i.png)"),
            "\\![img](https://a.com/i.png)"
        );
        assert_eq!(md("héllo → 日本語 [ü]"), "héllo → 日本語 \\[ü\\]");
        assert_eq!(md(""), "");
        assert_eq!(md(" \n\t\n"), "");
        assert_eq!(md("\n\nx\n\n"), "x");
    }

    #[test]
    fn headings_stay_where_they_are() {
        let text = "Creates a booking.   ### Appointment booking  For appointment-based services, specify `bookedEntity.slot`.";
        assert_eq!(md(text), text);
        assert_eq!(md("### Heading\nText"), "### Heading\nText");
    }

    #[test]
    fn long_and_pathological_text_is_fine() {
        let inputs = [
            "[".repeat(20_000),
            "]".repeat(20_000),
            "`".repeat(20_000),
            "` `` ```".repeat(4_000),
            "[a](".repeat(10_000),
            "<https://".repeat(10_000),
            "https://a.com/".repeat(10_000),
            "\\".repeat(20_001),
            "- > 1. ".repeat(6_000),
            "```\n".repeat(6_001),
            "word ".repeat(40_000),
        ];
        for input in inputs {
            let rendered = rustdoc_markdown(&input);
            assert!(is_safe(&rendered));
            assert!(is_safe(&rustdoc_summary(&input)));
        }
    }

    #[test]
    fn every_byte_in_every_context_is_safe() {
        let contexts = [
            "{}",
            "a {} b",
            "[{}](https://a.com)",
            "`{}`",
            "```\n{}",
            "- {}",
            "| {} |\n|---|",
        ];
        for byte in 0u8..128 {
            let c = char::from(byte);
            for context in contexts {
                for repeat in [1, 3, 4] {
                    let text = context.replace("{}", &c.to_string().repeat(repeat));
                    md(&text);
                    assert!(is_safe(&rustdoc_summary(&text)), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn summary_is_the_first_sentence() {
        assert_eq!(
            rustdoc_summary("Retrieves up to 100 `attendance` objects. When querying, you can."),
            "Retrieves up to 100 `attendance` objects."
        );
        assert_eq!(
            rustdoc_summary("Creates a booking.   ### Appointment booking"),
            "Creates a booking."
        );
        assert_eq!(
            rustdoc_summary("Set `a. b` and [x. y](https://a.com/b.c) e.g. this. Not this."),
            "Set `a. b` and [x. y](https://a.com/b.c) e.g. this."
        );
        assert_eq!(
            rustdoc_summary("Name, e.g. \"1 hour\". Rest"),
            "Name, e.g. \"1 hour\"."
        );
        assert_eq!(
            rustdoc_summary("See https://a.com. Then"),
            "See <https://a.com>."
        );
        assert_eq!(
            rustdoc_summary("No period here\nSecond line."),
            "No period here"
        );
        assert_eq!(
            rustdoc_summary("\n\n    An [x] <T> ` thing"),
            "An \\[x\\] &lt;T> \\` thing"
        );
        assert_eq!(
            rustdoc_summary("Version 1.5 is out."),
            "Version 1.5 is out."
        );
        assert_eq!(rustdoc_summary("```js\ncode\n```"), "\\`\\`\\`js");
        assert_eq!(
            rustdoc_summary("Use [g]. More\n[g]: https://g.com"),
            "Use [g](https://g.com)."
        );
        assert_eq!(rustdoc_summary(""), "");
        assert_eq!(rustdoc_summary("a | b. c"), "a | b.");
        assert_eq!(rustdoc_summary("-     x. y"), "- x.");
        assert_eq!(rustdoc_summary(">\t\t1.     x"), "> 1. x");
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(
            rustdoc_code_span("SCOPE.DC-BOOKINGS.MANAGE"),
            "`SCOPE.DC-BOOKINGS.MANAGE`"
        );
        assert_eq!(rustdoc_code_span("a`b"), "``a`b``");
        assert_eq!(rustdoc_code_span("`a``"), "``` `a`` ```");
        assert_eq!(rustdoc_code_span(" a "), "`  a  `");
        assert_eq!(rustdoc_code_span("a\nb<T>"), "`a b<T>`");
        assert_eq!(rustdoc_code_span("a|b"), "a\\|b");
        assert_eq!(rustdoc_code_span("  "), "");
        for text in ["<T>", "[x]", "https://a.com", "a`b", "\\", "|<T>|"] {
            assert!(is_safe(&rustdoc_code_span(text)), "{text:?}");
        }
    }

    #[test]
    fn the_fallback_is_safe() {
        for text in [
            "a [b] <c> `d https://e.com/f. ```\n    g\n| h |\n|---|\n<div>",
            "https:// \\ & &lt; *x* _y_ # 1. - > ~~~",
        ] {
            let escaped = render_escaped(&clean(text));
            assert!(is_safe(&escaped), "{escaped:?}");
        }
        assert_eq!(
            render_escaped("  a [b] https://c.com/d."),
            "a \\[b\\] <https://c.com/d>\\."
        );
    }

    #[test]
    fn the_check_catches_what_rustdoc_warns_about() {
        for unsafe_text in [
            "[Foo]",
            "```\nlet x = 1;\n```",
            "```rust\nx\n```",
            "    let x = 1;",
            "a <T> b",
            "<div>x</div>",
            "see https://a.com",
            "[a](Foo)",
            "a[^1]\n\n[^1]: b",
            "![a](https://a.com/i.png)",
        ] {
            assert!(!is_safe(unsafe_text), "{unsafe_text:?}");
        }
    }
}
