//! The examples' workload: the Pipedrive preset's sample with its items
//! copied, with fresh ids, until there are `n` of them.
use offboard::model::Snapshot;

pub fn replicated(n: usize) -> Snapshot {
    let sample = offboard::presets::sample_text("pipedrive").unwrap_or_default();
    let mut snap: Snapshot = offboard::read::parse(sample.as_bytes(), "").unwrap_or_default();
    let base = std::mem::take(&mut snap.items);
    'fill: for i in 0.. {
        for it in &base {
            if snap.items.len() >= n || base.is_empty() {
                break 'fill;
            }
            let mut it = it.clone();
            it.id = format!("{}-{i}", it.id);
            it.container = it.container.map(|c| format!("{c}-{i}"));
            snap.items.push(it);
        }
    }
    snap
}
