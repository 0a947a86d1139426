//! Calls one JSON entry point: `cargo run --example call -- validate < input.json`.
use std::io::Read;

fn main() {
    let op = std::env::args().nth(1).unwrap_or_default();
    let mut input = Vec::new();
    if std::io::stdin().read_to_end(&mut input).is_err() {
        return;
    }
    let out = match op.as_str() {
        "validate" => offboard::ffi::validate_policy_json(&input),
        "apply" => offboard::ffi::apply_json(&input),
        "compare" => offboard::ffi::compare_json(&input),
        _ => offboard::ffi::preview_json(&input),
    };
    println!("{out}");
}
