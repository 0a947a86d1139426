//! The crate's top-level modules (`src/*.rs`, `src/engine/`, `src/error/`)
//! depend on each other without circles: a module that names `crate::x`
//! depends on `x`, and no chain of such dependencies leads back to where it
//! started.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The `crate::<module>` names a source text uses.
fn deps(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
            .collect();
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut add = |module: String, path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        let d = deps(&text);
        g.entry(module.clone())
            .or_default()
            .extend(d.into_iter().filter(|x| *x != module));
    };
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "rs") {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            if stem != "lib" {
                add(stem, &p);
            }
        }
    }
    for dir in ["engine", "error"] {
        for e in std::fs::read_dir(src.join(dir)).unwrap() {
            add(dir.into(), &e.unwrap().path());
        }
    }
    g
}

/// A chain of dependencies from `start` back to it, if there is one.
fn cycle_from(g: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((m, path)) = stack.pop() {
        for d in g.get(&m).into_iter().flatten() {
            if d == start {
                let mut p = path.clone();
                p.push(d.clone());
                return Some(p);
            }
            if g.contains_key(d) && seen.insert(d.clone()) {
                let mut p = path.clone();
                p.push(d.clone());
                stack.push((d.clone(), p));
            }
        }
    }
    None
}

#[test]
fn modules_depend_on_each_other_without_circles() {
    let g = graph();
    assert!(g.contains_key("engine") && g.contains_key("eval"), "{g:?}");
    let circles: Vec<String> = g
        .keys()
        .filter_map(|m| cycle_from(&g, m))
        .map(|c| c.join(" → "))
        .collect();
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_circle_check_sees_a_circle() {
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        cycle_from(&g, "a"),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
    assert_eq!(
        deps("use crate::model::User; crate::value::seg(x)"),
        BTreeSet::from(["model".to_string(), "value".to_string()])
    );
}

/// `str::to_lowercase`/`to_uppercase` pull the Unicode case-conversion tables
/// (about 9 KB gzip) into the `.wasm`; the crate lowers text with
/// `text::lower` and ASCII methods instead. Tests may use them.
#[test]
fn the_crate_does_not_use_the_unicode_case_tables() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in [src.clone(), src.join("engine")] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // Only the code before a file's unit tests is shipped.
        let shipped = text.split("#[cfg(test)]").next().unwrap_or("");
        for (i, line) in shipped.lines().enumerate() {
            if (line.contains("to_lowercase") || line.contains("to_uppercase"))
                && !line.trim_start().starts_with("//")
            {
                found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
