//! The chat channels of the outbox: `mattermost` (an incoming webhook: `{"text", "username"}`
//! POSTed to `mattermost_webhook_url`) and `webhook` (the message's JSON body POSTed to
//! `webhook_url`, signed like an instance report: `X-Vereint-Timestamp` and `X-Vereint-Signature:
//! sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`, with the message id in
//! `X-Vereint-Delivery` so a retry after a lost answer is recognisable). A 2xx is delivered; 408,
//! 429, 5xx and no answer are retried like mail; any other answer fails the message with its
//! status and the start of its body. The Mattermost URL holds its key: it is never logged nor
//! written into an error.

use std::time::Duration;

use anyhow::Context as _;

use super::mail::{Delivery, clean};
use crate::config::NotifySettings;
use crate::directory::db::Notice;
use crate::i18n::{Lang, Msg, t};

/// One POST, answer included.
const TIMEOUT: Duration = Duration::from_secs(15);
/// Bytes of an answer kept for the error.
const ANSWER_LIMIT: usize = 512;

pub struct Poster {
    client: reqwest::Client,
    mattermost: Option<String>,
    webhook: Option<(String, String)>,
}

impl Poster {
    /// None when no chat channel is configured.
    pub fn from_settings(settings: &NotifySettings) -> anyhow::Result<Option<Poster>> {
        let mattermost = settings
            .mattermost_webhook_url
            .as_ref()
            .map(|url| url.0.trim().to_string());
        if let Some(url) = &mattermost {
            // the URL is the secret: say what is wrong without it
            anyhow::ensure!(
                url.starts_with("https://") || url.starts_with("http://"),
                t(Msg::CfgHookUrl, Lang::current())
            );
        }
        let webhook = match &settings.webhook_url {
            Some(url) => {
                let secret = crate::config::read_secret(
                    None,
                    settings.webhook_secret_file.as_deref(),
                    "directory.notify.webhook_secret_file",
                )?
                .with_context(|| t(Msg::CfgWebhookSecret, Lang::current()))?;
                Some((url.clone(), secret))
            }
            None => None,
        };
        if mattermost.is_none() && webhook.is_none() {
            return Ok(None);
        }
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .with_context(|| t(Msg::CfgHttpClient, Lang::current()))?;
        Ok(Some(Poster {
            client,
            mattermost,
            webhook,
        }))
    }

    pub async fn send(&self, m: &Notice) -> Delivery {
        let request = match (m.channel.as_str(), &self.mattermost, &self.webhook) {
            ("mattermost", Some(url), _) => {
                let body = serde_json::json!({"text": m.body, "username": "vereint"});
                self.client.post(url).json(&body)
            }
            ("webhook", _, Some((url, secret))) => {
                let ts = jiff::Timestamp::now().as_second();
                let signature = crate::api::token::sign(secret, ts, m.body.as_bytes());
                self.client
                    .post(url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .header("x-vereint-timestamp", ts.to_string())
                    .header("x-vereint-signature", signature)
                    .header("x-vereint-delivery", &m.id)
                    .body(m.body.clone())
            }
            (channel, _, _) => {
                return Delivery::Permanent(format!("channel {channel:?} is not configured"));
            }
        };
        match request.send().await {
            Ok(answer) => judge(answer).await,
            // without the URL: the Mattermost one holds its key
            Err(e) => Delivery::Transient(clean(&e.without_url().to_string())),
        }
    }
}

/// What an answer means for the message.
async fn judge(mut answer: reqwest::Response) -> Delivery {
    let status = answer.status();
    if status.is_success() {
        return Delivery::Sent;
    }
    let mut body = Vec::new();
    while body.len() < ANSWER_LIMIT {
        match answer.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body.truncate(ANSWER_LIMIT);
    let text = clean(String::from_utf8_lossy(&body).trim());
    let error = format!("HTTP {}: {text}", status.as_u16());
    match status.as_u16() {
        408 | 429 | 500..=599 => Delivery::Transient(error),
        _ => Delivery::Permanent(error),
    }
}
