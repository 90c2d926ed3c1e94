//! Greenlight-style rooms: an approved `bbb_room` booking becomes a persistent room with a slug,
//! a name, a viewer and a moderator access code and options. The BBB meeting is created on demand
//! when someone enters at `/r/{slug}` (`page`); owners change settings and rotate codes
//! (`handlers/rooms.rs`).

mod limit;
pub mod page;

use std::sync::Arc;

use crate::config::BbbSettings;
use crate::integrations::bbb::client::{Client, CreateMeeting, JoinUrl, Role};
use crate::integrations::bbb::{Algorithm, Api, Secret};

use super::db::{BookingRow, Db, RoomRow};
use super::integrations::{BoxFuture, IntegrationError, Integrations};
use crate::api::token::random_bytes;
use crate::api::{BookingKind, GuestPolicy, Links, Room, RoomSettings};
use crate::i18n::{Lang, Msg, t, tf};

const SERVICE: &str = "BigBlueButton";

/// Builds the BBB client from `[directory.bbb]`; None when no URL is configured.
pub fn bbb_client(settings: &BbbSettings) -> anyhow::Result<Option<Client>> {
    let Some(url) = settings.url.as_deref().filter(|u| !u.trim().is_empty()) else {
        return Ok(None);
    };
    let parsed = url::Url::parse(url).map_err(|e| super::not_a_url("directory.bbb.url", url, e))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        anyhow::bail!(t(Msg::CfgBbbScheme, Lang::current()));
    }
    let secret = crate::config::read_secret(
        settings.secret.as_ref(),
        settings.secret_file.as_deref(),
        "directory.bbb.secret_file",
    )?
    .ok_or_else(|| anyhow::anyhow!(t(Msg::CfgBbbNoSecret, Lang::current())))?;
    let algorithm = match settings.checksum.as_deref() {
        None | Some("sha256") => Algorithm::Sha256,
        Some("sha1") => Algorithm::Sha1,
        Some("sha384") => Algorithm::Sha384,
        Some("sha512") => Algorithm::Sha512,
        Some(other) => anyhow::bail!(tf(
            Msg::CfgBbbChecksum,
            Lang::current(),
            &[("value", &other)]
        )),
    };
    Ok(Some(
        Client::new(Api::new(url, Secret::new(secret), algorithm))
            .map_err(|e| anyhow::anyhow!("directory.bbb: {e}"))?,
    ))
}

/// The rooms of one directory and the BBB endpoint behind them.
pub struct Rooms {
    db: Db,
    bbb: Client,
    public_url: String,
    limiter: limit::Attempts,
    pub(crate) waiting: limit::Tickets,
}

impl Rooms {
    pub fn new(db: Db, bbb: Client, public_url: &str) -> Arc<Rooms> {
        Arc::new(Rooms {
            db,
            bbb,
            public_url: public_url.trim_end_matches('/').to_string(),
            limiter: limit::Attempts::default(),
            waiting: limit::Tickets::default(),
        })
    }

    pub fn room_url(&self, slug: &str) -> String {
        format!("{}/r/{slug}", self.public_url)
    }

    pub fn links(&self, room: &RoomRow) -> Links {
        Links {
            room_url: Some(self.room_url(&room.slug)),
            viewer_code: Some(room.viewer_code.clone()),
            moderator_code: Some(room.moderator_code.clone()),
            invite_url: None,
        }
    }

    async fn provision_room(&self, booking: &BookingRow) -> Result<Links, IntegrationError> {
        let failed = |detail: String| IntegrationError::Failed {
            service: SERVICE,
            detail,
        };
        // the cheapest call that proves the endpoint and the secret before the booking turns active
        self.bbb
            .meetings()
            .await
            .map_err(|e| failed(e.to_string()))?;
        let now = super::now_ms();
        let settings = RoomSettings {
            max_participants: u32::try_from(booking.expected_participants)
                .ok()
                .filter(|n| *n > 0),
            ..RoomSettings::default()
        };
        let mut room = RoomRow {
            booking_id: booking.id.clone(),
            slug: slug(&booking.name),
            name: booking.name.clone(),
            meeting_id: format!("vereint-{}", booking.id),
            viewer_code: new_code(8),
            moderator_code: new_code(10),
            anyone_may_start: settings.anyone_may_start,
            mute_on_start: settings.mute_on_start,
            guest_policy: settings.guest_policy.bbb().into(),
            max_participants: settings.max_participants.map(i64::from),
            record: settings.record,
            created_at: now,
            updated_at: now,
        };
        // a slug is random enough that a clash is a surprise; one retry with a fresh suffix
        let stored = match self.db.insert_room(&room).await {
            Ok(r) => r,
            Err(_) => {
                room.slug = slug(&booking.name);
                self.db
                    .insert_room(&room)
                    .await
                    .map_err(|e| failed(format!("storing the room: {e}")))?
            }
        };
        Ok(self.links(&stored))
    }

    pub fn room_json(&self, r: &RoomRow) -> Room {
        Room {
            booking_id: r.booking_id.clone(),
            slug: r.slug.clone(),
            name: r.name.clone(),
            room_url: self.room_url(&r.slug),
            viewer_code: r.viewer_code.clone(),
            moderator_code: r.moderator_code.clone(),
            settings: settings_of(r),
        }
    }

    /// Creates the meeting (idempotent) and signs the join URL for this person.
    async fn start_and_join(
        &self,
        room: &RoomRow,
        name: &str,
        role: Role,
    ) -> Result<JoinUrl, String> {
        let created = self
            .bbb
            .create(&CreateMeeting {
                meeting_id: room.meeting_id.clone(),
                name: room.name.clone(),
                record: room.record,
                mute_on_start: room.mute_on_start,
                guest_policy: Some(room.guest_policy.clone()),
                max_participants: room.max_participants.and_then(|n| u32::try_from(n).ok()),
                welcome: None,
                logout_url: Some(self.room_url(&room.slug)),
                meta: vec![("vereint-booking".into(), room.booking_id.clone())],
            })
            .await
            .map_err(|e| e.to_string())?;
        Ok(self
            .bbb
            .join_url(&room.meeting_id, name, role, created.create_time))
    }

    async fn running(&self, room: &RoomRow) -> Result<bool, String> {
        self.bbb
            .is_meeting_running(&room.meeting_id)
            .await
            .map_err(|e| e.to_string())
    }
}

pub fn settings_of(r: &RoomRow) -> RoomSettings {
    RoomSettings {
        anyone_may_start: r.anyone_may_start,
        mute_on_start: r.mute_on_start,
        guest_policy: GuestPolicy::from_bbb(&r.guest_policy),
        max_participants: r.max_participants.and_then(|n| u32::try_from(n).ok()),
        record: r.record,
    }
}

impl Integrations for Rooms {
    fn provision<'a>(
        &'a self,
        booking: &'a BookingRow,
    ) -> BoxFuture<'a, Result<Links, IntegrationError>> {
        Box::pin(self.provision_room(booking))
    }

    fn configured(&self, kind: BookingKind) -> Result<(), IntegrationError> {
        if kind == BookingKind::BbbRoom {
            Ok(())
        } else {
            Err(IntegrationError::NotConfigured(
                super::integrations::service_name(kind),
            ))
        }
    }
}

/// Letters and digits that cannot be mistaken for each other when read aloud or typed.
const CODE_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A random access code (`len` characters of 31: 8 give about 40 bits).
pub fn new_code(len: usize) -> String {
    let bytes = random_bytes::<32>();
    bytes[..len]
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect()
}

/// `vorstand-kiezchor-x7k2m9`: readable part from the name, random suffix against guessing.
pub fn slug(name: &str) -> String {
    let mut base = String::new();
    for c in name.to_lowercase().chars() {
        let c = match c {
            'ä' => "ae".to_string(),
            'ö' => "oe".to_string(),
            'ü' => "ue".to_string(),
            'ß' => "ss".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_string(),
        };
        if c == "-" && (base.is_empty() || base.ends_with('-')) {
            continue;
        }
        base.push_str(&c);
        if base.len() >= 32 {
            break;
        }
    }
    let base = base.trim_end_matches('-');
    let suffix = new_code(6);
    if base.is_empty() {
        format!("raum-{suffix}")
    } else {
        format!("{base}-{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_safe() {
        let s = slug("Vorstand <Kiezchor> Übung!");
        assert!(s.starts_with("vorstand-kiezchor-uebung-"), "{s}");
        assert!(
            s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
        assert!(slug("???").starts_with("raum-"));
        assert_ne!(slug("a"), slug("a"));
    }

    #[test]
    fn bbb_settings_are_checked_with_the_key_named() {
        use crate::config::Secret as ConfigSecret;
        let mut s = BbbSettings::default();
        assert!(bbb_client(&s).unwrap().is_none(), "no url: not configured");
        s.url = Some("https://bbb.example.org/bigbluebutton/api/".into());
        let err = bbb_client(&s).err().unwrap().to_string();
        assert!(err.contains("directory.bbb.secret_file"), "{err}");
        s.secret = Some(ConfigSecret("s3cret-value".into()));
        s.checksum = Some("md5".into());
        let err = bbb_client(&s).err().unwrap().to_string();
        assert!(
            err.contains("directory.bbb.checksum") && !err.contains("s3cret-value"),
            "{err}"
        );
        s.checksum = Some("sha512".into());
        assert!(bbb_client(&s).unwrap().is_some());
        s.url = Some("ftp://bbb.example.org/".into());
        assert!(
            bbb_client(&s)
                .err()
                .unwrap()
                .to_string()
                .contains("https://")
        );
    }

    #[test]
    fn codes_use_the_unambiguous_alphabet() {
        let c = new_code(10);
        assert_eq!(c.len(), 10);
        assert!(c.bytes().all(|b| CODE_ALPHABET.contains(&b)));
    }
}
