//! The rustdoc sanitizer checked by rustdoc itself: every description on the
//! spec pages and a list of hostile strings go through
//! [`codegen::rust::docs`] into a throwaway crate (no dependencies, built
//! offline), on which `cargo doc` with `-D warnings` must succeed and
//! `cargo test --doc` must find no doctest. A control crate with the raw
//! strings shows the check notices what it is meant to.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use codegen::page::{Entry, Field, Page, Signature};
use codegen::rust::docs::{rustdoc_code_span, rustdoc_markdown, rustdoc_summary};

/// Text that must not upset rustdoc, one concern (or a few) per string.
const HOSTILE: &[&str] = &[
    // Brackets and links.
    "an [Attendance] object",
    "[Foo]",
    "[foo bar] and [Vec<T>] and [`Vec`] and [Foo::bar]",
    "[x](#anchor) [y](./foo.md) [z](Foo) [w](foo.md) [m](mailto:a@b.c) [e]()",
    "[x][y] [x][] [^1] [!NOTE] [[wiki]] ]] [ ]",
    "a[^1]\n\n[^1]: a footnote",
    "![img](https://a.com/i.png) ![img](foo)",
    "[https://a.com](https://a.com) [a](https://a.com \"t\") [a](<https://a.com/x y>)",
    "[a [b](https://b.com) c](https://c.com)",
    "Use [the guide][g].\n\n[g]: https://x.com/guide",
    "[a](https://a.com 'it\\'s') [b](https://b.com (paren))",
    "[`Foo`](Foo) [Foo](crate::Foo) [Foo](super::Foo)",
    // URLs.
    "https://example.com",
    "see https://a.com. (https://a.com/x), https://a.com/x_(y); \"https://q.com\"",
    "<https://a.com> <http://a.com/a b> <ftp://a.com> <a@b.c>",
    "www.example.com HTTPS://EXAMPLE.COM/X https://a.com/`code` http://[::1]:80/",
    "https://exa\u{200b}mple.com https:// http:// xhttps://a.com",
    "__https://a.com__ *https://b.com* ~~https://c.com~~",
    // HTML-looking text.
    "array<string> <T> <br> </p> PROMISE<CreateBookingResponse> Vec<Option<T>>",
    "<div>\nblock\n</div>",
    "<!-- a comment --> and <!-- unclosed",
    "<script>alert(1)</script> a <b>bold</b> <img src=x onerror=alert(1)>",
    "&lt;T&gt; &#0; &nbsp; &amp &",
    "1 < 2 > 0 -> => <= >=",
    // Code blocks.
    "```\nfn main() { panic!() }\n```",
    "```rust\nassert!(false);\n```",
    "```ignore\nx\n```\n```should_panic\npanic!()\n```\n```compile_fail\nx\n```",
    "```compile-fail\nx\n```\n```no-run\nx\n```\n```edition2018\nx\n```",
    "```js const a = 1; console.log(a);",
    "Example: ```js const a = 1; ``` done",
    "~~~\nassert!(false);\n~~~",
    "    let x = 1;\n    assert!(false);",
    "para\n\n    assert!(false);",
    "- a\n\n      assert!(false);",
    ">     assert!(false);\n1.     assert!(false);\n\tassert!(false);",
    "````\n```\nassert!(false);\n```\n````",
    "```\nunclosed fence",
    "- ```rust\n  assert!(false);\n  ```",
    "> ```\n> assert!(false);\n> ```",
    "text ```rust\nassert!(false);\n```",
    "a\n    ```\n    assert!(false);\n    ```",
    // Backticks.
    "a ``` b",
    "``",
    "`",
    "`a",
    "a` [b] <c>",
    "`a` and `b [c] <d>",
    "``a` b`` `c\\`d`",
    "`multi\nline` [x]",
    // Hostile bytes and characters.
    "*/ /* \"# \"## ]] \\ \\\\ \\n",
    "nul\0 bell\u{7} esc\u{1b}[31m del\u{7f} c1\u{85} cr\r\nlf",
    "\u{202e}evil\u{202c} \u{2066}iso\u{2069} \u{200f}rtl\u{200e} \u{200b}\u{200c}\u{200d}\u{feff}",
    "\u{2028}line\u{2029}para",
    "👨\u{200d}👩\u{200d}👧 e\u{301} 日本語 עברית",
    "trailing backslash \\",
    "#[doc = \"x\"] #![deny(warnings)] include_str!(\"/etc/passwd\") \"\\u{0}\"",
    // Headings and blocks.
    "# H1\n## H2",
    "Creates a booking.   ### Appointment booking  For appointment-based services.",
    "Title\n===\n\n---\n***\n* * *",
    "| a | b |\n|---|---|\n| `x|y<T>` | <T> [z] |",
    "a | b\n--|--\n[x] | <y>",
    "- [ ] task\n- [x] done\n* a\n  * b\n      * c",
    "{@link Foo} @see Foo $x$ $$x$$ \\(x\\)",
    "Foo::bar <Foo as Bar>::baz fn foo<'a>() a -> b",
    "\n\n\n",
    "",
    "   ",
];

/// Every description-like text a page holds, with where it comes from.
fn page_texts(page: &Page, file: &str, out: &mut Vec<(String, String)>) {
    let mut add = |what: &str, text: &str| out.push((format!("{file}: {what}"), text.to_owned()));
    if let Some(preamble) = &page.preamble {
        add("preamble", &preamble.value);
    }
    add("introduction", &page.introduction.value);
    add("REST description", &page.rest.schema.description.value);
    for error in &page.rest.schema.possible_errors {
        add(
            &format!("error {}", error.application_code),
            &error.description,
        );
    }
    for scope in &page.permission_scopes {
        add("permission scope", &scope.name);
    }
    let mut examples = page.rest.examples.iter().collect::<Vec<_>>();
    let mut signatures = vec![("REST", &page.rest.schema.signature)];
    if let Some(sdk) = &page.sdk {
        add("SDK description", &sdk.schema.description.value);
        examples.extend(&sdk.examples);
        signatures.push(("SDK", &sdk.schema.signature));
    }
    for example in examples {
        add("example title", &example.title);
        if let Some(description) = &example.description {
            add("example description", description);
        }
    }
    for (schema, signature) in signatures {
        signature_texts(signature, &format!("{file}: {schema}"), out);
    }
}

fn signature_texts(signature: &Signature, at: &str, out: &mut Vec<(String, String)>) {
    if let Some(note) = &signature.note {
        out.push((format!("{at} note"), note.value.clone()));
    }
    let entries = signature
        .parameters
        .iter()
        .flat_map(|p| std::iter::once(&*p.field).chain(p.entries.iter().filter_map(field)))
        .chain(signature.return_type.entries.iter().filter_map(field));
    for f in entries {
        if let Some(description) = &f.description {
            out.push((format!("{at} field {}", f.name), description.clone()));
        }
        for value in f.enum_values.iter().flat_map(|e| &e.values) {
            if let Some(description) = &value.description {
                out.push((
                    format!("{at} enum value {}", value.name),
                    description.clone(),
                ));
            }
        }
    }
}

fn field(entry: &Entry) -> Option<&Field> {
    match entry {
        Entry::Field(f) => Some(f),
        Entry::OneOf(_) => None,
    }
}

/// The spec pages' texts, each once, with where they come from.
fn spec_texts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pages = codegen::specs::find_pages(&root.join("specs")).expect("specs/ is readable");
    assert!(!pages.is_empty(), "no spec pages found");
    let mut texts = Vec::new();
    for path in pages {
        let file = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(&path).expect("page is readable");
        let page = codegen::read_page_text(&file, &text)
            .unwrap_or_else(|errors| panic!("{file} does not read: {errors:?}"))
            .page;
        page_texts(&page, &file, &mut texts);
    }
    let mut seen = std::collections::HashSet::new();
    texts.retain(|(_, text)| seen.insert(text.clone()));
    texts
}

/// `#[doc = "..."]` lines the way the emitter writes them: paragraphs joined
/// by a blank line, each line its own attribute with a leading space.
fn doc_attributes(paragraphs: &[String]) -> String {
    let text = paragraphs.join("\n\n");
    let mut out = String::new();
    for line in text.lines() {
        writeln!(out, "#[doc = {:?}]", format!(" {line}")).unwrap();
    }
    out
}

/// A crate with one item per way the docs get used, per text.
fn crate_source(texts: &[(String, String)], sanitize: bool) -> String {
    let mut lib =
        String::from("//! Throwaway crate: docs made from page text.\n#![warn(rustdoc::all)]\n\n");
    for (n, (origin, text)) in texts.iter().enumerate() {
        let origin: String = origin
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() || c == ' ' {
                    c
                } else {
                    '?'
                }
            })
            .collect();
        writeln!(lib, "// {n}: {origin}").unwrap();
        if !sanitize {
            writeln!(lib, "#[doc = {text:?}]\npub struct Raw{n};\n").unwrap();
            continue;
        }
        let summary = rustdoc_summary(text);
        let body = rustdoc_markdown(text);
        // The summary as the first line, then the whole text.
        writeln!(
            lib,
            "#[doc = {summary:?}]\n#[doc = \"\"]\n#[doc = {body:?}]\npub struct Summary{n};"
        )
        .unwrap();
        // The body after a prefix on its first line and before more docs.
        lib.push_str(&doc_attributes(&[
            format!("Name: {body}"),
            "Wire value: `x`.".to_owned(),
        ]));
        writeln!(lib, "pub struct Prefixed{n};").unwrap();
        // The body alone, as one attribute.
        writeln!(lib, "#[doc = {body:?}]\npub struct Body{n};").unwrap();
        let code = format!("Id: {}.", rustdoc_code_span(text));
        writeln!(lib, "#[doc = {code:?}]\npub struct Code{n};\n").unwrap();
    }
    lib
}

/// Writes the crate to a fresh `src/` under `dir` (its `target/` is kept).
fn write_crate(dir: &Path, name: &str, lib: &str) {
    let src = dir.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).unwrap();
    }
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(src.join("lib.rs"), lib).unwrap();
}

fn cargo(dir: &Path, args: &[&str], rustdocflags: &str) -> Output {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTDOCFLAGS", rustdocflags)
        .env_remove("CARGO_ENCODED_RUSTDOCFLAGS")
        .env_remove("CARGO_BUILD_RUSTDOCFLAGS")
        .output()
        .expect("cargo runs")
}

fn text(output: &Output) -> String {
    format!(
        "status: {}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The counts of every `running N tests` line of a test run.
fn tests_run(output: &Output) -> Vec<usize> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            line.strip_prefix("running ")?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .collect()
}

fn scratch(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

#[test]
fn rustdoc_takes_every_sanitized_text_without_warning_or_doctest() {
    let mut texts = spec_texts();
    let real = texts.len();
    let long = "A long description with [links](https://a.com), `code`, <T> and https://b.com. "
        .repeat(2_000);
    texts.push(("hostile: long".to_owned(), long));
    texts.extend(
        HOSTILE
            .iter()
            .enumerate()
            .map(|(n, text)| (format!("hostile {n}"), (*text).to_owned())),
    );
    assert!(real > 100, "only {real} texts on the spec pages");

    // The fallback escapes every ASCII punctuation character; the main rules
    // never write `\.`, so none of these texts needed it.
    for (origin, text) in &texts {
        for output in [rustdoc_markdown(text), rustdoc_summary(text)] {
            assert!(
                !output.contains("\\.") || text.contains("\\."),
                "{origin}: the fallback was used for {text:?}"
            );
        }
    }

    let dir = scratch("rustdoc_safe");
    write_crate(&dir, "rustdoc_safe", &crate_source(&texts, true));
    let doc = cargo(&dir, &["doc", "--no-deps"], "-D warnings");
    assert!(
        doc.status.success(),
        "cargo doc failed on {}:\n{}",
        dir.display(),
        text(&doc)
    );
    let test = cargo(&dir, &["test", "--doc"], "-D warnings");
    assert!(
        test.status.success(),
        "cargo test --doc failed:\n{}",
        text(&test)
    );
    let run = tests_run(&test);
    assert!(
        !run.is_empty() && run.iter().all(|&n| n == 0),
        "doctests were collected: {run:?}\n{}",
        text(&test)
    );

    // The text is still there to read: links, the escaped characters.
    let html = |item: &str| {
        std::fs::read_to_string(dir.join(format!("target/doc/rustdoc_safe/struct.{item}.html")))
            .unwrap()
    };
    let at = |needle: &str| texts.iter().position(|(_, t)| t == needle).unwrap();
    let page = html(&format!(
        "Body{}",
        at("array<string> <T> <br> </p> PROMISE<CreateBookingResponse> Vec<Option<T>>")
    ));
    assert!(
        page.contains("array&lt;string&gt; &lt;T&gt; &lt;br&gt;"),
        "{page}"
    );
    let page = html(&format!("Body{}", at("an [Attendance] object")));
    assert!(page.contains("an [Attendance] object"), "{page}");
    let page = html(&format!("Body{}", at("https://example.com")));
    assert!(page.contains("href=\"https://example.com\""), "{page}");
}

#[test]
fn the_check_notices_raw_text() {
    let texts = [
        "[Foo] at https://example.com with <T>".to_owned(),
        "```\nassert!(true);\n```".to_owned(),
    ]
    .map(|text| (String::new(), text));
    let dir = scratch("rustdoc_safe_control");
    write_crate(&dir, "rustdoc_safe_control", &crate_source(&texts, false));
    let doc = cargo(&dir, &["doc", "--no-deps"], "-D warnings");
    let stderr = String::from_utf8_lossy(&doc.stderr);
    assert!(!doc.status.success(), "{}", text(&doc));
    for warning in ["unresolved link", "not a hyperlink", "unclosed HTML tag"] {
        assert!(stderr.contains(warning), "no {warning:?} in\n{stderr}");
    }
    let test = cargo(&dir, &["test", "--doc"], "");
    assert!(test.status.success(), "{}", text(&test));
    assert_eq!(tests_run(&test), [1], "{}", text(&test));
}
