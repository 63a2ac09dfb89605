//! Publication dates: `YYYY-MM-DD` or RFC 3339, validated, with the calendar day kept for display
//! and facets and a UTC timestamp for sorting and range filters.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A validated publication date, serialised as the text it was given in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationDate {
    text: String,
    year: i32,
    month: u32,
    day: u32,
    timestamp: i64,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {text:?}: expected YYYY-MM-DD or RFC 3339 (2013-02-20T10:00:00Z)")]
pub struct InvalidDate {
    /// The refused text.
    pub text: String,
}

impl PublicationDate {
    /// Parses `YYYY-MM-DD` or an RFC 3339 date-time; rejects impossible days (`2013-02-30`).
    pub fn parse(text: &str) -> Result<Self, InvalidDate> {
        let invalid = || InvalidDate { text: text.to_string() };
        let (date_part, time_part) = match text.split_once(['T', 't', ' ']) {
            Some((date, time)) => (date, Some(time)),
            None => (text, None),
        };
        let (year, month, day) = parse_calendar_day(date_part).ok_or_else(invalid)?;
        let seconds_in_day = match time_part {
            Some(time) => parse_time_with_offset(time).ok_or_else(invalid)?,
            None => 0,
        };
        let timestamp = days_from_civil(year, month, day) * 86_400 + seconds_in_day;
        Ok(PublicationDate { text: text.to_string(), year, month, day, timestamp })
    }

    /// Builds the date of a calendar day, as archive pages show it ("20 février 2013").
    pub fn from_calendar_day(year: i32, month: u32, day: u32) -> Result<Self, InvalidDate> {
        Self::parse(&format!("{year:04}-{month:02}-{day:02}"))
    }

    /// The calendar day as `YYYY-MM-DD`, in the time zone the date was written in.
    pub fn day_string(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The year, for the years facet.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month as `YYYY-MM`, for the months facet.
    pub fn month_string(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Days since 1970-01-01 of the calendar day as written (not converted to UTC): the key of
    /// date-range filters, so that a range selects the days the articles show and the years
    /// facet counts.
    pub fn day_number(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// Seconds since 1970-01-01 UTC: the sort key.
    pub fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// The text the date was given as.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The same date `days` later (earlier when negative), written the same way: a time of day
    /// and its offset are kept. Synthetic benchmark corpora jitter real dates with it. Fails
    /// only when the day would fall outside the years 0000 to 9999.
    pub fn shifted_by_days(&self, days: i64) -> Result<Self, InvalidDate> {
        let (year, month, day) = civil_from_days(self.day_number() + days);
        let time_of_day = &self.text[10..];
        Self::parse(&format!("{year:04}-{month:02}-{day:02}{time_of_day}"))
    }
}

impl fmt::Display for PublicationDate {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.text)
    }
}

impl Serialize for PublicationDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for PublicationDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PublicationDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn parse_calendar_day(text: &str) -> Option<(i32, u32, u32)> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i32 = parse_digits(&text[0..4])?;
    let month: u32 = parse_digits(&text[5..7])?;
    let day: u32 = parse_digits(&text[8..10])?;
    let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    valid.then_some((year, month, day))
}

/// Parses `HH:MM:SS[.fraction](Z|±HH:MM)` into seconds since midnight UTC of the same day.
fn parse_time_with_offset(text: &str) -> Option<i64> {
    let (clock, offset_seconds) = if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else {
        let sign_position = text.rfind(['+', '-'])?;
        let (clock, offset) = text.split_at(sign_position);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (hours, minutes) = offset[1..].split_once(':')?;
        let hours: i64 = parse_digits(hours).filter(|hours| *hours <= 23)?;
        let minutes: i64 = parse_digits(minutes).filter(|minutes| *minutes <= 59)?;
        (clock, sign * (hours * 3600 + minutes * 60))
    };
    let clock = clock.split_once('.').map_or(clock, |(whole, fraction)| {
        if fraction.bytes().all(|b| b.is_ascii_digit()) && !fraction.is_empty() {
            whole
        } else {
            "invalid"
        }
    });
    let mut parts = clock.split(':');
    let hours: i64 = parse_digits(parts.next()?)?;
    let minutes: i64 = parse_digits(parts.next()?)?;
    let seconds: i64 = parse_digits(parts.next()?)?;
    let valid = parts.next().is_none() && hours < 24 && minutes < 60 && seconds <= 60;
    valid.then_some(hours * 3600 + minutes * 60 + seconds - offset_seconds)
}

fn parse_digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a day number since 1970-01-01: the inverse of
/// [`days_from_civil`] (Howard Hinnant's algorithm).
fn civil_from_days(day_number: i64) -> (i64, u32, u32) {
    let shifted = day_number + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both are within their calendar bounds by construction.
    (year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_calendar_days_and_their_timestamps() {
        let date = PublicationDate::parse("2013-02-20").unwrap();
        assert_eq!(date.timestamp(), 1_361_318_400);
        assert_eq!(date.day_string(), "2013-02-20");
        assert_eq!(date.month_string(), "2013-02");
        assert_eq!(PublicationDate::parse("1970-01-01").unwrap().timestamp(), 0);
        assert_eq!(PublicationDate::parse("2000-02-29").unwrap().timestamp(), 951_782_400);
    }

    #[test]
    fn parses_rfc3339_with_offsets() {
        let utc = PublicationDate::parse("2013-02-20T10:00:00Z").unwrap();
        let montreal = PublicationDate::parse("2013-02-20T05:00:00-05:00").unwrap();
        assert_eq!(utc.timestamp(), montreal.timestamp());
        assert_eq!(montreal.day_string(), "2013-02-20");
        assert!(PublicationDate::parse("2013-02-20T10:00:00.123+01:00").is_ok());
        assert!(PublicationDate::parse("2013-02-20 10:00:00Z").is_ok());
    }

    #[test]
    fn shifting_crosses_months_years_and_leap_days_and_keeps_the_time() {
        let shift = |text: &str, days| PublicationDate::parse(text).unwrap().shifted_by_days(days);
        assert_eq!(shift("2013-02-20", 10).unwrap().as_str(), "2013-03-02");
        assert_eq!(shift("2012-02-20", 10).unwrap().as_str(), "2012-03-01");
        assert_eq!(shift("2013-01-05", -30).unwrap().as_str(), "2012-12-06");
        assert_eq!(shift("2000-02-29", 0).unwrap().as_str(), "2000-02-29");
        assert_eq!(shift("1969-12-31", 1).unwrap().as_str(), "1970-01-01");
        let with_time = shift("2013-02-20T10:00:00-05:00", -20).unwrap();
        assert_eq!(with_time.as_str(), "2013-01-31T10:00:00-05:00");
        assert!(shift("0000-01-01", -1).is_err());
        for day_number in -800_000..800_000 {
            let (year, month, day) = civil_from_days(day_number);
            assert_eq!(days_from_civil(year as i32, month, day), day_number);
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for text in [
            "2013-13-45",
            "2013-02-30",
            "2013-2-3",
            "",
            "hier",
            "2013-02-20T25:00:00Z",
            "2013-02-20T10:00",
            "2013-02-20T10:00:00.Z",
            "2100-02-29",
            "2013-01-01T00:00:00+99:00",
            "2013-01-01T00:00:00+9999999999999999:00",
            "2013-01-01T00:00:00+01:60",
        ] {
            assert!(PublicationDate::parse(text).is_err(), "{text} was accepted");
        }
    }
}
