//! What the generated client does for each method beyond sending it, decided
//! from the IR: whether it is retried as a read or a write (and why),
//! whether it pages by cursor (and where its cursor and items are), and the
//! application error codes its page documents. The plan reserves the names
//! of what these add; the emitter writes it.

use super::docs::rustdoc_code_span as code;
use crate::ir::{Method, Package, PossibleError, Type, TypeDef, TypeId, TypeKind};
use crate::page::HttpMethod;

/// The first words of the names of methods that only read.
pub const READ_WORDS: [&str; 5] = ["get", "list", "query", "search", "count"];

/// How the client retries a method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    /// Whether the method only reads.
    pub read: bool,
    /// Why, as a markdown clause for the method docs ("its name starts
    /// with `query`, ...").
    pub reason: String,
}

/// Whether `method` only reads: its HTTP method is `GET`, or the first word
/// of its name (`queryResources` -> `query`) is one of [`READ_WORDS`].
pub fn retry(method: &Method) -> Retry {
    if method.http_method == HttpMethod::Get {
        return Retry {
            read: true,
            reason: "its HTTP method is `GET`".to_owned(),
        };
    }
    let word = first_word(&method.operation_id);
    if READ_WORDS.contains(&word.as_str()) {
        return Retry {
            read: true,
            reason: format!("its name starts with `{word}`"),
        };
    }
    Retry {
        read: false,
        reason: format!(
            "it is a `{}` whose name ({}) does not start with {}",
            method.http_method,
            code(&method.operation_id),
            READ_WORDS
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The first word of a camel-case name, lower-cased: `queryResources` ->
/// `query`, `Get` -> `get`.
fn first_word(name: &str) -> String {
    let mut word = String::new();
    for (index, c) in name.chars().enumerate() {
        if !c.is_ascii_alphabetic() || (index > 0 && c.is_ascii_uppercase()) {
            break;
        }
        word.push(c.to_ascii_lowercase());
    }
    word
}

/// Where a method's request holds its cursor paging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorPlace {
    /// `cursorPaging` at the top of the request.
    TopLevel,
    /// `query.cursorPaging`.
    InQuery,
}

/// A method with cursor paging: its request has `cursorPaging` (or
/// `query.cursorPaging`) with a `cursor`, and its response has
/// `pagingMetadata.cursors.next`.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorPaging {
    /// Where the request's cursor paging is.
    pub place: CursorPlace,
    /// The response's one array field besides `pagingMetadata`, when it has
    /// exactly one: the items.
    pub items: Option<ItemsField>,
}

/// The field of a paged response that holds the page's items.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemsField {
    /// Its index among the response type's fields.
    pub index: usize,
    /// The type of each item.
    pub element: Type,
    /// Whether the field is required (not an `Option`).
    pub required: bool,
}

/// The cursor paging of `method` of SDK module `module`, if it has one.
pub fn cursor_paging(package: &Package, module: &str, method: &Method) -> Option<CursorPaging> {
    let request = object(package, &package.resolve(module, &method.request))?;
    let has_cursor = |holder: &TypeDef| {
        reference(holder, "cursorPaging")
            .and_then(|id| object(package, id))
            .is_some_and(|paging| field(paging, "cursor").is_some())
    };
    let place = if has_cursor(request) {
        CursorPlace::TopLevel
    } else if reference(request, "query")
        .and_then(|id| object(package, id))
        .is_some_and(has_cursor)
    {
        CursorPlace::InQuery
    } else {
        return None;
    };
    let response = object(package, &package.resolve(module, &method.response))?;
    let has_next = reference(response, "pagingMetadata")
        .and_then(|id| object(package, id))
        .and_then(|metadata| reference(metadata, "cursors"))
        .and_then(|id| object(package, id))
        .is_some_and(|cursors| field(cursors, "next").is_some());
    if !has_next {
        return None;
    }
    let TypeKind::Object { fields, .. } = &response.kind else {
        return None;
    };
    let mut arrays = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.name != "pagingMetadata")
        .filter_map(|(index, f)| match &f.ty {
            Type::Array(element) => Some(ItemsField {
                index,
                element: (**element).clone(),
                required: f.required,
            }),
            _ => None,
        });
    let items = match (arrays.next(), arrays.next()) {
        (Some(items), None) => Some(items),
        _ => None,
    };
    Some(CursorPaging { place, items })
}

/// The object type `id`, if the package defines it as one.
fn object<'p>(package: &'p Package, id: &TypeId) -> Option<&'p TypeDef> {
    package
        .type_def(id)
        .filter(|ty| matches!(ty.kind, TypeKind::Object { .. }))
}

/// The field `name` of object `ty`.
fn field<'t>(ty: &'t TypeDef, name: &str) -> Option<&'t crate::ir::Field> {
    match &ty.kind {
        TypeKind::Object { fields, .. } => fields.iter().find(|f| f.name == name),
        TypeKind::Enum { .. } => None,
    }
}

/// The named type field `name` of object `ty` refers to directly.
fn reference<'t>(ty: &'t TypeDef, name: &str) -> Option<&'t TypeId> {
    match &field(ty, name)?.ty {
        Type::Ref(id) => Some(id),
        _ => None,
    }
}

/// One documented application error code of a method, with every row of
/// its `Possible Errors` table (a code may be listed under two statuses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode<'m> {
    /// The code, e.g. `SLOT_NOT_AVAILABLE`.
    pub code: &'m str,
    /// Its rows, in page order.
    pub rows: Vec<&'m PossibleError>,
}

/// The distinct application error codes of `method`, in page order (rows
/// with an empty code are left out: there is nothing to match).
pub fn error_codes(method: &Method) -> Vec<ErrorCode<'_>> {
    let mut codes: Vec<ErrorCode<'_>> = Vec::new();
    for row in &method.possible_errors {
        if row.code.is_empty() {
            continue;
        }
        match codes.iter_mut().find(|c| c.code == row.code) {
            Some(code) => code.rows.push(row),
            None => codes.push(ErrorCode {
                code: &row.code,
                rows: vec![row],
            }),
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_words() {
        assert_eq!(first_word("queryResources"), "query");
        assert_eq!(first_word("getResource"), "get");
        assert_eq!(first_word("Get"), "get");
        assert_eq!(first_word("listing"), "listing");
        assert_eq!(first_word("createBooking"), "create");
        assert_eq!(first_word("query_things"), "query");
        assert_eq!(first_word(""), "");
    }
}
