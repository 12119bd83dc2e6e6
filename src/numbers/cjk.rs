//! Chinese and Japanese numerals: `三`, `二十一`, `两千`, `一百零五`, `三万`, `二〇一三`, the
//! financial forms (`壹贰叁`), and the multipliers after digits (`94万` is 940,000, `2.5亿`).
//!
//! A numeral is sure where the text marks it as one: after `第` (`第一条`, article 1; `第三章`,
//! chapter 3), before a counter or a date (`三个`, `八月`, `五年`), or when it is more than one
//! character. A lone `一` elsewhere is usually part of a word (`一些` some, `统一` unify, `一般`
//! general), as are the other lone numerals in set phrases (`四川`, `十分`): they are
//! ambiguous. What this file does not do: read approximate pairs (`三四个`, three or four) as
//! ranges, or the `兆` whose value differs between China and Japan.

use super::{Certainty, NumberMention};

/// A numeral character and what it is.
enum Numeral {
    Digit(u64),
    /// Ten, a hundred, a thousand: multiply the digit before them.
    Small(u64),
    /// Ten thousand and a hundred million: multiply everything before them.
    Large(u64),
}

fn numeral(c: char) -> Option<Numeral> {
    use Numeral::*;
    Some(match c {
        '〇' | '零' | '○' => Digit(0),
        '一' | '壹' => Digit(1),
        '二' | '两' | '兩' | '贰' | '貳' => Digit(2),
        '三' | '叁' | '參' => Digit(3),
        '四' | '肆' => Digit(4),
        '五' | '伍' => Digit(5),
        '六' | '陆' | '陸' => Digit(6),
        '七' | '柒' => Digit(7),
        '八' | '捌' => Digit(8),
        '九' | '玖' => Digit(9),
        '十' | '拾' => Small(10),
        '百' | '佰' => Small(100),
        '千' | '仟' => Small(1000),
        '万' | '萬' => Large(10_000),
        '亿' | '億' => Large(100_000_000),
        _ => return None,
    })
}

/// The power of ten a multiplier after digits stands for (`3万`, `2.5亿`, `5千`).
pub(super) fn multiplier(c: char) -> Option<usize> {
    match c {
        '百' => Some(2),
        '千' => Some(3),
        '万' | '萬' => Some(4),
        '亿' | '億' => Some(8),
        _ => None,
    }
}

/// Counters and date characters: a numeral before one of them is a number.
fn is_counter(c: char) -> bool {
    matches!(
        c,
        '条' | '條'
            | '章'
            | '款'
            | '节'
            | '節'
            | '项'
            | '項'
            | '篇'
            | '卷'
            | '册'
            | '年'
            | '月'
            | '日'
            | '号'
            | '號'
            | '时'
            | '時'
            | '点'
            | '秒'
            | '岁'
            | '歳'
            | '歲'
            | '名'
            | '人'
            | '次'
            | '回'
            | '位'
            | '件'
            | '届'
            | '倍'
            | '周'
            | '天'
            | '元'
            | '家'
            | '座'
            | '国'
            | '國'
            | '例'
            | '架'
            | '艘'
            | '辆'
            | '台'
            | '只'
            | '头'
            | '种'
            | '類'
            | '类'
            | '个'
            | '個'
            | 'つ'
            | 'ヶ'
            | 'か'
            | 'カ'
            | '%'
            | '％'
    )
}

/// Runs read as a number by the rules but meaning something else: `千万` "by all means",
/// `万一` "in case", `一一` "one by one", `十分` "very".
const SET_PHRASES: &[&str] = &["千万", "万一", "一一", "十分"];

/// The value of a run of numerals, or `None` when it is no well-formed number.
fn value(run: &[char]) -> Option<u64> {
    let parts: Vec<Numeral> = run.iter().map(|&c| numeral(c)).collect::<Option<_>>()?;
    // Digits only: written digit by digit (`二〇一三`, 2013), from two digits on.
    if parts.iter().all(|p| matches!(p, Numeral::Digit(_))) {
        if parts.len() == 2 && !run.iter().any(|&c| matches!(c, '〇' | '零' | '○')) {
            // `三四`, three or four: no one number.
            return None;
        }
        return parts.iter().try_fold(0u64, |acc, p| match p {
            Numeral::Digit(d) => acc.checked_mul(10)?.checked_add(*d),
            _ => None,
        });
    }
    let (mut total, mut section, mut digit) = (0u64, 0u64, None::<u64>);
    let mut last_small = u64::MAX;
    for p in &parts {
        match *p {
            // `零` holds a place (`一百零五`, 105).
            Numeral::Digit(0) => digit = None,
            Numeral::Digit(d) => {
                if digit.is_some() {
                    return None;
                }
                digit = Some(d);
            }
            Numeral::Small(unit) => {
                if unit >= last_small {
                    return None;
                }
                last_small = unit;
                section += digit.take().unwrap_or(1) * unit;
            }
            Numeral::Large(unit) => {
                let part = section + digit.take().unwrap_or(0);
                total += part.max(1).checked_mul(unit)?;
                section = 0;
                last_small = u64::MAX;
            }
        }
    }
    Some(total + section + digit.unwrap_or(0))
}

/// Every number written in Chinese or Japanese numerals in `text`.
pub(super) fn read(text: &str, out: &mut Vec<NumberMention>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if numeral(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && numeral(chars[i].1).is_some() {
            i += 1;
        }
        let before = start.checked_sub(1).map(|k| chars[k].1);
        // A multiplier after digits (`94万`) belongs to the digits.
        if before.is_some_and(|c| super::digits::digit_value(c).is_some() || c == '.') {
            continue;
        }
        let run: Vec<char> = chars[start..i].iter().map(|&(_, c)| c).collect();
        let Some(v) = value(&run) else { continue };
        let after = chars.get(i).map(|&(_, c)| c);
        let phrase: String = run.iter().collect();
        let ordinal = before == Some('第');
        let counted = after.is_some_and(is_counter) && !(phrase == "一" && after == Some('个'));
        let certainty =
            if ordinal || counted || (run.len() > 1 && !SET_PHRASES.contains(&phrase.as_str())) {
                Certainty::Word
            } else {
                Certainty::Ambiguous
            };
        let end = chars.get(i).map_or(text.len(), |&(b, _)| b);
        out.push(NumberMention {
            start: chars[start].0,
            end,
            values: vec![v.to_string()],
            certainty,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Vec<(String, Certainty)> {
        super::super::reader_tests::read_all(read, text)
    }

    fn sure(text: &str) -> Vec<String> {
        super::super::reader_tests::sure(read, text)
    }

    #[test]
    fn numerals_and_their_values() {
        assert_eq!(sure("第一条"), ["1"]);
        assert_eq!(sure("第二十一条"), ["21"]);
        assert_eq!(sure("第三十条"), ["30"]);
        assert_eq!(sure("第十五章"), ["15"]);
        assert_eq!(sure("一百零五人"), ["105"]);
        assert_eq!(sure("两千名"), ["2000"]);
        assert_eq!(sure("三万"), ["30000"]);
        assert_eq!(sure("一亿二千万"), ["120000000"]);
        assert_eq!(sure("二〇一三年八月"), ["2013", "8"]);
        assert_eq!(sure("一九四八年"), ["1948"]);
        assert_eq!(sure("第壹佰条"), ["100"]);
        assert_eq!(sure("一つ"), ["1"]);
    }

    #[test]
    fn numerals_inside_words_are_ambiguous() {
        for text in ["一些人", "统一", "四川", "十分重要", "千万不要", "一个人"] {
            let found = read_all(text);
            assert!(
                found.iter().all(|(_, c)| *c == Certainty::Ambiguous),
                "{text}: {found:?}"
            );
        }
        assert!(read_all("三四个").is_empty());
        assert!(read_all("十十").is_empty());
    }

    #[test]
    fn a_multiplier_after_digits_is_left_to_them() {
        assert!(read_all("94万").is_empty());
        assert!(read_all("2.5亿").is_empty());
    }
}
