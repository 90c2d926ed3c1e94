//! Property tests for the parsers of data from the network or from files, through their public
//! functions: BBB XML, Mattermost JSON, the catalogue sync payload, problem+json, agent queue files,
//! `mine.json`, site files and config files. Each gets arbitrary bytes and random edits of a valid
//! document: it never panics, and refuses with a message that says something. (HTTP answers, the
//! chunk decoder and STUN messages are tested beside their code.) Case counts are modest: CI time.

use std::collections::BTreeMap;
use std::path::Path;

use proptest::prelude::*;
use vereint::i18n::Lang;

/// A valid document with random edits: bytes replaced, inserted or cut out (and sometimes cut
/// short), so that most cases get deep into the parser before something is wrong.
fn edited(base: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    let edit = (any::<prop::sample::Index>(), 0u8..3, any::<u8>());
    (
        proptest::collection::vec(edit, 0..8),
        any::<Option<prop::sample::Index>>(),
    )
        .prop_map(move |(edits, cut)| {
            let mut doc = base.to_vec();
            for (at, op, byte) in edits {
                let i = at.index(doc.len() + 1);
                match op {
                    0 if i < doc.len() => doc[i] = byte,
                    1 => doc.insert(i, byte),
                    _ if i < doc.len() => {
                        doc.remove(i);
                    }
                    _ => {}
                }
            }
            if let Some(cut) = cut {
                doc.truncate(cut.index(doc.len() + 1));
            }
            doc
        })
}

/// Arbitrary bytes, or an edited `base`.
fn input(base: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..256),
        3 => edited(base),
    ]
}

fn said_something(e: impl std::fmt::Display) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(!text.trim().is_empty(), "an empty error");
    Ok(())
}

const BBB_MEETINGS: &[u8] = br#"<response><returncode>SUCCESS</returncode><meetings><meeting><meetingName>Vorstand</meetingName><meetingID>m-1</meetingID><participantCount>3</participantCount><running>true</running></meeting></meetings></response>"#;
const BBB_VERSION: &[u8] = br#"<response><returncode>SUCCESS</returncode><version>2.0</version><apiVersion>2.0</apiVersion><bbbVersion>3.0.4</bbbVersion></response>"#;
const BBB_FAILED: &[u8] = br#"<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey><message>Checksums do not match</message></response>"#;

const MM_ERROR: &[u8] = br#"{"id":"api.context.session_expired.app_error","message":"Invalid or expired session","detailed_error":"","request_id":"abc","status_code":401}"#;
const MM_POSTS: &[u8] = br#"{"order":["p1","p2"],"posts":{"p1":{"id":"p1","channel_id":"c","user_id":"u","message":"Hallo","create_at":1700000000000},"p2":{"id":"p2","channel_id":"c","user_id":"u","message":"Tsch\u00fcss","create_at":1700000000001}}}"#;

const PROBLEM: &[u8] = br#"{"type":"https://vereint.example/problems/invalid-input","title":"Invalid input","status":422,"detail":"2 fields are invalid","errors":[{"field":"email","message":"must be an e-mail address"},{"field":"expected_participants","message":"must be between 2 and 200"}]}"#;

const QUEUED: &[u8] = br#"{"body":"{\"report_id\":\"00ff\",\"status\":\"ok\",\"checks\":[]}","signed_at":1700000000}"#;

const MINE: &[u8] = br#"{"version":1,"bookings":[],"registrations":[],"pending":[]}"#;

const CONFIG: &[u8] = br#"lang = "de"
directory = "https://verzeichnis.example.org"

[health]
ca_file = "/etc/ssl/club-ca.pem"
bbb_secret_file = "/etc/vereint/bbb.secret"

[agent]
instance_id = "inst-1"
interval_secs = 300
"#;

const SITE: &[u8] = include_bytes!("../../provisioning/examples/bbb-and-mattermost.toml");

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn bbb_xml(raw in prop_oneof![input(BBB_MEETINGS), input(BBB_VERSION), input(BBB_FAILED)]) {
        use vereint::integrations::bbb;
        let text = String::from_utf8_lossy(&raw);
        match bbb::parse::<bbb::Meetings>(&text) {
            Ok(m) => { let _ = m.list().iter().map(|m| m.participant_count).sum::<u32>(); }
            Err(e) => said_something(e)?,
        }
        if let Err(e) = bbb::parse::<bbb::Version>(&text) {
            said_something(e)?;
        }
    }

    #[test]
    fn mattermost_json(raw in prop_oneof![input(MM_ERROR), input(MM_POSTS)]) {
        use vereint::integrations::mattermost::{ApiErrorBody, PostList, version_from_header};
        if let Err(e) = serde_json::from_slice::<ApiErrorBody>(&raw) {
            said_something(e)?;
        }
        if let Ok(list) = serde_json::from_slice::<PostList>(&raw) {
            let _ = format!("{list:?}");
        }
        let _ = version_from_header(&String::from_utf8_lossy(&raw));
    }

    #[test]
    fn problem_json(raw in input(PROBLEM), german in any::<bool>()) {
        // the type is taken from `describe`, so this stays right wherever Problem lives
        fn parse_for<T: serde::de::DeserializeOwned>(
            _: fn(&T, Lang) -> String,
            raw: &[u8],
        ) -> Result<T, serde_json::Error> {
            serde_json::from_slice(raw)
        }
        let lang = if german { Lang::De } else { Lang::En };
        match parse_for(vereint::mine::problem::describe, &raw) {
            Ok(p) => prop_assert!(!vereint::mine::problem::describe(&p, lang).is_empty()),
            Err(e) => said_something(e)?,
        }
    }

    #[test]
    fn agent_queue_files(raw in input(QUEUED)) {
        let dir = tempfile::tempdir().unwrap();
        let queue = vereint::health::queue::Queue::open(dir.path(), 10).unwrap();
        let path = dir.path().join("queue").join(format!("{:020}.json", 1));
        std::fs::write(&path, &raw).unwrap();
        prop_assert_eq!(queue.list().unwrap().len(), 1);
        if let Err(e) = queue.read(&path) {
            let text = format!("{e:#}");
            prop_assert!(text.contains("queue") || text.contains("reading"), "{}", text);
        }
    }

    #[test]
    fn mine_json(raw in input(MINE)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.json");
        std::fs::write(&path, &raw).unwrap();
        let store = vereint::mine::store::Store::at(path.clone());
        match store.load() {
            Ok(mine) => { let _ = mine.booking("x"); }
            Err(e) => {
                said_something(&e)?;
                // a broken file is kept aside, never lost, and the next load starts empty
                prop_assert!(!path.exists());
                prop_assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
                prop_assert!(store.load().is_ok());
            }
        }
    }

    #[test]
    fn site_files(raw in input(SITE)) {
        use vereint::provision::site::Site;
        let text = String::from_utf8_lossy(&raw);
        match Site::parse(&text, "site.toml", Lang::En) {
            Ok(site) => {
                let checks = vereint::health::site::SiteChecks::of(&site, &BTreeMap::new());
                prop_assert!(checks.targets().count() < 10_000);
            }
            Err(e) => said_something(e)?,
        }
    }

    #[test]
    fn config_files(raw in input(CONFIG)) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("vereint.toml");
        std::fs::write(&file, &raw).unwrap();
        let paths = vereint::config::Paths {
            system: Path::new("/nonexistent-vereint-test/vereint.toml").to_path_buf(),
            user: None,
        };
        if let Err(e) = vereint::config::load(&paths, Some(&file), vereint::i18n::Lang::En) {
            said_something(format!("{e:#}"))?;
        }
    }
}

proptest! {
    // the payload is the whole catalogue (hundreds of KiB): fewer cases
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn catalogue_sync_payload(raw in edited(catalogue_json())) {
        match vereint::catalog::load_json("directory", &raw) {
            Ok(c) => prop_assert!(serde_json::to_vec(&c).is_ok()),
            Err(problems) => {
                prop_assert!(!problems.0.is_empty());
                for p in &problems.0 {
                    said_something(format!("{p:?}"))?;
                }
            }
        }
    }
}

/// The embedded catalogue as the directory serves it.
fn catalogue_json() -> &'static [u8] {
    static JSON: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        let catalog = vereint::catalog::embedded().expect("the embedded catalogue loads");
        serde_json::to_vec(&*catalog).unwrap()
    })
}

#[test]
fn the_samples_are_valid() {
    use vereint::integrations::bbb;
    assert_eq!(
        bbb::parse::<bbb::Meetings>(&String::from_utf8_lossy(BBB_MEETINGS))
            .unwrap()
            .list()
            .len(),
        1
    );
    assert!(bbb::parse::<bbb::Version>(&String::from_utf8_lossy(BBB_VERSION)).is_ok());
    assert!(
        serde_json::from_slice::<vereint::integrations::mattermost::PostList>(MM_POSTS).is_ok()
    );
    assert!(
        vereint::provision::site::Site::parse(&String::from_utf8_lossy(SITE), "s", Lang::En)
            .is_ok()
    );
    assert!(vereint::catalog::load_json("directory", catalogue_json()).is_ok());
}
