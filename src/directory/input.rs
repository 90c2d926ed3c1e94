//! Reading request bodies. Every way a body can be wrong ends in a 4xx problem that names the
//! field; the rules for the fields themselves are `crate::api::validate`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::conn::body::BodyTimeout;
use crate::api::{FieldError, Problem, ProblemKind};
use crate::i18n::{Lang, Msg, tf};

/// The first error of type `E` in `error`'s chain of sources.
fn find_source<'a, E: std::error::Error + 'static>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a E> {
    let mut next = Some(error);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<E>() {
            return Some(found);
        }
        next = e.source();
    }
    None
}

/// A JSON body, decoded strictly (the types use `deny_unknown_fields`), with problems naming the path.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(Problem::new(
                ProblemKind::UnsupportedMediaType,
                "send the body as JSON with `Content-Type: application/json`",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(body_problem)?;
        decode(&bytes).map(Json)
    }
}

/// The raw body, with the size limit turned into a problem.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(RawBody)
            .map_err(body_problem)
    }
}

fn body_problem(rejection: BytesRejection) -> Problem {
    if let Some(BodyTimeout(limit)) = find_source::<BodyTimeout>(&rejection) {
        return Problem::new(
            ProblemKind::RequestTimeout,
            tf(
                Msg::HostileBodyTimeout,
                Lang::En,
                &[("ms", &limit.as_millis())],
            ),
        );
    }
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Problem::new(
            ProblemKind::BodyTooLarge,
            format!(
                "the request body is larger than {} bytes",
                super::BODY_LIMIT_BYTES
            ),
        )
    } else {
        Problem::malformed("the request body could not be read", None)
    }
}

/// Decodes JSON: text that is not JSON is a 400; JSON of the wrong shape, or an object with the
/// same key twice (serde would keep the last), is a 422 naming the field.
/// Every request body of this API is an object.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let duplicate = std::cell::RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let checked = NoDuplicates {
        path: &Path::Root,
        found: &duplicate,
    }
    .deserialize(&mut de)
    .and_then(|value| de.end().map(|()| value));
    let value = match checked {
        Ok(value) => value,
        Err(e) => {
            if let Some(field) = duplicate.into_inner() {
                return Err(Problem::field(&field, DUPLICATE_KEY));
            }
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            return Err(Problem::malformed(
                format!("the body is not valid JSON: {message}"),
                None,
            ));
        }
    };
    if !value.is_object() {
        return Err(Problem::field("body", "must be a JSON object"));
    }
    match serde_path_to_error::deserialize(value) {
        Ok(value) => Ok(value),
        Err(e) => {
            let path = e.path().to_string();
            let message = e.into_inner().to_string();
            let field = if path != "." && !path.is_empty() {
                path
            } else {
                // missing or unknown fields are reported at the parent level: name them
                extract_quoted(&message).unwrap_or_else(|| "body".to_string())
            };
            Err(Problem::validation(vec![FieldError { field, message }]))
        }
    }
}

/// The field message for a key sent twice (`mine::problem` translates it).
pub const DUPLICATE_KEY: &str = "must appear only once in the body";

/// Where a value sits in the body, rendered only for a problem (`services[0].url`).
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Reads a JSON document into a `Value` in one pass and fails at the first object that has a
/// key twice, noting its path.
struct NoDuplicates<'a> {
    path: &'a Path<'a>,
    found: &'a std::cell::RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for NoDuplicates<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NoDuplicates<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(NoDuplicates {
            path: &Path::Index(self.path, items.len()),
            found: self.found,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = Path::Key(self.path, &key);
            if object.contains_key(&key) {
                let field = path.to_string();
                let message = format!("duplicate key `{field}`");
                *self.found.borrow_mut() = Some(field);
                return Err(serde::de::Error::custom(message));
            }
            let value = map.next_value_seed(NoDuplicates {
                path: &path,
                found: self.found,
            })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

fn extract_quoted(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        name: String,
        n: u32,
    }

    #[test]
    fn errors_name_the_field() {
        let p = decode::<T>(br#"{"name": 1, "n": 2}"#).unwrap_err();
        assert_eq!(p.status, 422);
        assert_eq!(p.errors[0].field, "name");
        let p = decode::<T>(br#"{"name": "a", "n": 2, "x": 1}"#).unwrap_err();
        assert_eq!(p.errors[0].field, "x", "{p:?}");
        let p = decode::<T>(br#"{"name": "a"}"#).unwrap_err();
        assert_eq!(p.errors[0].field, "n", "{p:?}");
        let p = decode::<T>(br#"{"name": "a", "n": -1}"#).unwrap_err();
        assert_eq!(p.errors[0].field, "n", "{p:?}");
        let p = decode::<T>(b"{nope").unwrap_err();
        assert_eq!(p.status, 400);
    }

    #[test]
    fn a_key_sent_twice_is_refused_by_name() {
        let p = decode::<T>(br#"{"name": "a", "n": 2, "name": "b"}"#).unwrap_err();
        assert_eq!(
            (p.status, p.errors[0].field.as_str()),
            (422, "name"),
            "{p:?}"
        );
        assert_eq!(p.errors[0].message, DUPLICATE_KEY);
        // nested, in arrays, and spelled with an escape
        let p = decode::<serde_json::Value>(
            br#"{"services": [{"url": 1}, {"url": 1, "\u0075rl": 2}]}"#,
        )
        .unwrap_err();
        assert_eq!(p.errors[0].field, "services[1].url", "{p:?}");
        // the same key in different objects is fine
        decode::<serde_json::Value>(
            br#"{"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}]}"#,
        )
        .unwrap();
        let p = decode::<T>(br#"{"name": "a", "n": 2} trailing"#).unwrap_err();
        assert_eq!(p.status, 400);
    }
}
