//! One-time passwords: what a person gets when an admin adds them or resets
//! their password (shown once, never stored or logged), and what the
//! identity adapter sets when the provider has no recovery flow. One rule
//! for both.
/// A temporary password as the original made them: 16 characters with at
/// least one upper, lower, digit and symbol, without the look-alikes
/// (I, O, 0, 1, l), shuffled.
pub fn one_time() -> String {
    use rand::seq::{IndexedRandom, SliceRandom};
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
    const DIGIT: &[u8] = b"23456789";
    const SYMBOL: &[u8] = b"!@#$%^&*-_=+?";
    let mut rng = rand::rng();
    let all: Vec<u8> = [UPPER, LOWER, DIGIT, SYMBOL].concat();
    let mut chars: Vec<u8> = [UPPER, LOWER, DIGIT, SYMBOL]
        .iter()
        .filter_map(|set| set.choose(&mut rng).copied())
        .collect();
    while chars.len() < 16 {
        if let Some(c) = all.choose(&mut rng) {
            chars.push(*c);
        }
    }
    chars.shuffle(&mut rng);
    String::from_utf8_lossy(&chars).into_owned()
}

#[cfg(test)]
mod tests {
    use super::one_time;

    #[test]
    fn one_time_passwords_have_every_class_and_no_look_alikes() {
        // 10,000 samples: every one well formed, and no two alike.
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            let p = one_time();
            assert!(seen.insert(p.clone()), "a repeated password");
            assert_eq!(p.len(), 16);
            assert!(p.chars().any(|c| c.is_ascii_uppercase()));
            assert!(p.chars().any(|c| c.is_ascii_lowercase()));
            assert!(p.chars().any(|c| c.is_ascii_digit()));
            assert!(p.chars().any(|c| !c.is_ascii_alphanumeric()));
            assert!(!p.contains(['I', 'O', '0', '1', 'l']));
        }
    }
}
