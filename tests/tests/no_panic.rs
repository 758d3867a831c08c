//! The reader never panics: every prefix of every spec page (cut at each entry
//! boundary and at random char boundaries), mutated pages, and random bytes
//! all give either a page or positioned errors.

use codegen::{read_page, Diagnostic};

/// Text that starts an entry or block: cutting just before or after one
/// stops the page at an entry boundary.
const BOUNDARIES: [&str; 12] = [
    "- name:",
    "param name:",
    "- ONE-OF:",
    "- enum:",
    "-     ",
    "Return type:",
    "Required parameters:",
    "Possible Errors:",
    "URL:",
    "```",
    "# ",
    "| type:",
];

/// Asserts the outcome of reading `bytes` is a page or a positioned error
/// inside the input.
fn assert_read_cleanly(what: &str, bytes: &[u8]) {
    let outcome = std::panic::catch_unwind(|| read_page(what, bytes));
    let Ok(result) = outcome else {
        panic!("the reader panicked on {what}");
    };
    if let Err(diagnostics) = result {
        let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(!errors.is_empty(), "{what}: Err without any error");
        for error in errors {
            let at = error
                .at
                .unwrap_or_else(|| panic!("{what}: unpositioned error {error}"));
            assert!(
                at.offset <= bytes.len(),
                "{what}: {error} points past the input"
            );
        }
    }
}

/// How many times more random cases to run than the default, from
/// `NO_PANIC_SCALE` (for a longer local hunt; CI uses the default of 1).
fn scale() -> usize {
    std::env::var("NO_PANIC_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

/// The seed of test `n`: fixed, so failures reproduce, unless `NO_PANIC_SEED`
/// picks another run.
fn seed(n: u64) -> u64 {
    let base = std::env::var("NO_PANIC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_0000);
    base + n
}

fn char_boundary_at_or_before(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[test]
fn every_prefix_of_every_page_reads_cleanly() {
    let mut rng = fastrand::Rng::with_seed(seed(1));
    for (path, text) in tests::spec_pages() {
        let mut cuts: Vec<usize> = BOUNDARIES
            .iter()
            .flat_map(|marker| {
                text.match_indices(marker)
                    .flat_map(|(at, m)| [at, at + m.len()])
            })
            .collect();
        cuts.extend(
            (0..64 * scale()).map(|_| char_boundary_at_or_before(&text, rng.usize(0..=text.len()))),
        );
        cuts.sort_unstable();
        cuts.dedup();
        assert!(cuts.len() > 50, "{path}: too few cut points");
        for cut in cuts {
            assert_read_cleanly(
                &format!("{path} cut at byte {cut}"),
                &text.as_bytes()[..cut],
            );
        }
    }
}

#[test]
fn mutated_pages_read_cleanly() {
    let mut rng = fastrand::Rng::with_seed(seed(2));
    for (path, text) in tests::spec_pages() {
        for round in 0..150 * scale() {
            let mut bytes = text.as_bytes().to_vec();
            for _ in 0..rng.usize(1..4) {
                let at = rng.usize(0..=bytes.len());
                match rng.u8(0..4) {
                    0 => {
                        let end = (at + rng.usize(0..400)).min(bytes.len());
                        bytes.drain(at..end);
                    }
                    1 => {
                        let marker = BOUNDARIES[rng.usize(0..BOUNDARIES.len())];
                        bytes.splice(at..at, marker.bytes());
                    }
                    2 => {
                        let end = (at + rng.usize(0..200)).min(bytes.len());
                        let copy = bytes[at..end].to_vec();
                        let to = rng.usize(0..=bytes.len());
                        bytes.splice(to..to, copy);
                    }
                    _ => {
                        if at < bytes.len() {
                            bytes[at] = rng.u8(..);
                        }
                    }
                }
            }
            assert_read_cleanly(&format!("{path} mutation round {round}"), &bytes);
        }
    }
}

#[test]
fn random_bytes_and_token_soup_read_cleanly() {
    let mut rng = fastrand::Rng::with_seed(seed(3));
    for round in 0..300 * scale() {
        let bytes: Vec<u8> = (0..rng.usize(0..2048)).map(|_| rng.u8(..)).collect();
        assert_read_cleanly(&format!("random bytes round {round}"), &bytes);
    }
    // Page-shaped garbage reaches deeper than random bytes do.
    let tokens = [
        "# T",
        "# Package: p",
        "# Namespace: N",
        "# Method link: https://x/y.md",
        "## Introduction",
        "## REST API",
        "## JavaScript SDK",
        "### Schema",
        "### Examples",
        "```",
        "```curl",
        "```javascript",
        "Method: m",
        "Method: POST",
        "Description: d",
        "URL: https://h/p",
        "Required parameters: a, b.c",
        "Method parameters:",
        "param name: q | type: Q | required: true",
        "- name: f | type: array<",
        "- name: g | type: T | description: x",
        "- ONE-OF: - required: true",
        "- enum:",
        "- enum: A, B",
        "- X: y",
        "Return type: R",
        "Return type: PROMISE<",
        "Possible Errors:",
        "HTTP Code: 400 | Status Code: S",
        "curl -X POST",
        "-d '{\"a\": [1, {\"b\": null}]}'",
        "-d '{",
        "'",
        "\\",
        "import { a } from '@wix/b';",
        "a.m(",
        "é",
        "\u{0}",
        "| type:",
        "Default: `5`",
        "Max:",
        "\n",
        "\n   ",
        " ",
    ];
    for round in 0..2000 * scale() {
        let mut text = String::new();
        for _ in 0..rng.usize(1..60) {
            text.push_str(tokens[rng.usize(0..tokens.len())]);
            text.push(if rng.bool() { ' ' } else { '\n' });
        }
        assert_read_cleanly(
            &format!("token soup round {round}: {text:?}"),
            text.as_bytes(),
        );
    }
}
