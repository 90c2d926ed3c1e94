//! Rendering one full frame of the catalogue screen at 120x40 into a TestBackend.
//!
//! cargo bench --bench render

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use vereint::config::ThemeName;
use vereint::i18n::Lang;
use vereint::tui::App;
use vereint::tui::action::{Action, ScreenId};
use vereint::tui::theme::Theme;

fn app() -> App {
    let catalog = vereint::catalog::embedded().expect("embedded catalogue");
    let now = "2026-11-28T09:00:00Z".parse().unwrap();
    App::new(
        catalog,
        Lang::De,
        Theme::new(ThemeName::Default, false),
        now,
    )
}

fn render(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();

    let mut plain = app();
    plain.dispatch(Action::Go(ScreenId::Catalogue));
    c.bench_function("render catalogue 120x40", |b| {
        b.iter(|| {
            terminal.draw(|f| plain.draw(black_box(f))).unwrap();
        })
    });

    let mut searching = app();
    searching.dispatch(Action::Search);
    for ch in "ver".chars() {
        searching.dispatch(Action::Input(ch));
    }
    c.bench_function("render catalogue 120x40, search with highlights", |b| {
        b.iter(|| {
            terminal.draw(|f| searching.draw(black_box(f))).unwrap();
        })
    });

    let mut home = app();
    c.bench_function("render home 120x40 (first frame)", |b| {
        b.iter(|| {
            terminal.draw(|f| home.draw(black_box(f))).unwrap();
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
