//! A page's text and the positions of things in it.
//!
//! Multi-line pages report positions as line and column; whitespace-collapsed
//! pages (the whole page on one line) report byte offsets, because a column in
//! a 17 kB line tells a reader nothing.

use std::fmt;

use serde::{Serialize, Serializer};

/// How a page was captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// The docs site's own markdown: one entry per line, nesting shown by indentation.
    MultiLine,
    /// Every whitespace run collapsed to one space: the whole page on one line.
    Collapsed,
}

/// A position in a page.
///
/// `line` and `column` (1-based, column counted in characters) are present for
/// multi-line pages; collapsed pages only have the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Byte offset from the start of the page.
    pub offset: usize,
    /// 1-based line and column, for multi-line pages.
    pub line_column: Option<(u32, u32)>,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_column {
            Some((line, column)) => write!(f, "{line}:{column}"),
            None => write!(f, "byte {}", self.offset),
        }
    }
}

impl Serialize for Pos {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A page's text with the index needed to turn byte offsets into positions.
#[derive(Debug)]
pub struct Source<'a> {
    /// The page as read.
    pub text: &'a str,
    /// How the page was captured.
    pub layout: Layout,
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    /// Indexes `text` and decides its layout: a page with no line break before
    /// its trailing whitespace is a collapsed capture.
    pub fn new(text: &'a str) -> Self {
        let layout = if text.trim_end().contains('\n') {
            Layout::MultiLine
        } else {
            Layout::Collapsed
        };
        let line_starts = match layout {
            Layout::MultiLine => std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            Layout::Collapsed => Vec::new(),
        };
        Source {
            text,
            layout,
            line_starts,
        }
    }

    /// The position of byte `offset` (clamped to the text).
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line_column = match self.layout {
            Layout::Collapsed => None,
            Layout::MultiLine => {
                let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
                let start = self.line_starts[line];
                let column = self
                    .text
                    .get(start..offset)
                    .map_or(offset - start, |prefix| prefix.chars().count());
                Some((to_u32(line + 1), to_u32(column + 1)))
            }
        };
        Pos {
            offset,
            line_column,
        }
    }

    /// The 0-based column of byte `offset` within its line, for multi-line pages.
    pub fn indent(&self, offset: usize) -> Option<u32> {
        self.pos(offset).line_column.map(|(_, column)| column - 1)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value and where it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value starts in the page.
    pub at: Pos,
}

/// A short, single-line excerpt of `text` for messages.
pub fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 48;
    let flat: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let flat = flat.trim();
    if flat.is_empty() {
        return "nothing".to_owned();
    }
    let mut shown: String = flat.chars().take(MAX_CHARS).collect();
    if flat.chars().count() > MAX_CHARS {
        shown.push('…');
    }
    format!("`{shown}`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_positions_are_line_and_column() {
        let source = Source::new("ab\ncdé\nf\n");
        assert_eq!(source.layout, Layout::MultiLine);
        assert_eq!(source.pos(0).to_string(), "1:1");
        assert_eq!(source.pos(4).to_string(), "2:2");
        // `f` comes after the two-byte `é`: column counts characters.
        assert_eq!(source.pos(8).to_string(), "3:1");
        assert_eq!(source.pos(7).to_string(), "2:4");
        assert_eq!(source.indent(9), Some(1));
    }

    #[test]
    fn collapsed_positions_are_byte_offsets() {
        let source = Source::new("# Title # Package: x\n");
        assert_eq!(source.layout, Layout::Collapsed);
        assert_eq!(source.pos(8).to_string(), "byte 8");
        assert_eq!(source.indent(8), None);
    }

    #[test]
    fn excerpts_are_short_and_flat() {
        assert_eq!(excerpt("  "), "nothing");
        assert_eq!(excerpt("a\nb"), "`a b`");
        assert!(excerpt(&"x".repeat(100)).ends_with("…`"));
    }
}
