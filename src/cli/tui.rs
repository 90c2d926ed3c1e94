//! `vereint tui` (and `vereint` without a command).

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::session::Session;

#[derive(Debug, Args)]
pub struct TuiArgs {
    /// Draw the first frame, restore the terminal and exit (for start-up benchmarks)
    #[arg(long, hide = true)]
    exit_after_first_frame: bool,
    /// Check the services of this `vereint provision` site file (H: site services)
    #[arg(long, value_name = "FILE")]
    site: Option<PathBuf>,
    /// Milliseconds between clock ticks (tests: a key must show without waiting for one)
    #[arg(long, hide = true, default_value_t = 1000)]
    tick_ms: u64,
}

pub fn run(session: Session, args: TuiArgs) -> anyhow::Result<()> {
    crate::tui::run(
        session,
        crate::tui::Options {
            exit_after_first_frame: args.exit_after_first_frame,
            site: args.site,
            tick: Duration::from_millis(args.tick_ms.max(1)),
        },
    )
}
