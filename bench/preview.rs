//! Benchmark: load a large workspace once, then preview many times.
//!
//! Timings are reported as ratios against baselines measured in the same run
//! (parsing the same bytes into an untyped `serde_json::Value`), so they
//! compare across machines. Run: `cargo bench --bench preview [-- ITEMS]`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use offboard::ffi::LoadedWorkspace;
use std::time::Instant;

fn workspace(users: usize, items: usize) -> String {
    let mut s = String::from("{\"seats\":{\"full\":100000},\"users\":[");
    for u in 0..users {
        if u > 0 {
            s.push(',');
        }
        s.push_str(&format!("{{\"id\":\"u{u}\",\"role\":\"{}\",\"licence\":\"full\",\"fields\":{{\"name\":\"User {u}\",\"email\":\"u{u}@example.com\"}}}}", if u == 0 { "owner" } else { "member" }));
    }
    s.push_str("],\"items\":[");
    for i in 0..items {
        if i > 0 {
            s.push(',');
        }
        let (a, b) = (i * 7 % users, i * 13 % users);
        s.push_str(&format!(
            "{{\"id\":\"i{i}\",\"type\":\"{}\",\"status\":\"{}\",\"refs\":{{\"owner\":\"u{a}\",\"assignees\":[\"u{a}\",\"u{b}\"]}},\"shares\":[{{\"user\":\"u{b}\",\"role\":\"editor\"}}],\"fields\":{{\"title\":\"Item {i}\"}}}}",
            ["deal", "task", "article"][i % 3],
            if i % 2 == 0 { "open" } else { "closed" }
        ));
    }
    s.push_str("]}");
    s
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed().as_secs_f64())
}

fn main() {
    let items: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200_000);
    let users = (items / 100).max(10);
    let text = workspace(users, items);
    let call = format!("{{\"snapshot\":{text}}}");
    let (_, baseline) =
        time(|| serde_json::from_str::<serde_json::Value>(&text).map(|v| v.is_object()));
    let (ws, load) = time(|| LoadedWorkspace::load(call.as_bytes()));
    let Ok(ws) = ws else {
        eprintln!("load failed");
        std::process::exit(1);
    };
    let mut previews = 0;
    let (_, total) = time(|| {
        for u in 1..users.min(200) {
            let input = format!("{{\"policy\":\"pipedrive\",\"request\":{{\"action\":\"deactivate\",\"actor\":\"u0\",\"targets\":[\"u{u}\"],\"successor\":\"u0\",\"now\":\"2026-11-23T10:00:00Z\"}}}}");
            let out = ws.preview_json(input.as_bytes());
            assert!(
                out.starts_with("{\"ok\":true"),
                "{}",
                &out[..out.len().min(300)]
            );
            previews += 1;
        }
    });
    let per = total / previews as f64;
    let refs_per_user = (items * 4) as f64 / users as f64;
    println!(
        "workspace: {users} users, {items} items, {} MB of JSON",
        text.len() / 1_000_000
    );
    println!(
        "baseline: parse to serde_json::Value  {:>9.1} ms",
        baseline * 1e3
    );
    println!(
        "load + index (typed, checked, hashed) {:>9.1} ms  = {:.2}x baseline",
        load * 1e3,
        load / baseline
    );
    println!("one preview (~{refs_per_user:.0} references)    {:>9.3} ms  = {:.5}x baseline ({previews} previews)", per * 1e3, per / baseline);
}
