//! Integration tests over the spec pages; the tests live in `tests/tests/`.
