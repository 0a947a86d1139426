//! Runs many calls through the JSON contract, one per line, for tests that
//! compare the native engine with another build (the wasm package in Node).
//!
//! Each input line is `OP HEX` or, for a loaded workspace, `OP HEX HEX`: the
//! operation and the call's bytes in hexadecimal, so any bytes (truncated,
//! not UTF-8) cross unchanged. Each output line is the answer, as returned.
//!   preview | compare | apply | validate | preset    HEX (the call)
//!   list                                             (no argument)
//!   loaded-preview | loaded-compare                  HEX (the load call) HEX (the call)
//!
//! `cargo run --example batch < calls.txt > answers.txt`
use std::io::{BufRead, Write};

fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if s.len() % 2 != 0 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    s.chunks(2)
        .map(|p| match p {
            [a, b] => Some(digit(*a)? << 4 | digit(*b)?),
            _ => None,
        })
        .collect()
}

fn run(line: &str) -> String {
    let mut words = line.split_whitespace();
    let op = words.next().unwrap_or_default();
    let args: Option<Vec<Vec<u8>>> = words.map(unhex).collect();
    let Some(args) = args else {
        return r#"{"batch":"bad hex"}"#.to_string();
    };
    let arg = |i: usize| args.get(i).map(Vec::as_slice).unwrap_or_default();
    match op {
        "preview" => offboard::ffi::preview_json(arg(0)),
        "compare" => offboard::ffi::compare_json(arg(0)),
        "actions" => offboard::ffi::actions_json(arg(0)),
        "apply" => offboard::ffi::apply_json(arg(0)),
        "validate" => offboard::ffi::validate_policy_json(arg(0)),
        "preset" => offboard::ffi::preset_json(arg(0)),
        "list" => offboard::ffi::list_presets_json(),
        "loaded-preview" | "loaded-compare" | "loaded-actions" => {
            match offboard::ffi::LoadedWorkspace::load_answer(arg(0)) {
                (Some(ws), _) if op == "loaded-preview" => ws.preview_json(arg(1)),
                (Some(ws), _) if op == "loaded-actions" => ws.actions_json(arg(1)),
                (Some(ws), _) => ws.compare_json(arg(1)),
                (None, failure) => failure,
            }
        }
        _ => format!(r#"{{"batch":"unknown op {op}"}}"#),
    }
}

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        // Answers are one line of JSON: serde_json escapes every newline in strings.
        if writeln!(out, "{}", run(&line)).is_err() {
            break;
        }
    }
    let _ = out.flush();
}
