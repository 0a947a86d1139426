//! Runs one JSON call file through the JSON contract: `cargo run --example ffi -- preview call.json`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(op), Some(file)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: ffi <preview|compare|apply|validate> <call.json>");
        std::process::exit(2);
    };
    let bytes = std::fs::read(file).unwrap_or_default();
    let out = match op.as_str() {
        "preview" => offboard::ffi::preview_json(&bytes),
        "compare" => offboard::ffi::compare_json(&bytes),
        "apply" => offboard::ffi::apply_json(&bytes),
        "actions" => offboard::ffi::actions_json(&bytes),
        _ => offboard::ffi::validate_policy_json(&bytes),
    };
    println!("{out}");
}
