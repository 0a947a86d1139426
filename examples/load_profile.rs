//! Times the phases of loading a large workspace natively: reading the
//! snapshot, indexing it and hashing it. `cargo run --release --example load_profile [ITEMS]`
use offboard::limits::Limits;
use offboard::model::Snapshot;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let sample = offboard::presets::sample_text("pipedrive").unwrap_or_default();
    let mut snap: Snapshot = offboard::read::parse(sample.as_bytes(), "").unwrap_or_default();
    let base = snap.items.clone();
    snap.items.clear();
    'fill: for i in 0.. {
        for it in &base {
            if snap.items.len() >= n {
                break 'fill;
            }
            let mut it = it.clone();
            it.id = format!("{}-{i}", it.id);
            if let Some(c) = &it.container {
                it.container = Some(format!("{c}-{i}"));
            }
            snap.items.push(it);
        }
    }
    let text = offboard::read::to_string(&snap);
    let t = Instant::now();
    let _v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    println!(
        "serde_json::Value     {:>8.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let s: Snapshot = offboard::read::parse(text.as_bytes(), "").unwrap_or_default();
    println!(
        "read Snapshot         {:>8.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let _s: Snapshot = serde_json::from_str(&text).unwrap_or_default();
    println!(
        "serde_json Snapshot   {:>8.1} ms (no paths)",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let h = offboard::fingerprint::hash_json(&s);
    println!(
        "hash                  {:>8.1} ms {}",
        t.elapsed().as_secs_f64() * 1e3,
        &h[..16]
    );
    let t = Instant::now();
    let ws = offboard::workspace::Workspace::new(s, &Limits::default(), "");
    println!(
        "Workspace::new        {:>8.1} ms ok={}",
        t.elapsed().as_secs_f64() * 1e3,
        ws.is_ok()
    );
    println!("{} MiB", text.len() / 1024 / 1024);
}
