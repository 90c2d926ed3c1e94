//! The operator's community channel: recent posts, read by the directory with its own read-only
//! token and served without it (`GET /api/v1/community`), and the link to join. Loaded in the
//! background when the screen opens and on `r`; `y` copies the join link.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Component, Scroll, padded, pane};
use crate::api::Community as Feed;
use crate::client::Client;
use crate::i18n::{Msg, tf};
use crate::tui::action::{Action, Job};
use crate::tui::ctx::Ctx;
use crate::tui::keymap::Mode;
use crate::tui::results::CommunityAnswer;
use crate::tui::text::{clean, clean_block, truncate_words, wrap};

#[derive(Debug, Default)]
pub struct Community {
    feed: Option<Feed>,
    /// Why the posts shown (if any) are not current.
    problem: Option<CommunityAnswer>,
    loading: bool,
    scroll: Scroll,
}

impl Community {
    fn load(&mut self, ctx: &mut Ctx) {
        if self.loading {
            return;
        }
        self.loading = true;
        let url = ctx.directory_url.clone();
        ctx.spawn(Job::new("community channel", async move {
            let answer = match Client::new(&url) {
                Ok(c) => c.community().await,
                Err(e) => Err(e),
            };
            Action::CommunityAnswer(match answer {
                Ok(feed) => CommunityAnswer::Posts(Box::new(feed)),
                Err(e) if e.is_transient() => CommunityAnswer::Offline(e.to_string()),
                Err(e) => CommunityAnswer::Unavailable(match e.problem() {
                    Some(p) => p.detail.clone(),
                    None => e.to_string(),
                }),
            })
        }));
    }
}

impl Component for Community {
    fn mode(&self) -> Mode {
        Mode::Community
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> Option<Action> {
        match action {
            Action::Refresh => self.load(ctx),
            Action::CommunityAnswer(answer) => {
                self.loading = false;
                match answer {
                    CommunityAnswer::Posts(feed) => {
                        self.feed = Some(*feed);
                        self.problem = None;
                    }
                    other => self.problem = Some(other),
                }
            }
            Action::Copy => {
                if let Some(feed) = &self.feed {
                    ctx.clipboard = Some(feed.join_url.clone());
                    ctx.status = Some(ctx.t(Msg::BookCopied).to_string());
                }
            }
            other => {
                self.scroll.apply(&other);
            }
        }
        None
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let theme = &ctx.theme;
        // why the directory cannot be reached, in at most two lines
        let mut banner = match &self.problem {
            Some(CommunityAnswer::Offline(e)) => wrap(
                &tf(Msg::MineUnreachable, ctx.lang, &[("error", &clean(e))]),
                usize::from(area.width),
            ),
            _ => Vec::new(),
        };
        if banner.len() > 2 {
            let rest = banner[1..].join(" ");
            banner.truncate(1);
            banner.push(truncate_words(&rest, usize::from(area.width)));
        }
        let [banner_area, body] = Layout::vertical([
            Constraint::Length(u16::try_from(banner.len()).unwrap_or(2)),
            Constraint::Min(3),
        ])
        .areas(area);
        if !banner.is_empty() {
            frame.render_widget(
                Paragraph::new(banner.join("\n")).style(theme.concern),
                banner_area,
            );
        }
        let mut title = format!("{} · {}", ctx.t(Msg::CommunityTitle), ctx.local_label());
        if self.loading {
            title.push_str(" …");
        }
        let block = pane(title, true, ctx);
        let inner = block.inner(body);
        frame.render_widget(block, body);
        let width = usize::from(inner.width.saturating_sub(2)).max(10);
        let mut lines: Vec<Line<'static>> = Vec::new();
        if let Some(CommunityAnswer::Unavailable(reason)) = &self.problem {
            let text = tf(
                Msg::CommunityUnavailable,
                ctx.lang,
                &[("reason", &clean(reason))],
            );
            lines.extend(
                wrap(&text, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.caution)),
            );
            lines.push(Line::raw(""));
        }
        match &self.feed {
            None if self.problem.is_none() => {
                lines.push(Line::styled(ctx.t(Msg::CommunityLoading), theme.dim));
            }
            None => {}
            Some(feed) => {
                let join = tf(
                    Msg::CommunityJoin,
                    ctx.lang,
                    &[("url", &clean(&feed.join_url))],
                );
                lines.extend(
                    wrap(&join, width)
                        .into_iter()
                        .map(|l| Line::styled(l, theme.notice)),
                );
                lines.push(Line::styled(
                    tf(
                        Msg::CommunityChannel,
                        ctx.lang,
                        &[
                            ("channel", &clean(&feed.channel)),
                            ("time", &short_time(&feed.fetched_at, ctx)),
                        ],
                    ),
                    theme.dim,
                ));
                lines.push(Line::raw(""));
                if feed.posts.is_empty() {
                    lines.push(Line::styled(ctx.t(Msg::CommunityNoPosts), theme.dim));
                }
                for post in &feed.posts {
                    lines.push(Line::from(vec![
                        Span::styled(clean(&post.author), theme.key),
                        Span::styled(format!("  {}", short_time(&post.time, ctx)), theme.dim),
                    ]));
                    for l in wrap(&clean_block(&post.message), width.saturating_sub(2)) {
                        lines.push(Line::raw(format!("  {l}")));
                    }
                    lines.push(Line::raw(""));
                }
            }
        }
        self.scroll.draw(frame, padded(inner), lines, theme.base);
    }
}

/// "2026-11-28 10:15" from an RFC 3339 time, in local time; the text itself when it does not parse.
fn short_time(rfc3339: &str, ctx: &Ctx) -> String {
    match rfc3339.parse::<jiff::Timestamp>() {
        Ok(ts) => ctx.local_time(ts),
        Err(_) => clean(rfc3339),
    }
}
