//! Credentials of a request: the bearer token and the operator's admin token (kept as a hash).

use axum::http::HeaderMap;

use crate::api::token::{hash_token, token_matches};
use crate::api::{Problem, ProblemKind};

/// The bearer token of a request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

pub fn require_bearer(headers: &HeaderMap) -> Result<&str, Problem> {
    bearer(headers)
        .ok_or_else(|| Problem::unauthorized("send the token as `Authorization: Bearer <token>`"))
}

/// The admin token, kept only as a hash.
#[derive(Clone)]
pub struct AdminToken {
    hash: Option<String>,
}

impl std::fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.hash.is_some() {
            "AdminToken(set)"
        } else {
            "AdminToken(unset)"
        })
    }
}

impl AdminToken {
    pub fn new(token: Option<&str>) -> Self {
        AdminToken {
            hash: token.map(hash_token),
        }
    }

    pub fn is_set(&self) -> bool {
        self.hash.is_some()
    }

    pub fn check(&self, headers: &HeaderMap) -> Result<(), Problem> {
        let Some(hash) = &self.hash else {
            return Err(Problem::new(
                ProblemKind::AdminDisabled,
                "this directory has no admin token configured (directory.admin_token_file or VEREINT_DIRECTORY__ADMIN_TOKEN)",
            ));
        };
        let token = require_bearer(headers)?;
        if token_matches(token, hash) {
            Ok(())
        } else {
            Err(Problem::unauthorized("the admin token is not valid"))
        }
    }
}
