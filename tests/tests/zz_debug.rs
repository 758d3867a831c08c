#[test]
fn debug() {
    let dir = std::path::Path::new(&std::env::var("DBG_SPECS").unwrap()).to_path_buf();
    let want = std::env::var("DBG_PAGE").unwrap();
    let p = codegen::pipeline::run(&dir, dir.parent().unwrap()).unwrap();
    let r = p.recovered.as_ref().unwrap();
    for (page, placed) in p.spec_pages().iter().zip(&r.placed) {
        if !page.display_path.contains(&want) { continue; }
        for d in &placed.decisions { println!("{} <- {}: {:?}", d.path, d.settled_by, d.reasons); }
        for t in &placed.trees { for n in 1..t.nodes.len() { if t.nodes[n].provisional { println!("PROV {}", t.path_text(n)); } } }
    }
    for d in &p.diagnostics { if d.file.contains(&want) && d.is_error() { println!("{d}"); } }
}
