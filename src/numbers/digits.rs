//! The decimal digits of every script: which characters are digits 0 to 9.
//!
//! Unicode gives every decimal digit set (general category Nd) as ten consecutive code points
//! from its zero, so a sorted list of the zeros answers for all of them. What this file does not
//! do: other numeric characters (fractions `½`, circled `①`, superscripts `²`), which are not
//! written as digits of a number.

/// The zero of every decimal digit set in Unicode 16.0 (general category Nd), ascending: ASCII,
/// Arabic-Indic, Extended Arabic-Indic (Persian, Urdu), NKo, the Indic scripts (Devanagari,
/// Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala), Thai, Lao,
/// Tibetan, Myanmar, Khmer, Mongolian and the other scripts of South and Southeast Asia, the
/// fullwidth digits of Chinese and Japanese text, and the historic and mathematical sets of the
/// supplementary planes.
const DIGIT_ZEROS: [u32; 74] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x10D40, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
    0x11650, 0x116C0, 0x116D0, 0x116DA, 0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50, 0x11D50,
    0x11DA0, 0x11F50, 0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0, 0x1D7CE, 0x1D7D8,
    0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1,
];

/// The value 0 to 9 of a decimal digit of any script.
#[inline]
pub fn digit_value(c: char) -> Option<u32> {
    let c = c as u32;
    if c < 0x80 {
        return (0x30..0x3A).contains(&c).then(|| c - 0x30);
    }
    // The zeros after the nearest one at or below `c`; `c` is a digit when it is within ten of it.
    let after = DIGIT_ZEROS.partition_point(|&zero| zero <= c);
    let zero = DIGIT_ZEROS[after.checked_sub(1)?];
    (c - zero < 10).then(|| c - zero)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_is_ten_numeric_characters_in_order() {
        for window in DIGIT_ZEROS.windows(2) {
            assert!(window[1] >= window[0] + 10, "{:X}", window[1]);
        }
        for &zero in &DIGIT_ZEROS {
            for k in 0..10 {
                let c = char::from_u32(zero + k).unwrap();
                assert!(c.is_numeric(), "U+{:04X}", zero + k);
                assert_eq!(digit_value(c), Some(k), "U+{:04X}", zero + k);
            }
        }
    }

    #[test]
    fn digits_of_the_scripts_people_write_in() {
        let read = |s: &str| -> String {
            s.chars()
                .map(|c| char::from_digit(digit_value(c).unwrap(), 10).unwrap())
                .collect()
        };
        assert_eq!(read("२०१३"), "2013"); // Devanagari
        assert_eq!(read("২০১৩"), "2013"); // Bengali
        assert_eq!(read("๒๕๕๖"), "2556"); // Thai
        assert_eq!(read("༢༠༡༣"), "2013"); // Tibetan
        assert_eq!(read("２０１３"), "2013"); // fullwidth
        assert_eq!(read("٢٠١٣"), "2013"); // Arabic-Indic
        assert_eq!(read("۲۰۱۳"), "2013"); // Persian and Urdu
        assert_eq!(read("၂၀၁၃"), "2013"); // Myanmar
        for c in [
            'a', '½', '①', '²', '一', 'א', '\u{65F}', '\u{6EF}', '\u{FF1A}',
        ] {
            assert_eq!(digit_value(c), None, "{c}");
        }
    }
}
