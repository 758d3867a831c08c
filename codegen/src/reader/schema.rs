//! The schema block: `Method:`, `Description:`, `URL:`, HTTP method,
//! `Required parameters:`, the field entries and the `Possible Errors:` table.
//!
//! The block is first cut into items at markers (`- name: x |`, `- ONE-OF:`,
//! `- enum:`, `param name:`, `Return type:`...), then each item is parsed. On
//! multi-line pages a marker must start a line; on collapsed pages it must
//! follow a space. Item text runs to the next marker, so descriptions may hold
//! bullets, backticks, JSON, `|` and headings: only a real entry marker ends
//! them. Which markers count depends on where the scan is: schema keys only
//! in their order before the entries, enum items only after `- enum:`.

use std::ops::Range;
use std::sync::Arc;

use super::constraints;
use super::Ctx;
use crate::diagnostics::Problem;
use crate::page::{
    Entry, EnumStyle, EnumValue, EnumValues, Field, OneOf, Parameter, PossibleError, ReturnType,
    Signature, TypeRef,
};
use crate::source::{excerpt, Layout, Spanned};

/// What a schema block says, before the section builder checks what it needs.
#[derive(Debug, Default)]
pub(crate) struct RawSchema {
    pub method: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub url: Option<(String, usize)>,
    pub http_method: Option<(String, usize)>,
    pub note: Option<Spanned<String>>,
    pub required_parameters: Vec<Spanned<String>>,
    pub parameters: Vec<Parameter>,
    pub return_type: Option<ReturnType>,
    pub possible_errors: Vec<PossibleError>,
}

impl RawSchema {
    /// The signature, when the block has a return type.
    pub fn take_signature(&mut self) -> Option<Signature> {
        Some(Signature {
            note: self.note.take(),
            required_parameters: std::mem::take(&mut self.required_parameters),
            parameters: std::mem::take(&mut self.parameters),
            return_type: self.return_type.take()?,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Method,
    Description,
    Url,
    HttpMethod,
    Note,
    RequiredParameters,
    MethodParameters,
}

impl Key {
    const ALL: [Key; 7] = [
        Key::Method,
        Key::Description,
        Key::Url,
        Key::HttpMethod,
        Key::Note,
        Key::RequiredParameters,
        Key::MethodParameters,
    ];

    fn prefix(self) -> &'static str {
        match self {
            Key::Method | Key::HttpMethod => "Method:",
            Key::Description => "Description:",
            Key::Url => "URL:",
            Key::Note => "# Note:",
            Key::RequiredParameters => "Required parameters:",
            Key::MethodParameters => "Method parameters:",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Key(Key),
    Param,
    Field,
    OneOf,
    Enum,
    EnumItem,
    ReturnType,
    PossibleErrors,
    ErrorRow,
}

/// A marker and the text after it, up to the next marker.
#[derive(Debug)]
struct Item {
    marker: Marker,
    start: usize,
    text: Range<usize>,
}

/// Where the scan is in the block; the parts come in this order.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    #[default]
    Keys,
    Parameters,
    ReturnType,
    Errors,
}

#[derive(Default)]
struct ScanState {
    last_key: Option<Key>,
    phase: Phase,
    in_enum: bool,
}

/// Recognizes a marker at `at`, given where the scan is. Returns the marker and
/// the length of its prefix.
fn marker_at(block: &[u8], layout: Layout, state: &ScanState) -> Option<(Marker, usize)> {
    let rest = block;
    if state.phase == Phase::Keys {
        for key in Key::ALL {
            let allowed = match key {
                Key::Method => state.last_key.is_none(),
                // After a missing URL, only a plain `Method: POST` counts, so
                // that a description's own "Method:" stays prose.
                Key::HttpMethod => match state.last_key {
                    Some(Key::Url) => true,
                    Some(Key::Description) => rest
                        .get(key.prefix().len()..)
                        .is_some_and(http_method_follows),
                    _ => false,
                },
                _ => state.last_key.is_none_or(|last| key > last),
            };
            if allowed && rest.starts_with(key.prefix().as_bytes()) {
                return Some((Marker::Key(key), key.prefix().len()));
            }
        }
    }
    if state.last_key.is_some() && rest.starts_with(b"param name:") {
        return Some((Marker::Param, "param name:".len()));
    }
    if state.phase == Phase::Keys {
        return None;
    }
    if rest.starts_with(b"- name:") && field_name_follows(&rest[7..]) {
        return Some((Marker::Field, "- name:".len()));
    }
    if rest.starts_with(b"- ONE-OF:") {
        return Some((Marker::OneOf, "- ONE-OF:".len()));
    }
    if rest.starts_with(b"- enum:") {
        return Some((Marker::Enum, "- enum:".len()));
    }
    if state.in_enum && rest.first() == Some(&b'-') {
        if let Some(len) = enum_item_prefix(rest, layout) {
            return Some((Marker::EnumItem, len));
        }
    }
    if state.phase < Phase::ReturnType && rest.starts_with(b"Return type:") {
        return Some((Marker::ReturnType, "Return type:".len()));
    }
    if state.phase == Phase::ReturnType && rest.starts_with(b"Possible Errors:") {
        return Some((Marker::PossibleErrors, "Possible Errors:".len()));
    }
    if state.phase == Phase::Errors && rest.starts_with(b"HTTP Code:") {
        return Some((Marker::ErrorRow, "HTTP Code:".len()));
    }
    None
}

/// Whether a marker can start with byte `b`: the first bytes of every
/// prefix [`marker_at`] knows (most words are skipped on this alone).
fn may_start_marker(b: u8) -> bool {
    matches!(
        b,
        b'M' | b'D' | b'U' | b'#' | b'R' | b'p' | b'-' | b'P' | b'H'
    )
}

/// ` POST` and the end of the line or text: an HTTP method value.
fn http_method_follows(rest: &[u8]) -> bool {
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let len = rest.iter().take_while(|b| b.is_ascii_uppercase()).count();
    len > 0 && rest.get(len).is_none_or(u8::is_ascii_whitespace)
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// After `- name:`: a name, then ` |`, a line break or the end. This keeps
/// `- name: ` inside prose from starting an entry.
fn field_name_follows(rest: &[u8]) -> bool {
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let name_len = rest.iter().take_while(|&&b| is_name_byte(b)).count();
    if name_len == 0 {
        return false;
    }
    let after = &rest[name_len..];
    let after = &after[after.iter().take_while(|&&b| b == b' ').count()..];
    matches!(after.first(), None | Some(b'|' | b'\n' | b'\r'))
}

/// `- NAME:` enum items. Collapsed pages only accept upper-case names, because
/// there a description's own `- Note:` bullet looks the same.
fn enum_item_prefix(rest: &[u8], layout: Layout) -> Option<usize> {
    let spaces = rest[1..].iter().take_while(|&&b| b == b' ').count();
    if spaces == 0 {
        return None;
    }
    let name = &rest[1 + spaces..];
    let name_len = match layout {
        Layout::Collapsed if name.first().is_some_and(u8::is_ascii_uppercase) => name
            .iter()
            .take_while(|&&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            .count(),
        Layout::Collapsed => 0,
        Layout::MultiLine => name.iter().take_while(|&&b| is_name_byte(b)).count(),
    };
    (name_len > 0 && name.get(name_len) == Some(&b':')).then_some(1 + spaces)
}

fn itemize(ctx: &Ctx<'_>, body: Range<usize>) -> (Vec<Item>, Option<Range<usize>>) {
    let text = ctx.source.text;
    let bytes = text.as_bytes();
    let mut items: Vec<Item> = Vec::new();
    let mut state = ScanState::default();
    let mut candidates = Candidates::new(bytes, body.clone(), ctx.source.layout);
    let mut i = body.start;
    while let Some(candidate) = candidates.next_from(i) {
        i = candidate;
        let Some((marker, prefix_len)) = marker_at(&bytes[i..body.end], ctx.source.layout, &state)
        else {
            i += 1;
            continue;
        };
        if let Some(previous) = items.last_mut() {
            previous.text.end = i;
        }
        match marker {
            Marker::Key(key) => {
                state.last_key = Some(key);
                // `Method parameters:` is the last key: the parameters (if
                // any) follow, or directly `Return type:` for a method that
                // takes none.
                if key == Key::MethodParameters {
                    state.phase = state.phase.max(Phase::Parameters);
                }
            }
            Marker::Param => state.phase = state.phase.max(Phase::Parameters),
            Marker::ReturnType => state.phase = Phase::ReturnType,
            Marker::PossibleErrors => state.phase = Phase::Errors,
            Marker::Field | Marker::OneOf | Marker::Enum | Marker::EnumItem | Marker::ErrorRow => {}
        }
        state.in_enum = matches!(marker, Marker::Enum | Marker::EnumItem);
        items.push(Item {
            marker,
            start: i,
            text: i + prefix_len..body.end,
        });
        i += prefix_len;
    }
    let leading = items.first().map_or(body.end, |item| item.start);
    let leading = (!text[body.start..leading].trim().is_empty()).then_some(body.start..leading);
    (items, leading)
}

/// Where a marker may start in a block: at a boundary (after whitespace on
/// collapsed pages, at a line's first non-blank byte on multi-line ones),
/// on a byte [`may_start_marker`] lets through.
struct Candidates<'t> {
    bytes: &'t [u8],
    end: usize,
    layout: Layout,
    /// Whether only spaces separate words (no tab, line break, carriage
    /// return or form feed): then boundaries are found by searching spaces.
    spaces_only: bool,
    /// Multi-line: whether the bytes since the last line break are blank.
    line_start_so_far: bool,
    /// Multi-line: the next byte not yet looked at.
    scanned: usize,
}

impl<'t> Candidates<'t> {
    fn new(bytes: &'t [u8], body: Range<usize>, layout: Layout) -> Self {
        // With the byte before the block, which makes its first boundary.
        let block = &bytes[body.start.saturating_sub(1)..body.end];
        let spaces_only = memchr::memchr3(b'\t', b'\n', b'\r', block).is_none()
            && memchr::memchr(0x0c, block).is_none();
        Candidates {
            bytes,
            end: body.end,
            layout,
            spaces_only,
            line_start_so_far: true,
            scanned: body.start,
        }
    }

    /// The first candidate at or after `from` (never before one returned).
    fn next_from(&mut self, from: usize) -> Option<usize> {
        match self.layout {
            Layout::Collapsed if self.spaces_only => self.after_space(from),
            Layout::Collapsed => (from..self.end).find(|&i| {
                may_start_marker(self.bytes[i])
                    && (i == 0 || self.bytes[i - 1].is_ascii_whitespace())
            }),
            Layout::MultiLine => {
                // Bytes a marker's prefix covered hold no line break, so
                // the line state carries over them.
                // A marker starts a line's first word: past that word, the
                // rest of the line is skipped in one search.
                let mut i = self.scanned.max(from);
                while i < self.end {
                    if self.line_start_so_far {
                        let b = self.bytes[i];
                        i += 1;
                        if b.is_ascii_whitespace() {
                            continue;
                        }
                        self.line_start_so_far = false;
                        if may_start_marker(b) {
                            self.scanned = i;
                            return Some(i - 1);
                        }
                    } else {
                        match memchr::memchr(b'\n', &self.bytes[i..self.end]) {
                            Some(at) => {
                                i += at + 1;
                                self.line_start_so_far = true;
                            }
                            None => i = self.end,
                        }
                    }
                }
                self.scanned = i;
                None
            }
        }
    }

    /// Collapsed, spaces only: the first byte at or after `from` that
    /// follows a space (or starts the page) and may start a marker.
    fn after_space(&self, from: usize) -> Option<usize> {
        if from >= self.end {
            return None;
        }
        if from == 0 && may_start_marker(self.bytes[0]) {
            return Some(0);
        }
        let search = from.max(1) - 1;
        memchr::memchr_iter(b' ', &self.bytes[search..self.end - 1])
            .map(|space| search + space + 1)
            .find(|&i| may_start_marker(self.bytes[i]))
    }
}

/// The field tree being filled: a parameter's or the return type's entries.
enum Container {
    None,
    /// Under an entry that could not be read (already reported): its entries
    /// are dropped rather than hung under the wrong parent.
    Discard,
    Parameter(usize),
    ReturnType,
}

struct Builder<'c, 's> {
    ctx: &'c mut Ctx<'s>,
    raw: RawSchema,
    container: Container,
    /// The enum being filled, and the field it belongs to.
    open_enum: Option<(EnumValues, String)>,
}

/// Parses the schema block whose content is `body`.
pub(crate) fn parse(ctx: &mut Ctx<'_>, body: Range<usize>) -> RawSchema {
    let (items, leading) = itemize(ctx, body);
    if let Some(leading) = leading {
        let found = excerpt(&ctx.source.text[leading.clone()]);
        ctx.report(
            leading.start,
            Problem::IgnoredText {
                context: "the start of the schema block".into(),
                expected: "`Method: ...`",
                found,
            },
        );
    }
    let mut builder = Builder {
        ctx,
        raw: RawSchema::default(),
        container: Container::None,
        open_enum: None,
    };
    for item in &items {
        builder.item(item);
    }
    builder.close_enum();
    let mut raw = builder.raw;
    if builder.ctx.source.layout == Layout::MultiLine {
        for parameter in &mut raw.parameters {
            mark_one_of_members(&mut parameter.entries);
        }
        if let Some(return_type) = &mut raw.return_type {
            mark_one_of_members(&mut return_type.entries);
        }
    }
    // The page model lives until the IR is built: no spare capacity.
    for parameter in &mut raw.parameters {
        parameter.entries.shrink_to_fit();
    }
    if let Some(return_type) = &mut raw.return_type {
        return_type.entries.shrink_to_fit();
    }
    raw
}

impl<'s> Builder<'_, 's> {
    fn text(&self, range: &Range<usize>) -> (&'s str, usize) {
        let source: &'s crate::source::Source<'s> = self.ctx.source;
        super::outline::trimmed(source.text, range.clone())
    }

    fn spanned(&self, range: &Range<usize>) -> Spanned<String> {
        let (text, start) = self.text(range);
        Spanned {
            value: text.to_owned(),
            at: self.ctx.source.pos(start),
        }
    }

    fn item(&mut self, item: &Item) {
        if !matches!(item.marker, Marker::EnumItem) {
            self.close_enum();
        }
        match item.marker {
            Marker::Key(Key::Method) => self.raw.method = Some(self.spanned(&item.text)),
            Marker::Key(Key::Description) => self.raw.description = Some(self.spanned(&item.text)),
            Marker::Key(Key::Url) => {
                let (text, start) = self.text(&item.text);
                self.raw.url = Some((text.to_owned(), start));
            }
            Marker::Key(Key::HttpMethod) => {
                let (text, start) = self.text(&item.text);
                self.raw.http_method = Some((text.to_owned(), start));
            }
            Marker::Key(Key::Note) => self.raw.note = Some(self.spanned(&item.text)),
            Marker::Key(Key::RequiredParameters) => self.required_parameters(&item.text),
            Marker::Key(Key::MethodParameters) => self.expect_nothing(item, "`Method parameters:`"),
            Marker::Param => {
                if let Some(field) = self.entry(item, "parameter entry") {
                    self.raw.parameters.push(Parameter {
                        field: Arc::new(field),
                        entries: Vec::new(),
                    });
                    self.container = Container::Parameter(self.raw.parameters.len() - 1);
                } else {
                    self.container = Container::Discard;
                }
            }
            Marker::Field => {
                if let Some(field) = self.entry(item, "field entry") {
                    self.push_entry(item.start, Entry::Field(Arc::new(field)), "a field entry");
                }
            }
            Marker::OneOf => self.one_of(item),
            Marker::Enum => self.open_enum(item),
            Marker::EnumItem => self.enum_item(item),
            Marker::ReturnType => self.return_type(item),
            Marker::PossibleErrors => self.expect_nothing(item, "`Possible Errors:`"),
            Marker::ErrorRow => self.error_row(item),
        }
    }

    fn expect_nothing(&mut self, item: &Item, context: &str) {
        let (text, start) = self.text(&item.text);
        if !text.is_empty() {
            let found = excerpt(text);
            self.ctx.report(
                start,
                Problem::IgnoredText {
                    context: context.to_owned(),
                    expected: "the next entry",
                    found,
                },
            );
        }
    }

    fn entries_mut(&mut self) -> Option<&mut Vec<Entry>> {
        match self.container {
            Container::None | Container::Discard => None,
            Container::Parameter(index) => Some(&mut self.raw.parameters[index].entries),
            Container::ReturnType => self.raw.return_type.as_mut().map(|r| &mut r.entries),
        }
    }

    fn push_entry(&mut self, start: usize, entry: Entry, what: &'static str) {
        if matches!(self.container, Container::Discard) {
            return;
        }
        match self.entries_mut() {
            Some(entries) => entries.push(entry),
            None => self
                .ctx
                .report(start, Problem::EntryOutsideTree { entry: what }),
        }
    }

    fn required_parameters(&mut self, range: &Range<usize>) {
        let (text, start) = self.text(range);
        if text.is_empty() {
            return;
        }
        let mut offset = start;
        let mut paths = Vec::new();
        for piece in text.split(',') {
            let trimmed = piece.trim();
            let at = offset + (piece.len() - piece.trim_start().len());
            offset += piece.len() + 1;
            let is_path = !trimmed.is_empty()
                && trimmed
                    .split('.')
                    .all(|part| !part.is_empty() && part.bytes().all(is_name_byte));
            if is_path {
                paths.push(Spanned {
                    value: trimmed.to_owned(),
                    at: self.ctx.source.pos(at),
                });
            } else {
                self.ctx.report(
                    at,
                    Problem::BadRequiredParameter {
                        found: excerpt(trimmed),
                    },
                );
            }
        }
        self.raw.required_parameters = paths;
    }

    /// Parses `name | type: T [| description: D] [| required: true]`.
    fn entry(&mut self, item: &Item, entry: &'static str) -> Option<Field> {
        let (text, start) = self.text(&item.text);
        let name_len = text.bytes().take_while(|&b| is_name_byte(b)).count();
        if name_len == 0 {
            self.ctx.report(
                start,
                Problem::MalformedEntry {
                    entry,
                    expected: "a field name",
                    found: excerpt(text),
                },
            );
            return None;
        }
        let name = &text[..name_len];
        let after_name = text[name_len..].trim_start();
        let Some(after_type_key) = after_name.strip_prefix("| type:") else {
            self.ctx.report(
                start + name_len,
                Problem::FieldWithoutType {
                    field: name.to_owned(),
                    found: excerpt(after_name),
                },
            );
            return None;
        };
        let type_text = after_type_key.trim_start();
        let type_start = start + (text.len() - type_text.len());
        let Some((ty, type_len)) = parse_type(type_text) else {
            self.ctx.report(
                type_start,
                Problem::MalformedEntry {
                    entry,
                    expected:
                        "a type such as `string`, `Booking` or `array<Booking>` after `type:`",
                    found: excerpt(type_text),
                },
            );
            return None;
        };
        if let TypeRef::Named(type_name) = &ty {
            if type_name.starts_with(|c: char| c.is_ascii_lowercase()) {
                self.ctx.report(
                    type_start,
                    Problem::SuspiciousTypeName {
                        field: name.to_owned(),
                        ty: type_name.clone(),
                    },
                );
            }
        }
        let mut rest = &type_text[type_len..];
        let mut required = false;
        if let Some(stripped) = rest.trim_end().strip_suffix("| required: true") {
            rest = stripped;
            required = true;
        }
        let rest_trimmed = rest.trim();
        let rest_start = type_start + type_len + (rest.len() - rest.trim_start().len());
        let mut description = None;
        let mut constraints = Vec::new();
        if let Some(text) = rest_trimmed.strip_prefix("| description:") {
            let description_text = text.trim();
            let description_start = rest_start + (rest_trimmed.len() - text.trim_start().len());
            constraints =
                constraints::extract(self.ctx.source, description_text, description_start);
            // Pages hold hundreds of thousands of fields: no spare capacity.
            constraints.shrink_to_fit();
            description = Some(description_text.to_owned());
        } else if !rest_trimmed.is_empty() {
            self.ctx.report(
                rest_start,
                Problem::IgnoredText {
                    context: format!("the type of `{name}`"),
                    expected: "`| description: ...` or `| required: true`",
                    found: excerpt(rest_trimmed),
                },
            );
        }
        Some(Field {
            name: name.to_owned(),
            ty,
            description,
            required,
            enum_values: None,
            constraints,
            indent: self.ctx.source.indent(item.start),
            at: self.ctx.source.pos(item.start),
        })
    }

    fn one_of(&mut self, item: &Item) {
        let (text, start) = self.text(&item.text);
        let required = match text {
            "" => false,
            "- required: true" => true,
            other => {
                let found = excerpt(other);
                self.ctx.report(
                    start,
                    Problem::IgnoredText {
                        context: "`- ONE-OF:`".into(),
                        expected: "nothing or `- required: true`",
                        found,
                    },
                );
                false
            }
        };
        let marker = OneOf {
            required,
            members: None,
            indent: self.ctx.source.indent(item.start),
            at: self.ctx.source.pos(item.start),
        };
        self.push_entry(item.start, Entry::OneOf(marker), "a `- ONE-OF:` marker");
    }

    fn open_enum(&mut self, item: &Item) {
        if matches!(self.container, Container::Discard) {
            return;
        }
        let field_name = match self.last_field_mut() {
            Ok(field) => field.name.clone(),
            Err(found) => {
                self.ctx
                    .report(item.start, Problem::EnumWithoutField { found });
                return;
            }
        };
        let mut values = EnumValues {
            style: EnumStyle::Inline,
            values: Vec::new(),
            at: self.ctx.source.pos(item.start),
        };
        let (text, start) = self.text(&item.text);
        if !text.is_empty() {
            let mut offset = start;
            for piece in text.split(',') {
                let value = piece.trim();
                let at = offset + (piece.len() - piece.trim_start().len());
                offset += piece.len() + 1;
                let name_len = value.bytes().take_while(|&b| is_name_byte(b)).count();
                if name_len == 0 || name_len < value.len() {
                    self.ctx.report(
                        at + name_len,
                        Problem::IgnoredText {
                            context: format!("the enum values of `{field_name}`"),
                            expected: "comma-separated values such as `ASC, DESC`",
                            found: excerpt(&value[name_len..]),
                        },
                    );
                }
                if name_len > 0 {
                    values.values.push(EnumValue {
                        name: value[..name_len].to_owned(),
                        description: None,
                        at: self.ctx.source.pos(at),
                    });
                }
            }
        }
        self.open_enum = Some((values, field_name));
    }

    fn enum_item(&mut self, item: &Item) {
        let (text, start) = self.text(&item.text);
        let name_len = text.bytes().take_while(|&b| is_name_byte(b)).count();
        let name = text[..name_len].to_owned();
        let description = text[name_len..].trim_start_matches(':').trim();
        let value = EnumValue {
            name,
            description: (!description.is_empty()).then(|| description.to_owned()),
            at: self.ctx.source.pos(start),
        };
        if let Some((values, _)) = &mut self.open_enum {
            values.style = EnumStyle::List;
            values.values.push(value);
        }
    }

    fn close_enum(&mut self) {
        let Some((mut values, field_name)) = self.open_enum.take() else {
            return;
        };
        if values.values.is_empty() {
            let found = excerpt(&self.ctx.source.text[values.at.offset..]);
            self.ctx.report(
                values.at.offset,
                Problem::EnumWithoutValues {
                    field: field_name,
                    found,
                },
            );
            return;
        }
        if let Ok(field) = self.last_field_mut() {
            values.values.shrink_to_fit();
            field.enum_values = Some(values);
        }
    }

    /// The field an `- enum:` marker belongs to: the last entry, or the
    /// parameter itself when it has no entries yet.
    fn last_field_mut(&mut self) -> Result<&mut Field, String> {
        match self.container {
            Container::None => Err("no field entry before it".into()),
            Container::Discard => Err("an entry that could not be read".into()),
            Container::Parameter(index) => {
                let parameter = &mut self.raw.parameters[index];
                match parameter.entries.last_mut() {
                    // Just read: not shared yet, so nothing is copied.
                    None => Ok(Arc::make_mut(&mut parameter.field)),
                    Some(Entry::Field(field)) => Ok(Arc::make_mut(field)),
                    Some(Entry::OneOf(_)) => Err("a `- ONE-OF:` marker".into()),
                }
            }
            Container::ReturnType => match self
                .raw
                .return_type
                .as_mut()
                .and_then(|r| r.entries.last_mut())
            {
                Some(Entry::Field(field)) => Ok(Arc::make_mut(field)),
                Some(Entry::OneOf(_)) => Err("a `- ONE-OF:` marker".into()),
                None => Err("`Return type:` with no field entry yet".into()),
            },
        }
    }

    fn return_type(&mut self, item: &Item) {
        let (text, start) = self.text(&item.text);
        let Some((ty, len)) = parse_type(text) else {
            self.ctx.report(
                start,
                Problem::MalformedEntry {
                    entry: "`Return type:` line",
                    expected: "a type name such as `QueryResourcesResponse`",
                    found: excerpt(text),
                },
            );
            self.container = Container::Discard;
            return;
        };
        let rest = text[len..].trim();
        if !rest.is_empty() {
            self.ctx.report(
                start + len,
                Problem::IgnoredText {
                    context: "the return type".into(),
                    expected: "the first field entry",
                    found: excerpt(rest),
                },
            );
        }
        self.raw.return_type = Some(ReturnType {
            ty: Spanned {
                value: ty,
                at: self.ctx.source.pos(start),
            },
            entries: Vec::new(),
        });
        self.container = Container::ReturnType;
    }

    fn error_row(&mut self, item: &Item) {
        let (text, start) = self.text(&item.text);
        let parsed = (|| {
            let (code, rest) = text.split_once(" | Status Code: ")?;
            let (status, rest) = rest.split_once(" | Application Code: ")?;
            let (application, description) = rest.split_once(" | Description: ")?;
            Some(PossibleError {
                http_code: code.trim().parse().ok()?,
                status_code: status.trim().to_owned(),
                application_code: application.trim().to_owned(),
                description: description.trim().to_owned(),
                at: self.ctx.source.pos(item.start),
            })
        })();
        match parsed {
            Some(row) => self.raw.possible_errors.push(row),
            None => self.ctx.report(
                start,
                Problem::IgnoredText {
                    context: "`HTTP Code:`".into(),
                    expected:
                        "`<code> | Status Code: ... | Application Code: ... | Description: ...`",
                    found: excerpt(text),
                },
            ),
        }
    }
}

/// On multi-line pages, a `- ONE-OF:` group's members are the entries printed
/// one level deeper than the marker, until the indentation comes back up.
fn mark_one_of_members(entries: &mut [Entry]) {
    for index in 0..entries.len() {
        let Entry::OneOf(marker) = &entries[index] else {
            continue;
        };
        let Some(marker_indent) = marker.indent else {
            continue;
        };
        let indent_of = |entry: &Entry| match entry {
            Entry::Field(field) => field.indent,
            Entry::OneOf(marker) => marker.indent,
        };
        let mut members = Vec::new();
        let member_indent = entries.get(index + 1).and_then(indent_of);
        if let Some(member_indent) = member_indent.filter(|&indent| indent > marker_indent) {
            for entry in &entries[index + 1..] {
                let Some(indent) = indent_of(entry) else {
                    break;
                };
                if indent < member_indent {
                    break;
                }
                if let (true, Entry::Field(field)) = (indent == member_indent, entry) {
                    members.push(field.name.clone());
                }
            }
        }
        if let Entry::OneOf(marker) = &mut entries[index] {
            marker.members = Some(members);
        }
    }
}

/// The nesting a type may have; deeper text is not a type.
const MAX_TYPE_DEPTH: usize = 8;

/// Parses a type at the start of `text`; returns it and its length in bytes.
pub(crate) fn parse_type(text: &str) -> Option<(TypeRef, usize)> {
    parse_type_at_depth(text, 0)
}

fn parse_type_at_depth(text: &str, depth: usize) -> Option<(TypeRef, usize)> {
    if depth > MAX_TYPE_DEPTH {
        return None;
    }
    let name_len = text.bytes().take_while(|&b| is_name_byte(b)).count();
    if name_len == 0 || text.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let name = &text[..name_len];
    let mut len = name_len;
    let mut inner = None;
    if text[len..].starts_with('<') {
        let (ty, inner_len) = parse_type_at_depth(&text[len + 1..], depth + 1)?;
        if !text[len + 1 + inner_len..].starts_with('>') {
            return None;
        }
        inner = Some(Box::new(ty));
        len += inner_len + 2;
    }
    let ty = match (name, inner) {
        ("array" | "Array", inner) => TypeRef::Array(inner),
        ("PROMISE" | "Promise", inner) => TypeRef::Promise(inner),
        (_, Some(_)) => return None,
        ("string", None) => TypeRef::String,
        ("integer", None) => TypeRef::Integer,
        ("number", None) => TypeRef::Number,
        ("boolean", None) => TypeRef::Boolean,
        ("object", None) => TypeRef::Object,
        ("Date", None) => TypeRef::Date,
        (name, None) => TypeRef::Named(name.to_owned()),
    };
    Some((ty, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every way of finding candidates finds those of the plain rule: a
    /// boundary, then a byte that may start a marker.
    #[test]
    fn candidates_are_boundaries_with_a_marker_byte() {
        let alphabet = b"MDUp-#RPHx: \t\n\r";
        let mut seed: u32 = 7;
        for round in 0..400 {
            let len = 1 + round % 60;
            let mut text = Vec::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                // Mostly spaces only, sometimes other whitespace too.
                let span = if round % 3 == 0 { alphabet.len() } else { 12 };
                text.push(alphabet[(seed >> 16) as usize % span]);
            }
            for layout in [Layout::Collapsed, Layout::MultiLine] {
                for start in [0, len / 3] {
                    let body = start..len;
                    let mut expected = Vec::new();
                    let mut line_start = true;
                    for i in body.clone() {
                        let b = text[i];
                        let boundary = match layout {
                            Layout::Collapsed => i == 0 || text[i - 1].is_ascii_whitespace(),
                            Layout::MultiLine => line_start && !b.is_ascii_whitespace(),
                        };
                        if b == b'\n' {
                            line_start = true;
                        } else if !b.is_ascii_whitespace() {
                            line_start = false;
                        }
                        if boundary && may_start_marker(b) {
                            expected.push(i);
                        }
                    }
                    let mut found = Vec::new();
                    let mut candidates = Candidates::new(&text, body.clone(), layout);
                    let mut from = body.start;
                    while let Some(i) = candidates.next_from(from) {
                        found.push(i);
                        from = i + 1;
                    }
                    let shown = String::from_utf8_lossy(&text);
                    assert_eq!(found, expected, "{layout:?} {start} {shown:?}");
                }
            }
        }
    }

    /// The first-byte filter lets every marker through.
    #[test]
    fn every_marker_prefix_passes_the_first_byte_filter() {
        let literal = [
            "param name:",
            "- name:",
            "- ONE-OF:",
            "- enum:",
            "- ACTIVE:",
            "Return type:",
            "Possible Errors:",
            "HTTP Code:",
        ];
        let keys = Key::ALL.map(Key::prefix);
        for prefix in literal.iter().chain(&keys) {
            assert!(may_start_marker(prefix.as_bytes()[0]), "{prefix}");
        }
    }
}
