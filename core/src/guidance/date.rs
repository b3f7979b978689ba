//! A calendar date and working-day arithmetic, small enough to keep the wasm
//! bundle free of a date library. Working days leave out weekends and the
//! bank holidays in England and Wales up to [`BANK_HOLIDAYS_UNTIL`]; past
//! that date the guidance says holidays are not counted.

use std::fmt;

/// A proleptic Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year (1900 to 2999 for dates made by [`Date::new`] and [`Date::parse`]).
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, from 1.
    pub day: u32,
}

/// Bank holidays in England and Wales, as GOV.UK publishes them
/// (<https://www.gov.uk/bank-holidays>), in order: 2025 to 2027, with the
/// substitute days where a holiday falls at a weekend. When adding a year,
/// move [`BANK_HOLIDAYS_UNTIL`] too (the data tool warns six months ahead).
pub const BANK_HOLIDAYS: &[(i32, u32, u32)] = &[
    (2025, 1, 1),
    (2025, 4, 18),
    (2025, 4, 21),
    (2025, 5, 5),
    (2025, 5, 26),
    (2025, 8, 25),
    (2025, 12, 25),
    (2025, 12, 26),
    (2026, 1, 1),
    (2026, 4, 3),
    (2026, 4, 6),
    (2026, 5, 4),
    (2026, 5, 25),
    (2026, 8, 31),
    (2026, 12, 25),
    (2026, 12, 28),
    (2027, 1, 1),
    (2027, 3, 26),
    (2027, 3, 29),
    (2027, 5, 3),
    (2027, 5, 31),
    (2027, 8, 30),
    (2027, 12, 27),
    (2027, 12, 28),
];

/// The last day [`BANK_HOLIDAYS`] covers.
pub const BANK_HOLIDAYS_UNTIL: Date = Date {
    year: 2027,
    month: 12,
    day: 31,
};

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (what `<input type="date">` produces).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let mut parts = s.splitn(3, '-');
        let y = parts.next()?;
        let m = parts.next()?;
        let d = parts.next()?;
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(y) || !all_digits(m) || !all_digits(d) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        ((self.to_days() + 3).rem_euclid(7)) as u32
    }

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    /// A bank holiday in England and Wales, as far as the table knows.
    pub fn is_bank_holiday(self) -> bool {
        BANK_HOLIDAYS.contains(&(self.year, self.month, self.day))
    }

    /// The date `n` working days after this one: Monday to Friday, leaving
    /// out the bank holidays in [`BANK_HOLIDAYS`].
    pub fn add_working_days(self, n: u32) -> Date {
        let mut d = self.to_days();
        let mut left = n;
        while left > 0 {
            d += 1;
            let day = Date::from_days(d);
            if !day.is_weekend() && !day.is_bank_holiday() {
                left -= 1;
            }
        }
        Date::from_days(d)
    }

    /// "Monday" … "Sunday".
    pub fn weekday_name(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self.weekday() as usize]
    }

    /// "November", for month 11 (an out-of-range month is clamped).
    pub fn month_name(month: u32) -> &'static str {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        MONTHS[month.clamp(1, 12) as usize - 1]
    }

    /// "Monday 23 November 2026", for people.
    pub fn long(self) -> String {
        format!(
            "{} {} {} {}",
            self.weekday_name(),
            self.day,
            Date::month_name(self.month),
            self.year
        )
    }
}

impl fmt::Display for Date {
    /// ISO 8601, `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a date (YYYY-MM-DD)")))
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_dates() {
        let d = Date::parse("2026-11-23").unwrap();
        assert_eq!(d.to_string(), "2026-11-23");
        assert_eq!(d.weekday_name(), "Monday");
        assert_eq!(d.long(), "Monday 23 November 2026");
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("23/11/2026").is_none());
        assert!(Date::parse("2026-1-5").is_none());
    }

    #[test]
    fn day_numbers_round_trip() {
        for days in -30_000..80_000 {
            let d = Date::from_days(days);
            assert_eq!(d.to_days(), days);
            assert!(Date::new(d.year, d.month, d.day).is_some() || d.year < 1900 || d.year > 2999);
        }
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
    }

    #[test]
    fn working_days_skip_weekends() {
        let fri = Date::parse("2026-11-27").unwrap();
        assert_eq!(fri.add_working_days(1).to_string(), "2026-11-30");
        let sat = Date::parse("2026-11-28").unwrap();
        assert_eq!(sat.add_working_days(1).to_string(), "2026-11-30");
        let mon = Date::parse("2026-11-23").unwrap();
        assert_eq!(mon.add_working_days(3).to_string(), "2026-11-26");
        assert_eq!(mon.add_working_days(5).to_string(), "2026-11-30");
    }

    #[test]
    fn working_days_skip_bank_holidays() {
        // Christmas 2026: Friday 25 and Monday 28 (Boxing Day's substitute).
        let thu = Date::parse("2026-12-24").unwrap();
        assert_eq!(thu.add_working_days(1).to_string(), "2026-12-29");
        // Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        let thu = Date::parse("2027-03-25").unwrap();
        assert_eq!(thu.add_working_days(1).to_string(), "2027-03-30");
        assert!(BANK_HOLIDAYS.windows(2).all(|w| w[0] < w[1]));
        assert!(BANK_HOLIDAYS.iter().all(|&(y, m, d)| Date::new(y, m, d)
            .is_some_and(|x| !x.is_weekend() && x <= BANK_HOLIDAYS_UNTIL)));
    }
}
