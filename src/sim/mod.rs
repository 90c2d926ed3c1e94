//! `vereint sim ...`: protocol-faithful stand-ins for the servers vereint drives, for tests and for
//! trying vereint on one machine without the real services.

pub mod bbb;
pub mod mattermost;
