//! Policy load: any bytes, read as a policy document and, wrapped as
//! `{"policy": <bytes>}`, as a validate call.
//! Must answer (value or structured errors) and never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use offboard::limits::Limits;
use offboard::policy::Policy;

fuzz_target!(|data: &[u8]| {
    let _ = Policy::load(data, &Limits::default());
    let call = [b"{\"policy\":", data, b"}"].concat();
    let answer = offboard::ffi::validate_policy_json(&call);
    assert!(answer.starts_with("{\"ok\":"), "not a tagged answer: {answer}");
});
