//! How a request goes on the wire: path templates filled from the request,
//! and the query parameters of `GET` and `DELETE` requests (see the
//! [runtime docs](super)).

use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use super::Error;

/// The bytes a path parameter keeps as they are: RFC 3986's unreserved
/// characters. Everything else is percent-encoded.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The [`Error::PathParameter`] `found` of a template whose braces do not
/// pair up.
pub(super) const MALFORMED_TEMPLATE: &str = "a malformed path template";

/// `template` with each `{name}` replaced by the percent-encoded value of the
/// field of `request` at the dotted path `name`, and the names filled, in
/// order (see the [runtime docs](super)).
pub(super) fn fill_path<'t>(
    template: &'t str,
    request: &Value,
) -> Result<(String, Vec<&'t str>), Error> {
    // The whole template is checked before any field is looked up, so that a
    // malformed one is always reported as such.
    let (pieces, tail) = parse_template(template).ok_or_else(|| Error::PathParameter {
        name: template.to_owned(),
        found: MALFORMED_TEMPLATE,
    })?;
    let mut path = String::with_capacity(template.len());
    let mut names = Vec::with_capacity(pieces.len());
    for (literal, name) in pieces {
        path.push_str(literal);
        let text = path_parameter_text(name, request)?;
        path.extend(utf8_percent_encode(&text, PATH_SEGMENT));
        names.push(name);
    }
    path.push_str(tail);
    Ok((path, names))
}

/// The names in braces of `template`, or nothing when its braces do not pair
/// up.
pub(super) fn template_names(template: &str) -> Vec<&str> {
    parse_template(template)
        .map(|(pieces, _)| pieces.into_iter().map(|(_, name)| name).collect())
        .unwrap_or_default()
}

/// `template` split into (text before a `{`, name in the braces) pairs and
/// the text after the last `}`; `None` when the braces do not pair up (a `{`
/// never closed, a `}` never opened, `{}` or a `{` inside braces).
fn parse_template(template: &str) -> Option<(Vec<(&str, &str)>, &str)> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return None;
        }
        let after = &rest[open + 1..];
        let close = after.find(['{', '}'])?;
        let name = &after[..close];
        if name.is_empty() || after[close..].starts_with('{') {
            return None;
        }
        pieces.push((&rest[..open], name));
        rest = &after[close + 1..];
    }
    Some((pieces, rest))
}

/// The text that fills the path parameter `{name}`, not yet encoded.
fn path_parameter_text<'v>(name: &str, request: &'v Value) -> Result<Cow<'v, str>, Error> {
    let error = |found| Error::PathParameter {
        name: name.to_owned(),
        found,
    };
    let value = field(request, name).ok_or_else(|| error("nothing"))?;
    match value {
        Value::String(text) if text.is_empty() => Err(error("an empty string")),
        Value::String(text) if text == "." || text == ".." => {
            Err(error("a dot segment (`.` or `..`)"))
        }
        Value::String(text) => Ok(Cow::Borrowed(text)),
        Value::Number(number) => Ok(Cow::Owned(number.to_string())),
        Value::Bool(flag) => Ok(Cow::Owned(flag.to_string())),
        other => Err(error(json_kind(other))),
    }
}

/// The field of `request` at the dotted path `name`.
pub(super) fn field<'v>(request: &'v Value, name: &str) -> Option<&'v Value> {
    name.split('.')
        .try_fold(request, |value, key| value.get(key))
}

/// Sets the field at the dotted path `name` of `request` to `value`, making
/// the objects on the way.
pub(super) fn set_field(request: &mut Value, name: &str, value: Value) {
    let mut target = request;
    for key in name.split('.') {
        if !target.is_object() {
            *target = Value::Object(serde_json::Map::new());
        }
        let Value::Object(fields) = target else {
            return;
        };
        target = fields.entry(key).or_insert(Value::Null);
    }
    *target = value;
}

/// Removes the field at the dotted path `name` from `request`, if it is there.
pub(super) fn remove_field(request: &mut Value, name: &str) {
    let (parents, leaf) = match name.rsplit_once('.') {
        Some((parents, leaf)) => (Some(parents), leaf),
        None => (None, name),
    };
    let mut value = request;
    for key in parents.into_iter().flat_map(|parents| parents.split('.')) {
        match value.get_mut(key) {
            Some(child) => value = child,
            None => return,
        }
    }
    if let Value::Object(fields) = value {
        fields.shift_remove(leaf);
    }
}

/// The query parameters a `GET` or `DELETE` request sends (see the
/// [runtime docs](super)).
pub(super) fn query_pairs(value: &Value) -> Result<Vec<(String, String)>, Error> {
    let mut pairs = Vec::new();
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (name, field) in fields {
                push_query_pairs(&mut pairs, name.clone(), field);
            }
        }
        other => {
            return Err(Error::Encode(serde::ser::Error::custom(format_args!(
                "a GET or DELETE request must serialize to a JSON object, not {}",
                json_kind(other)
            ))))
        }
    }
    Ok(pairs)
}

/// Appends the parameters for one field called `name`.
fn push_query_pairs(pairs: &mut Vec<(String, String)>, name: String, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (key, field) in fields {
                push_query_pairs(pairs, format!("{name}.{key}"), field);
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Null => {}
                    Value::Object(_) | Value::Array(_) => {
                        pairs.push((name.clone(), item.to_string()));
                    }
                    scalar => pairs.push((name.clone(), scalar_text(scalar))),
                }
            }
        }
        scalar => pairs.push((name, scalar_text(scalar))),
    }
}

/// A string's own text (unquoted), or a number's or boolean's JSON text.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// What kind of JSON value `value` is, for error messages.
pub(super) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
