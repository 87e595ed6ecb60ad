//! Time and ids are injected, so expiry and ordering are deterministic in tests.
use crate::domain::model::Millis;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Millis;
    /// A new opaque id that sorts after every id made before it.
    fn new_id(&self) -> String;
}
