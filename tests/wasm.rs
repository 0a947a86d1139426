//! Tests of the wasm exports, run by wasm-bindgen-test under Node and in
//! headless Chromium (see `scripts/test`). They check the boundary — inputs in
//! three forms, tagged answers out, nothing thrown — on the shipped presets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use offboard::wasm;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn to_json(value: &JsValue) -> String {
    JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

fn parse(json: &str) -> JsValue {
    JSON::parse(json).unwrap_or(JsValue::UNDEFINED)
}

/// Asserts the answer is `{ ok: true, value }` and returns the value.
fn ok_value(answer: &JsValue) -> JsValue {
    assert_eq!(
        get(answer, "ok"),
        JsValue::TRUE,
        "expected a success, got {}",
        to_json(answer)
    );
    get(answer, "value")
}

/// Asserts the answer is `{ ok: false, errors }` and returns the first error code.
fn first_error_code(answer: &JsValue) -> String {
    assert_eq!(
        get(answer, "ok"),
        JsValue::FALSE,
        "expected a failure, got {}",
        to_json(answer)
    );
    let errors: Array = get(answer, "errors").dyn_into().unwrap_or_default();
    assert!(errors.length() > 0, "a failure carries at least one error");
    for error in errors.iter() {
        for key in ["code", "message", "path"] {
            assert!(
                get(&error, key).is_string(),
                "error.{key} is a string in {}",
                to_json(&error)
            );
        }
    }
    get(&errors.get(0), "code").as_string().unwrap_or_default()
}

/// The pipedrive preset: its policy, sample workspace and first example request.
fn pipedrive() -> (JsValue, JsValue, JsValue) {
    let input = parse(r#"{"name":"pipedrive"}"#);
    let value = ok_value(&wasm::preset(input));
    let examples: Array = get(&value, "examples").dyn_into().unwrap_or_default();
    assert!(
        examples.length() > 0,
        "the pipedrive preset ships example requests"
    );
    (
        get(&value, "policy"),
        get(&value, "sample"),
        get(&examples.get(0), "request"),
    )
}

fn preview_input(policy: &JsValue, snapshot: &JsValue, request: &JsValue) -> JsValue {
    let input = Object::new();
    let _ = Reflect::set(&input, &"policy".into(), policy);
    let _ = Reflect::set(&input, &"snapshot".into(), snapshot);
    let _ = Reflect::set(&input, &"request".into(), request);
    input.into()
}

#[wasm_bindgen_test]
fn list_presets_names_the_shipped_presets() {
    let presets: Array = ok_value(&wasm::list_presets())
        .dyn_into()
        .unwrap_or_default();
    let ids: Vec<String> = presets
        .iter()
        .filter_map(|p| get(&p, "id").as_string())
        .collect();
    assert!(ids.iter().any(|id| id == "pipedrive"), "presets: {ids:?}");
}

#[wasm_bindgen_test]
fn every_preset_policy_validates() {
    let presets: Array = ok_value(&wasm::list_presets())
        .dyn_into()
        .unwrap_or_default();
    for preset in presets.iter() {
        let id = get(&preset, "id").as_string().unwrap_or_default();
        let answer = wasm::validate_policy(parse(&format!(r#"{{"policy":"{id}"}}"#)));
        ok_value(&answer);
    }
}

#[wasm_bindgen_test]
fn preview_of_the_pipedrive_sample_has_a_verdict() {
    let (policy, sample, request) = pipedrive();
    let value = ok_value(&wasm::preview(preview_input(&policy, &sample, &request)));
    assert!(value.is_object(), "the preview is an object");
    assert!(
        !get(&value, "verdict").is_undefined(),
        "the preview has a verdict: {}",
        to_json(&value)
    );
}

#[wasm_bindgen_test]
fn object_string_and_bytes_inputs_answer_alike() {
    let (policy, sample, request) = pipedrive();
    let input = preview_input(&policy, &sample, &request);
    let text = to_json(&input);
    let from_object = to_json(&wasm::preview(input));
    let from_string = to_json(&wasm::preview(JsValue::from_str(&text)));
    let from_bytes = to_json(&wasm::preview(Uint8Array::from(text.as_bytes()).into()));
    assert_eq!(from_object, from_string);
    assert_eq!(from_object, from_bytes);
}

#[wasm_bindgen_test]
fn a_loaded_workspace_previews_like_the_one_shot_call() {
    let (policy, sample, request) = pipedrive();
    let one_shot = to_json(&wasm::preview(preview_input(&policy, &sample, &request)));

    let load = Object::new();
    let _ = Reflect::set(&load, &"snapshot".into(), &sample);
    let load: JsValue = load.into();
    assert!(ok_value(&wasm::Workspace::load(load.clone())).is_object());
    let workspace = match wasm::Workspace::try_load(&load) {
        Ok(workspace) => workspace,
        Err(failure) => panic!("the sample loads: {}", to_json(&failure)),
    };
    let input = Object::new();
    let _ = Reflect::set(&input, &"policy".into(), &policy);
    let _ = Reflect::set(&input, &"request".into(), &request);
    assert_eq!(one_shot, to_json(&workspace.preview(input.into())));
    ok_value(&workspace.stats());
}

#[wasm_bindgen_test]
fn bad_inputs_are_answers_not_exceptions() {
    let cyclic = Object::new();
    let _ = Reflect::set(&cyclic, &"self".into(), &cyclic);
    let bad: Vec<JsValue> = vec![
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(42.0),
        JsValue::from_str("{not json"),
        JsValue::from_str(""),
        Uint8Array::from(&[0xff_u8, 0xfe, 0x00][..]).into(),
        cyclic.into(),
        js_sys::BigInt::from(7_u32).into(),
        parse(r#"{"policy":"no-such-preset","snapshot":{},"request":{}}"#),
        parse(r#"{"policy":{"nonsense":true},"snapshot":[],"request":1}"#),
    ];
    for input in &bad {
        first_error_code(&wasm::preview(input.clone()));
        first_error_code(&wasm::validate_policy(input.clone()));
        first_error_code(&wasm::apply(input.clone()));
        first_error_code(&wasm::compare(input.clone()));
        first_error_code(&wasm::preset(input.clone()));
        first_error_code(&wasm::Workspace::load(input.clone()));
    }
}

#[wasm_bindgen_test]
fn the_module_survives_thousands_of_bad_calls() {
    for i in 0..3000 {
        let input = JsValue::from_str(&format!("{{\"policy\": {i}, \"snapshot\": ["));
        first_error_code(&wasm::preview(input));
    }
    let presets = wasm::list_presets();
    ok_value(&presets);
}

#[wasm_bindgen_test]
fn a_sweep_and_a_summary_cross_the_boundary_as_the_native_answers() {
    let (policy, sample, request) = pipedrive();
    let load = Object::new();
    let _ = Reflect::set(&load, &"snapshot".into(), &sample);
    let workspace = match wasm::Workspace::try_load(&load.into()) {
        Ok(workspace) => workspace,
        Err(failure) => panic!("the sample loads: {}", to_json(&failure)),
    };
    let native = offboard::ffi::LoadedWorkspace::load(
        format!("{{\"snapshot\":{}}}", to_json(&sample)).as_bytes(),
    )
    .unwrap();
    let sweep = format!(
        "{{\"policy\":{},\"action\":\"deactivate\",\"where\":\"daysSince(target.lastActiveAt) >= 20\",\"now\":\"2025-10-01T09:00:00Z\",\"limit\":2}}",
        to_json(&policy)
    );
    let answer = workspace.sweep(JsValue::from_str(&sweep));
    let value = ok_value(&answer);
    assert_eq!(Array::from(&get(&value, "rows")).length(), 2);
    assert_eq!(get(&value, "next"), JsValue::from(2));
    assert_eq!(to_json(&answer), native.sweep_json(sweep.as_bytes()));
    let summary = format!(
        "{{\"policy\":{},\"request\":{},\"detail\":\"summary\"}}",
        to_json(&policy),
        to_json(&request)
    );
    let answer = workspace.preview(JsValue::from_str(&summary));
    assert!(get(&ok_value(&answer), "plan").is_undefined());
    assert_eq!(to_json(&answer), native.preview_json(summary.as_bytes()));
}
