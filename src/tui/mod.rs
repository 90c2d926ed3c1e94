//! The terminal interface.

use crate::session::Session;

pub fn run(_session: Session) -> anyhow::Result<()> {
    anyhow::bail!("the terminal interface is being built")
}
