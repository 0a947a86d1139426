//! Answers sized to the question: on every scenario, the `summary` detail
//! agrees with the full answer (verdict, findings, seats, users, summary,
//! counts, fingerprint), and pages of effects and plan concatenate to the
//! full ones. See docs/preview.md, "Detail and pages".
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod common;
use offboard::ffi;
use serde_json::{json, Value};

/// Every scenario's call `{policy, snapshot, request}` and its `op`.
fn scenario_calls() -> Vec<(String, String, Value)> {
    let root = common::root().join("tests/scenarios");
    let list = common::scenario_files();
    let mut out = Vec::new();
    for f in &list {
        let mut sc: Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
        if sc.get("request").is_none() || sc.get("snapshot").is_none() {
            continue;
        }
        if let Some(p) = sc["policy"].as_str().filter(|p| p.ends_with(".json")) {
            let text = std::fs::read_to_string(f.parent().unwrap().join(p)).unwrap();
            sc["policy"] = serde_json::from_str(&text).unwrap();
        }
        let op = sc["op"].as_str().unwrap_or("preview").to_string();
        let name = f.strip_prefix(&root).unwrap().display().to_string();
        out.push((
            name,
            op,
            json!({"policy": sc["policy"], "snapshot": sc["snapshot"], "request": sc["request"]}),
        ));
    }
    assert!(
        out.len() >= 100,
        "expected the scenario corpus, found {}",
        out.len()
    );
    out
}

fn call(f: fn(&[u8]) -> String, input: &Value) -> Value {
    serde_json::from_str(&f(input.to_string().as_bytes())).unwrap()
}

fn with(base: &Value, extra: Value) -> Value {
    let mut v = base.clone();
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

/// The members a summary shares with the full preview.
const SHARED: &[&str] = &[
    "action",
    "policy",
    "verdict",
    "blockers",
    "warnings",
    "seats",
    "users",
    "summary",
    "fingerprint",
];

fn kinds(effects: &Value) -> Value {
    let mut m = serde_json::Map::new();
    for e in effects.as_array().unwrap() {
        let k = e["kind"].as_str().unwrap().to_string();
        let n = m.get(&k).and_then(Value::as_u64).unwrap_or(0);
        m.insert(k, json!(n + 1));
    }
    Value::Object(m)
}

fn check_summary(name: &str, full: &Value, summary: &Value) {
    for k in SHARED {
        assert_eq!(
            full[k], summary[k],
            "{name}: `{k}` differs in summary detail"
        );
    }
    assert!(
        summary.get("effects").is_none(),
        "{name}: effects in a summary"
    );
    assert!(summary.get("plan").is_none(), "{name}: plan in a summary");
    assert!(summary.get("page").is_none(), "{name}: page unasked");
    let counts = &summary["counts"];
    assert_eq!(
        counts["effects"],
        json!(full["effects"].as_array().unwrap().len()),
        "{name}"
    );
    assert_eq!(
        counts["plan"],
        json!(full["plan"].as_array().unwrap().len()),
        "{name}"
    );
    assert_eq!(counts["byKind"], kinds(&full["effects"]), "{name}");
}

/// Reads every page of `limit` and concatenates its effects and plan.
fn read_pages(
    call_input: &Value,
    limit: u64,
    full: &Value,
    name: &str,
) -> (Vec<Value>, Vec<Value>) {
    let (mut effects, mut plan) = (Vec::new(), Vec::new());
    let mut offset = 0u64;
    let mut pages = 0;
    loop {
        let v = call(
            ffi::preview_json,
            &with(
                call_input,
                json!({"page": {"offset": offset, "limit": limit}}),
            ),
        );
        assert_eq!(v["ok"], true, "{name}: {v}");
        let s = &v["value"];
        for k in SHARED {
            assert_eq!(full[k], s[k], "{name}: `{k}` differs in a page");
        }
        let page = &s["page"];
        assert_eq!(page["offset"], json!(offset));
        assert_eq!(page["limit"], json!(limit));
        assert!(page["effects"].as_array().unwrap().len() as u64 <= limit);
        assert!(page["plan"].as_array().unwrap().len() as u64 <= limit);
        effects.extend(page["effects"].as_array().unwrap().iter().cloned());
        plan.extend(page["plan"].as_array().unwrap().iter().cloned());
        pages += 1;
        assert!(pages < 10_000, "{name}: pages do not end");
        match page["next"].as_u64() {
            Some(n) => {
                assert_eq!(n, offset + limit, "{name}: next");
                offset = n;
            }
            None => {
                assert!(page["next"].is_null());
                break;
            }
        }
    }
    (effects, plan)
}

#[test]
fn summary_detail_and_pages_agree_with_the_full_preview_on_every_scenario() {
    let mut previews = 0;
    let mut paged_effects = 0;
    for (name, op, input) in scenario_calls() {
        if op != "preview" {
            continue;
        }
        let plain = ffi::preview_json(input.to_string().as_bytes());
        let full_text = ffi::preview_json(
            with(&input, json!({"detail": "full"}))
                .to_string()
                .as_bytes(),
        );
        assert_eq!(plain, full_text, "{name}: `detail: full` is today's answer");
        let full: Value = serde_json::from_str(&plain).unwrap();
        let summary = call(
            ffi::preview_json,
            &with(&input, json!({"detail": "summary"})),
        );
        if full["ok"] == false {
            assert_eq!(full, summary, "{name}: the same errors in every detail");
            continue;
        }
        previews += 1;
        let (full, summary) = (&full["value"], &summary["value"]);
        check_summary(&name, full, summary);
        for limit in [1, 2, 7, 1000] {
            let (effects, plan) = read_pages(&input, limit, full, &name);
            assert_eq!(
                &Value::Array(effects),
                &full["effects"],
                "{name}: effects pages of {limit}"
            );
            assert_eq!(
                &Value::Array(plan),
                &full["plan"],
                "{name}: plan pages of {limit}"
            );
        }
        paged_effects += full["effects"].as_array().unwrap().len();
    }
    assert!(previews >= 100, "{previews} previews checked");
    assert!(paged_effects > 100, "{paged_effects} effects paged");
}

#[test]
fn compare_in_summary_detail_agrees_with_the_full_comparison_on_every_scenario() {
    let mut checked = 0;
    for (name, _, input) in scenario_calls() {
        let full = call(ffi::compare_json, &input);
        let summary = call(
            ffi::compare_json,
            &with(&input, json!({"detail": "summary"})),
        );
        if full["ok"] == false {
            assert_eq!(full, summary, "{name}");
            continue;
        }
        checked += 1;
        let (full, summary) = (&full["value"], &summary["value"]);
        assert_eq!(full["rows"], summary["rows"], "{name}");
        assert_eq!(
            full["deleteAfterDeactivate"],
            summary["deleteAfterDeactivate"]
        );
        check_summary(&name, &full["deactivate"], &summary["deactivate"]);
        check_summary(&name, &full["delete"], &summary["delete"]);
    }
    assert!(checked >= 100, "{checked} comparisons checked");
}

#[test]
fn a_loaded_workspace_answers_the_same_detail_and_pages() {
    let (_, _, input) = scenario_calls()
        .into_iter()
        .find(|(n, _, _)| n.contains("pipedrive"))
        .unwrap();
    let ws = ffi::LoadedWorkspace::load(
        json!({"snapshot": input["snapshot"]})
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    let on_ws = |extra: Value| -> Value {
        let c = with(
            &json!({"policy": input["policy"], "request": input["request"]}),
            extra,
        );
        serde_json::from_str(&ws.preview_json(c.to_string().as_bytes())).unwrap()
    };
    for extra in [
        json!({}),
        json!({"detail": "summary"}),
        json!({"page": {"offset": 1, "limit": 2}}),
        json!({"detail": "summary", "page": {"limit": 3}}),
    ] {
        assert_eq!(
            on_ws(extra.clone()),
            call(ffi::preview_json, &with(&input, extra))
        );
    }
}

#[test]
fn a_summary_cannot_be_applied_and_bad_sizes_are_refused() {
    let (_, _, input) = scenario_calls()
        .into_iter()
        .find(|(_, op, _)| op == "preview")
        .unwrap();
    let summary = call(
        ffi::preview_json,
        &with(&input, json!({"detail": "summary"})),
    );
    let applied = call(
        ffi::apply_json,
        &json!({"snapshot": input["snapshot"], "preview": summary["value"]}),
    );
    assert_eq!(applied["ok"], false);
    assert_eq!(applied["errors"][0]["code"], "missingField");
    assert_eq!(applied["errors"][0]["path"], "/preview");
    assert!(applied["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("`plan`"));

    let refused = |extra: Value, code: &str, path: &str| {
        let v = call(ffi::preview_json, &with(&input, extra.clone()));
        assert_eq!(v["ok"], false, "{extra}");
        assert_eq!(v["errors"][0]["code"], code, "{extra}: {v}");
        assert_eq!(v["errors"][0]["path"], path, "{extra}");
    };
    refused(json!({"detail": "summry"}), "unknownVariant", "/detail");
    refused(
        json!({"detail": "full", "page": {"limit": 5}}),
        "invalidValue",
        "/page",
    );
    refused(
        json!({"page": {"offset": 0, "limit": 0}}),
        "invalidValue",
        "/page/limit",
    );
    refused(json!({"page": {"offset": 0}}), "missingField", "/page");
    refused(json!({"pgae": {"limit": 1}}), "unknownField", "/pgae");
    // compare has no pages; actions has no detail (its answer has no effects).
    let v = call(
        ffi::compare_json,
        &with(&input, json!({"page": {"limit": 1}})),
    );
    assert_eq!(v["errors"][0]["code"], "unknownField");
    let v = call(
        ffi::actions_json,
        &with(&input, json!({"detail": "summary"})),
    );
    assert_eq!(v["errors"][0]["code"], "unknownField");
}
