//! Rust source written as text, laid out byte for byte as `prettyplease`
//! lays it out.
//!
//! Building tokens with `quote`, parsing them back with `syn` and printing
//! them with `prettyplease` was most of the time of emitting at thousands of
//! pages. Most of what is emitted is regular (doc comments, attributes,
//! struct fields, one-line methods), and for those prettyplease's layout is
//! simple: a line that fits in [`MARGIN`] columns is printed as is, and doc
//! comments are never broken. So the regular shapes are written here as
//! text; a member whose line would not fit is handed to prettyplease inside
//! stand-in parents of the same depth, so it breaks exactly as it would in
//! the whole file. Everything irregular still goes through tokens
//! ([`Lines::items`]). The tests compare both ways on every shape.

use proc_macro2::TokenStream;

/// The widest line prettyplease prints without breaking it (its margin).
pub(super) const MARGIN: usize = 89;

/// The spaces of one level of nesting.
const INDENT: &str = "    ";

/// The room a generated module file's text starts with.
const FILE_CAPACITY: usize = 128 * 1024;

/// Appends the call `{callee}({args}){suffix}` on one line (`callee` in
/// pieces, such as a receiver, `.` and a method).
fn push_call(text: &mut String, callee: &[&str], args: &[String], suffix: &str) {
    for piece in callee {
        text.push_str(piece);
    }
    text.push('(');
    push_joined(text, args);
    text.push(')');
    text.push_str(suffix);
}

/// Appends `items` separated by `, `.
fn push_joined(text: &mut String, items: &[String]) {
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            text.push_str(", ");
        }
        text.push_str(item);
    }
}

/// A file's text, built item by item.
#[derive(Default)]
pub(super) struct Lines {
    text: String,
}

impl Lines {
    /// A generated file's text: the generated marker and a blank line, then
    /// what is pushed (so the file is never copied to put the marker first).
    /// It starts with room for a module file of a large package (most are
    /// 30-130 KB), so it is rarely copied as it grows.
    pub(super) fn generated_file() -> Self {
        let mut text = String::with_capacity(FILE_CAPACITY);
        text.push_str(crate::generate::RUST_HEADER);
        text.push('\n');
        Lines { text }
    }

    /// Empty, with room for `capacity` bytes: for a text whose size is
    /// known, so it is not copied as it grows.
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Lines {
            text: String::with_capacity(capacity),
        }
    }

    /// The text so far.
    pub(super) fn finish(self) -> String {
        self.text
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.text.push_str(INDENT);
        }
    }

    /// One line at `depth` as given: for lines prettyplease never breaks
    /// (fixed lines known to fit, closing braces).
    pub(super) fn line(&mut self, depth: usize, line: &str) {
        self.indent(depth);
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// Inner doc comments (`//!`) of a file: `paragraphs` joined by blank
    /// lines, each line as a `#![doc = " {line}"]` attribute prints.
    pub(super) fn inner_docs(&mut self, paragraphs: &[String]) {
        for line in paragraphs.join("\n\n").lines() {
            self.text.push_str("//! ");
            self.text.push_str(line);
            let end = self.text.trim_end_matches(' ').len();
            self.text.truncate(end);
            self.text.push('\n');
        }
    }

    /// A member at depth `parents.len()` (a field, a variant, a method), as
    /// flat lines with depths relative to the member. Written as given when
    /// every code line fits in [`MARGIN`]; otherwise laid out by
    /// prettyplease within `parents` (each the opening line of a braced
    /// parent, e.g. `impl X {`), which stand in for the real ones so the
    /// member sits at the same column.
    pub(super) fn member(&mut self, parents: &[&str], flat: &Flat) {
        let depth = parents.len();
        if flat.fits(depth) {
            self.flat(depth, flat);
            return;
        }
        let mut source = parents.join("\n");
        flat.source(&mut source);
        for _ in parents {
            source.push_str("\n}");
        }
        let formatted = unparse(&source);
        let lines: Vec<&str> = formatted.lines().collect();
        // prettyplease prints each parent's opening and closing on lines of
        // their own: the member is what lies between.
        for line in &lines[depth..lines.len() - depth] {
            self.text.push_str(line);
            self.text.push('\n');
        }
    }

    /// A braced item at depth `parents.len()` whose opening, `head`, ends
    /// with its first lines inside (e.g. `mod m {` and a `use`), then
    /// `members` one level deeper, each laid out on its own as
    /// [`Lines::member`] does, and `}`. When `head` does not fit, the whole
    /// item is one member.
    pub(super) fn module(&mut self, parents: &[&str], head: &Flat, members: &[Flat]) {
        let depth = parents.len();
        if head.fits(depth) {
            self.flat(depth, head);
            let mut inner = parents.to_vec();
            inner.push("mod w {");
            for member in members {
                self.member(&inner, member);
            }
            self.line(depth, "}");
            return;
        }
        let mut whole = Flat::at(depth);
        whole.nested(0, head);
        for member in members {
            whole.nested(1, member);
        }
        whole.code(0, "}");
        self.member(parents, &whole);
    }

    /// A braced item at depth 0: `head` (its docs and attributes), the
    /// opening line `open` (e.g. `impl X {`), its members and `}`. Each
    /// member is laid out on its own inside `stand_in` (an opening line of
    /// the same kind); when `head` or `open` does not fit, prettyplease lays
    /// out the whole item.
    pub(super) fn braced(&mut self, head: &Flat, open: &str, members: &[Flat], stand_in: &str) {
        if members.is_empty() && head.fits(0) && open.len() < MARGIN {
            // prettyplease closes an empty body on the same line.
            self.flat(0, head);
            self.indent(0);
            self.text.push_str(open);
            self.text.push_str("}\n");
            return;
        }
        if !members.is_empty() && head.fits(0) && open.len() <= MARGIN {
            self.flat(0, head);
            self.line(0, open);
            for member in members {
                self.member(&[stand_in], member);
            }
            self.line(0, "}");
            return;
        }
        let mut source = String::new();
        head.source(&mut source);
        source.push('\n');
        source.push_str(open);
        for member in members {
            member.source(&mut source);
        }
        source.push_str("\n}");
        self.text.push_str(&unparse(&source));
    }

    /// An impl block without attributes: `open` (such as `impl X {`), the
    /// methods, `}`; see [`Lines::braced`].
    pub(super) fn impl_block(&mut self, open: &str, methods: &[Flat]) {
        self.braced(&Flat::default(), open, methods, "impl W {");
    }

    fn flat(&mut self, depth: usize, flat: &Flat) {
        for line in &flat.lines {
            let text = flat.text(line);
            if line.kind == LineKind::Doc {
                self.indent(depth + line.depth);
                self.text.push_str("///");
                self.text.push_str(text.trim_end_matches(' '));
                self.text.push('\n');
            } else {
                self.line(depth + line.depth, text);
            }
        }
    }

    /// Text laid out elsewhere (by another [`Lines`]), as it is.
    pub(super) fn push_laid_out(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Items built as tokens, laid out by prettyplease.
    pub(super) fn items(&mut self, tokens: &TokenStream) {
        if tokens.is_empty() {
            return;
        }
        let syntax: syn::File = syn::parse2(tokens.clone()).unwrap_or_else(|error| {
            // The emitter builds tokens from checked names: a parse failure
            // is a bug here, never the input's.
            panic!("generated items do not parse: {error}\n{tokens}")
        });
        self.text.push_str(&prettyplease::unparse(&syntax));
    }
}

/// Lines of source as they are when nothing is broken: code lines with their
/// depths, and doc lines (never broken).
#[derive(Default)]
pub(super) struct Flat {
    /// The depth the lines will be written at (a member's number of
    /// parents), for [`Flat::signature`] and [`Flat::call`] to choose their
    /// layout.
    base: usize,
    lines: Vec<FlatLine>,
    /// The lines' texts, one after the other (one buffer rather than a
    /// string per line: a generated file has millions of lines).
    texts: String,
}

struct FlatLine {
    depth: usize,
    /// Where the line's text is in [`Flat::texts`]: the code, or a doc
    /// attribute's value.
    text: std::ops::Range<usize>,
    kind: LineKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// Code that prettyplease prints as is when it fits in [`MARGIN`].
    Code,
    /// Code that prettyplease prints as is at any length (such as
    /// `let json = r#"..."#;`: it has no place to break).
    Unbreakable,
    /// The value of a doc attribute: printed as a `///` comment.
    Doc,
}

impl Flat {
    /// Lines to be written at depth `base` (see [`Lines::member`]).
    pub(super) fn at(base: usize) -> Flat {
        Flat {
            base,
            lines: Vec::new(),
            texts: String::new(),
        }
    }

    /// Whether code `line` at `depth` fits in [`MARGIN`].
    pub(super) fn fits_at(&self, depth: usize, line: &str) -> bool {
        (self.base + depth) * INDENT.len() + line.len() <= MARGIN
    }

    /// A function signature `{head}({params}) -> {ret} {` at `depth`: on
    /// one line when it fits, else one parameter a line, as prettyplease
    /// breaks it.
    pub(super) fn signature(
        &mut self,
        depth: usize,
        head: &str,
        params: &[String],
        ret: &str,
    ) -> &mut Self {
        let fits = self.code_if_fits(depth, |text| {
            text.push_str(head);
            text.push('(');
            push_joined(text, params);
            text.push_str(") -> ");
            text.push_str(ret);
            text.push_str(" {");
        });
        if fits {
            return self;
        }
        self.code(depth, format_args!("{head}("));
        for param in params {
            self.code(depth + 1, format_args!("{param},"));
        }
        self.code(depth, format_args!(") -> {ret} {{"))
    }

    /// A call `{callee}({args}){suffix}` at `depth`: on one line when it
    /// fits, else one argument a line, as prettyplease breaks it.
    pub(super) fn call(
        &mut self,
        depth: usize,
        callee: &str,
        args: &[String],
        suffix: &str,
    ) -> &mut Self {
        let fits = self.code_if_fits(depth, |text| push_call(text, &[callee], args, suffix));
        if fits {
            return self;
        }
        self.code(depth, format_args!("{callee}("));
        for arg in args {
            self.code(depth + 1, format_args!("{arg},"));
        }
        self.code(depth, format_args!("){suffix}"))
    }

    /// An array of tuples of literals `{head}[{items}]{tail}` at `depth`
    /// (such as `query: &[("a", "1")],`): on one line when it fits, else one tuple
    /// a line, each on one line when it fits, else one element a line, as
    /// prettyplease breaks them.
    pub(super) fn tuple_array(
        &mut self,
        depth: usize,
        head: &str,
        items: &[Vec<String>],
        tail: &str,
    ) -> &mut Self {
        let tuples: Vec<String> = items
            .iter()
            .map(|elements| format!("({})", elements.join(", ")))
            .collect();
        let flat = format!("{head}[{}]{tail}", tuples.join(", "));
        if self.fits_at(depth, &flat) {
            return self.code(depth, flat);
        }
        self.code(depth, format_args!("{head}["));
        for (index, (tuple, elements)) in tuples.iter().zip(items).enumerate() {
            let line = format!("{tuple},");
            // prettyplease counts the comma after a tuple, but not the
            // last one's, which it prints only because the array broke.
            let measured = if index + 1 == items.len() {
                tuple
            } else {
                &line
            };
            if self.fits_at(depth + 1, measured) {
                self.unbreakable(depth + 1, line);
                continue;
            }
            self.code(depth + 1, "(");
            // The elements are literals: nothing left to break.
            for element in elements {
                self.unbreakable(depth + 2, format_args!("{element},"));
            }
            self.code(depth + 1, "),");
        }
        self.code(depth, format_args!("]{tail}"))
    }

    /// A method call on `receiver` awaited, `{receiver}.{method}({args}).await`,
    /// at `depth`: on one line when it fits, else the method call and
    /// `.await` on lines of their own, as prettyplease breaks a chain.
    pub(super) fn awaited_call(
        &mut self,
        depth: usize,
        receiver: &str,
        method: &str,
        args: &[String],
    ) -> &mut Self {
        let flat = format!("{receiver}.{method}({}).await", args.join(", "));
        if self.fits_at(depth, &flat) {
            return self.code(depth, flat);
        }
        self.code(depth, receiver)
            .call(depth + 1, &format!(".{method}"), args, "")
            .code(depth + 1, ".await")
    }

    /// A call whose last argument is a closure, `{callee}({args}, {params}
    /// {body})`, at `depth`: on one line when it fits, else one argument a
    /// line, and the closure's body in a block when the closure does not
    /// fit on its line, as prettyplease breaks them.
    pub(super) fn call_with_closure(
        &mut self,
        depth: usize,
        callee: &str,
        args: &[String],
        params: &str,
        body: &str,
    ) -> &mut Self {
        let closure = format!("{params} {body}");
        let mut all = args.to_vec();
        all.push(closure.clone());
        let flat = format!("{callee}({})", all.join(", "));
        if self.fits_at(depth, &flat) {
            return self.code(depth, flat);
        }
        self.code(depth, format_args!("{callee}("));
        for arg in args {
            self.code(depth + 1, format_args!("{arg},"));
        }
        // The last argument's comma is printed only because the call
        // broke: prettyplease does not count it.
        if self.fits_at(depth + 1, &closure) {
            self.unbreakable(depth + 1, format_args!("{closure},"));
        } else {
            self.unbreakable(depth + 1, format_args!("{params} {{"))
                .code(depth + 2, body)
                .code(depth + 1, "},");
        }
        self.code(depth, ")")
    }

    /// A method call statement `{receiver}.{method}({args}){suffix}` at
    /// `depth` (a short receiver, such as `object`): on one line when it
    /// fits, else the call on a line of its own under the receiver, its
    /// arguments one a line when that does not fit either, as prettyplease
    /// breaks it.
    pub(super) fn method_call(
        &mut self,
        depth: usize,
        receiver: &str,
        method: &str,
        args: &[String],
        suffix: &str,
    ) -> &mut Self {
        let fits = self.code_if_fits(depth, |text| {
            push_call(text, &[receiver, ".", method], args, suffix);
        });
        if fits {
            return self;
        }
        self.code(depth, receiver)
            .call(depth + 1, &format!(".{method}"), args, suffix)
    }

    /// A struct literal's field `{name}: {receiver}{link}{suffix}` at
    /// `depth` (`link` a method call such as `.optional("a")`): on one line
    /// when it fits, else the call on a line of its own, as prettyplease
    /// breaks it.
    pub(super) fn field_call(
        &mut self,
        depth: usize,
        name: &str,
        receiver: &str,
        link: &str,
        suffix: &str,
    ) -> &mut Self {
        let fits = self.code_if_fits(depth, |text| {
            for piece in [name, ": ", receiver, link, suffix] {
                text.push_str(piece);
            }
        });
        if fits {
            return self;
        }
        self.code(depth, format_args!("{name}: {receiver}"))
            .code(depth + 1, format_args!("{link}{suffix}"))
    }

    /// A field `{head}<{inner}>,` at `depth` (such as `pub a: Option<T>,`):
    /// on one line when it fits, else the type argument on a line of its
    /// own, as prettyplease breaks it.
    pub(super) fn generic_field(&mut self, depth: usize, head: &str, inner: &str) -> &mut Self {
        let fits = self.code_if_fits(depth, |text| {
            for piece in [head, "<", inner, ">,"] {
                text.push_str(piece);
            }
        });
        if fits {
            return self;
        }
        self.code(depth, format_args!("{head}<"))
            .code(depth + 1, format_args!("{inner},"))
            .code(depth, ">,")
    }

    /// A method chain `{root}{links}` at `depth` (links such as `.a()`,
    /// `.b(&x)`, `.await`, each short): on one line when it fits, else each
    /// link on a line of its own, as prettyplease breaks a chain.
    pub(super) fn chain(&mut self, depth: usize, root: &str, links: &[String]) -> &mut Self {
        let fits = self.code_if_fits(depth, |text| {
            text.push_str(root);
            for link in links {
                text.push_str(link);
            }
        });
        if fits {
            return self;
        }
        self.code(depth, root);
        for link in links {
            self.code(depth + 1, link.as_str());
        }
        self
    }

    /// A match arm `{pattern} => {value},` at `depth` (both unbreakable, such
    /// as a string literal and a path): on one line when it fits, else the
    /// value in a block, as prettyplease breaks an arm.
    pub(super) fn match_arm(&mut self, depth: usize, pattern: &str, value: &str) -> &mut Self {
        let flat = format!("{pattern} => {value},");
        if self.fits_at(depth, &flat) {
            return self.code(depth, flat);
        }
        self.unbreakable(depth, format_args!("{pattern} => {{"))
            .unbreakable(depth + 1, value)
            .code(depth, "}")
    }

    /// A code line at `depth`.
    pub(super) fn code(&mut self, depth: usize, text: impl std::fmt::Display) -> &mut Self {
        self.push(depth, text, LineKind::Code)
    }

    /// A code line at `depth` that prettyplease never breaks, whatever its
    /// length (the layout tests hold each use to that).
    pub(super) fn unbreakable(&mut self, depth: usize, text: impl std::fmt::Display) -> &mut Self {
        self.push(depth, text, LineKind::Unbreakable)
    }

    /// The lines of `other`, `depth` levels deeper.
    pub(super) fn nested(&mut self, depth: usize, other: &Flat) -> &mut Self {
        for line in &other.lines {
            self.push(depth + line.depth, other.text(line), line.kind);
        }
        self
    }

    /// A code line at `depth` that `write` writes straight into the buffer,
    /// when it fits; else nothing is added. Whether it fit.
    fn code_if_fits(&mut self, depth: usize, write: impl FnOnce(&mut String)) -> bool {
        let start = self.texts.len();
        write(&mut self.texts);
        if self.fits_at(depth, &self.texts[start..]) {
            self.lines.push(FlatLine {
                depth,
                text: start..self.texts.len(),
                kind: LineKind::Code,
            });
            true
        } else {
            self.texts.truncate(start);
            false
        }
    }

    /// Adds a line; `text` is written straight into the buffer (callers
    /// pass `format_args!`, not a `String` made for it).
    fn push(&mut self, depth: usize, text: impl std::fmt::Display, kind: LineKind) -> &mut Self {
        use std::fmt::Write as _;
        let start = self.texts.len();
        let _ = write!(self.texts, "{text}");
        self.lines.push(FlatLine {
            depth,
            text: start..self.texts.len(),
            kind,
        });
        self
    }

    /// The text of `line`, one of these lines.
    fn text(&self, line: &FlatLine) -> &str {
        &self.texts[line.text.clone()]
    }

    /// Outer doc lines at `depth`: `paragraphs` joined by blank lines, as
    /// [`Lines::docs`] writes them.
    pub(super) fn docs(&mut self, depth: usize, paragraphs: &[String]) -> &mut Self {
        let text = paragraphs
            .iter()
            .filter(|p| !p.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n\n");
        for line in text.lines() {
            let start = self.texts.len();
            self.texts.push(' ');
            self.texts.push_str(line);
            self.lines.push(FlatLine {
                depth,
                text: start..self.texts.len(),
                kind: LineKind::Doc,
            });
        }
        self
    }

    /// Whether every code line fits at `depth`.
    pub(super) fn fits(&self, depth: usize) -> bool {
        self.lines.iter().all(|line| {
            line.kind != LineKind::Code
                || (depth + line.depth) * INDENT.len() + line.text.len() <= MARGIN
        })
    }

    /// Appends the lines as source, each on a line of its own.
    fn source(&self, source: &mut String) {
        for line in &self.lines {
            source.push('\n');
            if line.kind == LineKind::Doc {
                source.push_str("#[doc = ");
                source.push_str(&string_token(self.text(line)));
                source.push(']');
            } else {
                source.push_str(self.text(line));
            }
        }
    }
}

/// `source` (a file) as prettyplease prints it.
fn unparse(source: &str) -> String {
    let syntax = syn::parse_file(source).unwrap_or_else(|error| {
        // Built from checked names: a parse failure is a bug here.
        panic!("generated source does not parse: {error}\n{source}")
    });
    prettyplease::unparse(&syntax)
}

/// The literal token of string `text`, as `quote` writes it.
pub(super) fn string_token(text: &str) -> String {
    // Most texts need no escape: printable ASCII without `"`, `\\` or `'`.
    if text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && !matches!(b, b'"' | b'\\' | b'\''))
    {
        let mut token = String::with_capacity(text.len() + 2);
        token.push('"');
        token.push_str(text);
        token.push('"');
        return token;
    }
    proc_macro2::Literal::string(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_tokens_are_the_literals_quote_writes() {
        let mut texts: Vec<String> = (0u8..=127).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "",
                "plain text",
                "a \"quoted\" \\ path's",
                "caf\u{e9}",
                "tab\there",
                "\u{1f600}",
            ]
            .map(str::to_owned),
        );
        for text in &texts {
            assert_eq!(
                string_token(text),
                proc_macro2::Literal::string(text).to_string(),
                "{text:?}"
            );
        }
    }

    /// A member written by [`Lines::member`] inside `parents`, with the
    /// parents' lines as prettyplease prints them.
    fn written(parents: &[&str], flat: &Flat) -> String {
        let mut lines = Lines::default();
        for (depth, parent) in parents.iter().enumerate() {
            lines.line(depth, parent);
        }
        lines.member(parents, flat);
        for depth in (0..parents.len()).rev() {
            lines.line(depth, "}");
        }
        lines.finish()
    }

    /// `flat` written as text inside `parents`, each closed by its
    /// `closers` entry (innermost last), and what prettyplease makes of the
    /// same source: for members inside expressions, which
    /// [`Lines::member`] cannot stand in for.
    fn as_text_and_by_prettyplease(
        parents: &[&str],
        closers: &[&str],
        flat: &Flat,
    ) -> (String, String) {
        let mut source = parents.join("\n");
        flat.source(&mut source);
        let mut lines = Lines::default();
        for (depth, parent) in parents.iter().enumerate() {
            lines.line(depth, parent);
        }
        for line in &flat.lines {
            lines.line(parents.len() + line.depth, flat.text(line));
        }
        for (depth, closer) in closers.iter().enumerate().rev() {
            lines.line(depth, closer);
            source.push('\n');
            source.push_str(closer);
        }
        (lines.finish(), unparse(&source))
    }

    /// What prettyplease makes of the same source.
    fn reference(parents: &[&str], flat: &Flat) -> String {
        let mut source = parents.join("\n");
        flat.source(&mut source);
        for _ in parents {
            source.push_str("\n}");
        }
        unparse(&source)
    }

    fn flat(lines: &[(usize, &str)]) -> Flat {
        let mut flat = Flat::default();
        for (depth, line) in lines {
            flat.code(*depth, *line);
        }
        flat
    }

    /// Every shape the emitter writes as text, at lengths on both sides of
    /// the margin, comes out as prettyplease prints it.
    #[test]
    fn members_match_prettyplease_around_the_margin() {
        let mut checked = 0;
        let mut broken = 0;
        for n in 1..110 {
            let name = "a".repeat(n);
            let field = format!("pub {name}: Option<Vec<crate::runtime::JsonObject>>,");
            let method_head = format!("pub fn {name}(&self) -> W::Number<i64> {{");
            let method_body = format!("W::number::<i64>(self.0.field({}))", string_token(&name));
            let arm = format!("Self::{name} => {},", string_token(&name));
            let cases: Vec<(Vec<&str>, Flat)> = vec![
                (vec!["pub struct S {"], flat(&[(0, field.as_str())])),
                (
                    vec!["impl S {"],
                    flat(&[(0, method_head.as_str()), (1, method_body.as_str()), (0, "}")]),
                ),
                (
                    vec!["impl S {"],
                    flat(&[
                        (0, "pub fn as_str(&self) -> &str {"),
                        (1, "match self {"),
                        (2, arm.as_str()),
                        (1, "}"),
                        (0, "}"),
                    ]),
                ),
                (vec!["pub enum E {"], flat(&[(0, &format!("{name},"))])),
                (vec![], {
                    let mut definition = Flat::at(0);
                    definition.call(
                        0,
                        &format!("pub struct {name}Fields<R, W>"),
                        &["pub(crate) crate::runtime::query::FieldPath<R, W>".to_owned()],
                        ";",
                    );
                    definition
                }),
                (vec!["impl<R, W> S<R, W> {"], {
                    let mut accessor = Flat::at(1);
                    accessor
                        .signature(
                            0,
                            &format!("pub fn {name}"),
                            &["&self".to_owned()],
                            &format!("{name}Fields<R, crate::runtime::query::Each>"),
                        )
                        .code(1, format_args!("{name}Fields(self.0.object(\"{name}\"))"))
                        .code(0, "}");
                    accessor
                }),
                (vec![], flat(&[(0, &format!("pub struct {name}Fields<R, W>(pub(crate) crate::runtime::query::FieldPath<R, W>);"))])),
            ];
            for (parents, flat) in cases {
                let written = written(&parents, &flat);
                assert_eq!(written, reference(&parents, &flat), "{parents:?}");
                broken += usize::from(!flat.fits(parents.len()));
                checked += 1;
            }
        }
        assert_eq!(checked, 109 * 7);
        // Both ways are taken: members that fit and members that do not.
        assert!(
            broken > 100 && broken < checked - 100,
            "{broken} of {checked}"
        );
    }

    /// The `Serialize` and `Deserialize` impls of structs, for type, field
    /// and wire names of many lengths and any number of fields, come out as
    /// prettyplease prints them.
    #[test]
    fn object_impls_match_prettyplease() {
        let mut broken = 0;
        for n in (1..100).step_by(3) {
            for count in 0..4 {
                let fields: Vec<(String, String, &str)> = (0..count)
                    .map(|i| {
                        let name = "f".repeat(n + i * 7);
                        let helper = ["optional", "required_timestamp", "required"][i % 3];
                        (name.clone(), string_token(&format!("{name}X")), helper)
                    })
                    .collect();
                let ident = "T".repeat(n);
                let mut lines = Lines::default();
                super::super::emit::object_serde(&mut lines, &ident, &fields);
                let text = lines.finish();
                assert_eq!(text, unparse(&text), "{ident} {fields:?}");
                broken += usize::from(text.lines().any(|line| line.len() > 80));
            }
        }
        assert!(broken > 10, "{broken}");
    }

    /// Signatures, calls and awaited method calls, for names and paths of
    /// many lengths: whenever every line of the chosen layout fits, it is
    /// prettyplease's.
    #[test]
    fn signatures_and_calls_match_prettyplease() {
        let mut chosen = 0;
        for name in (1..60).step_by(6) {
            for ty in (1..60).step_by(6) {
                for path in (1..70).step_by(9) {
                    let name = "n".repeat(name);
                    let request = format!("request: &{}", "Q".repeat(ty));
                    let ret = format!(
                        "::std::result::Result<{}, crate::runtime::Error>",
                        "S".repeat(ty + 1)
                    );
                    let path = string_token(&format!("/{}", "p".repeat(path)));
                    let args = [
                        "crate::runtime::HttpMethod::Post".to_owned(),
                        path.clone(),
                        "crate::runtime::MethodKind::Read".to_owned(),
                        "request".to_owned(),
                    ];
                    let mut send = Flat::at(1);
                    send.signature(
                        0,
                        &format!("pub async fn {name}"),
                        &["&self".to_owned(), request.clone()],
                        &ret,
                    )
                    .awaited_call(1, "self.client", "send_json", &args)
                    .code(0, "}");
                    let mut pages = Flat::at(1);
                    pages
                        .signature(
                            0,
                            &format!("pub fn {name}_pages"),
                            &["&self".to_owned(), request.clone()],
                            "crate::runtime::paging::Pages<S>",
                        )
                        .call(1, "crate::runtime::paging::pages", &args, "")
                        .code(0, "}");
                    let mut items = Flat::at(1);
                    items
                        .signature(
                            0,
                            &format!("pub fn {name}_items"),
                            &["&self".to_owned(), request],
                            "crate::runtime::paging::Items<S, E>",
                        )
                        .call(
                            1,
                            "crate::runtime::paging::items",
                            &[
                                format!("self.{name}_pages(request)"),
                                format!("|page: S| page.{name}.unwrap_or_default()"),
                            ],
                            "",
                        )
                        .code(0, "}");
                    for flat in [send, pages, items] {
                        if flat.fits(1) {
                            chosen += 1;
                            assert_eq!(
                                written(&["impl W {"], &flat),
                                reference(&["impl W {"], &flat)
                            );
                        }
                    }
                }
            }
        }
        assert!(chosen > 500, "{chosen}");
    }

    /// `let json = <string literal>;` is never broken, however long.
    #[test]
    fn a_let_of_a_string_literal_is_unbreakable() {
        let parents = ["mod a {", "mod b {", "fn t() {"];
        for n in (1..300).step_by(7) {
            let mut test = Flat::default();
            test.unbreakable(
                0,
                format_args!(
                    "let json = {};",
                    crate::rust::str_literal_source(&"x".repeat(n))
                ),
            );
            assert_eq!(written(&parents, &test), reference(&parents, &test), "{n}");
        }
    }

    /// Arrays of tuples around the margin, tuples of any length.
    #[test]
    fn tuple_arrays_break_as_prettyplease_breaks_them() {
        let parents = ["fn t() {", "let e = E {"];
        let mut checked = 0;
        for count in 0..4 {
            for n in (1..110).step_by(3) {
                let items: Vec<Vec<String>> = (0..count)
                    .map(|index| {
                        vec![
                            string_token(&"k".repeat(n / 2 + index)),
                            string_token(&"v".repeat(n)),
                        ]
                    })
                    .collect();
                // A long field before it keeps the literal broken.
                let mut array = Flat::at(2);
                array
                    .code(0, format_args!("path: {},", string_token(&"p".repeat(70))))
                    .tuple_array(0, "query: &", &items, ",");
                let (text, reference) = as_text_and_by_prettyplease(&parents, &["}", "};"], &array);
                assert_eq!(text, reference, "{count} {n}");
                checked += 1;
            }
        }
        assert!(checked > 100);
    }

    /// A call through an accessor, awaited, at lengths around the margin.
    #[test]
    fn chains_break_as_prettyplease_breaks_them() {
        let parents = ["mod a {", "mod b {", "mod c {", "async fn call() {"];
        for n in (1..60).step_by(2) {
            let links = vec![
                format!(".{}()", "a".repeat(n)),
                ".method_name(&request)".to_owned(),
                ".await".to_owned(),
            ];
            let mut call = Flat::at(parents.len());
            call.chain(0, "client", &links);
            assert_eq!(written(&parents, &call), reference(&parents, &call), "{n}");
            assert!(call.fits(parents.len()), "{n}");
        }
    }

    /// Match arms of literals and paths around the margin.
    #[test]
    fn match_arms_break_as_prettyplease_breaks_them() {
        let parents = ["impl W {", "fn f(&self) -> &str {", "match self {"];
        for n in (1..140).step_by(3) {
            let name = "A".repeat(n);
            let wire = string_token(&"B".repeat(n));
            let mut arms = Flat::at(3);
            arms.match_arm(0, &format!("Self::{name}"), &wire)
                .match_arm(0, &wire, &format!("Self::{name}"))
                .code(0, "other => f(other),");
            assert_eq!(written(&parents, &arms), reference(&parents, &arms), "{n}");
            assert!(arms.fits(parents.len()), "{n}");
        }
    }

    /// A call ending in a closure, at lengths around the margin.
    #[test]
    fn calls_with_a_closure_break_as_prettyplease_breaks_them() {
        let parents = ["impl W {", "pub fn items(&self) -> I {"];
        for ty in (1..50).step_by(3) {
            for field in (1..50).step_by(4) {
                let body = format!("page.{}.unwrap_or_default()", "f".repeat(field));
                let mut call = Flat::at(2);
                call.call_with_closure(
                    0,
                    "crate::runtime::paging::items",
                    &["self.pages(request)".to_owned()],
                    &format!("|page: {}|", "R".repeat(ty)),
                    &body,
                );
                assert_eq!(
                    written(&parents, &call),
                    reference(&parents, &call),
                    "{ty} {field}"
                );
                // Only a body too long for its block is left to prettyplease.
                let body_fits = (parents.len() + 2) * INDENT.len() + body.len() <= MARGIN;
                assert_eq!(call.fits(parents.len()), body_fits, "{ty} {field}");
            }
        }
    }

    /// The field lines of the generated serde impls, at lengths around the
    /// margin.
    #[test]
    fn method_calls_and_field_calls_break_as_prettyplease_breaks_them() {
        let parents = ["impl W {", "fn f(&self) -> R {"];
        let mut fitting = 0;
        for wire in (1..70).step_by(2) {
            for name in (1..60).step_by(5) {
                let wire_token = string_token(&"w".repeat(wire));
                let field = "f".repeat(name);
                let mut statement = Flat::at(2);
                statement.method_call(
                    0,
                    "object",
                    "optional",
                    &[wire_token.clone(), format!("&self.{field}")],
                    ";",
                );
                assert_eq!(
                    written(&parents, &statement),
                    reference(&parents, &statement),
                    "{wire} {name}"
                );
                if statement.fits(2) {
                    fitting += 1;
                }
                let literal = ["impl W {", "fn f() -> R {", "Ok(Self {"];
                let mut init = Flat::at(3);
                init.field_call(
                    0,
                    &field,
                    "object",
                    &format!(".required({wire_token})"),
                    "?,",
                )
                .code(0, "unknown_fields: object.rest()?,");
                if init.fits(3) {
                    fitting += 1;
                    let (text, reference) =
                        as_text_and_by_prettyplease(&literal, &["}", "}", "})"], &init);
                    assert_eq!(text, reference, "{wire} {name}");
                }
            }
        }
        assert!(fitting > 300, "{fitting}");
    }

    /// Fields of one generic type, at lengths around the margin.
    #[test]
    fn generic_fields_break_as_prettyplease_breaks_them() {
        let parents = ["pub struct S {"];
        let mut fitting = 0;
        for name in (1..90).step_by(2) {
            for inner in [
                "crate::runtime::chrono::DateTime<crate::runtime::chrono::Utc>",
                "Vec<crate::runtime::chrono::DateTime<crate::runtime::chrono::Utc>>",
                "String",
            ] {
                let mut field = Flat::at(1);
                field.generic_field(0, &format!("pub {}: Option", "a".repeat(name)), inner);
                assert_eq!(
                    written(&parents, &field),
                    reference(&parents, &field),
                    "{name}"
                );
                if field.fits(1) {
                    fitting += 1;
                }
            }
        }
        assert!(fitting > 100, "{fitting}");
    }

    /// A function without parameters has no place to break either.
    #[test]
    fn a_function_without_parameters_opens_on_one_line() {
        let parents = ["mod a {", "mod b {"];
        for n in (1..120).step_by(3) {
            for head in ["fn", "async fn"] {
                let mut test = Flat::default();
                test.code(0, "#[test]")
                    .unbreakable(0, format_args!("{head} {}() {{", "t".repeat(n)))
                    .code(1, "let x = 1;")
                    .code(0, "}");
                assert_eq!(written(&parents, &test), reference(&parents, &test), "{n}");
            }
        }
    }

    /// A module laid out member by member comes out as the whole module
    /// would, whether its head fits or not.
    #[test]
    fn a_module_is_laid_out_member_by_member() {
        for n in [10, 70, 90] {
            let mut head = Flat::default();
            head.docs(0, &["Docs.".to_owned()])
                .code(0, format_args!("#[cfg(feature = \"{}\")]", "f".repeat(n)))
                .code(0, "mod m {")
                .code(1, "use ::a::b as api;");
            let short = flat(&[(0, "fn t() {"), (1, "f(1);"), (0, "}")]);
            let long_call = format!("f({}, {});", "x".repeat(40), "y".repeat(40));
            let long = flat(&[(0, "fn u() {"), (1, long_call.as_str()), (0, "}")]);
            let members = [short, long];
            let mut lines = Lines::default();
            lines.line(0, "mod p {");
            lines.module(&["mod p {"], &head, &members);
            lines.line(0, "}");
            let mut source = "mod p {".to_owned();
            head.source(&mut source);
            for member in &members {
                member.source(&mut source);
            }
            source.push_str("\n}\n}");
            assert_eq!(lines.finish(), unparse(&source), "{n}");
        }
    }

    #[test]
    fn doc_comments_print_as_doc_attributes_do() {
        let paragraphs = vec![
            "First paragraph  ".to_owned(),
            String::new(),
            "Two\nlines with `code` and a very long line that goes on and on past the margin of eighty-nine columns without a break".to_owned(),
        ];
        let mut docs = Flat::default();
        docs.docs(0, &paragraphs).code(0, "a: A,");
        assert_eq!(
            written(&["struct S {"], &docs),
            reference(&["struct S {"], &docs)
        );
        let mut inner = Lines::default();
        inner.inner_docs(&paragraphs);
        let mut attrs = String::new();
        for line in paragraphs.join("\n\n").lines() {
            attrs.push_str("#![doc = ");
            attrs.push_str(&string_token(&format!(" {line}")));
            attrs.push_str("]\n");
        }
        assert_eq!(inner.finish(), unparse(&attrs));
    }

    #[test]
    fn a_braced_item_whose_opening_does_not_fit_is_laid_out_whole() {
        for n in 30..42 {
            let open = format!(
                "impl<R, W: crate::runtime::query::Arity<R>> {}<R, W> {{",
                "A".repeat(n)
            );
            let mut lines = Lines::default();
            lines.braced(&Flat::default(), &open, &[], "impl W {");
            assert_eq!(lines.finish(), unparse(&format!("{open}}}")), "empty, {n}");
        }
        for n in [10, 80] {
            let name = "A".repeat(n);
            let mut head = Flat::default();
            head.docs(0, &["Docs.".to_owned()]);
            let open = format!("impl ::std::convert::From<&str> for {name} {{");
            let member = flat(&[
                (0, "fn from(value: &str) -> Self {"),
                (1, "Self::Unrecognized(value.to_owned())"),
                (0, "}"),
            ]);
            let mut lines = Lines::default();
            lines.braced(&head, &open, std::slice::from_ref(&member), "impl W {");
            let mut source = String::new();
            head.source(&mut source);
            source.push('\n');
            source.push_str(&open);
            member.source(&mut source);
            source.push_str("\n}");
            assert_eq!(lines.finish(), unparse(&source));
        }
    }
}
