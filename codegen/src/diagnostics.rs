//! Errors and warnings about the input, each tied to a file and a position.
//!
//! Nothing the generator corrects or refuses goes unreported: every problem is a
//! [`Problem`] variant, shown with its file, position, what was expected, what
//! was found and how a maintainer can settle it.

use std::fmt;

use serde::Serialize;

use crate::source::Pos;

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Odd but usable input; the generator says what it did about it.
    Warning,
    /// Input the generator cannot use; nothing is generated.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Everything the reader can find wrong with a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Problem {
    /// The file is not UTF-8 text.
    #[error("the page is not UTF-8 text: expected UTF-8, found an invalid byte sequence at byte {valid_up_to}")]
    NotUtf8 {
        /// Length of the valid prefix.
        valid_up_to: usize,
    },
    /// A part every page has is missing.
    #[error("expected {part}, found {found}")]
    MissingPart {
        /// The missing part, e.g. "the `# Package:` heading".
        part: String,
        /// What is there instead.
        found: String,
    },
    /// The page ends inside a code block.
    #[error("the page ends inside {block} opened at {opened_at}: expected its closing ``` fence, found the end of the page")]
    Truncated {
        /// Which block.
        block: String,
        /// Where the block opens.
        opened_at: Pos,
    },
    /// A schema block lacks a line every schema of its kind has.
    #[error("the {schema} schema has no `{key}` line: expected `{key} ...`, found {found}")]
    MissingSchemaKey {
        /// "REST" or "JavaScript SDK".
        schema: &'static str,
        /// The missing key, e.g. `URL:`.
        key: &'static str,
        /// What is there instead.
        found: String,
    },
    /// The schema URL is not an absolute http(s) URL.
    #[error("expected an absolute `https://host/path` URL, found {found}")]
    BadUrl {
        /// The text found.
        found: String,
    },
    /// The HTTP method is not one the generator knows.
    #[error("expected an HTTP method (GET, POST, PUT, PATCH or DELETE), found {found}")]
    UnknownHttpMethod {
        /// The text found.
        found: String,
    },
    /// A field entry names no type.
    #[error(
        "field `{field}` has no type: expected `| type: <type>` after its name, found {found}"
    )]
    FieldWithoutType {
        /// The field's name.
        field: String,
        /// What follows the name.
        found: String,
    },
    /// A field entry does not follow the entry grammar.
    #[error("malformed {entry}: expected {expected}, found {found}")]
    MalformedEntry {
        /// Which kind of entry.
        entry: &'static str,
        /// What the grammar wants here.
        expected: &'static str,
        /// What is there.
        found: String,
    },
    /// An entry sits where no field tree is open.
    #[error("{entry} outside `Method parameters` and `Return type`: expected it under a `param name:` or after `Return type:`")]
    EntryOutsideTree {
        /// Which kind of entry.
        entry: &'static str,
    },
    /// An enum marker that follows no field.
    #[error("`- enum:` follows no field: expected it right after the field entry it belongs to, found {found}")]
    EnumWithoutField {
        /// What precedes the marker.
        found: String,
    },
    /// An enum with no values.
    #[error("the enum of field `{field}` lists no values: expected `- enum: A, B` or `- NAME: description` items, found {found}")]
    EnumWithoutValues {
        /// The field the enum belongs to.
        field: String,
        /// What follows the marker.
        found: String,
    },
    /// A `Required parameters` item that is not a dotted field path.
    #[error("expected a dotted field path such as `query.filter` in `Required parameters`, found {found}")]
    BadRequiredParameter {
        /// The item found.
        found: String,
    },
    /// An example's body is not JSON.
    #[error("the body of example {example} is not JSON: {reason}")]
    ExampleBodyNotJson {
        /// The example's title.
        example: String,
        /// What the JSON parser reports.
        reason: String,
    },
    /// Text the reader does not understand and leaves out of the page model.
    #[error("ignored unexpected text after {context}: expected {expected}, found {found}")]
    IgnoredText {
        /// What the text follows.
        context: String,
        /// What would have been understood there.
        expected: &'static str,
        /// The ignored text.
        found: String,
    },
    /// A named type spelled like a field name.
    #[error("field `{field}` has type `{ty}`, which is spelled like a field name, not a type")]
    SuspiciousTypeName {
        /// The field.
        field: String,
        /// The type as written.
        ty: String,
    },
    /// An example calls another URL than the schema gives.
    #[error("the URL path of example {example} is `{example_path}` but the schema's is `{schema_path}`; the schema URL is the one used")]
    ExampleUrlDiffers {
        /// The example's title.
        example: String,
        /// The example's path.
        example_path: String,
        /// The schema's path.
        schema_path: String,
    },
    /// An example calls another HTTP method than the schema gives.
    #[error("example {example} uses HTTP method {example_method} but the schema says {schema_method}; the schema's method is the one used")]
    ExampleMethodDiffers {
        /// The example's title.
        example: String,
        /// The example's method.
        example_method: String,
        /// The schema's method.
        schema_method: String,
    },
    /// A page without a JavaScript SDK section.
    #[error("the page has no `## JavaScript SDK` section")]
    NoSdkSection,
    /// An example's code block the reader does not interpret.
    #[error("example {example} has a ```{info} block; only curl and javascript examples are interpreted, this one is kept as text")]
    UninterpretedExample {
        /// The example's title.
        example: String,
        /// The code block's info string.
        info: String,
    },
    /// A spec file whose path does not match its method link.
    #[error("the page is filed at `{found}` but its method link puts it at `{expected}`")]
    MisplacedSpec {
        /// Where the method link says the page belongs.
        expected: String,
        /// Where it is.
        found: String,
    },
    /// No evidence settles which candidate holds a field.
    #[error("no evidence settles which field holds `{field}`: it could belong to {candidates}; settle it in specs/hints.yaml with `path` under the true parent, e.g.:\n{hint}{assumes}")]
    AmbiguousParent {
        /// The field.
        field: String,
        /// The candidate parents.
        candidates: String,
        /// The hints entry that would settle it (for the first candidate).
        hint: String,
        /// Empty, or which earlier open questions this one assumes the
        /// suggested answer of (another answer there may change it).
        assumes: String,
    },
    /// Strong evidence puts a field under two parents.
    #[error("the evidence conflicts on where field `{field}` belongs: {details}")]
    ConflictingEvidence {
        /// The field.
        field: String,
        /// Each parent and its evidence.
        details: String,
    },
    /// A hint picks a parent the page's evidence contradicts.
    #[error("the hints file puts `{field}` under {hinted}, but {evidence}")]
    HintContradicted {
        /// The field.
        field: String,
        /// The hinted parent.
        hinted: String,
        /// The contradicting evidence.
        evidence: String,
    },
    /// A hint that matches no entry.
    #[error("the hint for `{path}` matches no entry: no field of that name follows `{after}` in the {tree} of that page")]
    UnusedHint {
        /// The hinted path.
        path: String,
        /// The entry it should follow.
        after: String,
        /// The tree.
        tree: String,
    },
    /// A hints file that cannot be read.
    #[error("the hints file cannot be read: {reason}")]
    BadHints {
        /// What is wrong.
        reason: String,
    },
    /// A field placed elsewhere than its indentation says.
    #[error("field `{field}` is printed under `{printed}` but belongs to `{placed}`: {reason}")]
    CorrectedIndentation {
        /// The field.
        field: String,
        /// Where the indentation puts it.
        printed: String,
        /// Where it is placed.
        placed: String,
        /// The evidence.
        reason: String,
    },
    /// A `Required parameters` path naming a field the page never documents.
    #[error("`Required parameters` lists `{path}`, but the page documents no such field; it is not marked required")]
    UndocumentedRequiredPath {
        /// The listed path.
        path: String,
    },
    /// A collapsed page's ONE-OF group whose members cannot be known.
    #[error("this `- ONE-OF:` group's members cannot be known on a collapsed page; the group is not recorded from here")]
    OneOfMembersUnknown,
    /// Two occurrences of a named type disagree on a field.
    #[error("type `{ty}` has field `{field}` as {here} here, but as {there} at {there_at}")]
    TypeConflict {
        /// The type.
        ty: String,
        /// The field (or `(kind)` when one occurrence is an enum, the other an object).
        field: String,
        /// The field's type at this occurrence.
        here: String,
        /// The field's type at the other occurrence.
        there: String,
        /// Where the other occurrence is, `file:position`.
        there_at: String,
    },
    /// A field's written type is a field name; another source gave the real type.
    #[error("field `{field}` is written with type `{written}`, which names no type; it is taken as `{resolved}` from {evidence}")]
    TypeResolved {
        /// The field's path.
        field: String,
        /// The type as written.
        written: String,
        /// The type taken.
        resolved: String,
        /// Where the real type comes from.
        evidence: String,
    },
    /// A field's written type is a field name and nothing gives the real type.
    #[error("field `{field}` is written with type `{written}`, which names no type, and the SDK schema does not settle it: expected one SDK field `{written}` with a type, found {found}")]
    TypeUnresolved {
        /// The field's path.
        field: String,
        /// The type as written.
        written: String,
        /// What the SDK schema shows.
        found: String,
    },
    /// An array whose element type nothing names.
    #[error("array field `{field}` names no element type and no evidence gives one (no children, no example value, no typed SDK field): its elements are taken as any JSON value; to type them, add to specs/hints.yaml:\n{hint}")]
    ElementTypeUnknown {
        /// The field's path.
        field: String,
        /// The hints entry to fill in.
        hint: String,
    },
    /// A derived element type name that is already taken by another type.
    #[error("the elements of `{field}` would be named `{name}`, but `{name}` is already {other}; name them in specs/hints.yaml:\n{hint}")]
    DerivedNameTaken {
        /// The array field's path.
        field: String,
        /// The derived name.
        name: String,
        /// What holds the name.
        other: String,
        /// The hints entry to fill in.
        hint: String,
    },
    /// An element hint that does not fit the page.
    #[error("the element hint for `{path}` in the {tree} tree does not fit the page: {reason}")]
    BadElementHint {
        /// The hinted path.
        path: String,
        /// The tree.
        tree: String,
        /// Why.
        reason: String,
    },
    /// A named type that no page gives fields or values for.
    #[error("type `{ty}` has no documented fields or enum values on any page; it is an object with no known fields (unknown fields are still kept)")]
    ShapelessType {
        /// The type.
        ty: String,
    },
    /// A URL path whose `{...}` parameters are not well formed.
    #[error("the URL path `{path}` is not a path template: {problem}; expected `{{name}}` parameters naming request fields, e.g. `/v1/things/{{thingId}}`")]
    BadPathTemplate {
        /// The URL path.
        path: String,
        /// What is wrong.
        problem: String,
    },
    /// A path parameter that names no request field.
    #[error("the URL path `{path}` has the parameter `{{{name}}}`, but the request has no field `{name}` to fill it from (request fields: {fields})")]
    PathParameterUnknown {
        /// The URL path.
        path: String,
        /// The parameter.
        name: String,
        /// The request's field paths.
        fields: String,
    },
    /// A path parameter naming a field the request leaves undocumented
    /// under a documented object (`{category.id}` beside `category`).
    #[error("the URL path `{path}` has the parameter `{{{name}}}`, but the request documents no field `{name}`; the template is evidence that it exists, so it is added to `{parent}` as a string")]
    PathParameterAdded {
        /// The URL path.
        path: String,
        /// The parameter.
        name: String,
        /// The object the field is added to (its path, or `(root)`).
        parent: String,
    },
    /// A path parameter whose request field is not a plain value.
    #[error("the URL path's parameter `{{{name}}}` is filled from the request field `{name}`, which is {found}; expected a string, number, boolean or enum")]
    PathParameterNotPlain {
        /// The parameter.
        name: String,
        /// What the field is.
        found: String,
    },
    /// A top-level path parameter field the page does not mark required.
    #[error("the URL path's parameter `{{{name}}}` is filled from the request field `{name}`, which the page does not mark required; it is required in the bindings, since the call cannot be made without it")]
    PathParameterMadeRequired {
        /// The parameter.
        name: String,
    },
    /// A name that the Rust bindings spell otherwise than the page, because
    /// the cleaned name is taken or too long.
    #[error("{what}{at} is named `{rust}` in the Rust bindings: {because}")]
    RenamedInRust {
        /// What is named, e.g. "the type `*/`".
        what: String,
        /// ` (at file:position)`, or empty.
        at: String,
        /// The Rust name.
        rust: String,
        /// Why.
        because: String,
    },
    /// A file that could not be read at all.
    #[error("cannot read the file: {reason}")]
    Unreadable {
        /// The I/O error.
        reason: String,
    },
    /// A response object kept open for fields the request shows for its
    /// type, which never came.
    #[error("the response's `{object}` (type `{ty}`) never shows `{missing}`, which the request shows for the same type; a response shows every field of a type, so the fields after `{object}`'s own were kept inside it on that ground, and the two trees disagree")]
    MissingFromResponse {
        /// The object's path in the response.
        object: String,
        /// Its type.
        ty: String,
        /// The missing fields.
        missing: String,
    },
    /// A maintainer's field list that lacks a field the page puts under an
    /// object of that type.
    #[error("field `{field}` belongs under `{parent}` ({evidence}), but {list}")]
    FieldListContradicted {
        /// The field.
        field: String,
        /// The parent the evidence gives.
        parent: String,
        /// The evidence.
        evidence: String,
        /// What the list says.
        list: String,
    },
    /// A maintainer's field list for a type no page of its module has.
    #[error(
        "the field list of `{ty}` matches no object in the pages of the SDK module of specs/{page}"
    )]
    UnusedTypeHint {
        /// The type.
        ty: String,
        /// The page the hint names.
        page: String,
    },
    /// A field placed under an object of a common type that the catalogue
    /// says lacks it.
    #[error("field `{field}` is placed under `{parent}` ({settled_by}), but the catalogue's common type `{ty}` has no such field: this SDK module's `{ty}` is its own type")]
    BeyondCatalogue {
        /// The field.
        field: String,
        /// Its parent's path.
        parent: String,
        /// The type.
        ty: String,
        /// What placed it there.
        settled_by: String,
    },
    /// A draft hint that the maintainer has not confirmed.
    #[error("the hint for `{path}` is a draft that no one has confirmed ({detail}); a suggestion settles nothing")]
    UnconfirmedDraft {
        /// The draft's path.
        path: String,
        /// Which question it answers, or that none needs it.
        detail: String,
    },
    /// A one-line capture that leaves many fields unsettled.
    #[error("this page is a one-line capture (its line breaks and indentation were collapsed) and leaves {questions} field(s) unsettled; its multi-line form, whose indentation settles almost all of them, is served at {link}")]
    OneLineCapture {
        /// How many fields are unsettled.
        questions: usize,
        /// The address of the multi-line form.
        link: String,
    },
}

impl Problem {
    /// Whether the problem stops generation.
    pub fn severity(&self) -> Severity {
        match self {
            Problem::IgnoredText { .. }
            | Problem::SuspiciousTypeName { .. }
            | Problem::ExampleUrlDiffers { .. }
            | Problem::ExampleMethodDiffers { .. }
            | Problem::NoSdkSection
            | Problem::UninterpretedExample { .. }
            | Problem::MisplacedSpec { .. }
            | Problem::CorrectedIndentation { .. }
            | Problem::OneOfMembersUnknown
            | Problem::UndocumentedRequiredPath { .. }
            | Problem::TypeResolved { .. }
            | Problem::ShapelessType { .. }
            | Problem::RenamedInRust { .. }
            | Problem::PathParameterMadeRequired { .. }
            | Problem::PathParameterAdded { .. }
            | Problem::ElementTypeUnknown { .. }
            | Problem::OneLineCapture { .. }
            | Problem::BeyondCatalogue { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// How a maintainer can settle the problem.
    pub fn help(&self) -> &'static str {
        match self {
            Problem::NotUtf8 { .. } | Problem::Unreadable { .. } => {
                "recapture the page as UTF-8 markdown and save it again"
            }
            Problem::MissingPart { .. } | Problem::Truncated { .. } => {
                "the page looks truncated or is not a Wix API reference page; recapture the whole page from its method link"
            }
            Problem::MissingSchemaKey { .. }
            | Problem::BadUrl { .. }
            | Problem::UnknownHttpMethod { .. }
            | Problem::FieldWithoutType { .. }
            | Problem::MalformedEntry { .. }
            | Problem::EntryOutsideTree { .. }
            | Problem::EnumWithoutField { .. }
            | Problem::EnumWithoutValues { .. }
            | Problem::BadRequiredParameter { .. } => {
                "compare this spot with the live docs page and fix the captured text to match it"
            }
            Problem::ExampleBodyNotJson { .. } => {
                "fix the example's JSON (compare with the live docs page) or remove the example"
            }
            Problem::IgnoredText { .. } => {
                "if the text carries meaning, fix the captured page so it follows the schema grammar"
            }
            Problem::SuspiciousTypeName { .. } => {
                "the type is taken as written here; structure recovery checks it against the SDK schema"
            }
            Problem::ExampleUrlDiffers { .. } | Problem::ExampleMethodDiffers { .. } => {
                "nothing to do unless the schema is the one that is wrong"
            }
            Problem::NoSdkSection => {
                "bindings fall back to the page's Package and Namespace for module placement"
            }
            Problem::UninterpretedExample { .. } => "nothing to do; the example is kept as text",
            Problem::AmbiguousParent { .. } => {
                "find the field's parent in the live docs or an API response, and add the hints entry shown"
            }
            Problem::ConflictingEvidence { .. } | Problem::HintContradicted { .. } => {
                "one of the sources is wrong: check the live docs, then fix the page or the hints file"
            }
            Problem::UnusedHint { .. } | Problem::BadHints { .. } | Problem::BadElementHint { .. } => {
                "fix or remove the hint; `cargo xtask trees` shows the recovered paths"
            }
            Problem::CorrectedIndentation { .. } => {
                "nothing to do: the docs print this field one level too deep"
            }
            Problem::UndocumentedRequiredPath { .. } => {
                "nothing to do unless the docs page documents the field; then recapture it"
            }
            Problem::OneOfMembersUnknown => {
                "a multi-line capture of a page with the same type records the group"
            }
            Problem::TypeConflict { .. } => {
                "check both places in the live docs; if they are two types, the pages name them alike by mistake: fix the wrong page"
            }
            Problem::TypeResolved { .. } => "nothing to do: the REST schema writes a field name where the type belongs",
            Problem::TypeUnresolved { .. } => {
                "recapture the page with its JavaScript SDK section, or fix the type in the captured page"
            }
            Problem::ElementTypeUnknown { .. } => {
                "nothing to do: any JSON value is never wrong; to type the elements, add the hints entry shown with the element type from the live docs or an API response"
            }
            Problem::DerivedNameTaken { .. } => {
                "add the hints entry shown, with the element type from the live docs or an API response"
            }
            Problem::BadPathTemplate { .. }
            | Problem::PathParameterUnknown { .. }
            | Problem::PathParameterNotPlain { .. } => {
                "compare the schema URL and the request fields with the live docs page and fix the captured text to match it"
            }
            Problem::PathParameterAdded { .. } => {
                "nothing to do unless the live page documents the field otherwise; the docs hide read-only fields such as `id` in requests"
            }
            Problem::PathParameterMadeRequired { .. } => {
                "nothing to do unless the parameter is optional on the live page; the docs usually list it under `Required parameters`"
            }
            Problem::RenamedInRust { .. } => {
                "nothing to do unless the two names are one by mistake; then fix the page"
            }
            Problem::ShapelessType { .. } => {
                "nothing to do unless a page documents the type; the bindings keep its JSON as is"
            }
            Problem::MisplacedSpec { .. } => {
                "move the file (`cargo xtask add-spec <file>` files a page where it belongs)"
            }
            Problem::MissingFromResponse { .. } => {
                "compare both trees with the live docs page; if the response's type really lacks those fields, add hints entries placing the fields that follow its last one"
            }
            Problem::FieldListContradicted { .. } => {
                "one of the two is wrong: check the type's fields in the live docs, then fix the hints file's list or the page"
            }
            Problem::UnusedTypeHint { .. } => {
                "fix the type's name (as `cargo xtask trees` shows it) or the page, or remove the list"
            }
            Problem::BeyondCatalogue { .. } => {
                "nothing to do if the live docs show the field there; the catalogue's knowledge of the type no longer applies to this module"
            }
            Problem::UnconfirmedDraft { .. } => {
                "check the draft against the live docs page: keep its `path` or change it to the true parent's, then delete its `draft: true` line (or delete the entry)"
            }
            Problem::OneLineCapture { .. } => {
                "recapture the page from that address and file it with `cargo xtask add-spec <file>`: cheaper than answering each question"
            }
        }
    }
}

/// A [`Problem`] found in a file, at a position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as given to the reader (relative to the repository for specs).
    pub file: String,
    /// Where in the file; `None` only for problems with the file as a whole.
    pub at: Option<Pos>,
    /// What is wrong.
    pub problem: Problem,
}

impl Diagnostic {
    /// A diagnostic for `problem` at `at` in `file`.
    pub fn new(file: &str, at: Option<Pos>, problem: Problem) -> Self {
        Diagnostic {
            file: file.to_owned(),
            at,
            problem,
        }
    }

    /// Whether this diagnostic is an error or a warning.
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }

    /// Whether this diagnostic stops generation.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity(), self.file)?;
        if let Some(at) = self.at {
            write!(f, ":{at}")?;
        }
        write!(f, ": {}\n  help: {}", self.problem, self.problem.help())
    }
}

/// The text of `diagnostics`, each on its own line(s) in order: what a
/// command prints. Rendered on every core (a large corpus has tens of
/// thousands of warnings); the text is the one a loop would write.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    use rayon::prelude::*;
    use std::fmt::Write as _;
    diagnostics
        .par_chunks(512)
        .map(|chunk| {
            let mut text = String::new();
            for diagnostic in chunk {
                let _ = writeln!(text, "{diagnostic}");
            }
            text
        })
        .collect::<Vec<String>>()
        .concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    #[test]
    fn render_all_writes_each_diagnostic_on_its_lines_in_order() {
        let diagnostics: Vec<Diagnostic> = (0..2000)
            .map(|n| Diagnostic::new(&format!("specs/{n}.md"), None, Problem::NoSdkSection))
            .collect();
        let mut one_by_one = String::new();
        for diagnostic in &diagnostics {
            one_by_one.push_str(&diagnostic.to_string());
            one_by_one.push('\n');
        }
        assert_eq!(render_all(&diagnostics), one_by_one);
        assert_eq!(render_all(&[]), "");
    }

    #[test]
    fn display_names_file_position_problem_and_help() {
        let source = Source::new("a\nbcd\n");
        let diagnostic = Diagnostic::new(
            "specs/x.md",
            Some(source.pos(3)),
            Problem::UnknownHttpMethod {
                found: "`FETCH`".into(),
            },
        );
        assert_eq!(
            diagnostic.to_string(),
            "error: specs/x.md:2:2: expected an HTTP method (GET, POST, PUT, PATCH or DELETE), found `FETCH`\n  \
             help: compare this spot with the live docs page and fix the captured text to match it"
        );
        assert!(diagnostic.is_error());
        assert_eq!(Problem::NoSdkSection.severity(), Severity::Warning);
    }
}
