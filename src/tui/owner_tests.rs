//! The owner screens (my registrations, room settings, community channel) and the catalogue from the
//! directory: snapshots at 80x24 and 120x40 in German and English, and how a replaced catalogue
//! keeps what the user was doing.

use std::sync::Arc;

use ratatui::crossterm::event::KeyCode;
use rstest::rstest;

use super::action::{Action, CatalogSynced, ScreenId, Shared};
use super::app::App;
use super::results::{CommunityAnswer, RoomAnswer};
use super::testing::*;
use crate::api::{
    BookingKind, BookingStatus, Community, CommunityPost, RegistrationStatus, Room, RoomSettings,
};
use crate::client::catalog_sync::Source;
use crate::i18n::Lang;
use crate::mine::store::{Mine, MyBooking, MyRegistration};

fn my_room() -> MyBooking {
    my_booking("bk_room", BookingStatus::Active)
}

fn registrations() -> Mine {
    let reg = |id: &str, event: &str, date: &str, status| MyRegistration {
        id: id.into(),
        directory: "http://127.0.0.1:9/".into(),
        event_id: event.into(),
        date: date.into(),
        name: "Ada Beispiel".into(),
        cancel_token: "can_test".into(),
        created_at: "2026-11-27T10:00:00Z".into(),
        status,
    };
    Mine {
        version: 1,
        bookings: vec![my_room()],
        registrations: vec![
            reg(
                "rg_1",
                "sprechstunde",
                "2026-12-15",
                RegistrationStatus::Confirmed,
            ),
            reg(
                "rg_2",
                "gone-event",
                "2027-01-20",
                RegistrationStatus::Waitlisted,
            ),
        ],
        pending: vec![],
    }
}

fn room() -> Room {
    Room {
        booking_id: "bk_room".into(),
        slug: "kiez-vor-123".into(),
        name: "Kiezchor Vorstand".into(),
        room_url: "https://verzeichnis.example/r/kiez-vor-123".into(),
        viewer_code: "4711".into(),
        moderator_code: "0815".into(),
        settings: RoomSettings {
            max_participants: Some(12),
            ..RoomSettings::default()
        },
    }
}

fn feed() -> Community {
    Community {
        channel: "gemeinschaft/forum".into(),
        join_url: "https://chat.example/gemeinschaft/channels/forum".into(),
        posts: vec![
            CommunityPost {
                author: "sysadmin".into(),
                message: "Nächste Sprechstunde am Dienstag.\nBringt eure Fragen mit!\x1b[31m"
                    .into(),
                time: "2026-11-27T16:30:00Z".into(),
            },
            CommunityPost {
                author: "anna".into(),
                message: "Danke für den Workshop!".into(),
                time: "2026-11-26T09:05:00Z".into(),
            },
        ],
        fetched_at: "2026-11-28T09:00:00Z".into(),
    }
}

fn setup(app: &mut App, screen: &str, (w, h): (u16, u16)) -> Option<tempfile::TempDir> {
    render(app, w, h);
    match screen {
        "my_registrations" => {
            let dir = use_store(app, &registrations());
            go(app, ScreenId::MyBookings);
            app.dispatch(Action::BookingsLive(vec![]));
            press(app, key(KeyCode::Tab));
            return Some(dir);
        }
        "room_settings" => {
            app.dispatch(Action::OpenRoom(Box::new(my_room())));
            app.dispatch(Action::RoomAnswer(RoomAnswer::Loaded(Box::new(room()))));
            press(app, key(KeyCode::Down));
            press(app, key(KeyCode::Down));
        }
        "room_settings_invalid" => {
            app.dispatch(Action::OpenRoom(Box::new(my_room())));
            app.dispatch(Action::RoomAnswer(RoomAnswer::Loaded(Box::new(room()))));
            for _ in 0..4 {
                press(app, key(KeyCode::Down));
            }
            type_text(app, "5000");
            press(app, ctrl('s'));
        }
        "community" => {
            go(app, ScreenId::Community);
            app.dispatch(Action::CommunityAnswer(CommunityAnswer::Posts(Box::new(
                feed(),
            ))));
        }
        "community_unavailable" => {
            go(app, ScreenId::Community);
            app.dispatch(Action::CommunityAnswer(CommunityAnswer::Unavailable(
                "this directory has no community channel".into(),
            )));
        }
        "home_cached_catalogue" => {
            app.dispatch(Action::CatalogSynced(CatalogSynced {
                catalog: None,
                source: Source::Cached {
                    url: "https://verzeichnis.example/".into(),
                    fetched_at: "2026-11-20T08:00:00Z".into(),
                },
            }));
        }
        other => panic!("no setup for {other}"),
    }
    None
}

#[rstest]
fn screen(
    #[values(
        "my_registrations",
        "room_settings",
        "room_settings_invalid",
        "community",
        "community_unavailable",
        "home_cached_catalogue"
    )]
    name: &str,
    #[values(Lang::De, Lang::En)] lang: Lang,
    #[values((80, 24), (120, 40))] size: (u16, u16),
) {
    let mut app = app(lang);
    let _store = setup(&mut app, name, size);
    let text = render(&mut app, size.0, size.1);
    assert!(
        !text.contains('\x1b'),
        "no escape sequence from data reaches the screen"
    );
    insta::assert_snapshot!(
        format!("{name}_{}_{}x{}", lang.code(), size.0, size.1),
        text
    );
}

#[test]
fn an_invalid_room_form_sends_nothing() {
    let mut app = app(Lang::En);
    app.dispatch(Action::OpenRoom(Box::new(my_room())));
    assert_eq!(app.take_jobs().len(), 1, "opening loads the room");
    app.dispatch(Action::RoomAnswer(RoomAnswer::Loaded(Box::new(room()))));
    press(&mut app, ctrl('s'));
    assert!(
        app.take_jobs().is_empty(),
        "nothing changed: nothing to send"
    );
    press(&mut app, key(KeyCode::Backspace));
    for _ in 0..20 {
        press(&mut app, key(KeyCode::Backspace));
    }
    press(&mut app, ctrl('s'));
    assert!(app.take_jobs().is_empty(), "an empty name is not sent");
    type_text(&mut app, "Chorprobe");
    press(&mut app, ctrl('s'));
    assert_eq!(app.take_jobs().len(), 1);
}

#[test]
fn owner_keys_need_an_active_booking_of_the_right_kind() {
    let mut mine = registrations();
    mine.bookings[0].status = BookingStatus::Requested;
    let mut app = app(Lang::En);
    let _store = use_store(&mut app, &mine);
    go(&mut app, ScreenId::MyBookings);
    app.take_jobs();
    for c in ['R', 'e', 'I'] {
        press(&mut app, ch(c));
        press(&mut app, ch(c));
        assert!(
            app.take_jobs().is_empty(),
            "{c} did something for a requested booking"
        );
        assert_eq!(app.current(), ScreenId::MyBookings);
    }
}

#[test]
fn a_replaced_catalogue_keeps_marks_and_the_open_tool_by_id() {
    let mut app = app(Lang::De);
    render(&mut app, 120, 40);
    let keep = tool(&app, "plauderbox");
    let drop = tool(&app, "funkraum");
    app.ctx.marked = vec![drop, keep];
    app.dispatch(Action::ShowTool(keep));
    // the directory's catalogue: one tool less, the others in another order
    let mut other = (*fixture()).clone();
    other.tools.retain(|t| t.id != "funkraum");
    other.tools.reverse();
    let other = Arc::new(other);
    app.dispatch(Action::CatalogSynced(CatalogSynced {
        catalog: Some(Shared(Arc::clone(&other))),
        source: Source::Directory {
            url: "https://verzeichnis.example/".into(),
        },
    }));
    let at = |id: &str| other.tools.iter().position(|t| t.id == id).unwrap();
    assert_eq!(app.ctx.marked, vec![at("plauderbox")]);
    assert_eq!(
        app.current(),
        ScreenId::Detail,
        "the open tool still exists"
    );
    assert!(render(&mut app, 120, 40).contains("Plauderbox"));

    // an index built for the old catalogue arrives late: it is not used
    let old = fixture();
    let stale = crate::catalog::search::Index::new(&old);
    app.dispatch(Action::IndexReady(Shared(Arc::new(stale)), Shared(old)));
    press(&mut app, ch('/'));
    type_text(&mut app, "plauder");
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("Plauderbox"), "{screen}");

    // the open tool is gone from the next catalogue: back to the list
    let mut fewer = (*other).clone();
    fewer.tools.retain(|t| t.id != "plauderbox");
    app.dispatch(Action::ShowTool(at("plauderbox")));
    app.dispatch(Action::CatalogSynced(CatalogSynced {
        catalog: Some(Shared(Arc::new(fewer))),
        source: Source::Embedded,
    }));
    assert_ne!(app.current(), ScreenId::Detail);
    assert!(app.ctx.marked.is_empty());
}

#[rstest]
#[case::e_opens_room_settings(ScreenId::MyBookings, ch('e'), Some(Action::EditRoom))]
#[case::shift_r_rotates_codes(ScreenId::MyBookings, ch('R'), Some(Action::RotateCodes))]
#[case::shift_i_renews_the_invite(ScreenId::MyBookings, ch('I'), Some(Action::RenewInvite))]
#[case::tab_switches_sections(ScreenId::MyBookings, key(KeyCode::Tab), Some(Action::NextPane))]
#[case::shift_c_opens_the_community(ScreenId::Home, ch('C'), Some(Action::Go(ScreenId::Community)))]
#[case::r_reloads_the_community(ScreenId::Community, ch('r'), Some(Action::Refresh))]
#[case::y_copies_the_join_link(ScreenId::Community, ch('y'), Some(Action::Copy))]
#[case::space_toggles_in_room_settings(ScreenId::Room, ch(' '), Some(Action::Input(' ')))]
#[case::ctrl_s_saves_room_settings(ScreenId::Room, ctrl('s'), Some(Action::SubmitInput))]
#[case::q_types_into_the_room_name(ScreenId::Room, ch('q'), Some(Action::Input('q')))]
fn owner_keys(
    #[case] screen: ScreenId,
    #[case] event: ratatui::crossterm::event::KeyEvent,
    #[case] expected: Option<Action>,
) {
    let mut app = app(Lang::De);
    match screen {
        ScreenId::Room => app.dispatch(Action::OpenRoom(Box::new(my_room()))),
        other => go(&mut app, other),
    }
    assert_eq!(app.current(), screen);
    assert_eq!(app.handle_key(&event), expected);
}

#[test]
fn leaving_the_room_settings_and_pressing_r_asks_first() {
    let mut app = app(Lang::En);
    let _store = use_store(&mut app, &registrations());
    go(&mut app, ScreenId::MyBookings);
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, ch('e'));
    assert_eq!(
        app.current(),
        ScreenId::MyBookings,
        "room settings belong to the bookings section"
    );
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, ch('e'));
    assert_eq!(app.current(), ScreenId::Room);
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.current(), ScreenId::MyBookings);
    app.take_jobs();
    press(&mut app, ch('R'));
    assert!(app.take_jobs().is_empty());
    assert!(
        app.ctx
            .status
            .as_deref()
            .unwrap_or_default()
            .contains("Press R again"),
        "{:?}",
        app.ctx.status
    );
}

fn site_access() -> Arc<super::ctx::SiteAccess> {
    let site = crate::provision::site::Site::parse(
        r#"
organisation = "SV Musterstadt e.V."
contact_email = "it@sv.example"
[tls]
mode = "selfsigned"
[domains]
mattermost = "chat.sv.example"
[versions]
mattermost = "10.11.1"
mattermost_sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
[[hosts]]
name = "chat"
address = "203.0.113.10"
services = ["mattermost", "coturn"]
"#,
        "club.toml",
        Lang::En,
    )
    .unwrap();
    Arc::new(super::ctx::SiteAccess {
        checks: crate::health::site::SiteChecks::of(&site, &Default::default()),
        opts: crate::health::run::Options {
            lang: Lang::En,
            timeout: std::time::Duration::from_secs(1),
            concurrency: 4,
            bbb_secret: None,
            turn_secret: None,
            fetcher: crate::health::http::Fetcher {
                tls: crate::health::tls::TlsSetup::new(None).unwrap(),
                guard: None,
            },
        },
    })
}

fn sweep(latency: f64, turn: crate::health::Status) -> super::results::Sweep {
    use crate::health::{CheckResult, Facts, Status};
    let result = |target: &str, check: &str, status, latency_ms, facts| CheckResult {
        target: target.into(),
        check: check.into(),
        status,
        latency_ms,
        detail: "answered".into(),
        facts,
    };
    vec![(
        "chat".into(),
        vec![
            result(
                "https://chat.sv.example/",
                "http",
                Status::Ok,
                Some(latency),
                Facts::default(),
            ),
            result(
                "https://chat.sv.example/",
                "tls",
                Status::Warning,
                Some(latency / 2.0),
                Facts {
                    cert_days: Some(9),
                    ..Facts::default()
                },
            ),
            result(
                "turn:203.0.113.10:3478",
                "turn",
                turn,
                Some(3.0),
                Facts::default(),
            ),
        ],
    )]
}

#[rstest]
fn site_health_screen(
    #[values(Lang::De, Lang::En)] lang: Lang,
    #[values((80, 24), (120, 40))] size: (u16, u16),
) {
    let mut app = app(lang);
    render(&mut app, size.0, size.1);
    go(&mut app, ScreenId::SiteHealth);
    let unconfigured = render(&mut app, size.0, size.1);
    assert!(unconfigured.contains("--site"), "{unconfigured}");
    app.ctx.site = Some(site_access());
    go(&mut app, ScreenId::SiteHealth);
    assert_eq!(app.take_jobs().len(), 1, "opening starts a sweep");
    let at = now();
    for (i, ms) in [120.0, 80.0, 240.0, 95.0].into_iter().enumerate() {
        let status = if i == 3 {
            crate::health::Status::Critical
        } else {
            crate::health::Status::Ok
        };
        app.dispatch(Action::SiteChecked(sweep(ms, status), at));
    }
    press(&mut app, key(KeyCode::Enter));
    let text = render(&mut app, size.0, size.1);
    insta::assert_snapshot!(
        format!("site_health_detail_{}_{}x{}", lang.code(), size.0, size.1),
        text
    );
}

#[test]
fn site_health_sweeps_on_the_clock_but_never_twice_at_once() {
    let mut app = app(Lang::En);
    app.ctx.site = Some(site_access());
    go(&mut app, ScreenId::SiteHealth);
    assert_eq!(app.take_jobs().len(), 1);
    let later = |s: i64| {
        now()
            .checked_add(jiff::SignedDuration::from_secs(s))
            .unwrap()
    };
    app.dispatch(Action::Tick(later(31)));
    assert!(
        app.take_jobs().is_empty(),
        "the first sweep is still running"
    );
    app.dispatch(Action::SiteChecked(
        sweep(10.0, crate::health::Status::Ok),
        later(31),
    ));
    app.dispatch(Action::Tick(later(40)));
    assert_eq!(app.take_jobs().len(), 1, "due again after 30 s");
    assert_eq!(
        app.handle_key(&ch('H')),
        Some(Action::Go(ScreenId::SiteHealth))
    );
}

/// The shared active booking, with the room link the directory's own room page gives.
fn live_room() -> crate::api::Booking {
    let mut booking = crate::tui::testing::active_booking();
    booking.id = "bk_room".into();
    if let Some(links) = booking.links.as_mut() {
        links.room_url = Some("https://verzeichnis.example/r/kiez-vor-123".into());
    }
    booking
}

#[rstest]
#[case::de(Lang::De, "Zugangscode: 4711", "Ein Konto brauchst du nicht")]
#[case::en(Lang::En, "Access code: 4711", "You do not need an account")]
fn y_copies_a_ready_invitation_in_the_users_language(
    #[case] lang: Lang,
    #[case] code: &str,
    #[case] how: &str,
) {
    let mut app = app(lang);
    let _store = use_store(&mut app, &registrations());
    go(&mut app, ScreenId::MyBookings);
    app.dispatch(Action::BookingsLive(vec![(
        "bk_room".into(),
        Some(live_room()),
    )]));
    press(&mut app, ch('y'));
    let text = app.ctx.clipboard.clone().expect("something was copied");
    assert!(
        text.contains("https://verzeichnis.example/r/kiez-vor-123"),
        "{text}"
    );
    assert!(text.contains("Kiezchor Vorstand"), "{text}");
    assert!(text.contains(code), "{text}");
    assert!(text.contains(how), "{text}");
    assert!(
        !text.contains("0815"),
        "the moderator code stays with the owner: {text}"
    );
    assert!(!text.contains('\x1b'), "{text}");
}

#[test]
fn y_copies_a_team_invitation_and_nothing_before_the_booking_is_active() {
    let mut app = app(Lang::En);
    let _store = use_store(&mut app, &registrations());
    go(&mut app, ScreenId::MyBookings);
    press(&mut app, ch('y'));
    assert_eq!(app.ctx.clipboard, None, "no links yet, nothing to copy");
    let mut team = live_room();
    team.kind = BookingKind::MattermostTeam;
    team.links = Some(crate::api::Links {
        room_url: None,
        viewer_code: None,
        moderator_code: None,
        invite_url: Some("https://chat.example/signup_user_complete/?id=abc".into()),
    });
    app.dispatch(Action::BookingsLive(vec![("bk_room".into(), Some(team))]));
    press(&mut app, ch('y'));
    let text = app.ctx.clipboard.clone().unwrap();
    assert!(text.contains("chat team"), "{text}");
    assert!(
        text.contains("https://chat.example/signup_user_complete/?id=abc"),
        "{text}"
    );
}

#[rstest]
fn my_registrations_show_time_and_place(#[values(Lang::De, Lang::En)] lang: Lang) {
    let mut app = app(lang);
    let _store = setup(&mut app, "my_registrations", (120, 40));
    let screen = render(&mut app, 120, 40);
    let event = app
        .ctx
        .catalog
        .events
        .iter()
        .find(|e| e.id == "sprechstunde")
        .unwrap()
        .clone();
    let start = format!(
        "{:02}:{:02}",
        event.start_time.hour(),
        event.start_time.minute()
    );
    assert!(screen.contains(&start), "{screen}");
    assert!(
        screen.contains(crate::i18n::t(crate::i18n::Msg::TimesBerlin, lang)),
        "{screen}"
    );
    let place = event
        .online_url
        .clone()
        .or(event.place.as_ref().map(|p| p.get(lang).to_string()))
        .unwrap();
    assert!(screen.contains(&place), "{screen}");
    // the event that is gone from the catalogue says so
    press(&mut app, ch('j'));
    let gone = render(&mut app, 120, 40);
    assert!(
        gone.contains(crate::i18n::t(crate::i18n::Msg::OwnerRegUnknownEvent, lang)),
        "{gone}"
    );
}

#[rstest]
fn the_site_dashboard_speaks_of_hosts_and_checks(#[values(Lang::De, Lang::En)] lang: Lang) {
    let mut app = app(lang);
    app.ctx.site = Some(site_access());
    go(&mut app, ScreenId::SiteHealth);
    app.dispatch(Action::SiteChecked(
        sweep(80.0, crate::health::Status::Ok),
        now(),
    ));
    let list = render(&mut app, 120, 40);
    press(&mut app, key(KeyCode::Enter));
    let detail = render(&mut app, 120, 40);
    for screen in [&list, &detail] {
        for never in [
            "Instanz",
            "Instance",
            "Verfügbarkeit",
            "Uptime",
            "angemeldet",
            "registered",
            "Bericht",
            "report",
            "10.11.1",
        ] {
            assert!(
                !screen.contains(never),
                "{never:?} on the site dashboard:\n{screen}"
            );
        }
    }
    assert!(list.contains("Hosts") && list.contains("chat"), "{list}");
    assert!(detail.contains("https://chat.sv.example"), "{detail}");
}
