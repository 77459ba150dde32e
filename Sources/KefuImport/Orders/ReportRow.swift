import Foundation
import KefuModel

/// One data row seen through its header: columns by name, typed reads that record one problem per
/// bad field (named by its header) so a file reports every problem in one run.
struct ReportRow {
    let file: String
    let line: Int
    let fields: [String]
    /// Lowercased header name → column.
    let columns: [String: Int]
    let header: [String]
    var problems: [ImportProblem] = []
    var warnings: [ImportProblem] = []

    init(file: String, record: DelimitedText.Record, header: [String], columns: [String: Int]) {
        self.file = file; line = record.line; fields = record.fields; self.header = header; self.columns = columns
        for col in record.invalidUTF8 where col < header.count {
            warnings.append(ImportProblem(file: file, line: line, field: header[col],
                                          message: "not valid UTF-8; the bad bytes were replaced with U+FFFD"))
        }
    }

    /// The trimmed text of a column; nil when the column is absent or the cell empty.
    func text(_ name: String) -> String? {
        guard let i = columns[name.lowercased()], i < fields.count else { return nil }
        let t = fields[i].trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }

    /// The first of several alternative columns that has a value.
    func text(anyOf names: [String]) -> String? { names.lazy.compactMap { text($0) }.first }

    mutating func fail(_ name: String, _ message: String) {
        problems.append(ImportProblem(file: file, line: line, field: columnName(name), message: message))
    }

    mutating func warn(_ name: String, _ message: String) {
        warnings.append(ImportProblem(file: file, line: line, field: columnName(name), message: message))
    }

    /// The header's own spelling, for messages.
    private func columnName(_ name: String) -> String { columns[name.lowercased()].map { header[$0] } ?? name }

    mutating func required(_ name: String) -> String? {
        guard let t = text(name) else { fail(name, "required"); return nil }
        return t
    }

    mutating func dateTime(_ name: String) -> Date? {
        guard let t = text(name) else { return nil }
        guard let d = ReportValues.dateTime(t) else { fail(name, "not a date and time with a zone: \(QuotedValue.quoted(t))"); return nil }
        if let why = StoreLimits.dateProblem(d) { fail(name, "\(why): \(QuotedValue.quoted(t))"); return nil }
        return d
    }

    mutating func day(_ name: String) -> Date? {
        guard let t = text(name) else { return nil }
        guard let d = ReportValues.day(t) else {
            fail(name, "not a date like Nov-14-26, 14-Nov-26 or 2026-11-14: \(QuotedValue.quoted(t))"); return nil
        }
        if let why = StoreLimits.dateProblem(d) { fail(name, "\(why): \(QuotedValue.quoted(t))"); return nil }
        return d
    }

    mutating func quantity(_ name: String) -> Int? {
        guard let t = text(name) else { return nil }
        guard let q = ReportValues.quantity(t) else { fail(name, "not a whole number ≥ 0: \(QuotedValue.quoted(t))"); return nil }
        return q
    }

    mutating func money(_ name: String, currency: String?) -> Money? {
        guard let t = text(name) else { return nil }
        switch ReportValues.money(t, currency: currency) {
        case .success(let m):
            if let why = StoreLimits.moneyProblem(m) { fail(name, why); return nil }
            return m
        case .failure(.notAnAmount): fail(name, "not an amount: \(QuotedValue.quoted(t))")
        case .failure(.noCurrency): fail(name, "no currency for \(QuotedValue.quoted(t)) (no currency column and none on the amount)")
        case .failure(.badCurrency(let c)): fail(name, "not an ISO 4217 currency code: \(QuotedValue.quoted(c))")
        }
        return nil
    }

    mutating func currency(_ name: String) -> String? {
        guard let t = text(name) else { return nil }
        let code = t.uppercased()
        guard Money.isCurrencyCode(code) else { fail(name, "not an ISO 4217 currency code: \(QuotedValue.quoted(t))"); return nil }
        return code
    }

    /// Country, region and zone from a country column (code or name) and an optional region column.
    mutating func place(country countryColumns: [String], region regionColumns: [String]) -> (String?, String?, String?) {
        guard let raw = text(anyOf: countryColumns) else { return (nil, nil, nil) }
        guard let country = ReportRegions.countryCode(raw) else {
            // Not worth rejecting an order over: the case just keeps its own country.
            warn(countryColumns.first { text($0) != nil } ?? countryColumns[0], "unknown country \(QuotedValue.quoted(raw)); left out")
            return (nil, nil, nil)
        }
        let region = text(anyOf: regionColumns).flatMap { ReportRegions.regionCode($0, country: country) }
        return (country, region, ReportRegions.timeZone(country: country, region: region))
    }
}
