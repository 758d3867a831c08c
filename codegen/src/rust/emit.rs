//! The IR as Rust source: one file per SDK module with its own types, a
//! `common` module per package for the platform types its modules share
//! (re-exported by each module that uses them), a package module with the
//! client accessors, and the crate root. Every name from a page goes through
//! [`super::names`] and every text into a `#[doc = "..."]` string literal, so
//! page text can never become code.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::calls::{self, CursorPlace};
use super::docs::{rustdoc_code_span as code, rustdoc_markdown};
use super::layout::{string_token, Flat, Lines};
use super::names::{serde_camel_case, to_ident};
use super::plan::{bare, CratePlan, ErrorsPlan, ModulePlan, PackagePlan, PagerPlan};
use super::query::QueryEmitter;
use crate::generate::{GeneratedFile, RUST_HEADER};
use crate::ir::{Field, Ir, Method, Package, StringFormat, Type, TypeDef, TypeId, TypeKind};
use crate::page::HttpMethod;

/// The name of the module holding types several SDK modules share.
const COMMON: &str = "common";

/// Where the generated crate's sources live, relative to the repository root.
const SRC: &str = "generated/src";

/// Every Rust file of the generated crate, for `ir`.
pub fn rust_files(ir: &Ir) -> Vec<GeneratedFile> {
    rust_files_planned(ir, &CratePlan::of(ir))
}

/// Every Rust file of the generated crate, for `ir` named by `plan`
/// (`CratePlan::of(ir)`, computed once by the caller).
pub fn rust_files_planned(ir: &Ir, plan: &CratePlan) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    for (package, package_plan) in ir.packages.iter().zip(&plan.packages) {
        files.extend(package_files(package, package_plan));
    }
    files.push(lib_file(ir, plan));
    files
}

/// The files of one package's module (everything [`rust_files_planned`]
/// writes but `lib.rs`).
pub fn package_files(package: &Package, plan: &PackagePlan) -> Vec<GeneratedFile> {
    PackageEmitter::new(package, plan).files()
}

/// `lib.rs`: the package modules of `plan`, and the crate example from the
/// first packages of `ir` that have one.
pub fn lib_file(ir: &Ir, plan: &CratePlan) -> GeneratedFile {
    file(LIB_PATH.to_owned(), &lib_rs(ir, plan))
}

/// The path of the crate root, [`lib_file`].
pub const LIB_PATH: &str = "generated/src/lib.rs";

/// Where a package's files go, relative to the repository root: the paths
/// of the files [`package_files`] makes, in no particular order. Known from
/// the package and its plan before any file is made.
pub fn package_file_paths(package: &Package, plan: &PackagePlan) -> Vec<String> {
    let mut paths: Vec<String> = plan
        .modules
        .iter()
        .map(|module_plan| module_path(plan, module_plan))
        .collect();
    paths.push(mod_path(plan));
    if package.types.iter().any(|ty| ty.module.is_none()) {
        paths.push(common_path(plan));
    }
    paths
}

/// The file of the package's types that several SDK modules share.
fn common_path(plan: &PackagePlan) -> String {
    format!("{SRC}/{}/{COMMON}.rs", plan.feature)
}

/// An SDK module's file.
fn module_path(plan: &PackagePlan, module_plan: &ModulePlan) -> String {
    format!("{SRC}/{}/{}.rs", plan.feature, module_plan.file)
}

/// The package's `mod.rs`.
fn mod_path(plan: &PackagePlan) -> String {
    format!("{SRC}/{}/mod.rs", plan.feature)
}

/// A generated source file at `path` (under `generated/src/`) made of
/// `tokens`, laid out by prettyplease.
fn file(path: String, tokens: &TokenStream) -> GeneratedFile {
    let syntax: syn::File = syn::parse2(tokens.clone()).unwrap_or_else(|error| {
        // The emitter builds tokens, never text: a parse failure is a bug here.
        panic!("generated {path} does not parse: {error}\n{tokens}")
    });
    GeneratedFile {
        path,
        contents: format!("{RUST_HEADER}\n{}", prettyplease::unparse(&syntax)),
    }
}

/// A generated source file at `path` made of `lines`, which started as
/// [`Lines::generated_file`].
fn text_file(path: String, lines: Lines) -> GeneratedFile {
    GeneratedFile {
        path,
        contents: lines.finish(),
    }
}

/// The method's docs page as an autolink when it is a plain `http(s)` URL,
/// else as code: page text never becomes markup.
fn docs_link(url: &str) -> String {
    let plain = (url.starts_with("https://") || url.starts_with("http://"))
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '`' | '"' | '\\'));
    if plain {
        format!("<{url}>")
    } else {
        code(url)
    }
}

#[cfg(test)]
pub(super) fn doc_lines(lines: &[String]) -> TokenStream {
    let text = lines
        .iter()
        .filter(|l| !l.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n");
    let docs = text.lines().map(|line| {
        let line = super::str_literal(&format!(" {line}"));
        quote!(#[doc = #line])
    });
    quote!(#(#docs)*)
}

fn inner_doc_lines(lines: &[String]) -> TokenStream {
    let text = lines.join("\n\n");
    let docs = text.lines().map(|line| {
        let line = super::str_literal(&format!(" {line}"));
        quote!(#![doc = #line])
    });
    quote!(#(#docs)*)
}

/// The lints generated code allows: its docs are the pages' prose.
const ALLOWS: &str =
    "#![allow(clippy::doc_markdown, clippy::struct_excessive_bools, clippy::too_many_lines)]";

fn lib_rs(ir: &Ir, plan: &CratePlan) -> TokenStream {
    let modules = plan.packages.iter().map(|package| {
        let ident = to_ident(&package.module);
        // The package module is there when any of its SDK modules is on.
        let features = package.modules.iter().map(|module| &module.feature);
        // Generated files are formatted by prettyplease; `cargo fmt` must
        // not reformat them, or `codegen --check` would call them stale.
        quote! {
            #[cfg(any(#(feature = #features),*))]
            #[rustfmt::skip]
            pub mod #ident;
        }
    });
    let mut docs = vec![
        "Typed Rust bindings for the Wix REST APIs, generated from their reference pages by `cargo xtask codegen`.".to_owned(),
        "One module per npm package, and in it one module per JavaScript SDK module, mirroring `import { resources } from '@wix/bookings'`. Each SDK module is a Cargo feature (`<package>-<module>`, such as `bookings-resources`), so a crate compiles only the modules it uses; each package is a feature enabling all its modules (`bookings`), and every package is on by default. Each SDK module has typed requests and responses and a client with one async method per API method. The hand-written [`runtime`] holds the [`Client`] (credentials, retries, timeouts, base URL), the [`Error`] type and auto-pagination.".to_owned(),
    ];
    docs.push(crate_example(ir, plan));
    let docs = inner_doc_lines(&docs);
    quote! {
        #docs
        pub mod runtime;
        pub use runtime::{Client, Error};
        #(#modules)*
    }
}

/// The crate example: a call of the first method whose request has a
/// `Default`, else getting the first module's client.
fn crate_example(ir: &Ir, plan: &CratePlan) -> String {
    let mut modules = ir
        .packages
        .iter()
        .zip(&plan.packages)
        .flat_map(|(package, package_plan)| {
            package
                .modules
                .iter()
                .zip(&package_plan.modules)
                .map(move |(module, module_plan)| (package, package_plan, module, module_plan))
        });
    let start = "```no_run\n# async fn run() -> Result<(), wix_apis::Error> {\nlet client = wix_apis::Client::new()\n    .with_api_key(wix_apis::runtime::ApiKey::for_site(\"<API key>\", \"<site id>\"));\n";
    let end = "# Ok(())\n# }\n```";
    let call = modules.clone().find_map(|(package, package_plan, module, module_plan)| {
        module
            .methods
            .iter()
            .map(|method| (method, package.resolve(&module.name, &method.request)))
            .zip(&module_plan.methods)
            .find(|((_, request), _)| package_plan.defaultable.contains(request))
            .map(|((_, request), method_fn)| {
                format!(
                    "let request = wix_apis::{}::{}::{}::default();\nlet response = client.{}().{method_fn}(&request).await?;\nprintln!(\"{{response:?}}\");\n",
                    package_plan.module,
                    module_plan.module,
                    package_plan.type_name(&request),
                    module_plan.accessor,
                )
            })
    });
    let body = call.or_else(|| {
        modules.next().map(|(_, _, _, module_plan)| {
            format!(
                "let module = client.{}();\nprintln!(\"{{module:?}}\");\n",
                module_plan.accessor,
            )
        })
    });
    body.map_or_else(String::new, |body| format!("{start}{body}{end}"))
}

/// Emits one package.
struct PackageEmitter<'a> {
    package: &'a Package,
    plan: &'a PackagePlan,
    /// Where each type is used, for its docs: `Holder.field`, or the
    /// request/response of a method.
    uses: BTreeMap<TypeId, Vec<String>>,
    /// The files (an SDK module, `None` for `common.rs`) that define or
    /// import a name of [`PRELUDE_TYPES`]: there the std types are written
    /// with their full paths.
    prelude_shadowed: BTreeSet<Option<String>>,
    /// The std types by their prelude names, and by their full paths.
    std_short: StdTypes,
    std_full: StdTypes,
}

/// The std prelude's types the emitted structs use, written by their short
/// names wherever the file defines no item of the same name.
const PRELUDE_TYPES: [&str; 4] = ["Option", "String", "Vec", "Box"];

/// The files of `package` where a name of [`PRELUDE_TYPES`] is an item of
/// the file (a type, a re-exported platform type, a query fields struct, the
/// client, an application error enum).
fn prelude_shadowed(package: &Package, plan: &PackagePlan) -> BTreeSet<Option<String>> {
    let shadows = |name: &str| PRELUDE_TYPES.contains(&name);
    let mut files = BTreeSet::new();
    for ty in &package.types {
        let id = ty.id().to_id();
        let fields = plan.query_fields.get(&id).map(String::as_str);
        if shadows(&plan.type_name(&id)) || fields.is_some_and(shadows) {
            files.insert(ty.module.clone());
            if ty.module.is_none() {
                files.extend(ty.modules.iter().cloned().map(Some));
            }
        }
    }
    for (module, module_plan) in package.modules.iter().zip(&plan.modules) {
        if shadows(&module_plan.client) || module_plan.errors.iter().any(|e| shadows(&e.name)) {
            files.insert(Some(module.name.clone()));
        }
    }
    files
}

/// The std types as a file writes them: short, or by full path where the
/// file shadows one of them.
struct StdTypes {
    option: &'static str,
    string: &'static str,
    vec: &'static str,
    boxed: &'static str,
}

impl StdTypes {
    fn new(shadowed: bool) -> Self {
        if shadowed {
            StdTypes {
                option: "::std::option::Option",
                string: "::std::string::String",
                vec: "::std::vec::Vec",
                boxed: "::std::boxed::Box",
            }
        } else {
            StdTypes {
                option: "Option",
                string: "String",
                vec: "Vec",
                boxed: "Box",
            }
        }
    }
}

impl<'a> PackageEmitter<'a> {
    fn new(package: &'a Package, plan: &'a PackagePlan) -> Self {
        let mut uses: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
        for module in &package.modules {
            for method in &module.methods {
                uses.entry(package.resolve(&module.name, &method.request))
                    .or_default()
                    .push(format!("the request body of {}", code(&method.name)));
                uses.entry(package.resolve(&module.name, &method.response))
                    .or_default()
                    .push(format!("the response of {}", code(&method.name)));
            }
        }
        for ty in &package.types {
            if let TypeKind::Object { fields, .. } = &ty.kind {
                for field in fields {
                    if let Some(target) = field.ty.referenced() {
                        uses.entry(target.clone())
                            .or_default()
                            .push(code(&format!("{}.{}", ty.name, field.name)));
                    }
                }
            }
        }
        PackageEmitter {
            package,
            plan,
            uses,
            prelude_shadowed: prelude_shadowed(package, plan),
            std_short: StdTypes::new(false),
            std_full: StdTypes::new(true),
        }
    }

    /// How the file of `scope` (an SDK module, `None` for `common.rs`)
    /// writes the std types.
    fn std_types(&self, scope: Option<&str>) -> &StdTypes {
        let shadowed = self
            .prelude_shadowed
            .iter()
            .any(|file| file.as_deref() == scope);
        if shadowed {
            &self.std_full
        } else {
            &self.std_short
        }
    }

    /// The Rust type of IR type `id`.
    fn type_ident(&self, id: &TypeId) -> proc_macro2::Ident {
        to_ident(&self.plan.type_name(id))
    }

    fn files(&self) -> Vec<GeneratedFile> {
        let mut files = Vec::new();
        // Each module's own types, and the shared platform types (`None`).
        let mut scopes: BTreeMap<Option<&str>, Vec<&TypeDef>> = BTreeMap::new();
        for ty in &self.package.types {
            scopes.entry(ty.module.as_deref()).or_default().push(ty);
        }
        let shared = scopes.remove(&None).unwrap_or_default();
        let mut module_decls = Vec::new();
        let mut accessors = Vec::new();
        let queries = QueryEmitter {
            package: self.package,
            plan: self.plan,
        };
        if !shared.is_empty() {
            let mut out = Lines::generated_file();
            out.inner_docs(&[format!(
                "The platform's common types that SDK modules of {} share; each module re-exports the ones it uses.",
                code(&self.package.npm)
            )]);
            out.line(0, ALLOWS);
            for ty in &shared {
                self.type_def(&mut out, ty);
            }
            for ty in &shared {
                queries.fields_struct(&mut out, ty);
                queries.entity_root(&mut out, ty);
            }
            files.push(text_file(common_path(self.plan), out));
            module_decls.push(quote! {
                pub mod common;
            });
        }
        for (module, module_plan) in self.package.modules.iter().zip(&self.plan.modules) {
            let ident = to_ident(&module_plan.module);
            let accessor = to_ident(&module_plan.accessor);
            let own = scopes
                .remove(&Some(module.name.as_str()))
                .unwrap_or_default();
            let reexports: Vec<syn::Ident> = shared
                .iter()
                .filter(|t| t.modules.contains(&module.name))
                .map(|t| self.type_ident(&t.id().to_id()))
                .collect();
            let reexport = (!reexports.is_empty()).then(|| {
                quote! { pub use super::common::{#(#reexports),*}; }
            });
            let client_name = to_ident(&module_plan.client);
            let mut methods = Vec::new();
            let mut new = Flat::at(1);
            new.docs(
                0,
                &["The methods of this module, sent through `client`.".to_owned()],
            )
            .code(
                0,
                "pub fn new(client: &'a crate::runtime::Client) -> Self {",
            )
            .code(1, "Self { client }")
            .code(0, "}");
            methods.push(new);
            for (index, method) in module.methods.iter().enumerate() {
                self.method(&mut methods, &module.name, method, module_plan, index);
            }
            let scopes: BTreeSet<String> = module
                .methods
                .iter()
                .flat_map(|m| &m.permission_scopes)
                .map(|s| format!("{} ({})", rustdoc_markdown(&s.name), code(&s.id)))
                .collect();
            let module_doc = [
                format!(
                    "The {} module of {}: {} in the JavaScript SDK.",
                    code(&module.name),
                    code(&self.package.npm),
                    code(&format!(
                        "import {{ {} }} from '{}'",
                        module.name, self.package.npm
                    ))
                ),
                format!(
                    "Methods: {}.",
                    module_plan
                        .methods
                        .iter()
                        .zip(&module_plan.pagers)
                        .flat_map(|(m, pager)| {
                            std::iter::once(m).chain(
                                pager
                                    .iter()
                                    .flat_map(|p| std::iter::once(&p.pages).chain(&p.items)),
                            )
                        })
                        .map(|m| format!("[`{}::{}`]", module_plan.client, bare(m)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ];
            let client_doc = [
                format!(
                    "The methods of the {} module; get one with [`crate::Client::{}`].",
                    code(&module.name),
                    bare(&module_plan.accessor)
                ),
                format!(
                    "Permission scopes its methods need: {}.",
                    scopes.into_iter().collect::<Vec<_>>().join("; ")
                ),
            ];
            let mut out = Lines::generated_file();
            out.inner_docs(&module_doc);
            out.line(0, ALLOWS);
            out.items(&quote! { #reexport });
            for ty in &own {
                self.type_def(&mut out, ty);
            }
            for ty in &own {
                queries.fields_struct(&mut out, ty);
                queries.entity_root(&mut out, ty);
            }
            for method in &module.methods {
                if let Some(conversion) = queries.request_from_query_lines(&module.name, method) {
                    out.member(&[], &conversion);
                }
            }
            for (method, plan) in module.methods.iter().zip(&module_plan.errors) {
                error_enum(&mut out, method, plan);
            }
            let mut client = Flat::at(1);
            client.code(0, "client: &'a crate::runtime::Client,");
            let mut head = Flat::default();
            head.docs(0, &client_doc)
                .code(0, "#[derive(Debug, Clone, Copy)]");
            out.braced(
                &head,
                &format!("pub struct {client_name}<'a> {{"),
                &[client],
                "pub struct W {",
            );
            out.impl_block(&format!("impl<'a> {client_name}<'a> {{"), &methods);
            files.push(text_file(module_path(self.plan, module_plan), out));
            // `bookings::bookings` mirrors the SDK's own naming.
            let inception = (self.plan.module == module_plan.module)
                .then(|| quote!(#[allow(clippy::module_inception)]));
            let feature = &module_plan.feature;
            module_decls.push(quote! {
                #[cfg(feature = #feature)]
                #inception
                pub mod #ident;
            });
            let accessor_doc = format!(
                " The methods of the {} module of {} (Cargo feature {}).",
                code(&module.name),
                code(&self.package.npm),
                code(feature)
            );
            accessors.push(quote! {
                #[doc = #accessor_doc]
                #[cfg(feature = #feature)]
                pub fn #accessor(&self) -> #ident::#client_name<'_> {
                    #ident::#client_name::new(self)
                }
            });
        }
        let docs = inner_doc_lines(&[format!(
            "The {} npm package: one module per JavaScript SDK module, each behind its own Cargo feature ({}); the feature {} enables them all. The platform types the modules share are in `common`.",
            code(&self.package.npm),
            self.plan
                .modules
                .iter()
                .map(|m| code(&m.feature))
                .collect::<Vec<_>>()
                .join(", "),
            code(&self.plan.feature)
        )]);
        files.push(file(
            mod_path(self.plan),
            &quote! {
                #docs
                #(#module_decls)*
                impl crate::runtime::Client {
                    #(#accessors)*
                }
            },
        ));
        files
    }

    /// A client method, and its paging helpers when it has cursor paging.
    fn method(
        &self,
        out: &mut Vec<Flat>,
        module: &str,
        method: &Method,
        module_plan: &ModulePlan,
        index: usize,
    ) {
        let name = &module_plan.methods[index];
        let errors = &module_plan.errors[index];
        let ident = to_ident(name);
        let request = self.type_ident(&self.package.resolve(module, &method.request));
        let response = self.type_ident(&self.package.resolve(module, &method.response));
        let retry = calls::retry(method);
        let mut docs = vec![
            format!(
                "{}: {}",
                code(&method.name),
                rustdoc_markdown(&method.description)
            ),
            code(&format!("{} {}", method.http_method, method.path)),
        ];
        let path_parameters = crate::ir::path_parameter_names(&method.path);
        if !path_parameters.is_empty() {
            docs.push(format!(
                "The request fills the path: {}. The call fails with [`crate::Error::PathParameter`] before anything is sent when one of them is not set.",
                path_parameters
                    .iter()
                    .map(|name| format!("{} from {}", code(&format!("{{{name}}}")), code(name)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        docs.push(if retry.read {
            format!(
                "Retries: a read ([`crate::runtime::MethodKind::Read`]), since {}: retried after 429, 500, 502, 503 and 504 answers and transport failures, as the client's [`crate::runtime::RetryPolicy`] says.",
                retry.reason
            )
        } else {
            format!(
                "Retries: a write ([`crate::runtime::MethodKind::Write`]), since {}, so it may change data: retried only when the failure shows the request was not processed (the connection failed before sending, or a 429 or 503 answer), as the client's [`crate::runtime::RetryPolicy`] says.",
                retry.reason
            )
        });
        let codes = errors.variants.len();
        docs.push(format!(
            "Application errors: [`{}`] ({}); read one with `error.application_error::<{}>()`.",
            errors.name,
            match codes {
                0 => "the page documents none".to_owned(),
                1 => "the page documents 1 code".to_owned(),
                n => format!("the page documents {n} codes"),
            },
            errors.name
        ));
        if let Some(pager) = &module_plan.pagers[index] {
            docs.push(format!(
                "Cursor paging: {} streams the answers page by page{}.",
                format_args!("[`{}::{}`]", module_plan.client, bare(&pager.pages)),
                pager
                    .items
                    .as_ref()
                    .map_or_else(String::new, |items| format!(
                        ", [`{}::{}`] the items across pages",
                        module_plan.client,
                        bare(items)
                    ))
            ));
        }
        if !method.permission_scopes.is_empty() {
            docs.push(format!(
                "Permission scopes: {}.",
                method
                    .permission_scopes
                    .iter()
                    .map(|s| format!("{} ({})", rustdoc_markdown(&s.name), code(&s.id)))
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        docs.push(format!("Docs: {}", docs_link(&method.docs_url)));
        let mut call = Flat::at(1);
        call.docs(0, &docs)
            .signature(
                0,
                &format!("pub async fn {ident}"),
                &["&self".to_owned(), format!("request: &{request}")],
                &format!("::std::result::Result<{response}, crate::runtime::Error>"),
            )
            .awaited_call(1, "self.client", "send_json", &call_args(method, &[]))
            .code(0, "}");
        out.push(call);
        if let Some(pager) = &module_plan.pagers[index] {
            self.pager(out, module, method, name, pager);
        }
    }

    /// The auto-pagination helpers of a method with cursor paging.
    fn pager(
        &self,
        out: &mut Vec<Flat>,
        module: &str,
        method: &Method,
        name: &str,
        pager: &PagerPlan,
    ) {
        let Some(paging) = calls::cursor_paging(self.package, module, method) else {
            return;
        };
        let response_id = self.package.resolve(module, &method.response);
        let request = self.type_ident(&self.package.resolve(module, &method.request));
        let response = self.type_ident(&response_id);
        let (place, next_body) = match paging.place {
            CursorPlace::TopLevel => (
                "TopLevel",
                r#"`{"cursorPaging": {"cursor": ..., "limit": ...}}`"#,
            ),
            CursorPlace::InQuery => (
                "InQuery",
                r#"`{"query": {"cursorPaging": {"cursor": ..., "limit": ...}}}`"#,
            ),
        };
        let pages_fn = to_ident(&pager.pages);
        let mut pages_method = Flat::at(1);
        pages_method.docs(0, &[
            format!(
                "{} page by page: a stream of its answers, as [`crate::runtime::paging`] says.",
                code(&method.name)
            ),
            format!(
                "The first request is `request`; each next one is {next_body}, with the cursor of the previous answer's `pagingMetadata.cursors.next` and `request`'s limit. The stream ends after the answer without a next cursor, or with an error (a repeated cursor is [`crate::Error::RepeatedCursor`]). Each page is fetched only when the stream is polled for it; each request is retried as [`Self::{}`] is.",
                bare(name)
            ),
        ])
        .signature(
            0,
            &format!("pub fn {pages_fn}"),
            &["&self".to_owned(), format!("request: &{request}")],
            &format!("crate::runtime::paging::Pages<{response}>"),
        )
        .call(
            1,
            "crate::runtime::paging::pages",
            &[
                vec!["self.client".to_owned()],
                call_args(
                    method,
                    &[format!("crate::runtime::paging::CursorPlace::{place}")],
                ),
            ]
            .concat(),
            "",
        )
        .code(0, "}");
        out.push(pages_method);
        let items = pager.items.as_ref().zip(paging.items.as_ref()).map(|(items_name, field)| {
            let items = to_ident(items_name);
            let field_name = self
                .plan
                .fields
                .get(&response_id)
                .and_then(|names| names.get(field.index))
                .map_or_else(|| to_ident("items"), |name| to_ident(name));
            let element = self.value_type(&field.element, Some(module));
            let take = if field.required {
                format!("page.{field_name}")
            } else {
                format!("page.{field_name}.unwrap_or_default()")
            };
            let mut items_fn = Flat::at(1);
            items_fn.docs(0, &[
                format!(
                    "The items of {} across pages: a stream of each answer's {} as it arrives (see [`Self::{}`]).",
                    code(&method.name),
                    code(&self
                        .package
                        .type_def(&response_id)
                        .and_then(|ty| match &ty.kind {
                            TypeKind::Object { fields, .. } => fields.get(field.index),
                            TypeKind::Enum { .. } => None,
                        })
                        .map_or_else(String::new, |f| f.name.clone())),
                    bare(&pager.pages)
                ),
            ])
            .signature(
                0,
                &format!("pub fn {items}"),
                &["&self".to_owned(), format!("request: &{request}")],
                &format!("crate::runtime::paging::Items<{response}, {element}>"),
            )
            .call_with_closure(
                1,
                "crate::runtime::paging::items",
                &[format!("self.{pages_fn}(request)")],
                &format!("|page: {response}|"),
                &take,
            )
            .code(0, "}");
            items_fn
        });
        out.extend(items);
    }

    fn type_def(&self, out: &mut Lines, ty: &TypeDef) {
        match &ty.kind {
            TypeKind::Enum { values } => enum_def(
                out,
                &self.type_ident(&ty.id().to_id()).to_string(),
                values,
                &self
                    .plan
                    .variants
                    .get(&ty.id().to_id())
                    .cloned()
                    .unwrap_or_default(),
                &self.type_summary(ty),
            ),
            TypeKind::Object {
                fields,
                one_of_groups,
            } => self.struct_def(out, ty, fields, one_of_groups),
        }
    }

    fn struct_def(
        &self,
        out: &mut Lines,
        ty: &TypeDef,
        fields: &[Field],
        groups: &[crate::ir::OneOfGroup],
    ) {
        let id = ty.id().to_id();
        let ident = self.type_ident(&id);
        let names = self.plan.fields.get(&id).cloned().unwrap_or_default();
        let std = self.std_types(id.module.as_deref());
        // Each field's Rust name, wire name (as a string literal) and the
        // runtime helper that reads and writes it.
        let mut wire_fields: Vec<(String, String, &str)> = Vec::new();
        let mut members: Vec<Flat> = fields
            .iter()
            .zip(&names)
            .map(|(field, name)| {
                let ident = to_ident(name);
                let wire = &field.name;
                let group = groups.iter().find(|g| g.members.contains(&field.name));
                let mut docs = Vec::new();
                if let Some(description) = &field.description {
                    docs.push(rustdoc_markdown(description));
                }
                if let Type::String {
                    format: Some(StringFormat::LocalDateTime),
                } = field.ty
                {
                    docs.push(
                        "A local time without a zone (`YYYY-MM-DDThh:mm:ss`), kept as text."
                            .to_owned(),
                    );
                }
                if let Some(group) = group {
                    let others: Vec<String> = group
                        .members
                        .iter()
                        .filter(|m| *m != &field.name)
                        .map(|m| code(m))
                        .collect();
                    docs.push(format!(
                        "One of a group: set at most one of this and {}{}.",
                        others.join(", "),
                        if group.required {
                            " (exactly one is required)"
                        } else {
                            ""
                        }
                    ));
                }
                if field.required {
                    docs.push("Required.".to_owned());
                }
                // Only a field whose wire name is not its Rust name in
                // camelCase says it (or one with no other docs).
                if serde_camel_case(name) != *wire || docs.is_empty() {
                    docs.push(format!("Wire name: {}.", code(wire)));
                }
                let inner = self.rust_type(&field.ty, &id);
                let timestamp = matches!(
                    field.ty,
                    Type::String {
                        format: Some(StringFormat::DateTime)
                    }
                );
                let helper = match (field.required, timestamp) {
                    (true, false) => "required",
                    (false, false) => "optional",
                    (true, true) => "required_timestamp",
                    (false, true) => "optional_timestamp",
                };
                wire_fields.push((ident.to_string(), string_token(wire), helper));
                let mut member = Flat::at(1);
                member.docs(0, &docs);
                if field.required {
                    member.code(0, format_args!("pub {ident}: {inner},"));
                } else {
                    member.generic_field(0, &format!("pub {ident}: {}", std.option), &inner);
                }
                member
            })
            .collect();
        let mut unknown = Flat::default();
        unknown
            .docs(
                0,
                &["Fields the docs do not list, kept as they came.".to_owned()],
            )
            .code(0, "pub unknown_fields: crate::runtime::JsonObject,");
        members.push(unknown);
        let mut docs = vec![self.type_summary(ty)];
        for group in groups {
            let members: Vec<String> = group.members.iter().map(|m| code(m)).collect();
            docs.push(format!(
                "{} of {} may be set; they are separate fields on the wire.",
                if group.required {
                    "Exactly one"
                } else {
                    "At most one"
                },
                members.join(", ")
            ));
        }
        docs.push("Fields the bindings do not know are kept in `unknown_fields` and written back, so a read-modify-write loses nothing.".to_owned());
        let default = if self.plan.defaultable.contains(&id) {
            ", Default"
        } else {
            ""
        };
        let mut head = Flat::default();
        head.docs(0, &docs).code(
            0,
            format_args!("#[derive(Debug, Clone, PartialEq{default})]"),
        );
        out.braced(
            &head,
            &format!("pub struct {ident} {{"),
            &members,
            "pub struct W {",
        );
        object_serde(out, &ident.to_string(), &wire_fields);
    }

    /// The first doc line of a type: its name and where it is used.
    fn type_summary(&self, ty: &TypeDef) -> String {
        let uses = self
            .uses
            .get(&ty.id().to_id())
            .map_or_else(String::new, |uses| format!(": {}", uses.join(", ")));
        // The uses are code spans already.
        format!("{}{uses}.", code(&ty.name))
    }

    fn rust_type(&self, ty: &Type, holder: &TypeId) -> String {
        match ty {
            Type::Ref(id) if self.reaches(id, holder) => {
                let boxed = self.std_types(holder.module.as_deref()).boxed;
                format!("{boxed}<{}>", self.type_ident(id))
            }
            other => self.value_type(other, holder.module.as_deref()),
        }
    }

    /// The Rust type of `ty` in the file of `scope`, unboxed.
    fn value_type(&self, ty: &Type, scope: Option<&str>) -> String {
        match ty {
            Type::String {
                format: Some(StringFormat::DateTime),
            } => "crate::runtime::chrono::DateTime<crate::runtime::chrono::Utc>".to_owned(),
            Type::String { .. } => self.std_types(scope).string.to_owned(),
            Type::Integer => "i64".to_owned(),
            Type::Number => "f64".to_owned(),
            Type::Boolean => "bool".to_owned(),
            Type::Object => "crate::runtime::JsonObject".to_owned(),
            Type::Any => "::serde_json::Value".to_owned(),
            // A `Vec` already breaks recursion: elements need no box.
            Type::Array(inner) => {
                format!(
                    "{}<{}>",
                    self.std_types(scope).vec,
                    self.value_type(inner, scope)
                )
            }
            Type::Ref(id) => self.type_ident(id).to_string(),
        }
    }

    /// Whether type `from` holds `to` by value (through fields that are not
    /// arrays): then `to` holding `from` needs a box.
    fn reaches(&self, from: &TypeId, to: &TypeId) -> bool {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if id == to {
                return true;
            }
            if !seen.insert(id) {
                continue;
            }
            if let Some(TypeKind::Object { fields, .. }) =
                self.package.type_def(id).map(|t| &t.kind)
            {
                for field in fields {
                    if let Type::Ref(next) = &field.ty {
                        stack.push(next);
                    }
                }
            }
        }
        false
    }
}

/// A variant of a string enum: its name, its wire value and its docs.
struct StringVariant {
    ident: String,
    wire: String,
    docs: Vec<String>,
}

/// What differs between the string enums the emitter writes (the values of
/// a type, the error codes of a method).
struct StringEnum<'a> {
    ident: &'a str,
    docs: &'a [String],
    variants: &'a [StringVariant],
    /// The doc of the `Unrecognized` variant.
    unrecognized: &'a str,
    /// The doc of `as_str`.
    as_str: &'a str,
    /// The name the methods give a value (`value`, `code`).
    binding: &'a str,
    /// Whether `from` matches even without a variant (a `match` with only
    /// the catch-all arm is a clippy warning).
    always_match: bool,
}

/// A string enum, its `as_str`, `From<&str>` and `Display`.
fn string_enum(out: &mut Lines, spec: &StringEnum<'_>) {
    let StringEnum { ident, binding, .. } = *spec;
    let mut members: Vec<Flat> = spec
        .variants
        .iter()
        .map(|variant| {
            let mut member = Flat::default();
            member
                .docs(0, &variant.docs)
                .code(0, format_args!("{},", variant.ident));
            member
        })
        .collect();
    let mut unrecognized = Flat::default();
    unrecognized
        .docs(0, &[spec.unrecognized.to_owned()])
        .code(0, "Unrecognized(::std::string::String),");
    members.push(unrecognized);
    let mut head = Flat::default();
    head.docs(0, spec.docs)
        .code(0, "#[derive(Debug, Clone, PartialEq, Eq, Hash)]");
    out.braced(
        &head,
        &format!("pub enum {ident} {{"),
        &members,
        "pub enum W {",
    );

    let mut as_str = Flat::at(1);
    as_str
        .docs(0, &[spec.as_str.to_owned()])
        .code(0, "pub fn as_str(&self) -> &str {")
        .code(1, "match self {");
    for variant in spec.variants {
        as_str.match_arm(
            2,
            &format!("Self::{}", variant.ident),
            &string_token(&variant.wire),
        );
    }
    as_str
        .code(
            2,
            format_args!("Self::Unrecognized({binding}) => {binding},"),
        )
        .code(1, "}")
        .code(0, "}");
    out.impl_block(&format!("impl {ident} {{"), &[as_str]);

    let mut from = Flat::at(1);
    from.code(0, format_args!("fn from({binding}: &str) -> Self {{"));
    if spec.variants.is_empty() && !spec.always_match {
        from.code(1, format_args!("Self::Unrecognized({binding}.to_owned())"));
    } else {
        from.code(1, format_args!("match {binding} {{"));
        for variant in spec.variants {
            from.match_arm(
                2,
                &string_token(&variant.wire),
                &format!("Self::{}", variant.ident),
            );
        }
        from.code(2, "other => Self::Unrecognized(other.to_owned()),")
            .code(1, "}");
    }
    from.code(0, "}");
    out.impl_block(
        &format!("impl ::std::convert::From<&str> for {ident} {{"),
        &[from],
    );
    let mut display = Flat::default();
    display
        .code(
            0,
            "fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {",
        )
        .code(1, "f.write_str(self.as_str())")
        .code(0, "}");
    out.impl_block(
        &format!("impl ::std::fmt::Display for {ident} {{"),
        &[display],
    );
}

/// A braced impl at depth 0 with one method: the opening line `{open} {`,
/// then the method's flat lines.
fn impl_with(out: &mut Lines, open: &str, method: &[(usize, &str)]) {
    let mut member = Flat::default();
    for (depth, line) in method {
        member.code(*depth, *line);
    }
    out.impl_block(&format!("{open} {{"), &[member]);
}

/// The `Serialize` and `Deserialize` impls of struct `ident`: a line per
/// field, each `(Rust name, wire name as a string literal, helper)`, calling
/// the runtime's `object` helpers; the members left over are its
/// `unknown_fields`, written after the known ones. Only the calls that can
/// end the struct have a `?` (one a field was about a sixth of the check
/// time): the helpers keep an optional field's error, or a write's, for the
/// last call.
pub(super) fn object_serde(out: &mut Lines, ident: &str, fields: &[(String, String, &str)]) {
    let binding = if fields.is_empty() {
        "let object"
    } else {
        "let mut object"
    };
    let mut read = Flat::at(1);
    read.code(0, "fn deserialize<D: ::serde::Deserializer<'de>>(")
        .code(1, "deserializer: D,")
        .code(0, ") -> ::std::result::Result<Self, D::Error> {")
        .code(
            1,
            format_args!("{binding} = crate::runtime::object::Reader::new(deserializer)?;"),
        );
    // prettyplease keeps a struct literal on one line only up to 34
    // columns, which even `Self { unknown_fields: object.rest() }` exceeds.
    read.code(1, "::std::result::Result::Ok(Self {");
    for (name, wire, helper) in fields {
        // Only a required field's call can end the struct; an optional
        // field's error is kept for `rest`.
        let end = if helper.starts_with("required") {
            "?,"
        } else {
            ","
        };
        read.field_call(2, name, "object", &format!(".{helper}({wire})"), end);
    }
    read.code(2, "unknown_fields: object.rest()?,");
    read.code(1, "})");
    read.code(0, "}");
    out.impl_block(
        &format!("impl<'de> ::serde::Deserialize<'de> for {ident} {{"),
        &[read],
    );
    let mut write = Flat::at(1);
    write
        .code(0, "fn serialize<S: ::serde::Serializer>(")
        .code(1, "&self,")
        .code(1, "serializer: S,")
        .code(0, ") -> ::std::result::Result<S::Ok, S::Error> {")
        .code(
            1,
            format_args!("{binding} = crate::runtime::object::Writer::new(serializer)?;"),
        );
    for (name, wire, helper) in fields {
        write.method_call(
            1,
            "object",
            helper,
            &[wire.clone(), format!("&self.{name}")],
            ";",
        );
    }
    write
        .code(1, "object.end(&self.unknown_fields)")
        .code(0, "}");
    out.impl_block(&format!("impl ::serde::Serialize for {ident} {{"), &[write]);
}

fn enum_def(
    out: &mut Lines,
    ident: &str,
    values: &[crate::ir::EnumValue],
    names: &[String],
    summary: &str,
) {
    let variants: Vec<StringVariant> = values
        .iter()
        .zip(names)
        .map(|(value, name)| {
            let mut docs = Vec::new();
            if let Some(description) = &value.description {
                docs.push(rustdoc_markdown(description));
            }
            docs.push(format!("Wire value: {}.", code(&value.name)));
            StringVariant {
                ident: to_ident(name).to_string(),
                wire: value.name.clone(),
                docs,
            }
        })
        .collect();
    string_enum(
        out,
        &StringEnum {
            ident,
            docs: &[
                summary.to_owned(),
                "One of the values the docs list, or one they do not list, kept as it came."
                    .to_owned(),
            ],
            variants: &variants,
            unrecognized:
                "A value the docs do not list, kept as it came so it survives a round trip.",
            as_str: "The wire value.",
            binding: "value",
            always_match: true,
        },
    );
    impl_with(
        out,
        &format!("impl ::serde::Serialize for {ident}"),
        &[
            (0, "fn serialize<S: ::serde::Serializer>("),
            (1, "&self,"),
            (1, "serializer: S,"),
            (0, ") -> ::std::result::Result<S::Ok, S::Error> {"),
            (1, "serializer.serialize_str(self.as_str())"),
            (0, "}"),
        ],
    );
    impl_with(
        out,
        &format!("impl<'de> ::serde::Deserialize<'de> for {ident}"),
        &[
            (0, "fn deserialize<D: ::serde::Deserializer<'de>>("),
            (1, "deserializer: D,"),
            (0, ") -> ::std::result::Result<Self, D::Error> {"),
            (
                1,
                "let value = <::std::string::String as ::serde::Deserialize>::deserialize(",
            ),
            (2, "deserializer,"),
            (1, ")?;"),
            (1, "Ok(Self::from(value.as_str()))"),
            (0, "}"),
        ],
    );
    impl_with(
        out,
        &format!("impl crate::runtime::query::QueryValue for {ident}"),
        &[
            (0, "fn to_query_json(&self) -> ::serde_json::Value {"),
            (1, "::serde_json::Value::String(self.as_str().to_owned())"),
            (0, "}"),
        ],
    );
}

/// The arguments of the runtime's calls of `method`: its HTTP method, path
/// and kind, `extra`, then the request.
fn call_args(method: &Method, extra: &[String]) -> Vec<String> {
    let http = match method.http_method {
        HttpMethod::Get => "Get",
        HttpMethod::Post => "Post",
        HttpMethod::Put => "Put",
        HttpMethod::Patch => "Patch",
        HttpMethod::Delete => "Delete",
    };
    let kind = if calls::retry(method).read {
        "Read"
    } else {
        "Write"
    };
    let mut args = vec![
        format!("crate::runtime::HttpMethod::{http}"),
        string_token(&method.path),
        format!("crate::runtime::MethodKind::{kind}"),
    ];
    args.extend_from_slice(extra);
    args.push("request".to_owned());
    args
}

/// A method's enum of the application error codes its page documents, and a
/// variant keeping any other code.
fn error_enum(out: &mut Lines, method: &Method, plan: &ErrorsPlan) {
    let ident = to_ident(&plan.name).to_string();
    let codes = calls::error_codes(method);
    let variants: Vec<StringVariant> = codes
        .iter()
        .zip(&plan.variants)
        .map(|(code_rows, name)| {
            let mut docs = Vec::new();
            for row in &code_rows.rows {
                if !row.description.is_empty() {
                    docs.push(rustdoc_markdown(&row.description));
                }
            }
            docs.push(format!(
                "Code {}; {}.",
                code(code_rows.code),
                code_rows
                    .rows
                    .iter()
                    .map(|row| format!("HTTP {} ({})", row.http_code, code(&row.status_code)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            StringVariant {
                ident: to_ident(name).to_string(),
                wire: code_rows.code.to_owned(),
                docs,
            }
        })
        .collect();
    string_enum(
        out,
        &StringEnum {
            ident: &ident,
            docs: &[
                format!(
                    "The application errors of {}: each code its page's `Possible Errors` table documents, and any other code the API sends.",
                    code(&method.name)
                ),
                format!(
                    "Read one from a failed call with [`crate::Error::application_error`]: `error.application_error::<{}>()`.",
                    plan.name
                ),
            ],
            variants: &variants,
            unrecognized: "A code the page does not document, kept as it came.",
            as_str: "The code as Wix sends it.",
            binding: "code",
            always_match: false,
        },
    );
    let mut from_code = Flat::default();
    from_code
        .code(0, "fn from_code(code: &str) -> Self {")
        .code(1, "Self::from(code)")
        .code(0, "}");
    let mut code_fn = Flat::default();
    code_fn
        .code(0, "fn code(&self) -> &str {")
        .code(1, "self.as_str()")
        .code(0, "}");
    out.impl_block(
        &format!("impl crate::runtime::ApplicationErrorCode for {ident} {{"),
        &[from_code, code_fn],
    );
}
