//! Typed queries (the runtime's `query` module) from the IR: which methods
//! are queries and over which entity, a `<Type>Fields` struct of field
//! handles per object type an entity reaches, each entity's `fields()`, and
//! the conversion of a `Query<Entity>` into the method's request. The plan
//! names the structs; the emitter places what this module builds.
//!
//! Also the list of the filters and sorts the pages document
//! (`generated/tests/query/documented.rs`), which the hand-written query
//! test rebuilds one by one with the builder.

use std::collections::BTreeSet;

#[cfg(test)]
use proc_macro2::TokenStream;
#[cfg(test)]
use quote::quote;
use serde_json::Value;

use super::docs::{rustdoc_code_span as code, rustdoc_markdown};
use super::layout::{string_token, Flat, Lines};
use super::names::to_ident;
use super::plan::PackagePlan;
use crate::generate::{GeneratedFile, RUST_HEADER};
use crate::ir::{Field, Ir, Method, Package, StringFormat, Type, TypeDef, TypeId, TypeKind};

/// A query method: its request has a filter (`filter` or `query.filter`, a
/// free-form object) and its response one array of objects, the entities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryMethod {
    /// The type of the response's items.
    pub entity: TypeId,
    /// The request field holding the query (`query`) and whether it is
    /// required; `None` when the filter is at the request's top.
    pub query_field: Option<(usize, bool)>,
    /// The type holding `filter`, `sort` and the paging: the request, or
    /// the type of its `query`.
    pub holder: TypeId,
    /// The index of `filter` in the holder.
    pub filter: usize,
    /// Where sorts go, when the holder has `sort: array<Sorting>`.
    pub sort: Option<SortShape>,
    /// Where the limit goes, when the holder has `cursorPaging.limit` or
    /// `paging.limit`.
    pub paging: Option<PagingShape>,
}

/// A holder's `sort`: an array of objects with a string `fieldName` and an
/// enum `order`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortShape {
    /// The index of `sort` in the holder.
    pub index: usize,
    /// The element type (`Sorting`).
    pub sorting: TypeId,
    /// The index of `fieldName` in the element type, and whether it is required.
    pub field_name: (usize, bool),
    /// The index of `order` in the element type, and whether it is required.
    pub order: (usize, bool),
    /// The enum of `order`.
    pub order_enum: TypeId,
}

/// A holder's paging with a `limit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingShape {
    /// The index of the paging field (`cursorPaging`, `paging`) in the holder.
    pub index: usize,
    /// Its wire name.
    pub wire: String,
    /// The paging type.
    pub paging: TypeId,
    /// The index of `limit` in the paging type.
    pub limit: usize,
}

fn object_fields<'p>(package: &'p Package, id: &TypeId) -> Option<&'p [Field]> {
    match &package.type_def(id)?.kind {
        TypeKind::Object { fields, .. } => Some(fields),
        TypeKind::Enum { .. } => None,
    }
}

fn is_enum(package: &Package, id: &TypeId) -> bool {
    matches!(
        package.type_def(id).map(|t| &t.kind),
        Some(TypeKind::Enum { .. })
    )
}

fn position(fields: &[Field], name: &str) -> Option<usize> {
    fields.iter().position(|f| f.name == name)
}

/// The query shape of `method` of SDK module `module`, if it is a query.
pub fn query_method(package: &Package, module: &str, method: &Method) -> Option<QueryMethod> {
    let request = package.resolve(module, &method.request);
    let request_fields = object_fields(package, &request)?;
    let has_filter = |fields: &[Field]| {
        fields
            .iter()
            .position(|f| f.name == "filter" && f.ty == Type::Object)
    };
    let (query_field, holder, filter) = if let Some(filter) = has_filter(request_fields) {
        (None, request, filter)
    } else {
        let index = position(request_fields, "query")?;
        let Type::Ref(holder) = &request_fields[index].ty else {
            return None;
        };
        let filter = has_filter(object_fields(package, holder)?)?;
        (
            Some((index, request_fields[index].required)),
            holder.clone(),
            filter,
        )
    };
    let response = object_fields(package, &package.resolve(module, &method.response))?;
    let mut entities = response.iter().filter_map(|f| match &f.ty {
        Type::Array(inner) => match &**inner {
            Type::Ref(id) if object_fields(package, id).is_some() => Some(id.clone()),
            _ => None,
        },
        _ => None,
    });
    let (Some(entity), None) = (entities.next(), entities.next()) else {
        return None;
    };
    let holder_fields = object_fields(package, &holder)?;
    let sort = position(holder_fields, "sort").and_then(|index| {
        let Type::Array(inner) = &holder_fields[index].ty else {
            return None;
        };
        let Type::Ref(sorting) = &**inner else {
            return None;
        };
        let fields = object_fields(package, sorting)?;
        let field_name = position(fields, "fieldName")?;
        if !matches!(fields[field_name].ty, Type::String { format: None }) {
            return None;
        }
        let order = position(fields, "order")?;
        let Type::Ref(order_enum) = &fields[order].ty else {
            return None;
        };
        is_enum(package, order_enum).then(|| SortShape {
            index,
            sorting: sorting.clone(),
            field_name: (field_name, fields[field_name].required),
            order: (order, fields[order].required),
            order_enum: order_enum.clone(),
        })
    });
    let paging = ["cursorPaging", "paging"].iter().find_map(|wire| {
        let index = position(holder_fields, wire)?;
        let Type::Ref(paging) = &holder_fields[index].ty else {
            return None;
        };
        let fields = object_fields(package, paging)?;
        let limit = position(fields, "limit")?;
        (fields[limit].ty == Type::Integer).then(|| PagingShape {
            index,
            wire: (*wire).to_owned(),
            paging: paging.clone(),
            limit,
        })
    });
    Some(QueryMethod {
        entity,
        query_field,
        holder,
        filter,
        sort,
        paging,
    })
}

/// The entities of `package`'s query methods.
pub fn entities(package: &Package) -> BTreeSet<TypeId> {
    package
        .modules
        .iter()
        .flat_map(|m| m.methods.iter().map(move |method| (m, method)))
        .filter_map(|(module, method)| query_method(package, &module.name, method))
        .map(|query| query.entity)
        .collect()
}

/// The object types the entities reach through their fields (the entities
/// too): each gets a `<Type>Fields` struct. A type that reaches itself is
/// listed once; its struct's accessors return the struct again, so nothing
/// recurses at generation.
pub fn reached_objects(package: &Package, entities: &BTreeSet<TypeId>) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<TypeId> = entities.iter().cloned().collect();
    while let Some(id) = stack.pop() {
        let Some(fields) = object_fields(package, &id) else {
            continue;
        };
        if !seen.insert(id) {
            continue;
        }
        for field in fields {
            if let Some(next) = field.ty.referenced() {
                if !seen.contains(next) {
                    stack.push(next.clone());
                }
            }
        }
    }
    seen
}

/// Emits the query items of one package, with names from its plan.
pub(super) struct QueryEmitter<'a> {
    pub(super) package: &'a Package,
    pub(super) plan: &'a PackagePlan,
}

impl QueryEmitter<'_> {
    fn type_ident(&self, id: &TypeId) -> proc_macro2::Ident {
        to_ident(&self.plan.type_name(id))
    }

    /// The `<Type>Fields` struct of `target` as seen from a file of scope
    /// `from` (`None`: `common.rs`).
    fn fields_path(&self, target: &TypeId, from: Option<&str>) -> String {
        let ident = to_ident(
            self.plan
                .query_fields
                .get(target)
                .map_or("Unplanned", String::as_str),
        );
        if target.module.is_none() && from.is_some() {
            format!("super::common::{ident}")
        } else {
            ident.to_string()
        }
    }

    /// The `<Type>Fields` struct of object `ty` and its accessors.
    pub(super) fn fields_struct(&self, out: &mut Lines, ty: &TypeDef) {
        let TypeKind::Object { fields, .. } = &ty.kind else {
            return;
        };
        let id = ty.id().to_id();
        let Some(name) = self.plan.query_fields.get(&id) else {
            return;
        };
        let ident = to_ident(name);
        let names = self.plan.fields.get(&id).cloned().unwrap_or_default();
        let scope = ty.module.as_deref();
        let accessors: Vec<Flat> = fields
            .iter()
            .zip(&names)
            .map(|(field, name)| {
                let method = to_ident(name);
                let (returns, make) = self.handle(&field.ty, &field.name, scope);
                let docs = match &field.description {
                    Some(description) => vec![rustdoc_markdown(description)],
                    None => vec![format!("The handle of the field {}.", code(&field.name))],
                };
                let mut accessor = Flat::at(1);
                accessor
                    .docs(0, &docs)
                    .signature(
                        0,
                        &format!("pub fn {method}"),
                        &["&self".to_owned()],
                        &returns,
                    )
                    .code(1, make)
                    .code(0, "}");
                accessor
            })
            .collect();
        let mut definition = Flat::default();
        definition
            .docs(0, &[
                format!(
                    "The fields of {} in typed queries over entities `R` ([`crate::runtime::query`]): one handle per field, at the dotted path from the entity.",
                    code(&ty.name)
                ),
                "`W` is [`crate::runtime::query::One`], or [`crate::runtime::query::Each`] when reached through an array of objects (then each scalar field is an [`crate::runtime::query::ArrayField`]).".to_owned(),
            ])
            .code(0, "#[derive(Debug)]")
            .call(
                0,
                &format!("pub struct {ident}<R, W>"),
                &["pub(crate) crate::runtime::query::FieldPath<R, W>".to_owned()],
                ";",
            );
        out.member(&[], &definition);
        out.impl_block(
            &format!("impl<R, W: crate::runtime::query::Arity<R>> {ident}<R, W> {{"),
            &accessors,
        );
    }

    /// The return type and the body of the accessor of field `wire` of type
    /// `ty`, in a file of scope `scope` (the object's path is `self.0`).
    fn handle(&self, ty: &Type, wire: &str, scope: Option<&str>) -> (String, String) {
        let wire = string_token(wire);
        let path = format!("self.0.field({wire})");
        let json = (
            "crate::runtime::query::JsonField<R>".to_owned(),
            format!("crate::runtime::query::JsonField::new({path})"),
        );
        match ty {
            Type::String {
                format: Some(StringFormat::DateTime),
            } => ("W::Timestamp".to_owned(), format!("W::timestamp({path})")),
            Type::String { .. } => ("W::String".to_owned(), format!("W::string({path})")),
            Type::Integer => (
                "W::Number<i64>".to_owned(),
                format!("W::number::<i64>({path})"),
            ),
            Type::Number => (
                "W::Number<f64>".to_owned(),
                format!("W::number::<f64>({path})"),
            ),
            Type::Boolean => ("W::Bool".to_owned(), format!("W::bool({path})")),
            Type::Ref(id) if is_enum(self.package, id) => {
                let e = self.type_ident(id);
                (
                    format!("W::Enum<{e}>"),
                    format!("W::enumeration::<{e}>({path})"),
                )
            }
            Type::Ref(id) if self.plan.query_fields.contains_key(id) => {
                let fields = self.fields_path(id, scope);
                (
                    format!("{fields}<R, W>"),
                    format!("{fields}(self.0.object({wire}))"),
                )
            }
            // A type the package does not define: the IR never refers to one.
            Type::Object | Type::Any | Type::Ref(_) => json,
            Type::Array(inner) => {
                let element = match &**inner {
                    Type::Ref(id) if self.plan.query_fields.contains_key(id) => {
                        let fields = self.fields_path(id, scope);
                        return (
                            format!("{fields}<R, crate::runtime::query::Each>"),
                            format!("{fields}(self.0.object({wire}))"),
                        );
                    }
                    Type::Ref(id) if is_enum(self.package, id) => self.type_ident(id).to_string(),
                    Type::String {
                        format: Some(StringFormat::DateTime),
                    } => "crate::runtime::chrono::DateTime<crate::runtime::chrono::Utc>".to_owned(),
                    Type::String { .. } => "::std::string::String".to_owned(),
                    Type::Integer => "i64".to_owned(),
                    Type::Number => "f64".to_owned(),
                    Type::Boolean => "bool".to_owned(),
                    _ => "::serde_json::Value".to_owned(),
                };
                (
                    format!("crate::runtime::query::ArrayField<R, {element}>"),
                    format!("crate::runtime::query::ArrayField::new({path})"),
                )
            }
        }
    }

    /// `fields()` of entity `ty`.
    pub(super) fn entity_root(&self, out: &mut Lines, ty: &TypeDef) {
        let id = ty.id().to_id();
        if !self.plan.entities.contains(&id) {
            return;
        }
        let entity = self.type_ident(&id);
        let fields = self.fields_path(&id, ty.module.as_deref());
        let mut root = Flat::default();
        root.docs(0, &[format!(
            "The handles of the fields of {} for typed queries ([`crate::runtime::query`]): `{}::fields().<field>()` gives a field's handle, whose operators give filters and sorts.",
            code(&ty.name),
            self.plan.type_name(&id)
        )])
        .code(0, format_args!("pub fn fields() -> {fields}<{entity}, crate::runtime::query::One> {{"))
        .code(1, format_args!("{fields}(crate::runtime::query::FieldPath::top())"))
        .code(0, "}");
        out.impl_block(&format!("impl {entity} {{"), &[root]);
    }

    /// Whether a `Query` converts into the request of `query`: it has a
    /// place for sorts and the limit, every field set is optional (so
    /// leaving it out is the API's default) and the structs built have a
    /// `Default` for the rest.
    pub(super) fn converts(&self, module: &str, method: &Method, query: &QueryMethod) -> bool {
        let (Some(sort), Some(paging)) = (&query.sort, &query.paging) else {
            return false;
        };
        let optional = |holder: &TypeId, index: usize| {
            object_fields(self.package, holder)
                .and_then(|fields| fields.get(index))
                .is_some_and(|f| !f.required)
        };
        let defaultable = |id: &TypeId| self.plan.defaultable.contains(id);
        optional(&query.holder, query.filter)
            && optional(&query.holder, sort.index)
            && optional(&query.holder, paging.index)
            && optional(&paging.paging, paging.limit)
            && defaultable(&self.package.resolve(module, &method.request))
            && defaultable(&query.holder)
            && defaultable(&sort.sorting)
            && defaultable(&paging.paging)
    }

    /// What `From<Query<Entity>>` for the request of `method` is made of,
    /// when the request converts.
    fn conversion(&self, module: &str, method: &Method) -> Option<Conversion> {
        let query = query_method(self.package, module, method)?;
        if !self.converts(module, method, &query) {
            return None;
        }
        let (Some(sort), Some(paging)) = (&query.sort, &query.paging) else {
            return None;
        };
        let field = |holder: &TypeId, index: usize| {
            self.plan
                .fields
                .get(holder)
                .and_then(|names| names.get(index))
                .map_or("unplanned", String::as_str)
                .to_owned()
        };
        let request_id = self.package.resolve(module, &method.request);
        let place = if query.query_field.is_some() {
            "query."
        } else {
            ""
        };
        Some(Conversion {
            docs: format!(
                "The request of {} for a typed query ([`crate::runtime::query::Query`]): its filter as {}, its sorts as {} and its limit as {}; what the query leaves unset is left out.",
                code(&method.name),
                code(&format!("{place}filter")),
                code(&format!("{place}sort")),
                code(&format!("{place}{}.limit", paging.wire)),
            ),
            request: self.plan.type_name(&request_id),
            entity: self.plan.type_name(&query.entity),
            holder: self.plan.type_name(&query.holder),
            sorting: self.plan.type_name(&sort.sorting),
            order_enum: self.plan.type_name(&sort.order_enum),
            paging_type: self.plan.type_name(&paging.paging),
            filter_field: field(&query.holder, query.filter),
            sort_field: field(&query.holder, sort.index),
            paging_field: field(&query.holder, paging.index),
            limit_field: field(&paging.paging, paging.limit),
            field_name: (field(&sort.sorting, sort.field_name.0), sort.field_name.1),
            order: (field(&sort.sorting, sort.order.0), sort.order.1),
            query_field: query
                .query_field
                .map(|(index, required)| (field(&request_id, index), required)),
        })
    }

    /// `From<Query<Entity>>` for the request of `method`, when it converts,
    /// as lines: the shape prettyplease gives it (a test checks this against
    /// prettyplease across name lengths), which [`Lines::member`] hands to
    /// prettyplease when a line does not fit.
    pub(super) fn request_from_query_lines(&self, module: &str, method: &Method) -> Option<Flat> {
        self.conversion(module, method)
            .map(|conversion| conversion.lines())
    }
}

/// The names in a request's `From<Query<Entity>>`, and which fields take
/// their value as is (required) rather than in `Some`.
struct Conversion {
    docs: String,
    request: String,
    entity: String,
    holder: String,
    sorting: String,
    order_enum: String,
    paging_type: String,
    filter_field: String,
    sort_field: String,
    paging_field: String,
    limit_field: String,
    /// The sorting's field name field, and whether it is required.
    field_name: (String, bool),
    /// The sorting's order field, and whether it is required.
    order: (String, bool),
    /// The request field holding the query (`None`: the request is the
    /// query), and whether it is required.
    query_field: Option<(String, bool)>,
}

impl Conversion {
    /// The impl as tokens: what prettyplease lays out as [`Conversion::lines`]
    /// writes it (the reference the layout is tested against).
    #[cfg(test)]
    fn tokens(&self) -> TokenStream {
        let ident = |name: &str| to_ident(name);
        let request = ident(&self.request);
        let entity = ident(&self.entity);
        let holder = ident(&self.holder);
        let sorting = ident(&self.sorting);
        let order_enum = ident(&self.order_enum);
        let paging_type = ident(&self.paging_type);
        let filter_field = ident(&self.filter_field);
        let sort_field = ident(&self.sort_field);
        let paging_field = ident(&self.paging_field);
        let limit_field = ident(&self.limit_field);
        let field_name = ident(&self.field_name.0);
        let order = ident(&self.order.0);
        let wrap = |required: bool, value: TokenStream| {
            if required {
                value
            } else {
                quote!(::std::option::Option::Some(#value))
            }
        };
        let field_name_value = wrap(self.field_name.1, quote!(sort.field_name().to_owned()));
        let order_value = wrap(
            self.order.1,
            quote!(#order_enum::from(sort.direction().as_str())),
        );
        let holder_value = quote! {
            #holder {
                #filter_field: parts.filter.map(crate::runtime::query::Filter::into_json),
                #sort_field: (!sort.is_empty()).then_some(sort),
                #paging_field: parts.limit.map(|limit| #paging_type {
                    #limit_field: ::std::option::Option::Some(i64::from(limit)),
                    ..#paging_type::default()
                }),
                ..#holder::default()
            }
        };
        let body = match &self.query_field {
            None => holder_value,
            Some((name, required)) => {
                let query_field = ident(name);
                let value = wrap(*required, holder_value);
                quote!(Self { #query_field: #value, ..Self::default() })
            }
        };
        let docs = super::emit::doc_lines(std::slice::from_ref(&self.docs));
        quote! {
            #docs
            impl ::std::convert::From<crate::runtime::query::Query<#entity>> for #request {
                fn from(query: crate::runtime::query::Query<#entity>) -> Self {
                    let parts = query.into_parts();
                    let sort: ::std::vec::Vec<#sorting> = parts
                        .sort
                        .iter()
                        .map(|sort| #sorting {
                            #field_name: #field_name_value,
                            #order: #order_value,
                            ..#sorting::default()
                        })
                        .collect();
                    #body
                }
            }
        }
    }

    /// The impl as lines, broken where prettyplease breaks it: the method
    /// chains and struct literals always (they never fit on a line), the
    /// impl's opening before `for` and a `Some(..)` value around its
    /// argument when the line would not fit.
    fn lines(&self) -> Flat {
        const SOME: &str = "::std::option::Option::Some";
        let mut flat = Flat::at(0);
        flat.docs(0, std::slice::from_ref(&self.docs));
        let (entity, request) = (&self.entity, &self.request);
        let from = format!("impl ::std::convert::From<crate::runtime::query::Query<{entity}>>");
        let open = format!("{from} for {request} {{");
        if flat.fits_at(0, &open) {
            flat.code(0, open);
        } else {
            flat.code(0, from).code(0, format_args!("for {request} {{"));
        }
        flat.code(
            1,
            format_args!("fn from(query: crate::runtime::query::Query<{entity}>) -> Self {{"),
        );
        flat.code(2, "let parts = query.into_parts();");
        let sorting = &self.sorting;
        flat.code(
            2,
            format_args!("let sort: ::std::vec::Vec<{sorting}> = parts"),
        )
        .code(3, ".sort")
        .code(3, ".iter()")
        .code(3, format_args!(".map(|sort| {sorting} {{"));
        // A field whose value is `Some(..)` around a call: on one line when
        // it fits, else the call on a line of its own.
        let value = |flat: &mut Flat, depth: usize, name: &str, required: bool, call: &str| {
            if required {
                flat.code(depth, format_args!("{name}: {call},"));
                return;
            }
            let line = format!("{name}: {SOME}({call}),");
            if flat.fits_at(depth, &line) {
                flat.code(depth, line);
            } else {
                flat.code(depth, format_args!("{name}: {SOME}("))
                    .code(depth + 1, format_args!("{call},"))
                    .code(depth, "),");
            }
        };
        let (field_name, field_name_required) = &self.field_name;
        value(
            &mut flat,
            4,
            field_name,
            *field_name_required,
            "sort.field_name().to_owned()",
        );
        let (order, order_required) = &self.order;
        value(
            &mut flat,
            4,
            order,
            *order_required,
            &format!("{}::from(sort.direction().as_str())", self.order_enum),
        );
        flat.code(4, format_args!("..{sorting}::default()"))
            .code(3, "})")
            .code(3, ".collect();");
        let holder = &self.holder;
        let paging_type = &self.paging_type;
        let holder_fields = |flat: &mut Flat, depth: usize| {
            flat.code(
                depth,
                format_args!(
                    "{}: parts.filter.map(crate::runtime::query::Filter::into_json),",
                    self.filter_field
                ),
            )
            .code(
                depth,
                format_args!("{}: (!sort.is_empty()).then_some(sort),", self.sort_field),
            )
            .code(depth, format_args!("{}: parts", self.paging_field))
            .code(depth + 1, ".limit")
            .code(depth + 1, format_args!(".map(|limit| {paging_type} {{"))
            .code(
                depth + 2,
                format_args!("{}: {SOME}(i64::from(limit)),", self.limit_field),
            )
            .code(depth + 2, format_args!("..{paging_type}::default()"))
            .code(depth + 1, "}),")
            .code(depth, format_args!("..{holder}::default()"));
        };
        match &self.query_field {
            None => {
                flat.code(2, format_args!("{holder} {{"));
                holder_fields(&mut flat, 3);
                flat.code(2, "}");
            }
            Some((name, required)) => {
                flat.code(2, "Self {");
                if *required {
                    flat.code(3, format_args!("{name}: {holder} {{"));
                } else {
                    flat.code(3, format_args!("{name}: {SOME}({holder} {{"));
                }
                holder_fields(&mut flat, 4);
                flat.code(3, if *required { "}," } else { "})," })
                    .code(3, "..Self::default()")
                    .code(2, "}");
            }
        }
        flat.code(1, "}").code(0, "}");
        flat
    }
}

/// Where the documented filters and sorts go.
pub const DOCUMENTED_PATH: &str = "generated/tests/query/documented.rs";

/// A filter or a sort a page documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Documented {
    /// The method's page title.
    pub method: String,
    /// Where: `curl example "<title>"`, or `description of <Type>.<field>`.
    pub source: String,
    /// `filter` or `sort`.
    pub kind: &'static str,
    /// The JSON.
    pub json: Value,
}

/// Every filter and sort the pages show for query methods: in each curl
/// example's body (`query.filter`, `query.sort`, or at the top), and as
/// JSON in the descriptions of the query's `filter` and `sort` fields.
pub fn documented(ir: &Ir) -> Vec<Documented> {
    let mut out = Vec::new();
    for package in &ir.packages {
        for module in &package.modules {
            for method in &module.methods {
                let Some(query) = query_method(package, &module.name, method) else {
                    continue;
                };
                for example in &method.request_examples {
                    let holder = match query.query_field {
                        Some(_) => example.body.get("query"),
                        None => Some(&example.body),
                    };
                    for kind in ["filter", "sort"] {
                        if let Some(json) = holder.and_then(|h| h.get(kind)) {
                            out.push(Documented {
                                method: method.name.clone(),
                                source: format!("curl example {:?}", example.title),
                                kind,
                                json: json.clone(),
                            });
                        }
                    }
                }
                let holder = package.type_def(&query.holder);
                let fields = object_fields(package, &query.holder).unwrap_or_default();
                for kind in ["filter", "sort"] {
                    let Some(field) = fields.iter().find(|f| f.name == kind) else {
                        continue;
                    };
                    for json in json_in(field.description.as_deref().unwrap_or_default(), kind) {
                        out.push(Documented {
                            method: method.name.clone(),
                            source: format!(
                                "description of {}.{kind}",
                                holder.map_or("", |h| h.name.as_str())
                            ),
                            kind,
                            json,
                        });
                    }
                }
            }
        }
    }
    out
}

/// The JSON values shown in code spans of `text` for a field `key`: a span
/// that is JSON, or a `"key": value` member.
fn json_in(text: &str, key: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for (index, span) in text.split('`').enumerate() {
        if index % 2 == 0 {
            continue;
        }
        let span = span.trim();
        if let Ok(value) = serde_json::from_str::<Value>(span) {
            if value.is_object() || value.is_array() {
                out.push(value);
            }
            continue;
        }
        if let Ok(Value::Object(mut wrapped)) = serde_json::from_str(&format!("{{{span}}}")) {
            if let Some(value) = wrapped.remove(key) {
                out.push(value);
            }
        }
    }
    out
}

/// `generated/tests/query/documented.rs`: the documented filters and sorts
/// as data for the hand-written `generated/tests/query.rs`.
///
/// # Panics
///
/// When the emitted tokens do not parse: a bug in this module.
pub fn documented_file(ir: &Ir) -> GeneratedFile {
    // Written as text, laid out as prettyplease lays out these items (a
    // test compares the two on entries of every length around the margin).
    let documented = documented(ir);
    let mut contents = format!("{RUST_HEADER}\n{DOCUMENTED_HEAD}");
    if documented.is_empty() {
        contents.push_str("pub const DOCUMENTED: &[Documented] = &[];\n");
    } else {
        contents.push_str("pub const DOCUMENTED: &[Documented] = &[\n");
        for entry in &documented {
            documented_entry(&mut contents, entry);
        }
        contents.push_str("];\n");
    }
    GeneratedFile {
        path: DOCUMENTED_PATH.to_owned(),
        contents,
    }
}

/// The items of [`DOCUMENTED_PATH`] before the list.
const DOCUMENTED_HEAD: &str = "\
//! Every filter and sort the spec pages document for query methods:
//! each curl example's, and the JSON in the descriptions of the
//! query's `filter` and `sort` fields. `generated/tests/query.rs`
//! rebuilds each one with the typed builder.
/// A documented filter or sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Documented {
    /// The method's page title.
    pub method: &'static str,
    /// Where the page shows it.
    pub source: &'static str,
    /// `filter` or `sort`.
    pub kind: &'static str,
    /// The JSON, as the page shows it.
    pub json: &'static str,
}
/// In page order, method by method.
";

/// One element of the list, a field a line: prettyplease keeps a struct
/// literal on one line only when it is at most 34 columns wide
/// (`end_with_max_width(34)`), and `Documented { method: "", ` alone is
/// wider. A field's line never breaks (its value is one literal).
fn documented_entry(out: &mut String, entry: &Documented) {
    use super::layout::string_token;
    let members = [
        ("method", string_token(&entry.method)),
        ("source", string_token(&entry.source)),
        ("kind", string_token(entry.kind)),
        (
            "json",
            super::str_literal_source(&super::json_text(&entry.json)),
        ),
    ];
    out.push_str("    Documented {\n");
    for (name, value) in &members {
        out.push_str("        ");
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str(",\n");
    }
    out.push_str("    },\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A conversion whose names have the given lengths (`Some` around a
    /// value unless its field is required).
    fn conversion_of(lengths: [usize; 13], required: [bool; 3], query_field: bool) -> Conversion {
        // Distinct names of each length: a type `T..`, a field `f..`.
        let ty = |n: usize, c: char| format!("T{}", c.to_string().repeat(n.saturating_sub(1)));
        let field = |n: usize, c: char| format!("f{}", c.to_string().repeat(n.saturating_sub(1)));
        Conversion {
            docs: "The request of `Q` for a typed query: what it leaves unset is left out.".into(),
            request: ty(lengths[0], 'r'),
            entity: ty(lengths[1], 'e'),
            holder: ty(lengths[2], 'h'),
            sorting: ty(lengths[3], 's'),
            order_enum: ty(lengths[4], 'o'),
            paging_type: ty(lengths[5], 'p'),
            filter_field: field(lengths[6], 'f'),
            sort_field: field(lengths[7], 's'),
            paging_field: field(lengths[8], 'p'),
            limit_field: field(lengths[9], 'l'),
            field_name: (field(lengths[10], 'n'), required[0]),
            order: (field(lengths[11], 'o'), required[1]),
            query_field: query_field.then(|| (field(lengths[12], 'q'), required[2])),
        }
    }

    /// The conversion written as lines is what prettyplease makes of its
    /// tokens, for names of every length from short to past the margin,
    /// one name at a time and all at once, with and without `Some`.
    #[test]
    fn a_conversion_written_as_lines_is_laid_out_as_prettyplease_lays_it_out() {
        let typical = [21, 8, 11, 7, 9, 12, 6, 4, 13, 5, 10, 5, 5];
        let mut cases = Vec::new();
        for slot in 0..typical.len() {
            for length in (1..=70).step_by(3) {
                let mut lengths = typical;
                lengths[slot] = length;
                cases.push(lengths);
            }
        }
        for length in (1..=60).step_by(4) {
            cases.push([length; 13]);
        }
        let (mut checked, mut as_written) = (0, 0);
        for lengths in &cases {
            for required in [
                [false; 3],
                [true; 3],
                [false, true, false],
                [true, false, true],
            ] {
                for query_field in [false, true] {
                    let conversion = conversion_of(*lengths, required, query_field);
                    let lines = conversion.lines();
                    // Lines that do not fit are left to prettyplease.
                    as_written += usize::from(lines.fits(0));
                    let mut written = Lines::default();
                    written.member(&[], &lines);
                    let syntax: syn::File = syn::parse2(conversion.tokens()).unwrap();
                    assert_eq!(
                        written.finish(),
                        prettyplease::unparse(&syntax),
                        "{lengths:?} {required:?} {query_field}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, cases.len() * 8);
        // Most cases are written as the lines give them, not left to
        // prettyplease.
        assert!(as_written * 2 > checked, "{as_written} of {checked}");
    }

    /// [`documented_file`] as prettyplease lays it out (the entries built
    /// as tokens): what the text must be.
    fn documented_file_by_prettyplease(documented: &[Documented]) -> String {
        let entries = documented.iter().map(|d| {
            let method = &d.method;
            let source = &d.source;
            let kind = d.kind;
            let json = crate::rust::str_literal(&d.json.to_string());
            quote! {
                Documented { method: #method, source: #source, kind: #kind, json: #json },
            }
        });
        let entries: TokenStream = entries.collect();
        // The items before the list are checked too: prettyplease prints
        // them as they are written.
        let source =
            format!("{DOCUMENTED_HEAD}pub const DOCUMENTED: &[Documented] = &[{entries}];");
        let syntax = syn::parse_file(&source).expect("the items parse");
        format!("{RUST_HEADER}\n{}", prettyplease::unparse(&syntax))
    }

    #[test]
    fn the_documented_file_is_laid_out_as_prettyplease_lays_it_out() {
        let entry = |source: usize, json: Value| Documented {
            method: String::new(),
            source: "s".repeat(source),
            kind: "sort",
            json,
        };
        // The shortest entries, entries around the margin, plain and raw
        // literals and escapes.
        let mut documented: Vec<Documented> = (0..100)
            .map(|n| entry(n, serde_json::json!({ "a": n })))
            .collect();
        documented.extend((0..100).map(|n| entry(n, serde_json::json!(""))));
        documented.push(Documented {
            method: "Q\u{e9}ry\t\"x\"".to_owned(),
            source: "line\nbreak \\ and \u{1f600}".to_owned(),
            kind: "sort",
            json: serde_json::json!([{"fieldName": "a\"#b", "order": "ASC"}]),
        });
        let by_text = |documented: Vec<Documented>| {
            let mut contents = format!("{RUST_HEADER}\n{DOCUMENTED_HEAD}");
            contents.push_str("pub const DOCUMENTED: &[Documented] = &[\n");
            for entry in &documented {
                documented_entry(&mut contents, entry);
            }
            contents.push_str("];\n");
            contents
        };
        assert_eq!(
            by_text(documented.clone()),
            documented_file_by_prettyplease(&documented)
        );
        // No entries.
        assert_eq!(
            documented_file(&Ir {
                packages: Vec::new()
            })
            .contents,
            documented_file_by_prettyplease(&[])
        );
    }
    use crate::ir::{Module, NameOrigin, RequestExample};
    use crate::page::HttpMethod;
    use crate::rust::plan::CratePlan;

    fn object(module: Option<&str>, name: &str, fields: &[(&str, Type)]) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            module: module.map(str::to_owned),
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
            occurrences: vec!["specs/x.md:1:1".to_owned()],
        }
    }

    fn enumeration(name: &str) -> TypeDef {
        TypeDef {
            kind: TypeKind::Enum {
                values: ["ASC", "DESC"]
                    .iter()
                    .map(|v| crate::ir::EnumValue {
                        name: (*v).to_owned(),
                        description: None,
                    })
                    .collect(),
            },
            ..object(Some("items"), name, &[])
        }
    }

    fn own(name: &str) -> Type {
        Type::Ref(TypeId::module("items", name))
    }

    fn array(ty: Type) -> Type {
        Type::Array(Box::new(ty))
    }

    fn text() -> Type {
        Type::String { format: None }
    }

    /// A package with one method `queryItems` whose request is `request`
    /// and response `response`, beside the query types.
    fn package(request: &[(&str, Type)], response: &[(&str, Type)], body: Value) -> Package {
        let mut types = vec![
            object(Some("items"), "QueryItemsRequest", request),
            object(Some("items"), "QueryItemsResponse", response),
            object(
                Some("items"),
                "Query",
                &[
                    ("filter", Type::Object),
                    ("sort", array(own("Sorting"))),
                    ("cursorPaging", own("Paging")),
                ],
            ),
            object(
                Some("items"),
                "Sorting",
                &[("fieldName", text()), ("order", own("Order"))],
            ),
            enumeration("Order"),
            object(Some("items"), "Paging", &[("limit", Type::Integer)]),
            object(
                Some("items"),
                "Item",
                &[
                    ("id", text()),
                    ("parent", own("Item")),
                    ("tags", array(own("Tag"))),
                ],
            ),
            object(Some("items"), "Tag", &[("label", text())]),
        ];
        types.sort_by(|a, b| a.id().cmp(&b.id()));
        Package {
            npm: "@wix/x".to_owned(),
            modules: vec![Module {
                name: "items".to_owned(),
                methods: vec![Method {
                    name: "QueryItems".to_owned(),
                    operation_id: "queryItems".to_owned(),
                    description: String::new(),
                    http_method: HttpMethod::Post,
                    host: "www.wixapis.com".to_owned(),
                    path: "/items/query".to_owned(),
                    docs_url: String::new(),
                    permission_scopes: Vec::new(),
                    request: "QueryItemsRequest".to_owned(),
                    response: "QueryItemsResponse".to_owned(),
                    source: "specs/x.md".to_owned(),
                    required_paths: Vec::new(),
                    request_examples: vec![RequestExample {
                        title: "Example".to_owned(),
                        body,
                    }],
                    possible_errors: Vec::new(),
                }],
            }],
            types,
        }
    }

    fn shape(package: &Package) -> Option<QueryMethod> {
        query_method(package, "items", &package.modules[0].methods[0])
    }

    #[test]
    fn a_query_in_the_request_s_query_with_sort_and_paging() {
        let package = package(
            &[("query", own("Query"))],
            &[("items", array(own("Item")))],
            serde_json::json!({"query": {"filter": {"id": "1"}, "sort": [{"fieldName": "id"}]}}),
        );
        let query = shape(&package).expect("a query");
        assert_eq!(query.entity, TypeId::module("items", "Item"));
        assert_eq!(query.query_field, Some((0, false)));
        assert_eq!(query.holder, TypeId::module("items", "Query"));
        assert_eq!(query.filter, 0);
        let sort = query.sort.expect("sorts");
        assert_eq!(
            (sort.index, sort.field_name, sort.order),
            (1, (0, false), (1, false))
        );
        let paging = query.paging.expect("a limit");
        assert_eq!(
            (paging.index, paging.wire.as_str(), paging.limit),
            (2, "cursorPaging", 0)
        );
        let found = documented(&Ir {
            packages: vec![package],
        });
        let shown: Vec<(&str, String)> =
            found.iter().map(|d| (d.kind, d.json.to_string())).collect();
        assert_eq!(
            shown,
            [
                ("filter", r#"{"id":"1"}"#.to_owned()),
                ("sort", r#"[{"fieldName":"id"}]"#.to_owned())
            ]
        );
        assert_eq!(found[0].source, "curl example \"Example\"");
    }

    #[test]
    fn a_filter_at_the_top_and_no_query_without_one_entity() {
        let top = package(
            &[("filter", Type::Object), ("paging", own("Paging"))],
            &[("items", array(own("Item"))), ("count", Type::Integer)],
            serde_json::json!({"filter": {"id": "1"}}),
        );
        let query = shape(&top).expect("a query");
        assert_eq!(query.query_field, None);
        assert_eq!(query.sort, None);
        assert_eq!(query.paging.map(|p| p.wire), Some("paging".to_owned()));
        assert_eq!(
            documented(&Ir {
                packages: vec![top]
            })
            .len(),
            1
        );

        let two = package(
            &[("filter", Type::Object)],
            &[("items", array(own("Item"))), ("tags", array(own("Tag")))],
            Value::Null,
        );
        assert_eq!(shape(&two), None);
        let scalars = package(
            &[("filter", Type::Object)],
            &[("ids", array(text()))],
            Value::Null,
        );
        assert_eq!(shape(&scalars), None);
        let typed_filter = package(
            &[("filter", own("Tag"))],
            &[("items", array(own("Item")))],
            Value::Null,
        );
        assert_eq!(shape(&typed_filter), None);
    }

    #[test]
    fn reached_types_stop_at_a_type_that_reaches_itself() {
        let package = package(
            &[("query", own("Query"))],
            &[("items", array(own("Item")))],
            Value::Null,
        );
        let reached = reached_objects(&package, &entities(&package));
        assert_eq!(
            reached.into_iter().map(|id| id.name).collect::<Vec<_>>(),
            ["Item", "Tag"]
        );
    }

    #[test]
    fn only_a_request_with_sort_and_limit_converts() {
        let with = package(
            &[("query", own("Query"))],
            &[("items", array(own("Item")))],
            Value::Null,
        );
        let without = package(
            &[("filter", Type::Object)],
            &[("items", array(own("Item")))],
            Value::Null,
        );
        for (package, converts) in [(with, true), (without, false)] {
            let ir = Ir {
                packages: vec![package],
            };
            let plan = CratePlan::of(&ir);
            let emitter = QueryEmitter {
                package: &ir.packages[0],
                plan: &plan.packages[0],
            };
            let method = &ir.packages[0].modules[0].methods[0];
            let query = shape(&ir.packages[0]).expect("a query");
            assert_eq!(emitter.converts("items", method, &query), converts);
            assert_eq!(
                emitter.request_from_query_lines("items", method).is_some(),
                converts
            );
        }
    }

    #[test]
    fn a_fields_struct_name_a_page_takes_is_renamed_and_reported() {
        let mut package = package(
            &[("query", own("Query"))],
            &[("items", array(own("Item")))],
            Value::Null,
        );
        package
            .types
            .push(object(Some("items"), "ItemFields", &[("x", text())]));
        package.types.sort_by(|a, b| a.id().cmp(&b.id()));
        let ir = Ir {
            packages: vec![package],
        };
        let plan = CratePlan::of(&ir);
        let names = &plan.packages[0].query_fields;
        assert_eq!(names[&TypeId::module("items", "Item")], "ItemFields2");
        assert_eq!(names[&TypeId::module("items", "Tag")], "TagFields");
        assert!(plan.renames.iter().any(|r| r.rust == "ItemFields2"
            && r.because == "`ItemFields` is already a type of the module"));
        assert_eq!(
            plan.packages[0]
                .entities
                .iter()
                .map(|id| id.name.as_str())
                .collect::<Vec<_>>(),
            ["Item"]
        );
    }

    #[test]
    fn json_in_descriptions() {
        let text = r#"Filter object in the following format: `"filter" : { "fieldName1": "value1", "fieldName2":{"$operator":"value2"} }` Example of operators: `$eq`, `$ne`"#;
        assert_eq!(
            json_in(text, "filter"),
            [serde_json::json!({"fieldName1": "value1", "fieldName2": {"$operator": "value2"}})]
        );
        let sort = r#"Sort object in the following format: `[ {"fieldName":"sortField1","order":"ASC"} ]`"#;
        assert_eq!(
            json_in(sort, "sort"),
            [serde_json::json!([{"fieldName": "sortField1", "order": "ASC"}])]
        );
        assert!(json_in("See `filter.x` and `1`", "filter").is_empty());
    }
}
