//! Snapshot ingest: any bytes, read as a snapshot and, wrapped as
//! `{"snapshot": <bytes>}`, as a workspace-load call.
//! Must answer (value or structured errors) and never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use offboard::limits::Limits;
use offboard::workspace::Workspace;

fuzz_target!(|data: &[u8]| {
    let _ = Workspace::from_json(data, &Limits::default(), "");
    let call = [b"{\"snapshot\":", data, b"}"].concat();
    let (_, answer) = offboard::ffi::LoadedWorkspace::load_answer(&call);
    assert!(answer.starts_with("{\"ok\":"), "not a tagged answer: {answer}");
});
