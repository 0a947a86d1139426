//! Times loaded previews of users with few references on a large workspace,
//! natively: `cargo run --release --example preview_profile [ITEMS] [USER]`.
use offboard::ffi::LoadedWorkspace;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let who = std::env::args().nth(2).unwrap_or_else(|| "u-nobody".into());
    let sample = offboard::presets::sample_text("pipedrive").unwrap_or_default();
    let mut snap: offboard::model::Snapshot =
        offboard::read::parse(sample.as_bytes(), "").unwrap_or_default();
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
    snap.users.push(offboard::model::User {
        id: "u-nobody".into(),
        role: None,
        status: offboard::model::Status::Active,
        licence: Some("user".into()),
        sso: false,
        last_active_at: None,
        fields: Default::default(),
        permissions: vec![],
        groups: vec![],
        placeholder: false,
    });
    let input = format!("{{\"snapshot\":{}}}", offboard::read::to_string(&snap));
    let ws = match LoadedWorkspace::load(input.as_bytes()) {
        Ok(w) => w,
        Err(e) => return eprintln!("{e:?}"),
    };
    let call = format!(
        r#"{{"policy":"pipedrive","request":{{"action":"deactivate","actor":"u-kadri","targets":["{who}"],"now":"2025-10-01T09:00:00Z"}}}}"#
    );
    let _ = ws.preview_json(call.as_bytes());
    let t = Instant::now();
    let runs = 2000;
    let mut len = 0;
    for _ in 0..runs {
        len = ws.preview_json(call.as_bytes()).len();
    }
    println!(
        "{n} items: {:.1} µs per preview ({len} bytes)",
        t.elapsed().as_secs_f64() * 1e6 / runs as f64
    );
}
