import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isoWeek,
  latestCompleteMonth,
  latestCompletePeriod,
  localDate,
  periodKeys,
  quarterOf,
  spanOf,
} from "@shared/periods.js";

describe("isoWeek", () => {
  // ISO 8601: weeks start on Monday and week 1 is the week holding the year's first Thursday.
  it("when the date is Sunday 2021-01-03, then it still belongs to 2020-W53 (Thursday 2020-12-31)", () => {
    assert.equal(isoWeek("2021-01-03"), "2020-W53");
  });

  it("when the date is Monday 2021-01-04, then it starts 2021-W01", () => {
    assert.equal(isoWeek("2021-01-04"), "2021-W01");
  });

  it("when the date is Monday 2024-12-30, then it belongs to 2025-W01 (Thursday 2025-01-02)", () => {
    assert.equal(isoWeek("2024-12-30"), "2025-W01");
  });

  it("when the date is Tuesday 2026-11-24, then it is 2026-W48", () => {
    // Monday 2026-11-23 … Sunday 2026-11-29; Thursday 2026-11-26 is day 330 → ceil(330/7) = 48.
    assert.equal(isoWeek("2026-11-24"), "2026-W48");
  });

  it("when a year starts on a Thursday, then that year has a week 53 that reaches into January", () => {
    // 2026-01-01 is a Thursday, so 2026 has 53 ISO weeks; Friday 2027-01-01 is still 2026-W53.
    assert.equal(isoWeek("2026-01-01"), "2026-W01");
    assert.equal(isoWeek("2025-12-29"), "2026-W01");
    assert.equal(isoWeek("2027-01-01"), "2026-W53");
    assert.equal(isoWeek("2027-01-04"), "2027-W01");
  });

  it("when weeks are below 10, then they are zero-padded to two digits", () => {
    assert.equal(isoWeek("2026-02-10"), "2026-W07");
  });
});

describe("localDate", () => {
  const instant = new Date("2026-11-25T03:30:00Z");

  it("when the instant 2026-11-25T03:30Z is seen from America/Chicago (UTC−6), then it is 2026-11-24", () => {
    // 03:30 UTC − 6 h = 21:30 on the previous day.
    assert.equal(localDate(instant, "America/Chicago"), "2026-11-24");
  });

  it("when the same instant is seen from Asia/Tokyo (UTC+9), then it is 2026-11-25", () => {
    // 03:30 UTC + 9 h = 12:30 the same day.
    assert.equal(localDate(instant, "Asia/Tokyo"), "2026-11-25");
  });

  it("when the timezone is UTC, then it is the UTC calendar date", () => {
    assert.equal(localDate(instant, "UTC"), "2026-11-25");
  });

  it("when daylight saving time is in force, then the summer offset is used", () => {
    // 05:30 UTC is 00:30 on the 15th in July (CDT, UTC−5) but 23:30 on the 14th in January (CST, UTC−6).
    assert.equal(localDate(new Date("2026-07-15T05:30:00Z"), "America/Chicago"), "2026-07-15");
    assert.equal(localDate(new Date("2026-01-15T05:30:00Z"), "America/Chicago"), "2026-01-14");
  });
});

describe("periodKeys", () => {
  it("when a response arrives at 2026-11-25T03:30Z for a Chicago agency, then its keys are day 2026-11-24, week 2026-W48, month 2026-11", () => {
    assert.deepEqual(periodKeys(new Date("2026-11-25T03:30:00Z"), "America/Chicago"), {
      day: "2026-11-24",
      week: "2026-W48",
      month: "2026-11",
    });
  });

  it("when the local day is still in the previous month, then the month key follows the local day", () => {
    // 2026-12-01T05:30Z is 2026-11-30 23:30 in Chicago (UTC−6), a Monday: week 49, month November.
    assert.deepEqual(periodKeys(new Date("2026-12-01T05:30:00Z"), "America/Chicago"), {
      day: "2026-11-30",
      week: "2026-W49",
      month: "2026-11",
    });
  });

  it("when the same instant is keyed for Tokyo, then the day, week and month differ from Chicago's", () => {
    // 2026-12-01T05:30Z is 2026-12-01 14:30 in Tokyo, a Tuesday of week 49.
    assert.deepEqual(periodKeys(new Date("2026-12-01T05:30:00Z"), "Asia/Tokyo"), {
      day: "2026-12-01",
      week: "2026-W49",
      month: "2026-12",
    });
  });
});

describe("latestCompleteMonth", () => {
  it("when it is early December in Chicago, then November is the latest complete month", () => {
    assert.equal(latestCompleteMonth(new Date("2026-12-05T12:00:00Z"), "America/Chicago"), "2026-11");
  });

  it("when it is already January in UTC but still December 31 in Chicago, then November is", () => {
    assert.equal(latestCompleteMonth(new Date("2027-01-01T03:00:00Z"), "America/Chicago"), "2026-11");
  });

  it("when it is January, then the previous year's December is", () => {
    assert.equal(latestCompleteMonth(new Date("2027-01-10T12:00:00Z"), "America/Chicago"), "2026-12");
  });
});

describe("headline periods: month or quarter (the agency's choice)", () => {
  it("when months are keyed by quarter, then January–March are Q1 and October–December Q4", () => {
    assert.deepEqual(["2026-01", "2026-03", "2026-04", "2026-09", "2026-10", "2026-12"].map(quarterOf), [
      "2026-Q1",
      "2026-Q1",
      "2026-Q2",
      "2026-Q3",
      "2026-Q4",
      "2026-Q4",
    ]);
  });

  it("when a quarter is spanned, then it runs from its first month's first day to its last month's last", () => {
    assert.deepEqual(spanOf("2026-Q1"), { period: "2026-Q1", from: "2026-01-01", to: "2026-03-31" });
    assert.deepEqual(spanOf("2028-Q1"), { period: "2028-Q1", from: "2028-01-01", to: "2028-03-31" });
    assert.deepEqual(spanOf("2026-02"), { period: "2026-02", from: "2026-02-01", to: "2026-02-28" });
  });

  it("when it is early December, then the latest complete quarter is Q3 and the month November", () => {
    const now = new Date("2026-12-05T12:00:00Z");
    assert.deepEqual(latestCompletePeriod(now, "America/Chicago", "quarter"), {
      period: "2026-Q3",
      from: "2026-07-01",
      to: "2026-09-30",
    });
    assert.equal(latestCompletePeriod(now, "America/Chicago", "month").period, "2026-11");
  });

  it("when it is January 1 in UTC but still December 31 in Chicago, then Q3 is, and in February Q4 of last year", () => {
    assert.equal(
      latestCompletePeriod(new Date("2027-01-01T03:00:00Z"), "America/Chicago", "quarter").period,
      "2026-Q3",
    );
    assert.equal(
      latestCompletePeriod(new Date("2027-02-10T12:00:00Z"), "America/Chicago", "quarter").period,
      "2026-Q4",
    );
  });
});
