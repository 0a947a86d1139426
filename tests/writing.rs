//! The crate's one JSON writer (`src/write.rs`) and `apply`'s id lookups,
//! both rebuilt for the size of the `.wasm`: what they produce must not
//! depend on how the bytes were buffered or how full an index got.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
use offboard::model::{Op, Snapshot};
use offboard::preview::Verdict;
use offboard::value::{Dict, Map, Value};

fn sample() -> Snapshot {
    let text =
        offboard::presets::sample_text("pipedrive").expect("the pipedrive sample is embedded");
    offboard::read::parse(text.as_bytes(), "").unwrap()
}

/// Hashing streams the canonical JSON in chunks; whatever the chunk size,
/// the bytes handed on are exactly what writing the whole value gives.
#[test]
fn streamed_chunks_are_the_written_bytes() {
    let snapshot = sample();
    let whole = offboard::write::to_string(&snapshot);
    assert!(whole.len() > 1000, "the sample is a real document");
    for chunk in [1, 2, 7, 64, 1000, 8192, 1 << 20] {
        let mut got = Vec::new();
        let mut largest = 0;
        offboard::write::stream(&snapshot, chunk, &mut |b| {
            largest = largest.max(b.len());
            got.extend_from_slice(b);
        });
        assert_eq!(String::from_utf8(got).unwrap(), whole, "chunk {chunk}");
        // A chunk never exceeds its size, except a single write longer than
        // it, handed on whole (the longest string of the sample).
        assert!(
            largest <= chunk.max(200),
            "chunk {chunk}: handed on {largest}"
        );
    }
    // Appending keeps what the buffer held.
    let mut out = b"{\"ok\":true,\"value\":".to_vec();
    assert!(offboard::write::append(&mut out, &snapshot));
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!("{{\"ok\":true,\"value\":{whole}")
    );
}

/// A plan that creates far more placeholders and items than the snapshot
/// had (so the index of ids grows several times) finds every one of them
/// afterwards, and deleting some of them leaves exactly the others.
#[test]
fn apply_finds_what_the_plan_created_as_its_index_grows() {
    let snapshot = sample();
    let (users, items) = (snapshot.users.len(), snapshot.items.len());
    let hash = offboard::fingerprint::hash_json_large(&snapshot);
    let n = 300;
    let mut plan = Vec::new();
    for i in 0..n {
        plan.push(Op::CreatePlaceholder {
            user: format!("ph-{i}"),
            name: format!("Placeholder {i}"),
        });
        let mut refs = Dict::new();
        refs.insert("owner".into(), format!("ph-{i}"));
        plan.push(Op::CreateItem {
            item: format!("new-{i}"),
            item_type: "deal".into(),
            fields: Map::new(),
            container: None,
            refs,
            status: None,
        });
    }
    for i in 0..n {
        plan.push(Op::SetUserField {
            user: format!("ph-{i}"),
            field: "note".into(),
            from: Value::Null,
            to: Value::from(format!("set {i}")),
        });
        if i % 3 == 0 {
            plan.push(Op::DeleteItem {
                item: format!("new-{i}"),
            });
        }
    }
    let after = offboard::engine::apply_plan(&snapshot, Verdict::Allowed, &hash, &plan, None)
        .expect("every id the plan names exists when it is named");
    assert_eq!(after.users.len(), users + n);
    let deleted = n.div_ceil(3);
    assert_eq!(after.items.len(), items + n - deleted);
    for i in 0..n {
        let u = after
            .users
            .iter()
            .find(|u| u.id == format!("ph-{i}"))
            .unwrap();
        assert_eq!(u.fields.get("note"), Some(&Value::from(format!("set {i}"))));
        let kept = after.items.iter().any(|it| it.id == format!("new-{i}"));
        assert_eq!(kept, i % 3 != 0, "item new-{i}");
    }
    // Creating an item twice is refused, however large the index is.
    let mut twice = plan.clone();
    twice.push(Op::CreateItem {
        item: format!("new-{}", n - 1),
        item_type: "deal".into(),
        fields: Map::new(),
        container: None,
        refs: Dict::new(),
        status: None,
    });
    let e = offboard::engine::apply_plan(&snapshot, Verdict::Allowed, &hash, &twice, None)
        .expect_err("a second item of the same id");
    assert!(e.to_string().contains("already exists"), "{e}");
}
