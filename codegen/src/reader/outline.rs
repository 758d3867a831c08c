//! The block outline of a page: its headings and fenced code blocks.
//!
//! Multi-line pages are real markdown, outlined with pulldown-cmark. Collapsed
//! pages lost their line breaks, so no markdown parser can read them; they are
//! scanned by hand for `#` headings and ```` ``` ```` fences that follow a
//! space. Both give the same outline, so everything downstream is shared.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag};

use crate::source::{Layout, Source};

/// A heading or fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    pub kind: BlockKind,
    /// Where the block starts (its first `#` or backtick).
    pub start: usize,
    /// A heading's text, or a fence's content.
    pub body: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Heading { level: u8 },
    Fence { info: String, closed: bool },
}

/// The headings and fences of a page, in page order.
#[derive(Debug)]
pub(crate) struct Outline<'s> {
    pub blocks: Vec<Block>,
    source: &'s Source<'s>,
}

impl<'s> Outline<'s> {
    pub fn new(source: &'s Source<'s>) -> Self {
        let blocks = match source.layout {
            Layout::MultiLine => markdown_blocks(source.text),
            Layout::Collapsed => collapsed_blocks(source.text, true),
        };
        Outline { blocks, source }
    }

    /// Where block `index` ends: where the next block starts, or the page's end.
    pub fn segment_end(&self, index: usize) -> usize {
        self.blocks
            .get(index + 1)
            .map_or(self.source.text.len(), |next| next.start)
    }

    /// The trimmed text of a heading, and the offset where it starts.
    pub fn heading_text(&self, index: usize) -> (&'s str, usize) {
        trimmed(self.source.text, self.blocks[index].body.clone())
    }

    /// Whether block `index` is a heading of `level` reading `name`. Collapsed
    /// headings run on into the text after them, so there `name` only has to
    /// start the heading.
    pub fn is_heading(&self, index: usize, level: u8, name: &str) -> bool {
        let Some(block) = self.blocks.get(index) else {
            return false;
        };
        if block.kind != (BlockKind::Heading { level }) {
            return false;
        }
        let (text, _) = self.heading_text(index);
        match self.source.layout {
            Layout::MultiLine => text == name,
            Layout::Collapsed => {
                text == name || (text.starts_with(name) && text[name.len()..].starts_with(' '))
            }
        }
    }

    /// The first heading at or after `from` (and before `until`) matching.
    pub fn find_heading(&self, from: usize, until: usize, level: u8, name: &str) -> Option<usize> {
        (from..until.min(self.blocks.len())).find(|&i| self.is_heading(i, level, name))
    }
}

/// `text[range]` without surrounding whitespace, and where that starts.
pub(crate) fn trimmed(text: &str, range: Range<usize>) -> (&str, usize) {
    let raw = text.get(range.clone()).unwrap_or("");
    let start = range.start + (raw.len() - raw.trim_start().len());
    (raw.trim(), start)
}

fn markdown_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let raw = &text[range.clone()];
                let after_hashes = raw.trim_start_matches('#');
                let hashes = raw.len() - after_hashes.trim_start_matches([' ', '\t']).len();
                let body_end = range.start + raw.trim_end().trim_end_matches('#').len();
                blocks.push(Block {
                    kind: BlockKind::Heading {
                        level: heading_level(level),
                    },
                    start: range.start,
                    body: (range.start + hashes).min(body_end)..body_end,
                });
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let raw = &text[range.clone()];
                let first_line_end = raw.find('\n').map_or(raw.len(), |i| i + 1);
                let fence: String = raw
                    .trim_start()
                    .chars()
                    .take_while(|&c| c == '`' || c == '~')
                    .collect();
                let body = raw.trim_end_matches(['\n', '\r']);
                let last_line_start = body.rfind('\n').map_or(0, |i| i + 1);
                let closed = last_line_start >= first_line_end
                    && body[last_line_start..].trim().starts_with(fence.as_str());
                let content_end = if closed { last_line_start } else { raw.len() };
                blocks.push(Block {
                    kind: BlockKind::Fence {
                        info: info.trim().to_owned(),
                        closed,
                    },
                    start: range.start,
                    body: range.start + first_line_end.min(content_end)..range.start + content_end,
                });
            }
            _ => {}
        }
    }
    blocks
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A fence being read on a collapsed page.
struct OpenFence {
    /// Where its opening backticks are.
    start: usize,
    /// Where its content starts (after the info string).
    content_start: usize,
    info: String,
    /// Whether it is a `### Schema` block, whose descriptions may hold code
    /// snippets of their own (see [`schema_fence_closes`]).
    schema: bool,
    /// How many description snippets are open inside a schema block.
    snippets: usize,
}

/// Whether the fence opened at `at` follows a `### Schema` heading.
fn follows_schema_heading(text: &str, blocks: &[Block], at: usize) -> bool {
    blocks.last().is_some_and(|block| {
        block.kind == (BlockKind::Heading { level: 3 })
            && text.get(block.body.start..at).map(str::trim) == Some("Schema")
    })
}

/// Whether a bare ```` ``` ```` inside a collapsed schema block (and outside
/// any snippet) is the block's real closing fence. A schema description can
/// hold a snippet (```` ```json { ... } ``` ````) that lost its line breaks with
/// the rest of the page, so inside a schema block:
/// - ```` ```json ```` (a fence with an info string) can only open a snippet,
///   since a closing fence has no info string; the next bare fence closes it;
/// - a bare fence closes the block only where a block can end: at the end of
///   the page, or before a heading or a `---` rule (`` ``` ### Examples ``,
///   `` ``` --- ## JavaScript SDK ``); elsewhere it opens a bare snippet.
fn schema_fence_closes(after: &[u8]) -> bool {
    let spaces = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let next = &after[spaces..];
    let hashes = next.iter().take_while(|&&b| b == b'#').count();
    next.is_empty()
        || next.starts_with(b"---")
        || ((1..=6).contains(&hashes) && next.get(hashes) == Some(&b' '))
}

/// The blocks of a collapsed page. With `search`, the bytes that cannot
/// start a marker are skipped in one search; without, each is looked at
/// (the tests compare the two).
fn collapsed_blocks(text: &str, search: bool) -> Vec<Block> {
    let bytes = text.as_bytes();
    let mut blocks: Vec<Block> = Vec::new();
    let mut open_fence: Option<OpenFence> = None;
    let mut i = 0;
    while i < bytes.len() {
        // Every marker starts with a backtick or (outside a fence) a `#`:
        // the bytes between are skipped in one search.
        if search {
            let next = match open_fence {
                Some(_) => memchr::memchr(b'`', &bytes[i..]),
                None => memchr::memchr2(b'`', b'#', &bytes[i..]),
            };
            let Some(skip) = next else { break };
            i += skip;
        }
        let at_boundary = i == 0 || bytes[i - 1].is_ascii_whitespace();
        if !at_boundary {
            i += 1;
            continue;
        }
        let rest = &bytes[i..];
        let info_len = |rest: &[u8]| {
            rest[3..]
                .iter()
                .position(u8::is_ascii_whitespace)
                .unwrap_or(rest.len() - 3)
        };
        if let Some(fence) = &mut open_fence {
            if !rest.starts_with(b"```") {
                i += 1;
                continue;
            }
            let info_len = info_len(rest);
            let closes = if !fence.schema {
                info_len == 0
            } else if info_len > 0 {
                fence.snippets += 1;
                false
            } else if fence.snippets > 0 {
                fence.snippets -= 1;
                false
            } else if schema_fence_closes(&rest[3..]) {
                true
            } else {
                fence.snippets += 1;
                false
            };
            if closes {
                blocks.push(Block {
                    kind: BlockKind::Fence {
                        info: fence.info.clone(),
                        closed: true,
                    },
                    start: fence.start,
                    body: fence.content_start..i,
                });
                open_fence = None;
            }
            i += 3 + info_len;
            continue;
        }
        if rest.starts_with(b"```") {
            let info_len = info_len(rest);
            // The info string is ASCII-delimited, so these are char boundaries.
            let info = text[i + 3..i + 3 + info_len].to_owned();
            let content_start = i + 3 + info_len;
            open_fence = Some(OpenFence {
                start: i,
                content_start,
                info,
                schema: follows_schema_heading(text, &blocks, i),
                snippets: 0,
            });
            i = content_start;
            continue;
        }
        let hashes = rest.iter().take_while(|&&b| b == b'#').count();
        if (1..=6).contains(&hashes) && rest.get(hashes) == Some(&b' ') {
            blocks.push(Block {
                kind: BlockKind::Heading {
                    level: u8::try_from(hashes).unwrap_or(6),
                },
                start: i,
                body: i + hashes + 1..i + hashes + 1,
            });
            i += hashes + 1;
            continue;
        }
        i += 1;
    }
    if let Some(fence) = open_fence {
        blocks.push(Block {
            kind: BlockKind::Fence {
                info: fence.info,
                closed: false,
            },
            start: fence.start,
            body: fence.content_start..text.len(),
        });
    }
    // A collapsed heading's text runs to the next block.
    for index in 0..blocks.len() {
        if matches!(blocks[index].kind, BlockKind::Heading { .. }) {
            let end = blocks.get(index + 1).map_or(text.len(), |next| next.start);
            blocks[index].body.end = end;
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Skipping to the next backtick or `#` finds the blocks that looking
    /// at every byte finds.
    #[test]
    fn collapsed_blocks_found_by_searching_are_those_of_every_byte() {
        let alphabet = b"`#a \n~x";
        let mut seed: u32 = 11;
        for round in 0..3000 {
            let len = 1 + round % 80;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    char::from(alphabet[(seed >> 16) as usize % alphabet.len()])
                })
                .collect();
            assert_eq!(
                collapsed_blocks(&text, true),
                collapsed_blocks(&text, false),
                "{text:?}"
            );
        }
        let schema =
            "## REST API ### Schema ``` Method: x ```json {} ``` Return type: y ``` # Next";
        let blocks = collapsed_blocks(schema, true);
        assert_eq!(blocks, collapsed_blocks(schema, false));
        assert!(blocks.len() >= 4, "{blocks:?}");
    }

    fn describe(text: &str) -> Vec<String> {
        let source = Source::new(text);
        let outline = Outline::new(&source);
        outline
            .blocks
            .iter()
            .map(|block| match &block.kind {
                BlockKind::Heading { level } => {
                    format!("h{level} {}", text[block.body.clone()].trim())
                }
                BlockKind::Fence { info, closed } => {
                    format!(
                        "fence[{info}] closed={closed} {:?}",
                        text[block.body.clone()].trim()
                    )
                }
            })
            .collect()
    }

    #[test]
    fn both_layouts_give_the_same_outline() {
        let multi = "# T\n\n# Package: p\n\n## Schema\n\n```\n # Note: not a heading\n```\n\n### Ex\n```curl\ncurl x\n```\n";
        let collapsed =
            "# T # Package: p ## Schema ``` # Note: not a heading ``` ### Ex ```curl curl x ```";
        let expected = [
            "h1 T",
            "h1 Package: p",
            "h2 Schema",
            "fence[] closed=true \"# Note: not a heading\"",
            "h3 Ex",
            "fence[curl] closed=true \"curl x\"",
        ];
        assert_eq!(describe(multi), expected);
        assert_eq!(describe(collapsed), expected);
    }

    #[test]
    fn unclosed_fences_are_marked_in_both_layouts() {
        assert_eq!(
            describe("# T\n\n```\n Method: x\n"),
            ["h1 T", "fence[] closed=false \"Method: x\""]
        );
        assert_eq!(
            describe("# T ``` Method: x"),
            ["h1 T", "fence[] closed=false \"Method: x\""]
        );
    }

    #[test]
    fn collapsed_markers_need_a_space_before_them() {
        // `a#b` and `x```y` are text, not a heading or a fence.
        assert_eq!(describe("# T a#b x```y"), ["h1 T a#b x```y"]);
    }
}
