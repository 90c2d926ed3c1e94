//! What the operator offers: `/api/v1/services` (the catalogue itself is `crate::catalog`).

use serde::{Deserialize, Serialize};

/// `GET /api/v1/services`.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Services {
    #[schema(value_type = Vec<Object>)]
    pub services: Vec<crate::catalog::Service>,
    #[schema(value_type = Object)]
    pub code_of_conduct: crate::catalog::model::CodeOfConduct,
}

/// Text in both languages (OpenAPI only: the catalogue's `Text`).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct I18nText {
    de: String,
    en: String,
}
