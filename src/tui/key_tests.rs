//! Key -> action tables and key sequences, without a terminal.

use ratatui::crossterm::event::KeyModifiers;
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use rstest::rstest;

use super::action::{Action, ScreenId};
use super::app::App;
use super::keymap::{Key, Keymap, Mode};
use super::screens::catalogue::Pane;
use super::testing::*;
use crate::catalog::filter::Chip;
use crate::catalog::filter::FilterKey;
use crate::catalog::model::Platform;
use crate::i18n::Lang;

/// Where a key is pressed.
#[derive(Debug, Clone, Copy)]
enum At {
    Screen(ScreenId),
    /// The catalogue with the search field focused.
    SearchField,
    /// The booking form with its first text field focused.
    BookField,
    /// The registration form with its send button focused.
    RegisterButton,
}

fn app_at(at: At) -> App {
    let mut app = app(Lang::En);
    match at {
        At::Screen(ScreenId::Detail) => app.dispatch(Action::ShowTool(0)),
        At::Screen(ScreenId::Reader) => app.dispatch(Action::ShowExample(0)),
        At::Screen(ScreenId::Help) => app.dispatch(Action::Help),
        At::Screen(ScreenId::Compare) => {
            app.ctx.marked = vec![0, 1];
            go(&mut app, ScreenId::Compare);
        }
        At::Screen(screen) => go(&mut app, screen),
        At::SearchField => app.dispatch(Action::Search),
        At::BookField => {
            go(&mut app, ScreenId::Book);
            press(&mut app, key(KeyCode::Tab));
        }
        At::RegisterButton => {
            go(&mut app, ScreenId::Events);
            press(&mut app, ch('r'));
            press(&mut app, key(KeyCode::BackTab));
        }
    }
    app
}

use At::{BookField, RegisterButton, Screen, SearchField};
use ScreenId::*;

#[rstest]
// quitting, everywhere
#[case::q_quits(Screen(Home), ch('q'), Some(Action::Quit))]
#[case::q_quits_in_the_catalogue(Screen(Catalogue), ch('q'), Some(Action::Quit))]
#[case::ctrl_c_quits(Screen(Detail), ctrl('c'), Some(Action::Quit))]
#[case::ctrl_c_quits_in_a_text_field(SearchField, ctrl('c'), Some(Action::Quit))]
// global keys
#[case::question_mark_opens_help(Screen(Events), ch('?'), Some(Action::Help))]
#[case::f1_opens_help(Screen(Home), key(KeyCode::F(1)), Some(Action::Help))]
#[case::slash_searches_from_home(Screen(Home), ch('/'), Some(Action::Search))]
#[case::two_goes_to_the_catalogue(Screen(Home), ch('2'), Some(Action::Go(Catalogue)))]
#[case::five_goes_to_events(Screen(Detail), ch('5'), Some(Action::Go(Events)))]
#[case::shift_l_switches_language(Screen(Home), ch('L'), Some(Action::ToggleLang))]
#[case::shift_t_switches_theme(Screen(Catalogue), ch('T'), Some(Action::ToggleTheme))]
#[case::esc_goes_back(Screen(Detail), key(KeyCode::Esc), Some(Action::Back))]
#[case::enter_on_home_opens_the_catalogue(
    Screen(Home),
    key(KeyCode::Enter),
    Some(Action::Go(Catalogue))
)]
// moving
#[case::j_moves_down(Screen(Catalogue), ch('j'), Some(Action::Down))]
#[case::k_moves_up(Screen(Catalogue), ch('k'), Some(Action::Up))]
#[case::arrow_down_moves_down(Screen(Examples), key(KeyCode::Down), Some(Action::Down))]
#[case::arrow_up_moves_up(Screen(Events), key(KeyCode::Up), Some(Action::Up))]
#[case::page_down(Screen(Detail), key(KeyCode::PageDown), Some(Action::PageDown))]
#[case::space_pages_in_the_reader(Screen(Reader), ch(' '), Some(Action::PageDown))]
#[case::g_to_top(Screen(Help), ch('g'), Some(Action::Top))]
#[case::shift_g_to_bottom(Screen(Help), ch('G'), Some(Action::Bottom))]
#[case::tab_next_pane(Screen(Catalogue), key(KeyCode::Tab), Some(Action::NextPane))]
#[case::backtab_previous_pane(
    Screen(Catalogue),
    KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
    Some(Action::PrevPane)
)]
#[case::shift_tab_reported_as_tab(
    Screen(Catalogue),
    KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT),
    Some(Action::PrevPane)
)]
// the catalogue
#[case::slash_focuses_search(Screen(Catalogue), ch('/'), Some(Action::Search))]
#[case::enter_opens_a_tool(Screen(Catalogue), key(KeyCode::Enter), Some(Action::Open))]
#[case::c_marks_for_comparison(Screen(Catalogue), ch('c'), Some(Action::ToggleCompare))]
#[case::space_marks_for_comparison(Screen(Catalogue), ch(' '), Some(Action::Toggle))]
#[case::v_opens_the_comparison(Screen(Catalogue), ch('v'), Some(Action::OpenCompare))]
#[case::o_filters_open_source(
    Screen(Catalogue),
    ch('o'),
    Some(Action::Filter(FilterKey::OpenSource))
)]
#[case::s_filters_self_hostable(
    Screen(Catalogue),
    ch('s'),
    Some(Action::Filter(FilterKey::SelfHostable))
)]
#[case::e_filters_e2e(Screen(Catalogue), ch('e'), Some(Action::Filter(FilterKey::E2e)))]
#[case::f_filters_free_tier(Screen(Catalogue), ch('f'), Some(Action::Filter(FilterKey::FreeTier)))]
#[case::u_filters_eu(Screen(Catalogue), ch('u'), Some(Action::Filter(FilterKey::Eu)))]
#[case::x_removes_the_last_chip(Screen(Catalogue), ch('x'), Some(Action::RemoveLastChip))]
#[case::shift_x_clears_filters(Screen(Catalogue), ch('X'), Some(Action::ClearFilters))]
#[case::esc_leaves_the_catalogue(Screen(Catalogue), key(KeyCode::Esc), Some(Action::Back))]
// the search field takes letters, even those bound elsewhere
#[case::letters_go_to_the_field(SearchField, ch('s'), Some(Action::Input('s')))]
#[case::q_goes_to_the_field(SearchField, ch('q'), Some(Action::Input('q')))]
#[case::j_goes_to_the_field(SearchField, ch('j'), Some(Action::Input('j')))]
#[case::slash_goes_to_the_field(SearchField, ch('/'), Some(Action::Input('/')))]
#[case::question_mark_goes_to_the_field(SearchField, ch('?'), Some(Action::Input('?')))]
#[case::umlaut_goes_to_the_field(SearchField, ch('ü'), Some(Action::Input('ü')))]
#[case::esc_leaves_the_field(SearchField, key(KeyCode::Esc), Some(Action::CancelInput))]
#[case::enter_goes_to_results(SearchField, key(KeyCode::Enter), Some(Action::SubmitInput))]
#[case::tab_leaves_the_field(SearchField, key(KeyCode::Tab), Some(Action::NextPane))]
#[case::backspace_deletes(SearchField, key(KeyCode::Backspace), Some(Action::DeleteBack))]
#[case::ctrl_u_clears(SearchField, ctrl('u'), Some(Action::ClearInput))]
#[case::arrows_move_the_results(SearchField, key(KeyCode::Down), Some(Action::Down))]
#[case::alt_letters_are_not_typed(
    SearchField,
    KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT),
    None
)]
// detail and comparison
#[case::c_marks_in_detail(Screen(Detail), ch('c'), Some(Action::ToggleCompare))]
#[case::h_picks_the_previous_tool(Screen(Compare), ch('h'), Some(Action::Left))]
#[case::right_picks_the_next_tool(Screen(Compare), key(KeyCode::Right), Some(Action::Right))]
#[case::d_removes_from_the_comparison(Screen(Compare), ch('d'), Some(Action::Remove))]
#[case::enter_opens_the_compared_tool(Screen(Compare), key(KeyCode::Enter), Some(Action::Open))]
#[case::enter_reads_an_example(Screen(Examples), key(KeyCode::Enter), Some(Action::Open))]
// booking: b and m open the screens; the form takes letters, even q
#[case::b_opens_the_booking_form(Screen(Home), ch('b'), Some(Action::Go(Book)))]
#[case::m_opens_my_bookings(Screen(Events), ch('m'), Some(Action::Go(MyBookings)))]
#[case::form_takes_q(Screen(Book), ch('q'), Some(Action::Input('q')))]
#[case::form_takes_space(Screen(Book), ch(' '), Some(Action::Input(' ')))]
#[case::form_tab_next_field(Screen(Book), key(KeyCode::Tab), Some(Action::NextPane))]
#[case::form_down_next_field(Screen(Book), key(KeyCode::Down), Some(Action::NextPane))]
#[case::form_up_previous_field(Screen(Book), key(KeyCode::Up), Some(Action::PrevPane))]
#[case::form_enter_toggles(Screen(Book), key(KeyCode::Enter), Some(Action::Toggle))]
#[case::form_ctrl_s_sends(Screen(Book), ctrl('s'), Some(Action::SubmitInput))]
#[case::form_ctrl_r_sends_again(Screen(Book), ctrl('r'), Some(Action::SubmitInput))]
#[case::form_pagedown_scrolls_the_code(
    Screen(Book),
    key(KeyCode::PageDown),
    Some(Action::PageDown)
)]
#[case::form_esc_goes_back(Screen(Book), key(KeyCode::Esc), Some(Action::Back))]
#[case::form_ctrl_c_quits(Screen(Book), ctrl('c'), Some(Action::Quit))]
// on a form's choices and buttons the keys listed under "everywhere" work, except q
#[case::form_choice_question_mark_helps(Screen(Book), ch('?'), Some(Action::Help))]
#[case::form_choice_f1_helps(Screen(Book), key(KeyCode::F(1)), Some(Action::Help))]
#[case::form_choice_shift_l_switches_language(Screen(Book), ch('L'), Some(Action::ToggleLang))]
#[case::form_choice_one_goes_home(Screen(Book), ch('1'), Some(Action::Go(Home)))]
#[case::form_choice_three_goes_to_compare(Screen(Book), ch('3'), Some(Action::Go(Compare)))]
#[case::form_choice_five_goes_to_events(Screen(Book), ch('5'), Some(Action::Go(Events)))]
#[case::form_choice_shift_t_switches_theme(Screen(Book), ch('T'), Some(Action::ToggleTheme))]
#[case::form_button_question_mark_helps(RegisterButton, ch('?'), Some(Action::Help))]
#[case::form_button_two_goes_to_the_catalogue(RegisterButton, ch('2'), Some(Action::Go(Catalogue)))]
#[case::form_button_q_does_not_quit(RegisterButton, ch('q'), Some(Action::Input('q')))]
#[case::form_button_ctrl_c_quits(RegisterButton, ctrl('c'), Some(Action::Quit))]
#[case::form_button_enter_sends(RegisterButton, key(KeyCode::Enter), Some(Action::Toggle))]
// in a text field they are typed
#[case::form_field_takes_question_mark(BookField, ch('?'), Some(Action::Input('?')))]
#[case::form_field_takes_digits(BookField, ch('1'), Some(Action::Input('1')))]
#[case::form_field_takes_shift_l(BookField, ch('L'), Some(Action::Input('L')))]
#[case::form_field_f1_still_helps(BookField, key(KeyCode::F(1)), Some(Action::Help))]
#[case::search_field_f1_helps(SearchField, key(KeyCode::F(1)), Some(Action::Help))]
#[case::r_refreshes_my_bookings(Screen(MyBookings), ch('r'), Some(Action::Refresh))]
#[case::x_cancels_a_booking(Screen(MyBookings), ch('x'), Some(Action::Remove))]
#[case::y_copies_the_link(Screen(MyBookings), ch('y'), Some(Action::Copy))]
#[case::s_sends_pending(Screen(MyBookings), ch('s'), Some(Action::SubmitInput))]
#[case::r_registers_for_the_selected_date(Screen(Events), ch('r'), Some(Action::Register))]
// unbound keys and releases do nothing
#[case::unbound_key(Screen(Home), ch('z'), None)]
#[case::release_is_ignored(Screen(Home), release(ch('q')), None)]
fn key_to_action(#[case] at: At, #[case] event: KeyEvent, #[case] expected: Option<Action>) {
    let mut app = app_at(at);
    assert_eq!(app.handle_key(&event), expected);
}

#[test]
fn esc_in_the_catalogue_first_clears_the_search() {
    let mut app = app_at(SearchField);
    type_text(&mut app, "plau");
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(
        app.handle_key(&key(KeyCode::Esc)),
        Some(Action::ClearSearch)
    );
}

#[test]
fn typing_searches_on_every_keystroke() {
    let mut app = app_at(SearchField);
    let all = app.ctx.catalog.tools.len();
    press(&mut app, ch('p'));
    let after_p = catalogue(&mut app).visible.len();
    type_text(&mut app, "lauder");
    let first = catalogue(&mut app).visible[0];
    assert!(after_p < all, "p alone should already narrow the list");
    assert_eq!(app.ctx.catalog.tools[first].id, "plauderbox");
    assert_eq!(catalogue(&mut app).query, "plauder");
    press(&mut app, key(KeyCode::Backspace));
    assert_eq!(catalogue(&mut app).query, "plaude");
    press(&mut app, ctrl('u'));
    assert_eq!(catalogue(&mut app).visible.len(), all);
}

#[test]
fn search_field_keeps_focus_until_esc_or_enter() {
    let mut app = app(Lang::De);
    press(&mut app, ch('/'));
    assert_eq!(app.current(), Catalogue);
    assert_eq!(catalogue(&mut app).focus, Pane::Search);
    type_text(&mut app, "qj?");
    assert_eq!(app.current(), Catalogue, "q must not quit while typing");
    assert!(!app.should_quit);
    assert_eq!(catalogue(&mut app).query, "qj?");
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(catalogue(&mut app).focus, Pane::Tools);
    assert_eq!(catalogue(&mut app).query, "qj?", "leaving keeps the query");
}

#[test]
fn enter_opens_the_selected_tool_and_esc_returns() {
    let mut app = app_at(Screen(Catalogue));
    press(&mut app, ch('j'));
    let selected = catalogue(&mut app).selected_tool().unwrap();
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(app.current(), Detail);
    assert_eq!(app.stack(), &[Home, Catalogue, Detail]);
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.current(), Catalogue);
    assert_eq!(catalogue(&mut app).selected_tool(), Some(selected));
}

#[test]
fn filters_combine_show_as_chips_and_come_off_one_by_one_or_all() {
    let mut app = app_at(Screen(Catalogue));
    press(&mut app, ch('o'));
    press(&mut app, ch('e'));
    assert_eq!(
        catalogue(&mut app).filters.chips(),
        vec![Chip::On(FilterKey::OpenSource), Chip::On(FilterKey::E2e)]
    );
    let tools = app.ctx.catalog.tools.clone();
    for &i in &catalogue(&mut app).visible {
        assert!(tools[i].open_source);
    }
    press(&mut app, ch('x'));
    assert_eq!(
        catalogue(&mut app).filters.chips(),
        vec![Chip::On(FilterKey::OpenSource)]
    );
    press(&mut app, ch('u'));
    press(&mut app, ch('f'));
    app.dispatch(Action::Filter(FilterKey::Platform(Platform::Linux)));
    assert_eq!(catalogue(&mut app).filters.chips().len(), 4);
    assert_eq!(
        catalogue(&mut app).filters.chips(),
        vec![
            Chip::On(FilterKey::Platform(Platform::Linux)),
            Chip::On(FilterKey::OpenSource),
            Chip::On(FilterKey::FreeTier),
            Chip::On(FilterKey::Eu)
        ]
    );
    // a chip in the middle, as a click on it would remove it
    app.dispatch(Action::RemoveChip(1));
    assert_eq!(
        catalogue(&mut app).filters.chips(),
        vec![
            Chip::On(FilterKey::Platform(Platform::Linux)),
            Chip::On(FilterKey::FreeTier),
            Chip::On(FilterKey::Eu)
        ]
    );
    press(&mut app, ch('X'));
    assert!(catalogue(&mut app).filters.is_empty());
    assert_eq!(
        catalogue(&mut app).visible.len(),
        app.ctx.catalog.tools.len()
    );
}

#[test]
fn the_filter_pane_toggles_with_enter_and_space() {
    let mut app = app_at(Screen(Catalogue));
    press(&mut app, key(KeyCode::Tab));
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(catalogue(&mut app).focus, Pane::Filters);
    press(&mut app, ch(' '));
    press(&mut app, ch('j'));
    press(&mut app, key(KeyCode::Enter));
    assert_eq!(
        catalogue(&mut app).filters.chips(),
        vec![
            Chip::On(FilterKey::OpenSource),
            Chip::On(FilterKey::SelfHostable)
        ]
    );
    press(&mut app, ch(' '));
    assert_eq!(
        catalogue(&mut app).filters.chips(),
        vec![Chip::On(FilterKey::OpenSource)]
    );
}

#[test]
fn moving_in_categories_filters_by_category() {
    let mut app = app_at(Screen(Catalogue));
    press(&mut app, key(KeyCode::Tab));
    assert_eq!(catalogue(&mut app).focus, Pane::Categories);
    press(&mut app, ch('j'));
    let chips = catalogue(&mut app).filters.chips();
    assert_eq!(chips, vec![Chip::Category("chat".into())]);
    assert_eq!(catalogue(&mut app).visible.len(), 2);
    press(&mut app, ch('x'));
    assert!(catalogue(&mut app).filters.is_empty());
}

#[test]
fn c_marks_up_to_four_tools_then_v_compares() {
    let mut app = app_at(Screen(Catalogue));
    press(&mut app, ch('c'));
    press(&mut app, ch('j'));
    press(&mut app, ch('c'));
    assert_eq!(app.ctx.marked, vec![0, 1]);
    press(&mut app, ch('v'));
    assert_eq!(app.current(), Compare);
    press(&mut app, ch('l'));
    press(&mut app, ch('d'));
    assert_eq!(app.ctx.marked, vec![0]);
    press(&mut app, key(KeyCode::Esc));
    for _ in 0..4 {
        press(&mut app, ch('j'));
        press(&mut app, ch('c'));
    }
    assert_eq!(app.ctx.marked.len(), 4, "a fifth tool is refused");
    assert!(app.ctx.status.is_some(), "and the user is told why");
    press(&mut app, ch('k'));
    press(&mut app, ch('c'));
    assert_eq!(app.ctx.marked.len(), 3, "c on a marked tool unmarks it");
}

#[test]
fn compare_with_fewer_than_two_tools_explains_how() {
    let mut app = app_at(Screen(Catalogue));
    press(&mut app, ch('v'));
    assert_eq!(app.current(), Compare);
    assert!(app.ctx.status.is_some());
}

#[test]
fn language_switches_at_runtime() {
    let mut app = app(Lang::De);
    press(&mut app, ch('L'));
    assert_eq!(app.ctx.lang, Lang::En);
    assert!(render(&mut app, 80, 24).contains("Welcome to vereint"));
    press(&mut app, ch('L'));
    assert!(render(&mut app, 80, 24).contains("Willkommen bei vereint"));
}

#[test]
fn help_opens_on_top_and_esc_closes_it() {
    let mut app = app_at(Screen(Examples));
    press(&mut app, ch('?'));
    assert_eq!(app.current(), Help);
    press(&mut app, ch('?'));
    assert_eq!(
        app.stack(),
        &[Home, Examples, Help],
        "help is not stacked twice"
    );
    press(&mut app, key(KeyCode::Esc));
    assert_eq!(app.current(), Examples);
}

#[test]
fn q_quits() {
    let mut app = app_at(Screen(Catalogue));
    press(&mut app, ch('q'));
    assert!(app.should_quit);
}

#[test]
fn mouse_clicks_select_open_and_switch_tabs() {
    let mut app = app_at(Screen(Catalogue));
    render(&mut app, 80, 24);
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    // the third tool: header row 0, search 1-3, chips 4, pane border 5, column titles 6
    let row = 6 + 3;
    let action = app.handle_mouse(&click(40, row)).unwrap();
    app.dispatch(action);
    assert_eq!(catalogue(&mut app).selected_tool(), Some(2));
    let action = app.handle_mouse(&click(40, row)).unwrap();
    assert_eq!(
        app.update(action),
        Some(Action::ShowTool(2)),
        "a second click opens"
    );
    // the wheel scrolls
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        ..click(40, row)
    };
    let action = app.handle_mouse(&wheel).unwrap();
    app.dispatch(action);
    assert_eq!(catalogue(&mut app).selected_tool(), Some(3));
    // the tab bar
    let text = render(&mut app, 80, 24);
    let first_line = text.lines().next().unwrap();
    let col = first_line.find("Events").unwrap() as u16 - 1;
    assert_eq!(app.handle_mouse(&click(col, 0)), Some(Action::Go(Events)));
}

#[test]
fn the_index_is_built_after_the_first_frame_in_the_background() {
    let mut app = app(Lang::En);
    assert!(!app.ctx.has_index());
    render(&mut app, 80, 24);
    app.after_first_frame();
    let jobs = app.take_jobs();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].name, "search index");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let action = runtime.block_on(async {
        let job = jobs.into_iter().next().unwrap();
        tokio::spawn(job.run).await.unwrap()
    });
    assert!(matches!(action, Action::IndexReady(..)));
    app.dispatch(action);
    assert!(app.ctx.has_index());
}

#[test]
fn the_embedded_keymap_parses_and_every_binding_has_both_languages() {
    let keymap = Keymap::embedded();
    for mode in Mode::ALL {
        for b in keymap.bindings(mode) {
            assert!(
                !b.desc.de.trim().is_empty() && !b.desc.en.trim().is_empty(),
                "{b:?}"
            );
        }
    }
    assert!(!keymap.bindings(Mode::Global).is_empty());
}

#[test]
fn keymap_errors_name_the_problem() {
    let err = Keymap::parse("[[nowhere]]\non=[\"q\"]\nrun=\"quit\"\ndesc={de=\"x\",en=\"y\"}")
        .unwrap_err();
    assert!(err.contains("nowhere"), "{err}");
    let err =
        Keymap::parse("[[global]]\non=[\"q\"]\nrun=\"fly\"\ndesc={de=\"x\",en=\"y\"}").unwrap_err();
    assert!(err.contains("fly"), "{err}");
    let err = Keymap::parse("[[global]]\non=[\"hyper-q\"]\nrun=\"quit\"\ndesc={de=\"x\",en=\"y\"}")
        .unwrap_err();
    assert!(err.contains("hyper-q"), "{err}");
}

#[rstest]
#[case("q", Key { code: KeyCode::Char('q'), ctrl: false, alt: false })]
#[case("ctrl-c", Key { code: KeyCode::Char('c'), ctrl: true, alt: false })]
#[case("alt-x", Key { code: KeyCode::Char('x'), ctrl: false, alt: true })]
#[case("-", Key { code: KeyCode::Char('-'), ctrl: false, alt: false })]
#[case("pagedown", Key { code: KeyCode::PageDown, ctrl: false, alt: false })]
#[case("f12", Key { code: KeyCode::F(12), ctrl: false, alt: false })]
#[case("space", Key { code: KeyCode::Char(' '), ctrl: false, alt: false })]
fn key_specs_parse(#[case] spec: &str, #[case] expected: Key) {
    assert_eq!(Key::parse(spec), Some(expected));
}

fn catalogue(app: &mut App) -> &mut super::screens::catalogue::Catalogue {
    app.catalogue_mut()
}

fn left_click(column: u16, row: u16) -> MouseEvent {
    MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

/// Column and row of `text` on the rendered screen.
fn locate(screen: &str, text: &str) -> (u16, u16) {
    for (y, line) in screen.lines().enumerate() {
        let line = line.trim_start_matches('"');
        if let Some(byte) = line.find(text) {
            return (line[..byte].chars().count() as u16, y as u16);
        }
    }
    panic!("{text:?} not on screen:\n{screen}");
}

#[test]
fn clicking_a_chip_removes_that_filter_and_clicking_a_category_selects_it() {
    let mut app = app_at(Screen(Catalogue));
    press(&mut app, ch('o'));
    press(&mut app, ch('e'));
    let screen = render(&mut app, 120, 40);
    let (x, y) = locate(&screen, "Open source ×");
    let click = app.handle_mouse(&left_click(x + 2, y)).unwrap();
    let action = app.update(click).unwrap();
    assert_eq!(action, Action::RemoveChip(0));
    app.dispatch(action);
    assert_eq!(
        catalogue(&mut app).filters.chips(),
        vec![Chip::On(FilterKey::E2e)]
    );

    let screen = render(&mut app, 120, 40);
    let (x, y) = locate(&screen, "Password managers");
    let action = app.handle_mouse(&left_click(x, y)).unwrap();
    app.dispatch(action);
    assert_eq!(
        catalogue(&mut app).filters.chips(),
        vec![Chip::Category("passwords".into()), Chip::On(FilterKey::E2e)]
    );
    assert_eq!(catalogue(&mut app).focus, Pane::Categories);
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = app_at(Screen(Catalogue));
    let screen = render(&mut app, 120, 40);
    let (x, y) = locate(&screen, "Open source");
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        ..left_click(x, y)
    };
    let action = app.handle_mouse(&wheel).unwrap();
    assert_eq!(catalogue(&mut app).focus, Pane::Filters);
    app.dispatch(action);
    press(&mut app, ch(' '));
    assert_eq!(
        catalogue(&mut app).filters.chips(),
        vec![Chip::On(FilterKey::SelfHostable)]
    );
}

#[test]
fn clicking_in_the_comparison_picks_a_tool_and_a_second_click_opens_it() {
    let mut app = app_at(Screen(Compare));
    let screen = render(&mut app, 120, 40);
    let second = app.ctx.catalog.tools[1].name.clone();
    let (x, y) = locate(&screen, &second);
    let action = app.handle_mouse(&left_click(x, y)).unwrap();
    app.dispatch(action);
    let action = app.handle_mouse(&left_click(x, y + 3)).unwrap();
    assert_eq!(app.update(action), Some(Action::ShowTool(1)));
}

// ---- admin screens and dashboard ----

mod admin {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use rstest::rstest;

    use super::super::action::{Action, ScreenId};
    use super::super::app::App;
    use super::super::ctx::AdminAccess;
    use super::super::results::AdminResult;
    use super::super::screens::admin::REFRESH_SECS;
    use super::super::snapshot_tests::admin::{TOKEN, loaded, pending};
    use super::super::testing::*;
    use crate::i18n::Lang;

    #[derive(Debug, Clone, Copy)]
    enum In {
        Bookings,
        RejectPrompt,
        Registrations,
        Dashboard,
        DashboardFilter,
        DashboardDetail,
    }

    fn app_in(at: In) -> App {
        let mut app = loaded(Lang::En);
        let tab = |app: &mut App| press(app, key(KeyCode::Tab));
        match at {
            In::Bookings => {}
            In::RejectPrompt => press(&mut app, ch('x')),
            In::Registrations => tab(&mut app),
            In::Dashboard => {
                tab(&mut app);
                tab(&mut app);
            }
            In::DashboardFilter => {
                tab(&mut app);
                tab(&mut app);
                press(&mut app, ch('/'));
            }
            In::DashboardDetail => {
                tab(&mut app);
                tab(&mut app);
                press(&mut app, key(KeyCode::Enter));
            }
        }
        app
    }

    #[test]
    fn shift_a_opens_the_admin_screen_from_anywhere() {
        let mut app = app(Lang::De);
        assert_eq!(app.handle_key(&ch('A')), Some(Action::Go(ScreenId::Admin)));
        go(&mut app, ScreenId::Catalogue);
        assert_eq!(app.handle_key(&ch('A')), Some(Action::Go(ScreenId::Admin)));
    }

    #[rstest]
    #[case::a_approves(In::Bookings, ch('a'), Some(Action::Approve))]
    #[case::x_rejects(In::Bookings, ch('x'), Some(Action::Reject))]
    #[case::r_reloads(In::Bookings, ch('r'), Some(Action::Refresh))]
    #[case::tab_next_section(In::Bookings, key(KeyCode::Tab), Some(Action::NextPane))]
    #[case::j_moves(In::Bookings, ch('j'), Some(Action::Down))]
    #[case::esc_leaves(In::Bookings, key(KeyCode::Esc), Some(Action::Back))]
    #[case::q_quits(In::Bookings, ch('q'), Some(Action::Quit))]
    #[case::prompt_takes_q(In::RejectPrompt, ch('q'), Some(Action::Input('q')))]
    #[case::prompt_takes_a(In::RejectPrompt, ch('a'), Some(Action::Input('a')))]
    #[case::prompt_enter_sends(In::RejectPrompt, key(KeyCode::Enter), Some(Action::SubmitInput))]
    #[case::prompt_esc_cancels(In::RejectPrompt, key(KeyCode::Esc), Some(Action::CancelInput))]
    #[case::prompt_backspace(In::RejectPrompt, key(KeyCode::Backspace), Some(Action::DeleteBack))]
    #[case::prompt_ctrl_c_quits(In::RejectPrompt, ctrl('c'), Some(Action::Quit))]
    #[case::enter_picks_an_event(In::Registrations, key(KeyCode::Enter), Some(Action::Open))]
    #[case::o_sorts(In::Dashboard, ch('o'), Some(Action::Sort))]
    #[case::p_only_problems(In::Dashboard, ch('p'), Some(Action::OnlyProblems))]
    #[case::slash_filters(In::Dashboard, ch('/'), Some(Action::FilterText))]
    #[case::enter_opens_the_detail(In::Dashboard, key(KeyCode::Enter), Some(Action::Open))]
    #[case::r_reloads_the_dashboard(In::Dashboard, ch('r'), Some(Action::Refresh))]
    #[case::esc_leaves_the_dashboard(In::Dashboard, key(KeyCode::Esc), Some(Action::Back))]
    #[case::filter_takes_letters(In::DashboardFilter, ch('j'), Some(Action::Input('j')))]
    #[case::filter_esc(In::DashboardFilter, key(KeyCode::Esc), Some(Action::CancelInput))]
    #[case::detail_esc_closes_it(In::DashboardDetail, key(KeyCode::Esc), Some(Action::CancelInput))]
    #[case::detail_scrolls(In::DashboardDetail, ch('j'), Some(Action::Down))]
    #[case::backtab_previous_section(
        In::Dashboard,
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        Some(Action::PrevPane)
    )]
    fn admin_key_to_action(
        #[case] at: In,
        #[case] event: KeyEvent,
        #[case] expected: Option<Action>,
    ) {
        let mut app = app_in(at);
        assert_eq!(app.handle_key(&event), expected);
    }

    fn job_names(app: &mut App) -> Vec<&'static str> {
        app.take_jobs().iter().map(|j| j.name).collect()
    }

    #[test]
    fn approve_sends_and_the_answer_removes_the_booking() {
        let mut app = app_in(In::Bookings);
        press(&mut app, ch('a'));
        assert_eq!(job_names(&mut app), vec!["admin decision"]);
        let mut approved = pending()[0].clone();
        approved.status = crate::api::BookingStatus::Approved;
        app.dispatch(Action::Admin(AdminResult::Decided {
            approved: true,
            result: Ok(Box::new(approved)),
        }));
        let status = app.ctx.status.clone().unwrap();
        assert!(
            status.contains("bk_chor") && status.contains("approved"),
            "{status}"
        );
        let screen = render(&mut app, 120, 40);
        assert!(!screen.contains("Kiezchor Vorstand"), "{screen}");
        assert!(screen.contains("SV Nord Jugend"));
    }

    #[test]
    fn reject_needs_a_reason_and_esc_cancels() {
        let mut app = app_in(In::Bookings);
        press(&mut app, ch('x'));
        press(&mut app, key(KeyCode::Enter));
        assert!(app.take_jobs().is_empty(), "no reason, nothing sent");
        assert!(app.ctx.status.is_some());
        type_text(&mut app, "  ");
        press(&mut app, key(KeyCode::Enter));
        assert!(app.take_jobs().is_empty(), "blanks are no reason");
        press(&mut app, key(KeyCode::Esc));
        assert_eq!(app.current(), ScreenId::Admin, "Esc closes the prompt only");
        assert_eq!(app.handle_key(&ch('q')), Some(Action::Quit));
        press(&mut app, ch('x'));
        type_text(&mut app, "kein Vereinsbezug");
        press(&mut app, key(KeyCode::Enter));
        assert_eq!(job_names(&mut app), vec!["admin decision"]);
    }

    #[test]
    fn the_screen_refreshes_every_30_seconds_but_never_twice_at_once() {
        let mut app = loaded(Lang::En);
        let t0 = now();
        app.dispatch(Action::Tick(
            t0 + jiff::SignedDuration::from_secs(REFRESH_SECS - 1),
        ));
        assert!(app.take_jobs().is_empty());
        let due = t0 + jiff::SignedDuration::from_secs(REFRESH_SECS);
        app.dispatch(Action::Tick(due));
        assert_eq!(
            job_names(&mut app),
            vec![
                "admin bookings",
                "admin events",
                "admin outbox",
                "dashboard"
            ]
        );
        // nothing came back yet: the next due tick waits
        app.dispatch(Action::Tick(
            due + jiff::SignedDuration::from_secs(REFRESH_SECS),
        ));
        assert!(app.take_jobs().is_empty());
        // not on the screen any more: no refresh
        let mut app = loaded(Lang::En);
        press(&mut app, key(KeyCode::Esc));
        app.dispatch(Action::Tick(due));
        assert!(app.take_jobs().is_empty());
    }

    #[test]
    fn dashboard_sorts_filters_and_opens_the_detail() {
        let mut app = app_in(In::Dashboard);
        let order = |app: &mut App| -> Vec<String> {
            let screen = render(app, 120, 40);
            [
                "Kiezchor",
                "Sportverein",
                "Gemeinschaftsgarten",
                "Nachbarschaftshaus",
            ]
            .iter()
            .filter_map(|n| screen.find(n).map(|p| (p, n.to_string())))
            .collect::<std::collections::BTreeMap<_, _>>()
            .into_values()
            .collect()
        };
        // by status: stale, warning, new, ok
        assert_eq!(
            order(&mut app),
            [
                "Gemeinschaftsgarten",
                "Sportverein",
                "Nachbarschaftshaus",
                "Kiezchor"
            ]
        );
        press(&mut app, ch('o'));
        assert_eq!(
            order(&mut app),
            [
                "Gemeinschaftsgarten",
                "Kiezchor",
                "Nachbarschaftshaus",
                "Sportverein"
            ],
            "by name"
        );
        press(&mut app, ch('o'));
        assert_eq!(
            order(&mut app),
            [
                "Sportverein",
                "Gemeinschaftsgarten",
                "Kiezchor",
                "Nachbarschaftshaus"
            ],
            "slowest first"
        );
        press(&mut app, ch('o'));
        assert_eq!(
            order(&mut app),
            [
                "Nachbarschaftshaus",
                "Gemeinschaftsgarten",
                "Sportverein",
                "Kiezchor"
            ],
            "longest silent first"
        );
        press(&mut app, ch('p'));
        assert_eq!(
            order(&mut app),
            ["Nachbarschaftshaus", "Gemeinschaftsgarten", "Sportverein"],
            "only problems"
        );
        press(&mut app, ch('/'));
        type_text(&mut app, "nord");
        press(&mut app, key(KeyCode::Enter));
        assert_eq!(order(&mut app), ["Sportverein"]);
        press(&mut app, key(KeyCode::Enter));
        let detail = render(&mut app, 120, 40);
        assert!(detail.contains("in_nord"), "{detail}");
        assert!(detail.contains("9 d"), "certificate days: {detail}");
        press(&mut app, key(KeyCode::Esc));
        assert_eq!(app.current(), ScreenId::Admin);
        assert_eq!(order(&mut app), ["Sportverein"], "back at the list");
        press(&mut app, key(KeyCode::Esc));
        assert_eq!(app.current(), ScreenId::Home);
    }

    #[test]
    fn the_token_is_not_in_debug_output() {
        let access = AdminAccess::new("http://127.0.0.1:9/", TOKEN);
        let text = format!("{access:?}");
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("127.0.0.1:9"));
    }
}
