//! The page reader: turns one captured reference page, in either capture form,
//! into a [`Page`] and the diagnostics about it.
//!
//! Reading goes outline (headings and fences) -> header -> sections -> schema
//! blocks and examples. Every problem is collected, so one run reports all of
//! a page's errors; the reader never panics, whatever the input.

mod constraints;
mod examples;
mod outline;
mod schema;

pub(crate) use schema::parse_type;

use crate::diagnostics::{Diagnostic, Problem};
use crate::page::{
    Example, ExampleCode, HttpMethod, JsImport, Page, PermissionScope, RestSchema, RestSection,
    SdkMethod, SdkSchema, SdkSection, Url,
};
use crate::source::{excerpt, Source, Spanned};
use outline::{BlockKind, Outline};

/// A page read without errors, and the warnings about it.
#[derive(Debug, Clone)]
pub struct ReadPage {
    /// The page model.
    pub page: Page,
    /// What is odd but usable about the page.
    pub warnings: Vec<Diagnostic>,
}

/// Reads a page from raw bytes. `file` names the page in diagnostics.
///
/// Returns the page and its warnings, or every diagnostic (errors and
/// warnings) when the page has at least one error.
pub fn read_page(file: &str, bytes: &[u8]) -> Result<ReadPage, Vec<Diagnostic>> {
    match std::str::from_utf8(bytes) {
        Ok(text) => read_page_text(file, text),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let at = Source::new(valid).pos(valid.len());
            Err(vec![Diagnostic::new(
                file,
                Some(at),
                Problem::NotUtf8 {
                    valid_up_to: error.valid_up_to(),
                },
            )])
        }
    }
}

/// Reads a page from text. `file` names the page in diagnostics.
pub fn read_page_text(file: &str, text: &str) -> Result<ReadPage, Vec<Diagnostic>> {
    let source = Source::new(text);
    let mut ctx = Ctx {
        source: &source,
        file,
        diagnostics: Vec::new(),
    };
    let outline = Outline::new(&source);
    let page = read(&mut ctx, &outline);
    let diagnostics = ctx.diagnostics;
    match page {
        Some(page) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(ReadPage {
            page,
            warnings: diagnostics,
        }),
        _ => {
            debug_assert!(diagnostics.iter().any(Diagnostic::is_error));
            Err(diagnostics)
        }
    }
}

/// What every reading step shares: the page and the diagnostics so far.
pub(crate) struct Ctx<'s> {
    pub source: &'s Source<'s>,
    file: &'s str,
    diagnostics: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn report(&mut self, offset: usize, problem: Problem) {
        let at = self.source.pos(offset);
        self.diagnostics
            .push(Diagnostic::new(self.file, Some(at), problem));
    }

    /// Reports that `part` is missing where the page continues at `offset`.
    fn missing(&mut self, offset: usize, part: &str) {
        let rest = self.source.text.get(offset..).unwrap_or("");
        let found = if rest.trim().is_empty() {
            "the end of the page".to_owned()
        } else {
            excerpt(rest)
        };
        self.report(
            offset,
            Problem::MissingPart {
                part: part.to_owned(),
                found,
            },
        );
    }

    fn spanned(&self, value: &str, offset: usize) -> Spanned<String> {
        Spanned {
            value: value.to_owned(),
            at: self.source.pos(offset),
        }
    }

    /// The first whitespace-separated word of `text` (at `offset`); any more
    /// text is reported as ignored.
    fn single_word(
        &mut self,
        text: &str,
        offset: usize,
        context: &str,
        expected: &'static str,
    ) -> Spanned<String> {
        let text = text.trim();
        let (word, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        if !rest.trim().is_empty() {
            self.report(
                offset + word.len(),
                Problem::IgnoredText {
                    context: context.to_owned(),
                    expected,
                    found: excerpt(rest),
                },
            );
        }
        self.spanned(word, offset)
    }
}

fn read(ctx: &mut Ctx<'_>, outline: &Outline<'_>) -> Option<Page> {
    let blocks = outline.blocks.len();
    let rest_index = outline.find_heading(0, blocks, 2, "REST API");
    let header_end = rest_index.unwrap_or(blocks);
    let header = header(ctx, outline, header_end);
    let Some(rest_index) = rest_index else {
        let offset = header.as_ref().map_or(0, |h| h.end);
        ctx.missing(offset, "the `## REST API` section");
        return None;
    };
    let sdk_index = outline.find_heading(rest_index + 1, blocks, 2, "JavaScript SDK");
    let rest = rest_section(ctx, outline, rest_index, sdk_index.unwrap_or(blocks));
    let sdk = match sdk_index {
        Some(index) => sdk_section(ctx, outline, index, blocks),
        // A truncated page lost its SDK section along with the rest.
        None if ctx
            .diagnostics
            .iter()
            .any(|d| matches!(d.problem, Problem::Truncated { .. })) =>
        {
            None
        }
        None => {
            ctx.report(ctx.source.text.len(), Problem::NoSdkSection);
            None
        }
    };
    if let Some(rest) = &rest {
        check_examples_against_schema(ctx, rest);
    }
    let header = header?;
    let introduction = introduction(ctx, outline, header.end_index, rest_index)?;
    Some(Page {
        layout: ctx.source.layout,
        preamble: header.preamble,
        method_name: header.method_name,
        package: header.package,
        namespace: header.namespace,
        method_link: header.method_link,
        permission_scopes: header.permission_scopes,
        introduction,
        rest: rest?,
        sdk: if sdk_index.is_some() {
            Some(sdk?)
        } else {
            None
        },
    })
}

struct Header {
    preamble: Option<Spanned<String>>,
    method_name: Spanned<String>,
    package: Spanned<String>,
    namespace: Spanned<String>,
    method_link: Spanned<String>,
    permission_scopes: Vec<PermissionScope>,
    /// The index of the last header block.
    end_index: usize,
    /// Where the header's last block ends.
    end: usize,
}

fn heading_with_prefix(
    outline: &Outline<'_>,
    from: usize,
    until: usize,
    level: u8,
    prefix: &str,
) -> Option<usize> {
    (from..until).find(|&i| {
        outline.blocks[i].kind == (BlockKind::Heading { level })
            && outline.heading_text(i).0.starts_with(prefix)
    })
}

fn header(ctx: &mut Ctx<'_>, outline: &Outline<'_>, until: usize) -> Option<Header> {
    let Some(package_index) = heading_with_prefix(outline, 0, until, 1, "Package:") else {
        ctx.missing(0, "the `# Package:` heading");
        return None;
    };
    let title_index = (0..package_index)
        .rev()
        .find(|&i| outline.blocks[i].kind == (BlockKind::Heading { level: 1 }));
    let Some(title_index) = title_index else {
        ctx.missing(
            outline.blocks[package_index].start,
            "the title heading `# <MethodName>` before `# Package:`",
        );
        return None;
    };
    let (title, title_at) = outline.heading_text(title_index);
    let method_name = ctx.single_word(title, title_at, "the title", "`# Package:`");
    let (preamble, preamble_at) =
        outline::trimmed(ctx.source.text, 0..outline.blocks[title_index].start);
    let preamble = (!preamble.is_empty()).then(|| ctx.spanned(preamble, preamble_at));

    let mut index = package_index;
    let mut values = Vec::new();
    for (key, part) in [
        ("Package:", "the `# Package:` heading"),
        ("Namespace:", "the `# Namespace:` heading"),
        ("Method link:", "the `# Method link:` heading"),
    ] {
        let Some(found) = heading_with_prefix(outline, index, until, 1, key) else {
            ctx.missing(outline.segment_end(index), part);
            return None;
        };
        let (text, at) = outline.heading_text(found);
        let value = &text[key.len()..];
        let value_at = at + key.len() + (value.len() - value.trim_start().len());
        values.push(ctx.single_word(value, value_at, &format!("`# {key}`"), "the next heading"));
        index = found;
    }
    let [package, namespace, method_link]: [Spanned<String>; 3] = values.try_into().ok()?;

    let mut permission_scopes = Vec::new();
    let mut end_index = index;
    if let Some(scopes_index) = heading_with_prefix(outline, index, until, 2, "Permission Scopes:")
    {
        let (text, at) = outline::trimmed(
            ctx.source.text,
            outline.blocks[scopes_index].body.start..outline.segment_end(scopes_index),
        );
        permission_scopes = scopes(
            ctx,
            &text["Permission Scopes:".len()..],
            at + "Permission Scopes:".len(),
        );
        end_index = scopes_index;
    }
    Some(Header {
        preamble,
        method_name,
        package,
        namespace,
        method_link,
        permission_scopes,
        end_index,
        end: outline.segment_end(end_index),
    })
}

/// `Name: SCOPE.ID` pairs, one per line or run together on collapsed pages.
fn scopes(ctx: &mut Ctx<'_>, text: &str, offset: usize) -> Vec<PermissionScope> {
    let mut scopes = Vec::new();
    let mut name_start = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find(": ") {
        let colon = search + found;
        let id_start = colon + 2;
        let id_len = text[id_start..]
            .bytes()
            .take_while(|&b| {
                b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
            })
            .count();
        let id = &text[id_start..id_start + id_len];
        let ends_word = text[id_start + id_len..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
        if id.contains('.') && ends_word {
            let raw_name = &text[name_start..colon];
            let name = raw_name.trim();
            scopes.push(PermissionScope {
                name: name.to_owned(),
                id: id.to_owned(),
                at: ctx
                    .source
                    .pos(offset + name_start + (raw_name.len() - raw_name.trim_start().len())),
            });
            name_start = id_start + id_len;
        }
        search = id_start;
    }
    let leftover = text[name_start..].trim();
    if !leftover.is_empty() {
        ctx.report(
            offset + name_start,
            Problem::IgnoredText {
                context: "the permission scopes".into(),
                expected: "`Name: SCOPE.ID` pairs",
                found: excerpt(leftover),
            },
        );
    }
    scopes
}

fn introduction(
    ctx: &mut Ctx<'_>,
    outline: &Outline<'_>,
    from: usize,
    rest_index: usize,
) -> Option<Spanned<String>> {
    let Some(index) = outline.find_heading(from, rest_index, 2, "Introduction") else {
        ctx.missing(outline.segment_end(from), "the `## Introduction` section");
        return None;
    };
    let start = outline.heading_text(index).1 + "Introduction".len();
    let (text, at) = outline::trimmed(ctx.source.text, start..outline.blocks[rest_index].start);
    let text = text.strip_suffix("---").unwrap_or(text).trim_end();
    Some(ctx.spanned(text, at))
}

/// The schema code block of the section between blocks `from` and `until`,
/// and whether it is complete (a truncated block lacks its later lines, which
/// is then not reported again line by line).
fn schema_fence(
    ctx: &mut Ctx<'_>,
    outline: &Outline<'_>,
    from: usize,
    until: usize,
    section: &str,
) -> Option<(std::ops::Range<usize>, bool)> {
    let fence = outline
        .find_heading(from, until, 3, "Schema")
        .map(|index| index + 1)
        .filter(|&index| {
            index < until && matches!(outline.blocks[index].kind, BlockKind::Fence { .. })
        });
    let Some(fence) = fence else {
        ctx.missing(
            outline.segment_end(from - 1),
            &format!("the {section} `### Schema` code block"),
        );
        return None;
    };
    let block = &outline.blocks[fence];
    let complete = !matches!(block.kind, BlockKind::Fence { closed: false, .. });
    if !complete {
        let opened_at = ctx.source.pos(block.start);
        ctx.report(
            ctx.source.text.len(),
            Problem::Truncated {
                block: format!("the {section} schema block"),
                opened_at,
            },
        );
    }
    Some((block.body.clone(), complete))
}

fn rest_section(
    ctx: &mut Ctx<'_>,
    outline: &Outline<'_>,
    index: usize,
    until: usize,
) -> Option<RestSection> {
    let (body, complete) = schema_fence(ctx, outline, index + 1, until, "REST")?;
    let mut raw = schema::parse(ctx, body.clone());
    let examples = examples(ctx, outline, index + 1, until);
    let missing_key = |ctx: &mut Ctx<'_>, key: &'static str| {
        if complete {
            let found = excerpt(&ctx.source.text[body.clone()]);
            ctx.report(
                body.start,
                Problem::MissingSchemaKey {
                    schema: "REST",
                    key,
                    found,
                },
            );
        }
    };
    let method_name = match raw.method.take() {
        Some(method) => Some(ctx.single_word(
            &method.value,
            method.at.offset,
            "the method name",
            "`Description:`",
        )),
        None => {
            missing_key(ctx, "Method:");
            None
        }
    };
    let description = raw.description.take();
    if description.is_none() {
        missing_key(ctx, "Description:");
    }
    let url = match raw.url.take() {
        Some((text, at)) => {
            let word = ctx.single_word(&text, at, "the URL", "`Method: <HTTP method>`");
            parse_url(ctx, &word.value, at)
        }
        None => {
            missing_key(ctx, "URL:");
            None
        }
    };
    let http_method = match raw.http_method.take() {
        Some((text, at)) => {
            let word = ctx.single_word(&text, at, "the HTTP method", "the next schema line");
            match HttpMethod::parse(&word.value) {
                Some(method) => Some(Spanned {
                    value: method,
                    at: word.at,
                }),
                None => {
                    ctx.report(
                        at,
                        Problem::UnknownHttpMethod {
                            found: excerpt(&word.value),
                        },
                    );
                    None
                }
            }
        }
        None => {
            missing_key(ctx, "Method: <HTTP method>");
            None
        }
    };
    let signature = raw.take_signature();
    if signature.is_none() {
        missing_key(ctx, "Return type:");
    }
    let schema = RestSchema {
        at: ctx.source.pos(body.start),
        method_name: method_name?,
        description: description?,
        url: url?,
        http_method: http_method?,
        signature: signature?,
        possible_errors: raw.possible_errors,
    };
    Some(RestSection { schema, examples })
}

fn sdk_section(
    ctx: &mut Ctx<'_>,
    outline: &Outline<'_>,
    index: usize,
    until: usize,
) -> Option<SdkSection> {
    let (body, complete) = schema_fence(ctx, outline, index + 1, until, "JavaScript SDK")?;
    let mut raw = schema::parse(ctx, body.clone());
    let examples = examples(ctx, outline, index + 1, until);
    let missing_key = |ctx: &mut Ctx<'_>, key: &'static str| {
        if complete {
            let found = excerpt(&ctx.source.text[body.clone()]);
            ctx.report(
                body.start,
                Problem::MissingSchemaKey {
                    schema: "JavaScript SDK",
                    key,
                    found,
                },
            );
        }
    };
    let method = match raw.method.take() {
        Some(method) => sdk_method(ctx, &method),
        None => {
            missing_key(ctx, "Method:");
            None
        }
    };
    let description = raw.description.take();
    if description.is_none() {
        missing_key(ctx, "Description:");
    }
    if let Some((text, at)) = raw.url.take() {
        ctx.report(
            at,
            Problem::IgnoredText {
                context: "the SDK schema".into(),
                expected: "no URL in an SDK schema",
                found: excerpt(&text),
            },
        );
    }
    let signature = raw.take_signature();
    if signature.is_none() {
        missing_key(ctx, "Return type:");
    }
    let method = method?;
    let module_import = module_import(&examples, &method);
    Some(SdkSection {
        schema: SdkSchema {
            at: ctx.source.pos(body.start),
            method,
            description: description?,
            signature: signature?,
        },
        examples,
        module_import,
    })
}

/// `wixClientAdmin.bookings.AttendanceService.queryAttendance(query)`.
fn sdk_method(ctx: &mut Ctx<'_>, method: &Spanned<String>) -> Option<SdkMethod> {
    let text = method.value.as_str();
    let parsed = (|| {
        let (path, rest) = text.split_once('(')?;
        let (arguments, after) = rest.split_once(')')?;
        let path: Vec<String> = path.trim().split('.').map(str::to_owned).collect();
        let names_ok = path.iter().all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
        });
        let arguments: Vec<String> = arguments
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect();
        (names_ok && after.trim().is_empty()).then_some((path, arguments))
    })();
    match parsed {
        Some((path, arguments)) => Some(SdkMethod {
            path,
            arguments,
            at: method.at,
        }),
        None => {
            ctx.report(
                method.at.offset,
                Problem::MalformedEntry {
                    entry: "SDK `Method:` line",
                    expected: "a call such as `wixClientAdmin.bookings.Service.method(arg)`",
                    found: excerpt(text),
                },
            );
            None
        }
    }
}

/// The import whose name the examples call the method on (`attendance.queryAttendance(`).
fn module_import(examples: &[Example], method: &SdkMethod) -> Option<JsImport> {
    let method_name = method.path.last()?;
    examples.iter().find_map(|example| match &example.code {
        ExampleCode::JavaScript(code) => code
            .imports
            .iter()
            .find(|import| {
                code.text
                    .contains(&format!("{}.{method_name}(", import.name))
            })
            .cloned(),
        _ => None,
    })
}

/// The examples under the `### Examples` heading between blocks `from` and `until`.
fn examples(ctx: &mut Ctx<'_>, outline: &Outline<'_>, from: usize, until: usize) -> Vec<Example> {
    let mut found = Vec::new();
    let Some(examples_index) = outline.find_heading(from, until, 3, "Examples") else {
        return found;
    };
    let mut index = examples_index + 1;
    while index < until {
        let block = &outline.blocks[index];
        let (title, title_at, fence_index) = match block.kind {
            BlockKind::Heading { .. } => {
                let (title, at) = outline.heading_text(index);
                (title, at, index + 1)
            }
            BlockKind::Fence { .. } => ("", block.start, index),
        };
        let fence = outline
            .blocks
            .get(fence_index)
            .filter(|_| fence_index < until);
        let Some(
            fence @ outline::Block {
                kind: BlockKind::Fence { info, closed },
                ..
            },
        ) = fence
        else {
            ctx.report(
                title_at,
                Problem::IgnoredText {
                    context: "`### Examples`".into(),
                    expected: "an example's code block after its heading",
                    found: excerpt(title),
                },
            );
            index += 1;
            continue;
        };
        if !closed {
            let opened_at = ctx.source.pos(fence.start);
            ctx.report(
                ctx.source.text.len(),
                Problem::Truncated {
                    block: format!("the code block of example {title:?}"),
                    opened_at,
                },
            );
        }
        let description = if fence_index > index {
            let (text, _) = outline::trimmed(ctx.source.text, block.body.end..fence.start);
            (!text.is_empty()).then(|| text.to_owned())
        } else {
            None
        };
        let code = match info.as_str() {
            "curl" => examples::curl(ctx, title, fence.body.clone()).map(ExampleCode::Curl),
            "javascript" | "js" | "typescript" | "ts" => Some(ExampleCode::JavaScript(
                examples::javascript(ctx, fence.body.clone()),
            )),
            other => {
                ctx.report(
                    fence.start,
                    Problem::UninterpretedExample {
                        example: format!("{title:?}"),
                        info: other.to_owned(),
                    },
                );
                let (text, _) = outline::trimmed(ctx.source.text, fence.body.clone());
                Some(ExampleCode::Other {
                    info: other.to_owned(),
                    text: text.to_owned(),
                })
            }
        };
        if let Some(code) = code {
            found.push(Example {
                title: title.to_owned(),
                description,
                code,
                at: ctx.source.pos(title_at),
            });
        }
        index = fence_index + 1;
    }
    found
}

/// Whether `path` is `template` with each `{name}` filled by a non-empty
/// text without `/` (`/v2/bookings/abc` fits `/v2/bookings/{bookingId}`).
fn path_fits_template(path: &str, template: &str) -> bool {
    let path: Vec<&str> = path.split('/').collect();
    let template: Vec<&str> = template.split('/').collect();
    path.len() == template.len()
        && path
            .iter()
            .zip(&template)
            .all(|(segment, pattern)| segment_fits(segment, pattern))
}

/// Whether one path segment fits one template segment (`{id}:cancel`).
fn segment_fits(segment: &str, pattern: &str) -> bool {
    let Some(open) = pattern.find('{') else {
        return segment == pattern;
    };
    let Some(close) = pattern[open..].find('}').map(|c| open + c) else {
        return segment == pattern;
    };
    let (literal, rest) = (&pattern[..open], &pattern[close + 1..]);
    let Some(after) = segment.strip_prefix(literal) else {
        return false;
    };
    // The parameter takes at least one character, then the rest must fit.
    (1..=after.len())
        .filter(|&end| after.is_char_boundary(end))
        .any(|end| segment_fits(&after[end..], rest))
}

/// Warns where a curl example calls another path or method than its schema.
fn check_examples_against_schema(ctx: &mut Ctx<'_>, rest: &RestSection) {
    let schema = &rest.schema;
    for example in &rest.examples {
        let ExampleCode::Curl(call) = &example.code else {
            continue;
        };
        if let Some(url) = &call.url {
            if !path_fits_template(&url.path, &schema.url.path) {
                ctx.report(
                    url.at.offset,
                    Problem::ExampleUrlDiffers {
                        example: format!("{:?}", example.title),
                        example_path: url.path.clone(),
                        schema_path: schema.url.path.clone(),
                    },
                );
            }
        }
        if call.http_method != schema.http_method.value {
            ctx.report(
                call.at.offset,
                Problem::ExampleMethodDiffers {
                    example: format!("{:?}", example.title),
                    example_method: call.http_method.to_string(),
                    schema_method: schema.http_method.value.to_string(),
                },
            );
        }
    }
}

/// Splits an absolute `http(s)://host/path` URL that starts at byte `at`.
pub(crate) fn parse_url(ctx: &mut Ctx<'_>, text: &str, at: usize) -> Option<Url> {
    let parsed = (|| {
        let (scheme, rest) = text.split_once("://")?;
        if scheme != "https" && scheme != "http" {
            return None;
        }
        let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = &rest[..host_len];
        let host_ok = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
        let path_and_more = &rest[host_len..];
        let path_len = path_and_more
            .find(['?', '#'])
            .unwrap_or(path_and_more.len());
        let path = match &path_and_more[..path_len] {
            "" => "/",
            path => path,
        };
        host_ok.then(|| {
            (
                scheme,
                host,
                path,
                &path_and_more[path_len..],
                scheme.len() + 3 + host_len + path_len,
            )
        })
    })();
    let Some((scheme, host, path, extra, extra_at)) = parsed else {
        ctx.report(
            at,
            Problem::BadUrl {
                found: excerpt(text),
            },
        );
        return None;
    };
    if !extra.is_empty() {
        ctx.report(
            at + extra_at,
            Problem::IgnoredText {
                context: "the URL path".into(),
                expected: "nothing: query strings are not part of an endpoint",
                found: excerpt(extra),
            },
        );
    }
    Some(Url {
        scheme: scheme.to_owned(),
        host: host.to_owned(),
        path: path.to_owned(),
        at: ctx.source.pos(at),
    })
}

#[cfg(test)]
mod tests;
