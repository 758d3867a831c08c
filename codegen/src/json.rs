//! JSON written as it is produced, byte for byte as `serde_json` writes a
//! value: [`JsonWriter`] pretty-prints as `to_string_pretty` does (two-space
//! indent, `"key": value`, `{}` and `[]` when empty), and [`escape_into`]
//! escapes strings as both its forms do. So the OpenAPI document and the
//! generated tests' JSON samples need no `Value` tree: at thousands of pages
//! that tree was most of their time and memory.

use serde_json::Value;

/// Pretty JSON written as it is produced.
///
/// Containers are opened and closed by the caller; each member starts with
/// [`JsonWriter::key`] (in an object) or [`JsonWriter::element`] (in an
/// array), followed by exactly one value.
pub(crate) struct JsonWriter {
    out: Vec<u8>,
    depth: usize,
    /// Whether the innermost open container has no member yet.
    empty: bool,
}

impl JsonWriter {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        JsonWriter {
            out: Vec::with_capacity(capacity),
            depth: 0,
            empty: true,
        }
    }

    /// The text written.
    pub(crate) fn finish(self) -> String {
        // Everything written is UTF-8: `str`s, ASCII punctuation and
        // `serde_json`'s own output.
        String::from_utf8(self.out)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }

    /// An object whose members `members` writes.
    pub(crate) fn object(&mut self, members: impl FnOnce(&mut Self)) {
        self.open(b'{');
        members(self);
        self.close(b'}');
    }

    /// An array whose elements `elements` writes.
    pub(crate) fn array(&mut self, elements: impl FnOnce(&mut Self)) {
        self.open(b'[');
        elements(self);
        self.close(b']');
    }

    /// Starts an object member: its key, then the value is written next.
    pub(crate) fn key(&mut self, key: &str) -> &mut Self {
        self.member();
        self.string(key);
        self.out.extend_from_slice(b": ");
        self
    }

    /// Starts an array element: the value is written next.
    pub(crate) fn element(&mut self) -> &mut Self {
        self.member();
        self
    }

    /// A string value.
    pub(crate) fn string(&mut self, text: &str) {
        self.out.push(b'"');
        escape_into(&mut self.out, text);
        self.out.push(b'"');
    }

    /// A string value made of `parts` one after another.
    pub(crate) fn string_of(&mut self, parts: &[&str]) {
        self.out.push(b'"');
        for part in parts {
            escape_into(&mut self.out, part);
        }
        self.out.push(b'"');
    }

    /// `true` or `false`.
    pub(crate) fn bool(&mut self, value: bool) {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// Any JSON value, laid out like the rest.
    pub(crate) fn value(&mut self, value: &Value) {
        match value {
            Value::Object(map) => self.object(|w| {
                for (key, value) in map {
                    w.key(key).value(value);
                }
            }),
            Value::Array(items) => self.array(|w| {
                for item in items {
                    w.element().value(item);
                }
            }),
            Value::String(text) => self.string(text),
            Value::Bool(value) => self.bool(*value),
            Value::Null => self.out.extend_from_slice(b"null"),
            // A number serializes the same compact or pretty.
            Value::Number(_) => {
                if serde_json::to_writer(&mut self.out, value).is_err() {
                    self.out.extend_from_slice(b"null");
                }
            }
        }
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    fn member(&mut self) {
        if !self.empty {
            self.out.push(b',');
        }
        self.newline();
        self.empty = false;
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }
}

/// `text` as the inside of a JSON string, escaped as `serde_json` escapes it:
/// `"`, `\` and control characters (the short forms `\b`, `\t`, `\n`, `\f`,
/// `\r`, else `\u00xx`); everything else as is.
pub(crate) fn escape_into(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    // Nearly every string needs no escape: one pass that does not stop
    // early (so it vectorizes) says so.
    let escapes = bytes.iter().fold(0_u8, |any, &byte| {
        any | u8::from(byte < 0x20) | u8::from(byte == b'"') | u8::from(byte == b'\\')
    });
    if escapes == 0 {
        out.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        let short = match byte {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            b'\t' => b't',
            b'\n' => b'n',
            0x0C => b'f',
            b'\r' => b'r',
            0x00..=0x1F => b'u',
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..index]);
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xF)]);
        }
        start = index + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn written(value: &Value) -> String {
        let mut writer = JsonWriter::with_capacity(0);
        writer.value(value);
        writer.finish()
    }

    #[test]
    fn values_are_written_as_serde_json_pretty_prints_them() {
        let every_char: String = (0..=0x7F_u8).map(char::from).collect();
        let values = [
            json!({}),
            json!([]),
            json!(null),
            json!({ "a": {}, "b": [], "c": [{}], "d": [[]] }),
            json!({
                "type": "object",
                "properties": { "x": { "type": "integer", "minimum": -3, "maximum": 2.5e300 } },
                "required": ["x", "y"],
                "nested": [[1, 2], { "deep": [true, false, null] }],
                "x-limits": [{ "value": 0.1 }, { "value": 18_446_744_073_709_551_615_u64 }],
            }),
            json!(every_char),
            json!({ every_char.clone(): "é ü 日本 \u{2028} \u{1F600}" }),
            json!("a\"b\\c\u{0}\u{1f}\u{7f}"),
        ];
        for value in &values {
            let expected = serde_json::to_string_pretty(value).expect("a value serializes");
            assert_eq!(written(value), expected, "{value}");
        }
    }

    #[test]
    fn members_and_elements_lay_out_like_values() {
        let mut writer = JsonWriter::with_capacity(0);
        writer.object(|w| {
            w.key("ref").string_of(&["#/components/schemas/", "A\"B"]);
            w.key("list").array(|w| {
                w.element().bool(true);
                w.element().object(|_| {});
                w.element().array(|w| {
                    w.element().string("x");
                });
            });
            w.key("empty").array(|_| {});
        });
        let expected = json!({
            "ref": "#/components/schemas/A\"B",
            "list": [true, {}, ["x"]],
            "empty": [],
        });
        assert_eq!(
            writer.finish(),
            serde_json::to_string_pretty(&expected).expect("a value serializes")
        );
    }
}
