//! Every Rust name of the generated crate, decided once for the whole IR:
//! package and SDK modules (and so file names and features), client
//! accessors, client structs, types, methods, fields, enum variants,
//! round-trip test names and the query `<Type>Fields` structs, plus which
//! structs derive `Default` and which types are queried entities. The emitter
//! and the round-trip tests read names from here only, so they always agree.
//!
//! Page names are cleaned by [`super::names`]; when two cleaned names meet in
//! one scope (`*/` and `/*` are both `Type`), or a name is taken by what the
//! crate itself defines (`runtime`, `Client::new`), or a name is too long for
//! a file, the name is changed and a [`Rename`] says so. Which name keeps its
//! spelling never depends on later names: every unchanged name is claimed
//! before any changed one picks a suffix.

use std::collections::{BTreeMap, BTreeSet};

use super::names::{field_name, method_name, module_name, package_name, type_name, variant_name};
use crate::ir::{Ir, Module, Package, Type, TypeDef, TypeId, TypeKind};

/// The methods of the hand-written runtime `Client`
/// (`generated/src/runtime.rs`), which SDK module accessors must not take; a
/// test checks the list against the runtime's source.
pub const RUNTIME_CLIENT_METHODS: [&str; 11] = [
    "new",
    "with_base_url",
    "with_api_key",
    "with_access_token",
    "with_app_instance",
    "with_token_source",
    "with_retry_policy",
    "with_timeout",
    "with_http_client",
    "base_url",
    "send_json",
];

/// Trait methods callers use on the runtime `Client` (`Clone`, `Debug`,
/// `Default`): an accessor of that name would shadow them.
const CLIENT_TRAIT_METHODS: [&str; 4] = ["clone", "clone_from", "fmt", "default"];

/// What each module client defines besides the API methods: its constructor
/// and the methods of its derived `Clone` and `Debug`.
const MODULE_CLIENT_METHODS: [&str; 4] = ["new", "clone", "clone_from", "fmt"];

/// Module names the crate root holds: the runtime, and `lib` (`lib/mod.rs`
/// would clash with `lib.rs`); `default` is Cargo's own feature.
const CRATE_ROOT_MODULES: [&str; 3] = ["runtime", "lib", "default"];

/// The module holding a package's shared types, and `mod` (`mod.rs` is the
/// package module's own file).
const PACKAGE_MODULES: [&str; 2] = ["common", "mod"];

/// The longest package, module or type name: files are named after the
/// first two, rustdoc pages after the third (`struct.<Name>.html`), and file
/// systems take 255 bytes.
pub const MAX_NAME: usize = 100;

/// The Rust names of a whole IR.
#[derive(Debug, Clone, Default)]
pub struct CratePlan {
    /// One per package of the IR, in IR order.
    pub packages: Vec<PackagePlan>,
    /// Every name that is not the cleaned page name, with why.
    pub renames: Vec<Rename>,
}

/// The Rust names of one npm package.
#[derive(Debug, Clone, Default)]
pub struct PackagePlan {
    /// The package module (`bookings`, `r#type`).
    pub module: String,
    /// The bare module name: its directory and its Cargo feature.
    pub feature: String,
    /// IR type -> Rust type name, unique in the type's scope: `common` for
    /// a shared platform type, else its module with the platform types it
    /// re-exports.
    pub types: BTreeMap<TypeId, String>,
    /// IR object -> its fields' Rust names, in field order.
    pub fields: BTreeMap<TypeId, Vec<String>>,
    /// IR enum -> its variants' Rust names, in value order.
    pub variants: BTreeMap<TypeId, Vec<String>>,
    /// One per SDK module of the package, in IR order.
    pub modules: Vec<ModulePlan>,
    /// The structs that derive `Default`.
    pub defaultable: BTreeSet<TypeId>,
    /// The entities of query methods ([`super::query`]): they get `fields()`.
    pub entities: BTreeSet<TypeId>,
    /// IR object an entity reaches (the entities too) -> its `<Type>Fields`
    /// struct of query handles, unique in the type's scope beside its types,
    /// the module's client and its application error enums.
    pub query_fields: BTreeMap<TypeId, String>,
}

/// The Rust names of one SDK module.
#[derive(Debug, Clone, Default)]
pub struct ModulePlan {
    /// The module (`resources`, `r#type`).
    pub module: String,
    /// The bare module name: its file is `<file>.rs`.
    pub file: String,
    /// Its Cargo feature: `<package feature>-<file>` (`bookings-resources`);
    /// the package's feature enables all of its modules' features.
    pub feature: String,
    /// The `Client` method that gives the module's client.
    pub accessor: String,
    /// The module's client struct (`ResourcesClient`).
    pub client: String,
    /// Each method's Rust name, in IR order.
    pub methods: Vec<String>,
    /// Each method's round-trip test name prefix, in IR order.
    pub tests: Vec<String>,
    /// Each method's enum of application error codes, in IR order.
    pub errors: Vec<ErrorsPlan>,
    /// Each method's auto-pagination helpers, in IR order (`None`: the
    /// method has no cursor paging).
    pub pagers: Vec<Option<PagerPlan>>,
}

/// The Rust names of a method's enum of application error codes.
#[derive(Debug, Clone, Default)]
pub struct ErrorsPlan {
    /// The enum (`CreateBookingApplicationError`), a type of the module.
    pub name: String,
    /// One variant per code of [`super::calls::error_codes`], in order.
    pub variants: Vec<String>,
}

/// The Rust names of a paged method's helpers on the module client.
#[derive(Debug, Clone, Default)]
pub struct PagerPlan {
    /// The stream of pages (`query_resources_pages`).
    pub pages: String,
    /// The stream of items (`query_resources_items`), when the response has
    /// one list of items.
    pub items: Option<String>,
}

/// A Rust name that is not the cleaned page name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// The spec file the name comes from.
    pub file: String,
    /// Where in it, when known (`file:position` of the first occurrence).
    pub at: Option<String>,
    /// What is named, e.g. "the type `*/`".
    pub what: String,
    /// The Rust name it gets.
    pub rust: String,
    /// Why, e.g. "`Type` is already the type `/*`".
    pub because: String,
}

impl CratePlan {
    /// Decides every name of `ir`.
    pub fn of(ir: &Ir) -> Self {
        let mut plan = CratePlan::default();
        let package_names = assign(
            &ir.packages
                .iter()
                .map(|package| Wanted {
                    first: package_name(&package.npm),
                    // `@other/things` beside `@wix/things`: `other_things`.
                    second: Some(module_name(&package.npm)),
                    what: format!("the npm package `{}`", package.npm),
                    file: first_source(package),
                    at: None,
                })
                .collect::<Vec<_>>(),
            &CRATE_ROOT_MODULES.map(|m| (m, "a module or feature of the crate root")),
            Case::Snake,
            "package",
            &mut plan.renames,
        );
        // Packages are planned on every core, each noting its renames
        // apart; they are reported in package order, as one thread would.
        let package_plans: Vec<(PackagePlan, Vec<Rename>)> = {
            use rayon::prelude::*;
            let wanted: Vec<(&Package, String)> = ir.packages.iter().zip(package_names).collect();
            wanted
                .into_par_iter()
                .with_max_len(1)
                .map(|(package, module)| {
                    let mut renames = Vec::new();
                    let package_plan = plan_package(package, module, &mut renames);
                    (package_plan, renames)
                })
                .collect()
        };
        let mut accessor_wants = Vec::new();
        for (package, (package_plan, renames)) in ir.packages.iter().zip(package_plans) {
            plan.renames.extend(renames);
            for (module, module_plan) in package.modules.iter().zip(&package_plan.modules) {
                accessor_wants.push(Wanted {
                    first: module_plan.module.clone(),
                    second: Some(module_name(&format!(
                        "{} {}",
                        package_plan.feature, module_plan.file
                    ))),
                    what: format!(
                        "the client accessor of module `{}` of `{}`",
                        module.name, package.npm
                    ),
                    file: module_source(module),
                    at: None,
                });
            }
            plan.packages.push(package_plan);
        }
        let reserved: Vec<(&str, &str)> = RUNTIME_CLIENT_METHODS
            .iter()
            .chain(&CLIENT_TRAIT_METHODS)
            .map(|&m| (m, "a method of the runtime `Client`"))
            .collect();
        let mut accessors = assign(
            &accessor_wants,
            &reserved,
            Case::Snake,
            "accessor",
            &mut plan.renames,
        )
        .into_iter();
        for module in plan.packages.iter_mut().flat_map(|p| &mut p.modules) {
            module.accessor = accessors.next().unwrap_or_default();
        }
        plan
    }

    /// The plan of the package `npm`.
    pub fn package(&self, ir: &Ir, npm: &str) -> Option<&PackagePlan> {
        ir.packages
            .iter()
            .position(|p| p.npm == npm)
            .and_then(|i| self.packages.get(i))
    }
}

impl PackagePlan {
    /// The Rust name of IR type `id` (the cleaned name for a type the
    /// package does not define, which the IR never refers to).
    pub fn type_name(&self, id: &TypeId) -> String {
        self.types
            .get(id)
            .cloned()
            .unwrap_or_else(|| type_name(&id.name))
    }
}

/// The file of an occurrence `file:line:column` or `file:byte N`.
fn occurrence_file(occurrence: &str) -> Option<&str> {
    let (rest, last) = occurrence.rsplit_once(':')?;
    if last.starts_with("byte ") {
        Some(rest)
    } else {
        Some(rest.rsplit_once(':')?.0)
    }
}

/// The spec file of a module's first method, for renames of module names.
fn module_source(module: &Module) -> String {
    module
        .methods
        .first()
        .map_or_else(String::new, |m| m.source.clone())
}

/// The spec file of a package's first method, for renames of package-wide
/// names.
fn first_source(package: &Package) -> String {
    package
        .modules
        .iter()
        .flat_map(|m| &m.methods)
        .map(|m| m.source.clone())
        .next()
        .unwrap_or_default()
}

fn plan_package(package: &Package, module: String, renames: &mut Vec<Rename>) -> PackagePlan {
    let feature = bare(&module).to_owned();
    let sources: BTreeSet<&str> = package
        .modules
        .iter()
        .flat_map(|m| &m.methods)
        .map(|m| m.source.as_str())
        .collect();
    // An occurrence is `file:position`; its file is one of the methods' sources.
    let located = |occurrences: &[String]| -> (String, Option<String>) {
        let Some(first) = occurrences.first() else {
            return (first_source(package), None);
        };
        let file = occurrence_file(first)
            .filter(|file| sources.contains(file))
            .map_or_else(|| first_source(package), str::to_owned);
        (file, Some(first.clone()))
    };
    let module_names = assign(
        &package
            .modules
            .iter()
            .map(|m| {
                Wanted::new(
                    module_name(&m.name),
                    format!("the SDK module `{}` of `{}`", m.name, package.npm),
                    module_source(m),
                )
            })
            .collect::<Vec<_>>(),
        &PACKAGE_MODULES.map(|m| (m, "a file of the package module")),
        Case::Snake,
        "module",
        renames,
    );
    let types = plan_type_names(package, &located, renames);
    let taken_by_types: Vec<(&str, &str)> =
        types.values().map(|t| (t.as_str(), "a type")).collect();
    let clients = assign(
        &package
            .modules
            .iter()
            .zip(&module_names)
            .map(|(m, ident)| {
                Wanted::new(
                    type_name(&format!("{} client", bare(ident))),
                    format!("the client of module `{}`", m.name),
                    module_source(m),
                )
            })
            .collect::<Vec<_>>(),
        &taken_by_types,
        Case::Camel,
        "client",
        renames,
    );
    let mut modules = Vec::new();
    for ((module, ident), client) in package.modules.iter().zip(module_names).zip(clients) {
        let methods = assign(
            &module
                .methods
                .iter()
                .map(|m| {
                    Wanted::new(
                        method_name(&m.operation_id),
                        format!("the method `{}`", m.operation_id),
                        m.source.clone(),
                    )
                })
                .collect::<Vec<_>>(),
            &MODULE_CLIENT_METHODS.map(|m| (m, "a method every module client has")),
            Case::Snake,
            "method",
            renames,
        );
        // Test names add words after the method's: `self_` reads `self`.
        let tests = assign(
            &module
                .methods
                .iter()
                .zip(&methods)
                .map(|(m, ident)| {
                    Wanted::new(
                        bare(ident).trim_matches('_').to_owned(),
                        format!("the round-trip tests of `{}`", m.operation_id),
                        m.source.clone(),
                    )
                })
                .collect::<Vec<_>>(),
            &[],
            Case::Snake,
            "test",
            &mut Vec::new(),
        );
        let pagers = plan_pagers(package, module, &methods, renames);
        let errors = plan_errors(package, module, &methods, &types, &client, renames);
        modules.push(ModulePlan {
            feature: format!("{feature}-{}", bare(&ident)),
            file: bare(&ident).to_owned(),
            module: ident,
            accessor: String::new(),
            client,
            methods,
            tests,
            errors,
            pagers,
        });
    }
    let mut fields = BTreeMap::new();
    let mut variants = BTreeMap::new();
    for ty in &package.types {
        let (file, at) = located(&ty.occurrences);
        let id = ty.id().to_id();
        match &ty.kind {
            TypeKind::Object { fields: list, .. } => {
                let names = assign(
                    &list
                        .iter()
                        .map(|f| Wanted {
                            first: field_name(&f.name),
                            second: None,
                            what: format!("the field `{}` of `{}`", f.name, ty.name),
                            file: file.clone(),
                            at: at.clone(),
                        })
                        .collect::<Vec<_>>(),
                    &[("unknown_fields", "the field keeping unlisted fields")],
                    Case::Snake,
                    "field",
                    renames,
                );
                fields.insert(id, names);
            }
            TypeKind::Enum { values } => {
                let names = assign(
                    &values
                        .iter()
                        .map(|v| Wanted {
                            first: variant_name(&v.name),
                            second: None,
                            what: format!("the value `{}` of `{}`", v.name, ty.name),
                            file: file.clone(),
                            at: at.clone(),
                        })
                        .collect::<Vec<_>>(),
                    &[("Unrecognized", "the variant keeping unlisted values")],
                    Case::Camel,
                    "variant",
                    renames,
                );
                variants.insert(id, names);
            }
        }
    }
    let entities = super::query::entities(package);
    let query_fields = plan_query_fields(package, &entities, &types, &modules, renames);
    PackagePlan {
        module,
        feature,
        types,
        fields,
        variants,
        modules,
        defaultable: defaultable_structs(package),
        entities,
        query_fields,
    }
}

/// The `<Type>Fields` struct of each object type the entities reach, one
/// scope at a time: `common` beside the platform types; an SDK module
/// beside its types, the platform types it re-exports, its client and its
/// application error enums.
fn plan_query_fields(
    package: &Package,
    entities: &BTreeSet<TypeId>,
    types: &BTreeMap<TypeId, String>,
    modules: &[ModulePlan],
    renames: &mut Vec<Rename>,
) -> BTreeMap<TypeId, String> {
    let mut scopes: BTreeMap<Option<&str>, Vec<&TypeDef>> = BTreeMap::new();
    let reached = super::query::reached_objects(package, entities);
    for ty in &package.types {
        if reached.contains(&ty.id().to_id()) {
            scopes.entry(ty.module.as_deref()).or_default().push(ty);
        }
    }
    let mut names = BTreeMap::new();
    for (scope, reached) in scopes {
        let mut reserved: Vec<(&str, &str)> = package
            .types
            .iter()
            .filter(|t| match scope {
                None => t.module.is_none(),
                Some(m) => {
                    t.module.as_deref() == Some(m)
                        || (t.module.is_none() && t.modules.iter().any(|x| x == m))
                }
            })
            .filter_map(|t| types.get(&t.id().to_id()))
            .map(|name| (name.as_str(), "a type of the module"))
            .collect();
        if let Some(m) = scope {
            if let Some((_, plan)) = package
                .modules
                .iter()
                .zip(modules)
                .find(|(module, _)| module.name == m)
            {
                reserved.push((plan.client.as_str(), "the module's client"));
                reserved.extend(
                    plan.errors
                        .iter()
                        .map(|e| (e.name.as_str(), "an enum of application errors")),
                );
            }
        }
        let wanted: Vec<Wanted> = reached
            .iter()
            .map(|t| {
                let file = t
                    .occurrences
                    .first()
                    .and_then(|o| occurrence_file(o))
                    .map_or_else(|| first_source(package), str::to_owned);
                Wanted {
                    // Cleaned again: `Self_` gives `SelfFields`, not `Self_Fields`.
                    first: type_name(&format!(
                        "{} fields",
                        types
                            .get(&t.id().to_id())
                            .map_or_else(|| type_name(&t.name), Clone::clone)
                    )),
                    second: None,
                    what: format!("the query fields of `{}`", t.name),
                    file,
                    at: t.occurrences.first().cloned(),
                }
            })
            .collect();
        for (ty, name) in
            reached
                .iter()
                .zip(assign(&wanted, &reserved, Case::Camel, "type", renames))
        {
            names.insert(ty.id().to_id(), name);
        }
    }
    names
}

/// The names of the paging helpers of each method of `module` that pages
/// by cursor: `<method>_pages` and `<method>_items`, beside the module
/// client's methods.
fn plan_pagers(
    package: &Package,
    module: &Module,
    methods: &[String],
    renames: &mut Vec<Rename>,
) -> Vec<Option<PagerPlan>> {
    let mut reserved: Vec<(&str, &str)> = MODULE_CLIENT_METHODS
        .iter()
        .map(|&m| (m, "a method every module client has"))
        .collect();
    reserved.extend(
        methods
            .iter()
            .map(|m| (bare(m), "a method of the module client")),
    );
    let mut wanted = Vec::new();
    let mut shapes = Vec::new();
    for (method, name) in module.methods.iter().zip(methods) {
        let paging = super::calls::cursor_paging(package, &module.name, method);
        let base = bare(name).trim_end_matches('_');
        if let Some(paging) = &paging {
            wanted.push(Wanted::new(
                format!("{base}_pages"),
                format!("the pages helper of `{}`", method.operation_id),
                method.source.clone(),
            ));
            if paging.items.is_some() {
                wanted.push(Wanted::new(
                    format!("{base}_items"),
                    format!("the items helper of `{}`", method.operation_id),
                    method.source.clone(),
                ));
            }
        }
        shapes.push(paging.map(|p| p.items.is_some()));
    }
    let mut names = assign(&wanted, &reserved, Case::Snake, "method", renames).into_iter();
    shapes
        .into_iter()
        .map(|shape| {
            shape.map(|items| PagerPlan {
                pages: names.next().unwrap_or_default(),
                items: if items { names.next() } else { None },
            })
        })
        .collect()
}

/// The names of each method's enum of application error codes
/// (`<method>ApplicationError`) and its variants, beside the module's types,
/// the platform types it re-exports and its client.
fn plan_errors(
    package: &Package,
    module: &Module,
    methods: &[String],
    types: &BTreeMap<TypeId, String>,
    client: &str,
    renames: &mut Vec<Rename>,
) -> Vec<ErrorsPlan> {
    let mut reserved: Vec<(&str, &str)> = package
        .types
        .iter()
        .filter(|t| {
            t.module.as_deref() == Some(module.name.as_str())
                || (t.module.is_none() && t.modules.contains(&module.name))
        })
        .filter_map(|t| types.get(&t.id().to_id()))
        .map(|name| (name.as_str(), "a type of the module"))
        .collect();
    reserved.push((client, "the module's client"));
    let names = assign(
        &module
            .methods
            .iter()
            .zip(methods)
            .map(|(m, name)| {
                Wanted::new(
                    type_name(&format!("{} application error", bare(name))),
                    format!("the application errors of `{}`", m.operation_id),
                    m.source.clone(),
                )
            })
            .collect::<Vec<_>>(),
        &reserved,
        Case::Camel,
        "type",
        renames,
    );
    module
        .methods
        .iter()
        .zip(names)
        .map(|(method, name)| {
            let variants = assign(
                &super::calls::error_codes(method)
                    .iter()
                    .map(|code| {
                        Wanted::new(
                            variant_name(code.code),
                            format!(
                                "the application error `{}` of `{}`",
                                code.code, method.operation_id
                            ),
                            method.source.clone(),
                        )
                    })
                    .collect::<Vec<_>>(),
                &[("Unrecognized", "the variant keeping undocumented codes")],
                Case::Camel,
                "variant",
                renames,
            );
            ErrorsPlan { name, variants }
        })
        .collect()
}

/// The Rust name of every type of `package`, one scope at a time: the shared
/// platform types (the `common` module) first, then each SDK module's own
/// types beside the platform types the module re-exports.
fn plan_type_names(
    package: &Package,
    located: &impl Fn(&[String]) -> (String, Option<String>),
    renames: &mut Vec<Rename>,
) -> BTreeMap<TypeId, String> {
    let mut scopes: BTreeMap<Option<&str>, Vec<&TypeDef>> = BTreeMap::new();
    for ty in &package.types {
        scopes.entry(ty.module.as_deref()).or_default().push(ty);
    }
    let wanted = |types: &[&TypeDef]| -> Vec<Wanted> {
        types
            .iter()
            .map(|t| {
                let (file, at) = located(&t.occurrences);
                Wanted {
                    first: type_name(&t.name),
                    second: None,
                    what: match &t.module {
                        Some(module) => format!("the type `{}` of module `{module}`", t.name),
                        None => format!("the platform type `{}`", t.name),
                    },
                    file,
                    at,
                }
            })
            .collect()
    };
    let mut names = BTreeMap::new();
    let shared = scopes.remove(&None).unwrap_or_default();
    let shared_names = assign(&wanted(&shared), &[], Case::Camel, "type", renames);
    // Which platform types each module re-exports: their names are taken there.
    let mut reexported: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (ty, name) in shared.iter().zip(&shared_names) {
        for module in &ty.modules {
            reexported
                .entry(module.as_str())
                .or_default()
                .push((name.as_str(), "a platform type the module re-exports"));
        }
    }
    for (module, types) in scopes {
        let taken = module
            .and_then(|m| reexported.get(m))
            .map_or(&[][..], Vec::as_slice);
        let module_names = assign(&wanted(&types), taken, Case::Camel, "type", renames);
        for (ty, name) in types.iter().zip(module_names) {
            names.insert(ty.id().to_id(), name);
        }
    }
    for (ty, name) in shared.iter().zip(shared_names) {
        names.insert(ty.id().to_id(), name);
    }
    names
}

/// The structs that can derive `Default`: those whose required fields all
/// have a default. Least fixpoint, so a struct that requires itself (through
/// other structs) has none: its default would never end.
fn defaultable_structs(package: &Package) -> BTreeSet<TypeId> {
    let mut yes = BTreeSet::new();
    loop {
        let before = yes.len();
        for ty in &package.types {
            let TypeKind::Object { fields, .. } = &ty.kind else {
                continue;
            };
            let all_default = fields.iter().filter(|f| f.required).all(|f| match &f.ty {
                Type::Ref(target) => yes.contains(target),
                _ => true,
            });
            if all_default {
                yes.insert(ty.id().to_id());
            }
        }
        if yes.len() == before {
            return yes;
        }
    }
}

/// An identifier without its raw prefix: `r#type` -> `type`.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// `snake_case`: suffixes are `_2`.
    Snake,
    /// `CamelCase`: suffixes are `2`.
    Camel,
}

impl Wanted {
    /// `first` for `what`, from `file`, with no second choice.
    fn new(first: String, what: String, file: String) -> Self {
        Wanted {
            first,
            second: None,
            what,
            file,
            at: None,
        }
    }
}

/// A name one item wants.
struct Wanted {
    /// The cleaned page name.
    first: String,
    /// The name to take when the first is taken, before numbering.
    second: Option<String>,
    /// What is named, for the rename report.
    what: String,
    file: String,
    at: Option<String>,
}

/// Gives each wanted name its own identifier in one scope (`reserved` holds
/// what the crate defines there, with what it is). Unchanged names are
/// claimed first, in order; then each taken one gets its second choice or
/// the first free numbered suffix. `kind` words the report.
fn assign(
    wanted: &[Wanted],
    reserved: &[(&str, &str)],
    case: Case,
    kind: &str,
    renames: &mut Vec<Rename>,
) -> Vec<String> {
    let mut holders: BTreeMap<String, String> = reserved
        .iter()
        .map(|&(name, what)| (name.to_owned(), what.to_owned()))
        .collect();
    let mut out: Vec<Option<String>> = Vec::with_capacity(wanted.len());
    let mut too_long = Vec::new();
    for want in wanted {
        let (name, shortened) = shorten(&want.first, case);
        too_long.push(shortened);
        if holders.contains_key(bare(&name)) {
            out.push(None);
        } else {
            holders.insert(bare(&name).to_owned(), want.what.clone());
            out.push(Some(name));
        }
    }
    for (index, want) in wanted.iter().enumerate() {
        if let Some(name) = &out[index] {
            if too_long[index] {
                renames.push(Rename {
                    file: want.file.clone(),
                    at: want.at.clone(),
                    what: want.what.clone(),
                    rust: name.clone(),
                    because: format!(
                        "a {kind} name is cut to {MAX_NAME} characters, since files are named after it"
                    ),
                });
            }
            continue;
        }
        let (first, _) = shorten(&want.first, case);
        let holder = holders.get(bare(&first)).cloned().unwrap_or_default();
        let second = want
            .second
            .as_ref()
            .map(|s| shorten(s, case).0)
            .filter(|s| !holders.contains_key(bare(s)));
        let name = second.unwrap_or_else(|| {
            let base = match case {
                Case::Snake => bare(&first).trim_end_matches('_'),
                Case::Camel => first.trim_end_matches('_'),
            };
            let base = if base.is_empty() { "x" } else { base };
            let mut n = 2;
            loop {
                let candidate = match case {
                    Case::Snake => format!("{base}_{n}"),
                    Case::Camel => format!("{base}{n}"),
                };
                if !holders.contains_key(&candidate) {
                    break candidate;
                }
                n += 1;
            }
        });
        holders.insert(bare(&name).to_owned(), want.what.clone());
        renames.push(Rename {
            file: want.file.clone(),
            at: want.at.clone(),
            what: want.what.clone(),
            rust: name.clone(),
            because: format!("`{}` is already {holder}", bare(&first)),
        });
        out[index] = Some(name);
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

/// `name` cut to [`MAX_NAME`] bytes (it is ASCII: cleaned), and whether it
/// was cut.
fn shorten(name: &str, case: Case) -> (String, bool) {
    if name.len() <= MAX_NAME {
        return (name.to_owned(), false);
    }
    let cut = bare(name)[..MAX_NAME].trim_end_matches('_');
    let cut = match case {
        Case::Snake => module_name(cut),
        Case::Camel => type_name(cut),
    };
    (cut, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(names: &[&str]) -> Vec<Wanted> {
        names
            .iter()
            .map(|n| Wanted::new((*n).to_owned(), format!("`{n}`"), "specs/x.md".to_owned()))
            .collect()
    }

    #[test]
    fn packages_planned_on_every_core_are_planned_as_on_one_thread() {
        let pipeline = crate::corpus::run_corpus(60, crate::corpus::Form::Mixed);
        let mut ir = pipeline.ir.expect("the corpus has an IR");
        assert!(ir.packages.len() > 1);
        // A second spelling of a type in every package: renames to report,
        // from every package.
        for package in &mut ir.packages {
            let mut twin = package.types[0].clone();
            twin.name.push('$');
            package.types.push(twin);
        }
        let parallel = CratePlan::of(&ir);
        assert!(parallel.renames.len() >= ir.packages.len());
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let single = one_thread.install(|| CratePlan::of(&ir));
        assert_eq!(format!("{parallel:?}"), format!("{single:?}"));
    }

    #[test]
    fn occurrences_name_their_file() {
        assert_eq!(occurrence_file("specs/a:b.md:12:3"), Some("specs/a:b.md"));
        assert_eq!(occurrence_file("specs/a.md:byte 90"), Some("specs/a.md"));
        assert_eq!(occurrence_file("no position"), None);
    }

    #[test]
    fn unchanged_names_are_claimed_before_suffixes() {
        let mut renames = Vec::new();
        let names = assign(
            &wanted(&["Type", "Type", "Type2"]),
            &[],
            Case::Camel,
            "type",
            &mut renames,
        );
        assert_eq!(names, ["Type", "Type3", "Type2"]);
        assert_eq!(renames.len(), 1);
        assert_eq!(renames[0].because, "`Type` is already `Type`");
    }

    #[test]
    fn suffixes_keep_rustc_naming() {
        let mut renames = Vec::new();
        assert_eq!(
            assign(
                &wanted(&["self_", "self_"]),
                &[],
                Case::Snake,
                "field",
                &mut renames
            ),
            ["self_", "self_2"]
        );
        assert_eq!(
            assign(
                &wanted(&["r#type", "type_"]),
                &[],
                Case::Snake,
                "field",
                &mut renames
            ),
            ["r#type", "type_"]
        );
        assert_eq!(
            assign(
                &wanted(&["Self_", "Self_"]),
                &[],
                Case::Camel,
                "type",
                &mut renames
            ),
            ["Self_", "Self2"]
        );
        assert_eq!(
            assign(
                &wanted(&["new"]),
                &[("new", "the constructor")],
                Case::Snake,
                "method",
                &mut renames
            ),
            ["new_2"]
        );
        assert_eq!(
            renames.last().map(|r| r.because.as_str()),
            Some("`new` is already the constructor")
        );
    }

    #[test]
    fn second_choice_before_numbers() {
        let mut want = wanted(&["things", "things"]);
        want[1].second = Some("other_things".to_owned());
        let mut renames = Vec::new();
        assert_eq!(
            assign(&want, &[], Case::Snake, "package", &mut renames),
            ["things", "other_things"]
        );
    }

    #[test]
    fn long_names_are_cut_and_reported() {
        let mut renames = Vec::new();
        let long = "a".repeat(300);
        let names = assign(
            &wanted(&[&long, &long]),
            &[],
            Case::Snake,
            "module",
            &mut renames,
        );
        assert_eq!(names[0], "a".repeat(MAX_NAME));
        assert_eq!(names[1], format!("{}_2", "a".repeat(MAX_NAME)));
        assert_eq!(renames.len(), 2);
    }

    #[test]
    fn renames_say_where_and_why() {
        use crate::ir::{Module, NameOrigin, TypeDef};
        let ty = |name: &str, at: &str| TypeDef {
            name: name.to_owned(),
            module: Some("items".to_owned()),
            name_origin: NameOrigin::Documented,
            kind: TypeKind::Enum { values: Vec::new() },
            modules: vec!["items".to_owned()],
            occurrences: vec![at.to_owned()],
        };
        let method = crate::ir::Method {
            name: "New".to_owned(),
            operation_id: "new".to_owned(),
            description: String::new(),
            http_method: crate::page::HttpMethod::Post,
            host: "www.wixapis.com".to_owned(),
            path: "/x".to_owned(),
            docs_url: String::new(),
            permission_scopes: Vec::new(),
            request: "A B".to_owned(),
            response: "A-B".to_owned(),
            source: "specs/x/new.md".to_owned(),
            required_paths: Vec::new(),
            request_examples: Vec::new(),
            possible_errors: Vec::new(),
        };
        let ir = Ir {
            packages: vec![Package {
                npm: "@wix/runtime".to_owned(),
                modules: vec![Module {
                    name: "items".to_owned(),
                    methods: vec![method],
                }],
                types: vec![
                    ty("A B", "specs/x/new.md:3:1"),
                    ty("A-B", "specs/x/new.md:byte 90"),
                ],
            }],
        };
        let plan = CratePlan::of(&ir);
        let shown: Vec<String> = plan
            .renames
            .iter()
            .map(|r| {
                format!(
                    "{} {:?}: {} -> {} ({})",
                    r.file, r.at, r.what, r.rust, r.because
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "specs/x/new.md None: the npm package `@wix/runtime` -> wix_runtime (`runtime` is already a module or feature of the crate root)",
                "specs/x/new.md Some(\"specs/x/new.md:byte 90\"): the type `A-B` of module `items` -> AB2 (`AB` is already the type `A B` of module `items`)",
                "specs/x/new.md None: the method `new` -> new_2 (`new` is already a method every module client has)",
            ]
        );
        assert_eq!(plan.packages[0].feature, "wix_runtime");
        assert_eq!(plan.packages[0].modules[0].client, "ItemsClient");
    }

    #[test]
    fn a_struct_that_requires_itself_has_no_default() {
        use crate::ir::{Field, NameOrigin, TypeDef};
        let object = |name: &str, field: &str, ty: Type| TypeDef {
            name: name.to_owned(),
            module: None,
            name_origin: NameOrigin::Documented,
            kind: TypeKind::Object {
                fields: vec![Field {
                    name: field.to_owned(),
                    ty,
                    description: None,
                    required: true,
                    constraints: Vec::new(),
                }],
                one_of_groups: Vec::new(),
            },
            modules: Vec::new(),
            occurrences: Vec::new(),
        };
        let package = Package {
            npm: "@wix/x".to_owned(),
            modules: Vec::new(),
            types: vec![
                object("Loop", "next", Type::Ref(TypeId::shared("Loop"))),
                object("Holder", "inner", Type::Ref(TypeId::shared("Leaf"))),
                object("Leaf", "count", Type::Integer),
                object(
                    "Items",
                    "loops",
                    Type::Array(Box::new(Type::Ref(TypeId::shared("Loop")))),
                ),
            ],
        };
        let yes = defaultable_structs(&package);
        assert_eq!(
            yes.into_iter().map(|id| id.name).collect::<Vec<_>>(),
            ["Holder", "Items", "Leaf"]
        );
    }
}
