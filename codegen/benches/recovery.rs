//! Structure recovery speed over the spec pages, and over corpora of 10, 100
//! and 1000 pages made of renamed copies of them: equal time per field entry
//! (throughput in elements) at every size shows recovery is near-linear in the
//! number of fields.
//!
//! Copy `i` of the spec pages has every method name and every named type
//! suffixed with `Ci` (so copies share no types and no page learns from
//! another copy), its own spec paths (`copy-i/...`) and its own copy of the
//! hints. The common types of the catalogue keep their names: they are
//! complete knowledge shared by all pages, and without them recovery cannot
//! settle fields such as `pagingMetadata.cursors.prev`. A query method's
//! response keeps the shape `Query<Things>Response` (`QueryResourcesCi
//! Response`): that name is how recovery recognizes a query response.

// `criterion_group!` defines an undocumented function.
#![allow(missing_docs)]

use std::collections::{BTreeSet, HashMap};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use codegen::page::{Entry, Signature, TypeRef};
use codegen::recovery::{recover, Recovered, SpecPage};
use codegen::{Page, Severity};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use serde_yaml::{Mapping, Value};

/// The corpus sizes, in pages.
const SIZES: [usize; 3] = [10, 100, 1000];

/// The catalogue's types (`codegen/src/recovery/catalogue.yaml`): copies keep
/// these names.
const CATALOGUE: [&str; 8] = [
    "CursorPaging",
    "CursorPagingMetadata",
    "Cursors",
    "Sorting",
    "SortOrder",
    "ExtendedFields",
    "CursorQuery",
    "QueryV2",
];

const HINTS_DISPLAY_PATH: &str = "specs/hints.yaml";

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// A spec page: its path under `specs/`, its text and its page model.
struct SpecText {
    spec_path: String,
    text: String,
    page: Page,
}

fn spec_pages() -> Vec<SpecText> {
    let specs = specs_dir();
    codegen::specs::find_pages(&specs)
        .expect("specs/ is readable")
        .into_iter()
        .map(|path| {
            let spec_path = path
                .strip_prefix(&specs)
                .expect("pages are under specs/")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("spec pages are UTF-8");
            let page = read(&spec_path, &text);
            SpecText {
                spec_path,
                text,
                page,
            }
        })
        .collect()
}

fn read(path: &str, text: &str) -> Page {
    codegen::read_page_text(path, text)
        .unwrap_or_else(|errors| panic!("{path} reads: {errors:?}"))
        .page
}

/// The number of field entries recovery places: each parameter, its fields,
/// and the response's fields.
fn field_entries(page: &Page) -> usize {
    let fields = |entries: &[Entry]| {
        entries
            .iter()
            .filter(|entry| matches!(entry, Entry::Field(_)))
            .count()
    };
    let signature = &page.rest.schema.signature;
    signature
        .parameters
        .iter()
        .map(|parameter| 1 + fields(&parameter.entries))
        .sum::<usize>()
        + fields(&signature.return_type.entries)
}

fn is_type_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
}

fn named_types(ty: &TypeRef, out: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Named(name) => {
            out.insert(name.clone());
        }
        TypeRef::Array(Some(inner)) | TypeRef::Promise(Some(inner)) => named_types(inner, out),
        _ => {}
    }
}

fn signature_types(signature: &Signature, out: &mut BTreeSet<String>) {
    let entries = signature
        .parameters
        .iter()
        .flat_map(|parameter| &parameter.entries)
        .chain(&signature.return_type.entries);
    for entry in entries {
        if let Entry::Field(field) = entry {
            named_types(&field.ty, out);
        }
    }
    for parameter in &signature.parameters {
        named_types(&parameter.field.ty, out);
    }
    named_types(&signature.return_type.ty.value, out);
}

/// The keys of a hints entry that name the page and fields, not types.
const HINT_PLACE_KEYS: [&str; 4] = ["page", "tree", "after", "path"];

/// The hints file's entries: (section, entry), for every section that is a
/// list of entries.
fn hint_entries(hints: &Value) -> Vec<(&Value, &Mapping)> {
    let Some(sections) = hints.as_mapping() else {
        return Vec::new();
    };
    sections
        .iter()
        .filter_map(|(key, value)| Some((key, value.as_sequence()?)))
        .flat_map(|(key, entries)| {
            entries
                .iter()
                .filter_map(move |entry| Some((key, entry.as_mapping()?)))
        })
        .collect()
}

/// The names every copy renames: method names (as `Method:` lines and page
/// titles write them) and type names (as the schemas and the hints write
/// them), except the catalogue's.
struct Names {
    methods: BTreeSet<String>,
    types: BTreeSet<String>,
}

impl Names {
    fn of(pages: &[SpecText], hints: &Value) -> Self {
        let mut methods = BTreeSet::new();
        let mut types = BTreeSet::new();
        for page in pages.iter().map(|p| &p.page) {
            methods.insert(page.rest.schema.method_name.value.clone());
            methods.insert(page.method_name.value.clone());
            signature_types(&page.rest.schema.signature, &mut types);
            if let Some(sdk) = &page.sdk {
                methods.extend(sdk.schema.method.path.last().cloned());
                signature_types(&sdk.schema.signature, &mut types);
            }
        }
        for (_, entry) in hint_entries(hints) {
            for (key, value) in entry {
                if key.as_str().is_some_and(|k| HINT_PLACE_KEYS.contains(&k)) {
                    continue;
                }
                types.extend(
                    value
                        .as_str()
                        .into_iter()
                        .flat_map(words)
                        .map(str::to_owned),
                );
            }
        }
        // A few pages print a parameter's name as its type (`formSubmission`);
        // renaming those would rename a field.
        types.retain(|ty| is_type_name(ty) && !CATALOGUE.contains(&ty.as_str()));
        Names { methods, types }
    }

    /// Copy `tag`'s renaming. A type named after a method
    /// (`QueryResourcesResponse`) takes the tag after the method's name
    /// (`QueryResourcesC0007Response`), as the renamed method would name it.
    fn renaming(&self, tag: &str) -> HashMap<String, String> {
        let pascal_methods: Vec<String> = self
            .methods
            .iter()
            .filter(|m| !is_type_name(m))
            .map(|m| m[..1].to_ascii_uppercase() + &m[1..])
            .collect();
        let mut renames = HashMap::new();
        for method in &self.methods {
            renames.insert(method.clone(), format!("{method}{tag}"));
        }
        for ty in &self.types {
            let new_name = pascal_methods
                .iter()
                .filter(|m| ty.starts_with(m.as_str()))
                .max_by_key(|m| m.len())
                .map_or_else(
                    || format!("{ty}{tag}"),
                    |m| format!("{m}{tag}{}", &ty[m.len()..]),
                );
            renames.insert(ty.clone(), new_name);
        }
        renames
    }
}

/// The words of `text`: runs of ASCII letters, digits and `_`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
}

/// `text` with every whole word in `renames` replaced.
fn rename_words(text: &str, renames: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..end];
        out.push_str(renames.get(word).map_or(word, String::as_str));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A corpus of renamed copies: each page's display path, spec path and text,
/// and the hints file for all of them.
struct Corpus {
    pages: Vec<(String, String, String)>,
    hints: String,
}

/// The first `size` pages of copies 0, 1, 2, ... of the spec pages.
fn corpus(specs: &[SpecText], hints_text: &str, size: usize) -> Corpus {
    let hints: Value = serde_yaml::from_str(hints_text).expect("specs/hints.yaml is YAML");
    let names = Names::of(specs, &hints);
    let mut pages = Vec::with_capacity(size);
    let mut copied_hints: Vec<(Value, Value)> = Vec::new();
    for copy in 0..size.div_ceil(specs.len()) {
        let renames = names.renaming(&format!("C{copy:04}"));
        for spec in specs.iter().take(size - pages.len()) {
            let spec_path = format!("copy-{copy:04}/{}", spec.spec_path);
            for (section, entry) in hint_entries(&hints) {
                if entry.get("page").and_then(Value::as_str) != Some(spec.spec_path.as_str()) {
                    continue;
                }
                let mut entry = entry.clone();
                for (key, value) in &mut entry {
                    if let Value::String(text) = value {
                        *text = if key.as_str() == Some("page") {
                            spec_path.clone()
                        } else {
                            rename_words(text, &renames)
                        };
                    }
                }
                copied_hints.push((section.clone(), Value::Mapping(entry)));
            }
            pages.push((
                format!("specs/{spec_path}"),
                spec_path,
                rename_words(&spec.text, &renames),
            ));
        }
    }
    let mut sections = Mapping::new();
    for (section, entry) in copied_hints {
        let list = sections
            .entry(section)
            .or_insert_with(|| Value::Sequence(Vec::new()));
        if let Value::Sequence(list) = list {
            list.push(entry);
        }
    }
    Corpus {
        pages,
        hints: serde_yaml::to_string(&sections).expect("hints serialize"),
    }
}

/// Runs recovery once and panics on any error, so the bench never measures
/// a failing run.
fn recover_checked(pages: &[SpecPage<'_>], hints: &str, what: &str) -> Recovered {
    let recovered = recover(pages, hints, HINTS_DISPLAY_PATH);
    let errors: Vec<String> = recovered
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(ToString::to_string)
        .collect();
    assert!(
        errors.is_empty(),
        "recovery over {what} has {} error(s), e.g.:\n{}",
        errors.len(),
        errors[..errors.len().min(5)].join("\n")
    );
    recovered
}

fn bench_recover(c: &mut Criterion) {
    let specs = spec_pages();
    let hints_text =
        std::fs::read_to_string(specs_dir().join("hints.yaml")).expect("specs/hints.yaml reads");

    let mut group = c.benchmark_group("recover_spec_pages");
    let display: Vec<String> = specs
        .iter()
        .map(|s| format!("specs/{}", s.spec_path))
        .collect();
    let pages: Vec<SpecPage<'_>> = specs
        .iter()
        .zip(&display)
        .map(|(spec, display_path)| SpecPage {
            display_path,
            spec_path: &spec.spec_path,
            page: &spec.page,
        })
        .collect();
    recover_checked(&pages, &hints_text, "the spec pages");
    let fields: usize = specs.iter().map(|s| field_entries(&s.page)).sum();
    group.throughput(Throughput::Elements(fields as u64));
    group.bench_function(BenchmarkId::new("pages", specs.len()), |b| {
        b.iter(|| {
            recover(
                black_box(&pages),
                black_box(&hints_text),
                HINTS_DISPLAY_PATH,
            )
        });
    });
    group.finish();

    let mut group = c.benchmark_group("recover_renamed_copies");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1));
    for size in SIZES {
        let corpus = corpus(&specs, &hints_text, size);
        let read: Vec<Page> = corpus
            .pages
            .iter()
            .map(|(display_path, _, text)| read(display_path, text))
            .collect();
        let pages: Vec<SpecPage<'_>> = corpus
            .pages
            .iter()
            .zip(&read)
            .map(|((display_path, spec_path, _), page)| SpecPage {
                display_path,
                spec_path,
                page,
            })
            .collect();
        recover_checked(&pages, &corpus.hints, &format!("{size} renamed pages"));
        let fields: usize = read.iter().map(field_entries).sum();
        group
            .throughput(Throughput::Elements(fields as u64))
            .measurement_time(Duration::from_secs(if size >= 1000 { 8 } else { 3 }));
        group.bench_function(BenchmarkId::new("pages", size), |b| {
            b.iter(|| {
                recover(
                    black_box(&pages),
                    black_box(&corpus.hints),
                    HINTS_DISPLAY_PATH,
                )
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_recover);
criterion_main!(benches);
