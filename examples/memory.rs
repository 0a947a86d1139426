//! Measures, natively, what loading a workspace allocates: the bytes still
//! held once it is loaded (per item), the peak during the load, the number of
//! allocations, and the time, through a counting global allocator.
//!   cargo run --release --example memory [SNAPSHOT.json | ITEMS]
//! A file is a snapshot (e.g. one bench/workload.mjs writes); a number makes
//! the Pipedrive sample with its items copied, with fresh ids, until there
//! are that many (100,000 by default). Pointers are 8 bytes here and 4 in
//! wasm32, so the figures are larger than the module's.
use offboard::ffi::LoadedWorkspace;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let live = LIVE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(live, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        grew(l.size());
        COUNT.fetch_add(1, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, size: usize) -> *mut u8 {
        if size > l.size() {
            grew(size - l.size());
        } else {
            LIVE.fetch_sub(l.size() - size, Relaxed);
        }
        COUNT.fetch_add(1, Relaxed);
        System.realloc(p, l, size)
    }
}

mod common;

#[global_allocator]
static ALLOC: Counting = Counting;

/// The sample with `n` items (the item ids made unique), as JSON.
fn workload(n: usize) -> String {
    offboard::write::to_string(&common::replicated(n))
}

fn mib(n: usize) -> f64 {
    n as f64 / 1048576.0
}

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "100000".into());
    let snapshot = match arg.parse::<usize>() {
        Ok(n) => workload(n),
        Err(_) => match std::fs::read_to_string(&arg) {
            Ok(s) => s,
            Err(e) => return eprintln!("{arg}: {e}"),
        },
    };
    let input = format!("{{\"snapshot\":{snapshot}}}");
    drop(snapshot);
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    COUNT.store(0, Relaxed);
    let t = Instant::now();
    let ws = match LoadedWorkspace::load(input.as_bytes()) {
        Ok(ws) => ws,
        Err(e) => return eprintln!("the snapshot does not load: {e:?}"),
    };
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let held = LIVE.load(Relaxed) - base;
    let peak = PEAK.load(Relaxed) - base;
    let w = ws.workspace();
    let items = w.snapshot.items.len().max(1);
    println!(
        "{} items, {} users, {} references; input {:.1} MiB ({:.0} B/item)",
        w.snapshot.items.len(),
        w.snapshot.users.len(),
        w.reference_count(),
        mib(input.len()),
        input.len() as f64 / items as f64
    );
    println!(
        "held after the load {:>7.1} MiB ({:.0} B/item, {:.2}x the input)",
        mib(held),
        held as f64 / items as f64,
        held as f64 / input.len() as f64
    );
    println!(
        "peak during the load {:>6.1} MiB ({:.2}x the input, the input itself not counted)",
        mib(peak),
        peak as f64 / input.len() as f64
    );
    println!(
        "allocations {:>15} ({:.1}/item); load {ms:.1} ms",
        COUNT.load(Relaxed),
        COUNT.load(Relaxed) as f64 / items as f64
    );
}
