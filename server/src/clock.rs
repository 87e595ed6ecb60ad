//! The real clock and id generator behind `app::ports::clock::Clock`.
use app::domain::model::Millis;
use app::ports::clock::Clock;
use std::sync::Mutex;

/// Wall-clock time; ids are `millis(12 hex) + sequence(4 hex) + random(12 hex)`,
/// strictly increasing within this process.
#[derive(Default)]
pub struct SystemClock {
    last: Mutex<(Millis, u16)>,
}

impl Clock for SystemClock {
    fn now(&self) -> Millis {
        let now = time::OffsetDateTime::now_utc();
        (now.unix_timestamp_nanos() / 1_000_000) as Millis
    }

    fn new_id(&self) -> String {
        let now = self.now();
        let (ms, seq) = match self.last.lock() {
            Ok(mut last) => {
                *last = if now > last.0 {
                    (now, 0)
                } else {
                    (last.0, last.1.wrapping_add(1))
                };
                *last
            }
            Err(_) => (now, rand::random()),
        };
        let random: u64 = rand::random::<u64>() & 0xffff_ffff_ffff;
        format!("{ms:012x}{seq:04x}{random:012x}")
    }
}
