//! Every position in the page model of every spec page points at the item it
//! belongs to: reading the page text at that offset finds the item.

use codegen::page::{Entry, Field, Page, Signature};
use codegen::source::Pos;

struct Checker<'a> {
    path: &'a str,
    text: &'a str,
    checked: usize,
}

impl Checker<'_> {
    fn expect(&mut self, at: Pos, starts_with: &str) {
        let here = self.text.get(at.offset..).unwrap_or("");
        assert!(
            here.starts_with(starts_with),
            "{}:{at}: expected {starts_with:?}, found {:?}",
            self.path,
            here.chars().take(40).collect::<String>()
        );
        self.checked += 1;
    }

    fn field(&mut self, field: &Field, marker: &str) {
        let here = self.text.get(field.at.offset..).unwrap_or("");
        let after_marker = here.strip_prefix(marker).map(str::trim_start);
        assert!(
            after_marker.is_some_and(|rest| rest.starts_with(&field.name)),
            "{}:{}: expected `{marker} {}`, found {:?}",
            self.path,
            field.at,
            field.name,
            here.chars().take(40).collect::<String>()
        );
        self.checked += 1;
        if let Some(values) = &field.enum_values {
            self.expect(values.at, "- enum:");
            for value in &values.values {
                self.expect(value.at, &value.name);
            }
        }
        for constraint in &field.constraints {
            let keyword = match constraint.kind {
                codegen::page::ConstraintKind::Default => "Default:",
                codegen::page::ConstraintKind::Minimum => "Min",
                codegen::page::ConstraintKind::Maximum => "Max",
            };
            self.expect(constraint.at, keyword);
        }
    }

    fn signature(&mut self, signature: &Signature) {
        for path in &signature.required_parameters {
            self.expect(path.at, &path.value);
        }
        for parameter in &signature.parameters {
            self.field(&parameter.field, "param name:");
            self.entries(&parameter.entries);
        }
        self.entries(&signature.return_type.entries);
    }

    fn entries(&mut self, entries: &[Entry]) {
        for entry in entries {
            match entry {
                Entry::Field(field) => self.field(field, "- name:"),
                Entry::OneOf(group) => self.expect(group.at, "- ONE-OF:"),
            }
        }
    }

    fn page(&mut self, page: &Page) {
        self.expect(page.method_name.at, &page.method_name.value);
        self.expect(page.package.at, &page.package.value);
        self.expect(page.namespace.at, &page.namespace.value);
        self.expect(page.method_link.at, &page.method_link.value);
        self.expect(page.introduction.at, &page.introduction.value);
        for scope in &page.permission_scopes {
            self.expect(scope.at, &scope.name);
        }
        let rest = &page.rest.schema;
        self.expect(rest.method_name.at, &rest.method_name.value);
        self.expect(rest.description.at, &rest.description.value);
        self.expect(
            rest.url.at,
            &format!("{}://{}{}", rest.url.scheme, rest.url.host, rest.url.path),
        );
        self.expect(rest.http_method.at, rest.http_method.value.as_str());
        self.signature(&rest.signature);
        for error in &rest.possible_errors {
            self.expect(error.at, "HTTP Code:");
        }
        for example in &page.rest.examples {
            self.expect(example.at, &example.title);
            if let codegen::page::ExampleCode::Curl(call) = &example.code {
                self.expect(call.at, "curl");
                if let Some(body) = &call.body {
                    self.expect(body.at, "{");
                }
            }
        }
        if let Some(sdk) = &page.sdk {
            self.expect(sdk.schema.method.at, &sdk.schema.method.path.join("."));
            self.expect(sdk.schema.description.at, &sdk.schema.description.value);
            self.signature(&sdk.schema.signature);
            if let Some(import) = &sdk.module_import {
                self.expect(import.at, "import");
            }
        }
    }
}

#[test]
fn positions_point_at_their_items() {
    for (path, text) in tests::spec_pages() {
        let page = codegen::read_page_text(&path, &text)
            .expect("spec pages read")
            .page;
        let mut checker = Checker {
            path: &path,
            text: &text,
            checked: 0,
        };
        checker.page(&page);
        assert!(
            checker.checked > 50,
            "{path}: only {} positions checked",
            checker.checked
        );
    }
}
