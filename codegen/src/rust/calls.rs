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
    use crate::ir::{Field, Module, NameOrigin};

    fn method(operation_id: &str, http_method: HttpMethod) -> Method {
        Method {
            name: operation_id.to_owned(),
            operation_id: operation_id.to_owned(),
            description: String::new(),
            http_method,
            host: "www.wixapis.com".to_owned(),
            path: "/x".to_owned(),
            docs_url: String::new(),
            permission_scopes: Vec::new(),
            request: "Req".to_owned(),
            response: "Resp".to_owned(),
            source: "specs/x.md".to_owned(),
            required_paths: Vec::new(),
            request_examples: Vec::new(),
            possible_errors: Vec::new(),
        }
    }

    fn object(name: &str, fields: &[(&str, Type)]) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            module: None,
            name_origin: NameOrigin::Documented,
            kind: TypeKind::Object {
                fields: fields
                    .iter()
                    .map(|(name, ty)| Field {
                        name: (*name).to_owned(),
                        ty: ty.clone(),
                        description: None,
                        required: false,
                        constraints: Vec::new(),
                    })
                    .collect(),
                one_of_groups: Vec::new(),
            },
            modules: vec!["items".to_owned()],
            occurrences: Vec::new(),
        }
    }

    fn shared(name: &str) -> Type {
        Type::Ref(TypeId::shared(name))
    }

    fn text() -> Type {
        Type::String { format: None }
    }

    /// A package whose one method has `request` and `response` fields.
    fn package(request: &[(&str, Type)], response: &[(&str, Type)]) -> Package {
        let mut types = vec![
            object("Req", request),
            object("Resp", response),
            object(
                "CursorPaging",
                &[("limit", Type::Integer), ("cursor", text())],
            ),
            object("Query", &[("cursorPaging", shared("CursorPaging"))]),
            object("Meta", &[("cursors", shared("Cursors"))]),
            object("Cursors", &[("next", text()), ("prev", text())]),
            object("Item", &[("id", text())]),
        ];
        types.sort_by(|a, b| a.name.cmp(&b.name));
        Package {
            npm: "@wix/x".to_owned(),
            modules: vec![Module {
                name: "items".to_owned(),
                methods: vec![method("queryItems", HttpMethod::Post)],
            }],
            types,
        }
    }

    fn paging_of(package: &Package) -> Option<CursorPaging> {
        cursor_paging(package, "items", &package.modules[0].methods[0])
    }

    #[test]
    fn reads_are_gets_and_query_list_get_search_count_names() {
        assert!(retry(&method("createBooking", HttpMethod::Get)).read);
        for name in [
            "queryResources",
            "listThings",
            "getThing",
            "searchX",
            "countX",
        ] {
            let decision = retry(&method(name, HttpMethod::Post));
            assert!(decision.read, "{name}");
            assert!(
                decision.reason.starts_with("its name starts with `"),
                "{name}"
            );
        }
        for name in ["createBooking", "queryingIsNotAWord", "updateQuery", ""] {
            let decision = retry(&method(name, HttpMethod::Post));
            assert!(!decision.read, "{name}");
            assert!(
                decision.reason.starts_with("it is a `POST` whose name"),
                "{name}"
            );
        }
    }

    #[test]
    fn cursor_paging_in_the_query_or_at_the_top() {
        let items = ("items", Type::Array(Box::new(shared("Item"))));
        let meta = ("pagingMetadata", shared("Meta"));
        let in_query = package(
            &[("query", shared("Query"))],
            &[items.clone(), meta.clone()],
        );
        let paging = paging_of(&in_query).expect("paged");
        assert_eq!(paging.place, CursorPlace::InQuery);
        let found = paging.items.expect("one items field");
        assert_eq!((found.index, found.element), (0, shared("Item")));

        let top = package(
            &[("cursorPaging", shared("CursorPaging"))],
            &[meta.clone(), items.clone()],
        );
        let paging = paging_of(&top).expect("paged");
        assert_eq!(paging.place, CursorPlace::TopLevel);
        assert_eq!(paging.items.map(|i| i.index), Some(1));

        // Two arrays: which holds the items is unknown.
        let two = package(
            &[("query", shared("Query"))],
            &[
                items.clone(),
                ("tags", Type::Array(Box::new(text()))),
                meta.clone(),
            ],
        );
        assert_eq!(paging_of(&two).expect("paged").items, None);
    }

    #[test]
    fn no_cursor_paging_without_a_cursor_or_a_next_cursor() {
        let items = ("items", Type::Array(Box::new(shared("Item"))));
        // A response without paging metadata.
        let no_meta = package(&[("query", shared("Query"))], std::slice::from_ref(&items));
        assert_eq!(paging_of(&no_meta), None);
        // A request whose paging has no cursor.
        let no_cursor = package(
            &[("paging", shared("CursorPaging"))],
            &[items, ("pagingMetadata", shared("Meta"))],
        );
        assert_eq!(paging_of(&no_cursor), None);
    }

    #[test]
    fn error_codes_are_distinct_in_page_order() {
        let row = |code: &str, http_code: u16| PossibleError {
            http_code,
            status_code: "S".to_owned(),
            code: code.to_owned(),
            description: format!("{code} {http_code}"),
        };
        let mut with_errors = method("createThing", HttpMethod::Post);
        with_errors.possible_errors =
            vec![row("B", 400), row("", 500), row("A", 404), row("B", 428)];
        let codes = error_codes(&with_errors);
        let shown: Vec<(&str, Vec<u16>)> = codes
            .iter()
            .map(|c| (c.code, c.rows.iter().map(|r| r.http_code).collect()))
            .collect();
        assert_eq!(shown, [("B", vec![400, 428]), ("A", vec![404])]);
    }

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
