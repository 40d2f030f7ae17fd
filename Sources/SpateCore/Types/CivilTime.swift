/// Proleptic Gregorian dates and times as numbers (days since 1970-01-01, microseconds), the way
/// the temporal columns store them, and their printed forms.
public enum CivilTime {
    /// Days since 1970-01-01 of a calendar date (Howard Hinnant's days_from_civil).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day number (civil_from_days).
    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// `2024-01-02`
    public static func dateText(days: Int) -> String {
        let (year, month, day) = date(days: days)
        return (year < 0 ? "-" + pad(-year, 4) : pad(year, 4)) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// Splits microseconds since an epoch into whole days and microseconds of the day.
    public static func split(micros: Int64) -> (days: Int, microsOfDay: Int64) {
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 {
            rest += perDay
            days -= 1
        }
        return (Int(days), rest)
    }

    /// `03:04:05` plus `fraction` digits of the microseconds (trailing zeros removed unless
    /// `minimumFraction` asks to keep some).
    public static func timeText(microsOfDay: Int64, fractionDigits: Int, minimumFraction: Int = 0) -> String {
        let seconds = Int(microsOfDay / 1_000_000)
        let micros = Int(microsOfDay % 1_000_000)
        var text = pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        guard fractionDigits > 0 else { return text }
        var fraction = pad(micros, 6)
        while fraction.count > minimumFraction && fraction.hasSuffix("0") { fraction.removeLast() }
        if !fraction.isEmpty { text += "." + fraction }
        return text
    }
}
