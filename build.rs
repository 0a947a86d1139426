//! Embeds every preset under `presets/` (feature `presets`), and its sample
//! workspace and example requests under `presets/samples/` (feature
//! `samples`), so that adding a preset is adding files.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("presets");
    println!("cargo:rerun-if-changed=presets");
    println!("cargo:rerun-if-changed=presets/samples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let samples = std::env::var_os("CARGO_FEATURE_SAMPLES").is_some();
    if std::env::var_os("CARGO_FEATURE_PRESETS").is_none() {
        names.clear();
    }
    let opt = |rel: String| -> String {
        let full = Path::new(&root).join(&rel);
        println!("cargo:rerun-if-changed={rel}");
        if samples && full.exists() {
            format!("Some(include_str!({:?}))", full.display().to_string())
        } else {
            "None".into()
        }
    };
    let mut out = String::from("/// (id, policy, sample workspace, example requests)\npub static PRESETS: &[(&str, &str, Option<&str>, Option<&str>)] = &[\n");
    for n in &names {
        let policy = Path::new(&root).join("presets").join(format!("{n}.json"));
        let _ = writeln!(
            out,
            "    ({n:?}, include_str!({:?}), {}, {}),",
            policy.display().to_string(),
            opt(format!("presets/samples/{n}.json")),
            opt(format!("presets/samples/{n}.requests.json"))
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("presets.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
