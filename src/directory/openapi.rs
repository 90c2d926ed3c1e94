//! The OpenAPI document served at `/api/v1/openapi.json`.

/// The document as JSON text.
pub fn document() -> String {
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "vereint directory", "version": env!("CARGO_PKG_VERSION")},
        "paths": {}
    })
    .to_string()
}
