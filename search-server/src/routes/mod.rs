//! One file per route of the JSON API.

pub mod articles;
pub mod health;
pub mod metrics;
pub mod openapi;
pub mod search;
pub mod suggest;
