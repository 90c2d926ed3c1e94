//! Reading a catalogue from the embedded files or from a folder.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;

use super::model::{Catalog, CategoryFile, CodeOfConduct};
use super::validate::{self, At, Issue, Problem, Problems};
use crate::i18n::Msg;

#[derive(rust_embed::Embed)]
#[folder = "embedded-catalog/"]
#[include = "*.toml"]
struct Embedded;

/// The catalogue built into the binary, parsed once.
pub fn embedded() -> Result<Arc<Catalog>, Problems> {
    static CATALOG: OnceLock<Result<Arc<Catalog>, Problems>> = OnceLock::new();
    CATALOG
        .get_or_init(|| load_files(&embedded_files()).map(Arc::new))
        .clone()
}

/// The raw embedded files, as (relative path -> contents).
pub fn embedded_files() -> BTreeMap<String, Vec<u8>> {
    Embedded::iter()
        .filter_map(|name| Embedded::get(&name).map(|f| (name.into_owned(), f.data.into_owned())))
        .collect()
}

/// Reads every `.toml` file below `dir` and loads them as a catalogue.
pub fn load_dir(dir: &Path) -> Result<Catalog, Problems> {
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    collect(dir, dir, &mut files, &mut problems);
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    load_files(&files)
}

fn collect(
    root: &Path,
    dir: &Path,
    files: &mut BTreeMap<String, Vec<u8>>,
    problems: &mut Vec<Problem>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Problem::file(
                dir.display().to_string(),
                Issue::FolderUnreadable {
                    kind: e.kind(),
                    error: e.to_string(),
                },
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files, problems);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read(&path) {
                Ok(bytes) => {
                    files.insert(name, bytes);
                }
                Err(e) => problems.push(Problem::file(
                    name,
                    Issue::FileUnreadable {
                        kind: e.kind(),
                        error: e.to_string(),
                    },
                )),
            }
        }
    }
}

/// Parses and validates a catalogue given as (relative path -> contents).
pub fn load_files(files: &BTreeMap<String, Vec<u8>>) -> Result<Catalog, Problems> {
    let mut problems = Vec::new();
    let mut categories = Vec::new();
    let mut code_of_conduct = None;
    let (mut tools, mut events, mut examples, mut services) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());

    for (name, bytes) in files {
        match name.split_once('/') {
            None if name == "categories.toml" => {
                if let Some(file) = parse::<CategoryFile>(name, bytes, &mut problems) {
                    categories = file.category;
                }
            }
            None if name == "code-of-conduct.toml" => {
                code_of_conduct = parse::<CodeOfConduct>(name, bytes, &mut problems);
            }
            Some(("tools", _)) => tools.extend(parse_item(name, bytes, &mut problems)),
            Some(("events", _)) => events.extend(parse_item(name, bytes, &mut problems)),
            Some(("examples", _)) => examples.extend(parse_item(name, bytes, &mut problems)),
            Some(("services", _)) => services.extend(parse_item(name, bytes, &mut problems)),
            _ => problems.push(Problem::file(name.clone(), Issue::UnexpectedFile)),
        }
    }
    if !files.contains_key("categories.toml") {
        problems.push(Problem::file("categories.toml".into(), Issue::NoCategories));
    }
    let Some(code_of_conduct) = code_of_conduct else {
        if !files.contains_key("code-of-conduct.toml") {
            problems.push(Problem::file(
                "code-of-conduct.toml".into(),
                Issue::NoCodeOfConduct,
            ));
        }
        return Err(Problems(problems));
    };
    let catalog = Catalog {
        categories,
        tools: unique(Msg::CatKindTool, tools, &mut problems),
        events: unique(Msg::CatKindEvent, events, &mut problems),
        examples: unique(Msg::CatKindExample, examples, &mut problems),
        services: unique(Msg::CatKindService, services, &mut problems),
        code_of_conduct,
    };
    problems.extend(validate::check(&catalog));
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(Problems(problems))
    }
}

/// Parses and validates a catalogue in its JSON form, as a directory serves it; `origin` names where it
/// came from in the problems (a URL or a cache file).
pub fn load_json(origin: &str, bytes: &[u8]) -> Result<Catalog, Problems> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let catalog: Catalog = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        // serde_json ends its messages with the position, which the path replaces
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        Problems(vec![Problem {
            file: origin.into(),
            at: (path != ".").then_some(At::Field(path)),
            issue: Issue::from_serde(message),
        }])
    })?;
    let problems = validate::check(&catalog);
    if problems.is_empty() {
        Ok(catalog)
    } else {
        Err(Problems(problems))
    }
}

fn parse<T: DeserializeOwned>(name: &str, bytes: &[u8], problems: &mut Vec<Problem>) -> Option<T> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            problems.push(Problem::file(
                name.into(),
                Issue::NotUtf8 {
                    at: e.valid_up_to(),
                },
            ));
            return None;
        }
    };
    match toml::from_str(text) {
        Ok(value) => Some(value),
        Err(e) => {
            let at = e.span().map(|span| line_col(text, span.start));
            problems.push(Problem {
                file: name.into(),
                at,
                issue: Issue::from_serde(e.message().trim()),
            });
            None
        }
    }
}

/// Parses a per-item file and checks that its name is its id.
fn parse_item<T: DeserializeOwned + validate::HasId>(
    name: &str,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
) -> Option<(String, T)> {
    let item: T = parse(name, bytes, problems)?;
    let stem = name
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".toml"))
        .unwrap_or_default();
    if stem != item.id() {
        problems.push(Problem::field(
            name,
            "id",
            Issue::IdMismatch {
                id: item.id().into(),
                stem: stem.into(),
            },
        ));
    }
    Some((name.to_string(), item))
}

/// Drops and reports items whose id an earlier file already used.
fn unique<T: validate::HasId>(
    kind: Msg,
    items: Vec<(String, T)>,
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(items.len());
    for (file, item) in items {
        match seen.get(item.id()) {
            Some(first) => problems.push(Problem::field(
                &file,
                "id",
                Issue::DuplicateId {
                    kind,
                    id: item.id().into(),
                    first: first.clone(),
                },
            )),
            None => {
                seen.insert(item.id().to_string(), file);
                out.push(item);
            }
        }
    }
    out
}

fn line_col(text: &str, offset: usize) -> At {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    At::Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_reads_back_as_the_same_catalogue() {
        let catalog = embedded().unwrap();
        let json = serde_json::to_vec(&*catalog).unwrap();
        assert_eq!(load_json("test", &json).unwrap(), *catalog);
    }

    #[test]
    fn json_problems_name_the_origin_and_the_path() {
        let catalog = embedded().unwrap();
        let mut value = serde_json::to_value(&*catalog).unwrap();
        value["tools"][3]["platforms"][0] = "amiga".into();
        let err = load_json(
            "https://dir.example/api/v1/catalog",
            value.to_string().as_bytes(),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("https://dir.example/api/v1/catalog: tools[3].platforms[0]: "),
            "{text}"
        );
        assert!(text.contains("amiga"), "{text}");
    }

    #[test]
    fn json_that_parses_is_still_validated() {
        let catalog = embedded().unwrap();
        let mut value = serde_json::to_value(&*catalog).unwrap();
        value["tools"][0]["category"] = "nonsense".into();
        let err = load_json("cache", value.to_string().as_bytes()).unwrap_err();
        assert!(err.to_string().contains("nonsense"), "{err}");
    }
}
