//! Times, natively, the phases of loading a large workspace (reading the
//! snapshot, hashing it, indexing it) and then loaded previews of a user with
//! no references. The workspace is the Pipedrive preset's sample with its
//! items copied, with fresh ids, until there are ITEMS of them.
//!   cargo run --release --example profile [ITEMS [PREVIEWS [HEAVY]]]
use offboard::ffi::LoadedWorkspace;
use offboard::model::{Snapshot, Status, User};
use std::time::Instant;

mod common;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// The sample with `n` items, plus a user `u-nobody` whom nothing references.
fn workload(n: usize) -> Snapshot {
    let mut snap = common::replicated(n);
    snap.users.push(User {
        id: "u-nobody".into(),
        role: None,
        status: Status::ACTIVE,
        licence: Some("user".into()),
        sso: false,
        last_active_at: None,
        status_changed_at: None,
        fields: Default::default(),
        permissions: vec![],
        groups: vec![],
        placeholder: false,
    });
    snap
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let text = offboard::write::to_string(&workload(n));
    println!(
        "{n} items, {:.1} MiB of JSON",
        text.len() as f64 / 1048576.0
    );
    let t = Instant::now();
    let s: Snapshot = offboard::read::parse(text.as_bytes(), "").unwrap_or_default();
    println!("read (tracked)        {:>8.1} ms", ms(t));
    let t = Instant::now();
    let h = offboard::fingerprint::hash_json_large(&s);
    println!(
        "hash                  {:>8.1} ms {}",
        ms(t),
        h.get(..15).unwrap_or("")
    );
    let t = Instant::now();
    let ws = offboard::workspace::Workspace::new(s, &offboard::limits::Limits::default(), "");
    println!(
        "Workspace::new        {:>8.1} ms (index, cycles) {}",
        ms(t),
        ws.is_ok()
    );
    let t = Instant::now();
    let input = format!("{{\"snapshot\":{text}}}");
    let Ok(ws) = LoadedWorkspace::load(input.as_bytes()) else {
        return eprintln!("the workload does not load");
    };
    println!(
        "LoadedWorkspace::load {:>8.1} ms (one pass, index; the hash waits for a preview)",
        ms(t)
    );
    let call = r#"{"policy":"pipedrive","request":{"action":"deactivate","actor":"u-kadri","targets":["u-nobody"],"now":"2025-10-01T09:00:00Z"}}"#;
    // A second argument sets the number of previews (to profile them alone).
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    // The first preview hashes the snapshot (once per workspace): timed apart.
    let t = Instant::now();
    let _ = ws.preview_json(call.as_bytes());
    println!("first preview (hash)  {:>8.1} ms", ms(t));
    let t = Instant::now();
    for _ in 0..runs {
        let _ = ws.preview_json(call.as_bytes());
    }
    println!(
        "preview, no refs      {:>8.1} µs",
        ms(t) * 1e3 / runs as f64
    );
    // A heavy user: u-grete holds about a tenth of the references.
    // OFFBOARD_DETAIL=summary (or full) times that detail alone.
    let only = std::env::var("OFFBOARD_DETAIL").unwrap_or_default();
    for detail in ["full", "summary"] {
        if !only.is_empty() && only != detail {
            continue;
        }
        let call = format!(
            r#"{{"policy":"pipedrive","detail":"{detail}","request":{{"action":"deactivate","actor":"u-kadri","targets":["u-grete"],"successor":"u-martin","now":"2025-10-01T09:00:00Z"}}}}"#
        );
        // A third argument sets the number of heavy previews (runs / 100).
        let heavy = std::env::args()
            .nth(3)
            .and_then(|s| s.parse().ok())
            .unwrap_or((runs / 100).max(1));
        let t = Instant::now();
        let mut len = 0;
        for _ in 0..heavy {
            len = ws.preview_json(call.as_bytes()).len();
        }
        println!(
            "preview, u-grete {detail:<7} {:>8.1} µs ({len} bytes)",
            ms(t) * 1e3 / heavy as f64
        );
    }
}
