//! The OpenAPI document served at `/api/v1/openapi.json`, generated with utoipa from the handlers
//! (`handlers/`) and the `crate::api` types.

use std::sync::OnceLock;

use utoipa::OpenApi as _;

/// The document as JSON text (built once).
pub fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = super::handlers::ApiDoc::openapi();
        doc.info.version = env!("CARGO_PKG_VERSION").to_string();
        doc.to_json().unwrap_or_else(|_| "{}".to_string())
    })
}
