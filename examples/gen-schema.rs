//! Writes the JSON Schemas (`schema/*.schema.json`) and the TypeScript
//! declarations (`js/types.gen.d.ts`) the contract types generate:
//!   cargo run --features schema --example gen-schema
//! `cargo test --features schema --test schema` fails while a checked-in file
//! differs from what this writes.
use std::path::Path;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (path, text) in offboard::schema::files() {
        let file = root.join(path);
        if std::fs::read_to_string(&file).ok().as_deref() == Some(text.as_str()) {
            println!("{path}: unchanged");
        } else {
            std::fs::write(&file, text)?;
            println!("{path}: written");
        }
    }
    Ok(())
}
