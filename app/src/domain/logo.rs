//! A partner's logo: THE check of an uploaded image. The type is read from
//! the bytes (never from the file name or the browser's word), only raster
//! formats a browser shows as an inert image are taken (PNG, JPEG, WebP),
//! and SVG is refused by name: it can carry script. The stored logo is served
//! from `/logos/{id}` with the type found here and `nosniff`.
use super::validate::FieldError;

/// The largest logo accepted, in bytes (a sidebar mark needs a few KB).
pub const MAX_BYTES: usize = 256 * 1024;

/// The formats accepted, for the file picker.
pub const ACCEPT: &str = "image/png,image/jpeg,image/webp";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageType {
    Png,
    Jpeg,
    Webp,
}

impl ImageType {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
        }
    }

    /// Back from a stored content type (only the three above).
    pub fn of_content_type(ct: &str) -> Option<Self> {
        [Self::Png, Self::Jpeg, Self::Webp]
            .into_iter()
            .find(|t| t.content_type() == ct)
    }
}

fn refuse(reason: &'static str) -> FieldError {
    FieldError {
        field: "logo",
        reason,
    }
}

/// Looks like SVG or other XML/HTML: text that starts with `<` after an
/// optional byte-order mark and white space.
fn is_markup(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    b.iter()
        .find(|c| !c.is_ascii_whitespace())
        .is_some_and(|c| *c == b'<')
}

/// THE logo check: not empty, at most [`MAX_BYTES`], and a PNG, JPEG or WebP
/// by its signature. Refusals name the field `logo`: `required`,
/// `too_large`, `svg` or `unsupported_image`.
pub fn check(bytes: &[u8]) -> Result<ImageType, FieldError> {
    if bytes.is_empty() {
        return Err(refuse("required"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(refuse("too_large"));
    }
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return Ok(ImageType::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(ImageType::Jpeg);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(ImageType::Webp);
    }
    if is_markup(bytes) {
        return Err(refuse("svg"));
    }
    Err(refuse("unsupported_image"))
}

/// Where a stored logo is served.
pub fn url(id: &str) -> String {
    format!("/logos/{id}")
}

/// A logo id is ours (`{owner}-{hash}`: lower-case letters, digits, dashes);
/// anything else in the path is not looked up.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    fn reason(bytes: &[u8]) -> &'static str {
        check(bytes).err().map(|e| e.reason).unwrap_or("accepted")
    }

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(check(PNG), Ok(ImageType::Png));
        assert_eq!(check(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]), Ok(ImageType::Jpeg));
        assert_eq!(check(b"RIFF\x24\0\0\0WEBPVP8 "), Ok(ImageType::Webp));
        // A RIFF that is not WebP (a WAV file) is not an image we take.
        assert_eq!(reason(b"RIFF\x24\0\0\0WAVEfmt "), "unsupported_image");
        assert_eq!(reason(b"GIF89a\x01\0\x01\0"), "unsupported_image");
        assert_eq!(reason(b"%PDF-1.7"), "unsupported_image");
        for t in [ImageType::Png, ImageType::Jpeg, ImageType::Webp] {
            assert_eq!(ImageType::of_content_type(t.content_type()), Some(t));
        }
        assert_eq!(ImageType::of_content_type("image/svg+xml"), None);
    }

    #[test]
    fn svg_and_other_markup_is_refused_by_name() {
        assert_eq!(
            reason(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            "svg"
        );
        assert_eq!(
            reason(b"\xEF\xBB\xBF  \n<?xml version=\"1.0\"?><svg/>"),
            "svg"
        );
        assert_eq!(reason(b"<html><script>alert(1)</script>"), "svg");
    }

    #[test]
    fn size_is_bounded_at_the_edge() {
        let mut at_limit = PNG.to_vec();
        at_limit.resize(MAX_BYTES, 0);
        assert_eq!(check(&at_limit), Ok(ImageType::Png));
        at_limit.push(0);
        assert_eq!(reason(&at_limit), "too_large");
        assert_eq!(reason(&[]), "required");
    }

    #[test]
    fn only_our_ids_are_looked_up() {
        assert!(is_id("p1-0a1b2c3d4e5f6a7b"));
        for bad in [
            "",
            "../etc/passwd",
            "P1-ABC",
            "a/b",
            "a.png",
            &"a".repeat(101),
        ] {
            assert!(!is_id(bad), "{bad}");
        }
    }
}
