//! Runs every scenario file under `tests/scenarios/` (see its README.md)
//! through `offboard::scenario`, the runner policy authors use too.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod common;

#[test]
fn scenarios() {
    let root = common::root().join("tests/scenarios");
    let list = common::scenario_files();
    assert!(
        list.len() >= 20,
        "expected the scenario corpus, found {} files",
        list.len()
    );
    let mut failures = Vec::new();
    for f in &list {
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        // As the CLI does, a policy given as a `.json` path is read relative to the scenario.
        let mut sc: serde_json::Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        if let Some(p) = sc["policy"].as_str().filter(|p| p.ends_with(".json")) {
            let text = std::fs::read_to_string(f.parent().unwrap().join(p)).unwrap();
            sc["policy"] = serde_json::from_str(&text).unwrap();
        }
        match offboard::scenario::run(sc.to_string().as_bytes()) {
            Ok(o) if o.passed => {}
            Ok(o) => failures.push(format!(
                "{name} ({}):\n    {}",
                o.name,
                o.failures.join("\n    ")
            )),
            Err(e) => failures.push(format!("{name}: not a scenario: {e:?}")),
        }
    }
    println!("{} scenario files run", list.len());
    assert!(
        failures.is_empty(),
        "{} of {} scenarios failed:\n{}",
        failures.len(),
        list.len(),
        failures.join("\n")
    );
}

#[test]
fn a_wrong_expectation_fails() {
    let sc = std::fs::read_to_string(common::root().join("tests/scenarios/engine/rank-rule.json"))
        .unwrap();
    let mut wrong: serde_json::Value = serde_json::from_str(&sc).unwrap();
    wrong["expect"]["blockers"][0]["code"] = "somethingElse".into();
    let o = offboard::scenario::run(wrong.to_string().as_bytes()).unwrap();
    assert!(!o.passed);
    assert!(
        o.failures.iter().any(|f| f.contains("somethingElse")),
        "{:?}",
        o.failures
    );
    assert!(offboard::scenario::run(sc.as_bytes()).unwrap().passed);
}
