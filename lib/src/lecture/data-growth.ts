/**
 * The growth of data (lecture 000, slide «Рост числа данных», source: IDC's *Data Age 2025*
 * study, sponsored by Seagate, April 2017). The slide is a bar chart without printed values; these
 * are the totals IDC published in the text of its reports, in zettabytes (1 ZB = 10²¹ bytes =
 * a trillion gigabytes) of data created, captured or replicated in one year:
 *
 * - 2013: 4.4 ZB (IDC/EMC *Digital Universe*, 2014);
 * - 2016: 16.1 ZB and the forecast 163 ZB for 2025 (IDC *Data Age 2025*, 2017 — the slide's study);
 * - 2018: 33 ZB and the forecast 175 ZB for 2025 (IDC *Data Age 2025*, 2018 edition).
 *
 * Forecasts are marked as such; they are not measurements.
 */
import { t } from "../core/i18n";

/** One published figure of the global datasphere. */
export interface DataspherePoint {
  year: number;
  /** Data created, captured or replicated in that year, ZB. */
  zettabytes: number;
  /** "estimate" for a past year, "forecast" for a prediction. */
  kind: "estimate" | "forecast";
  /** Which report published it. */
  source: string;
}

/** IDC's published totals (see the module comment), sorted by year. */
export const IDC_DATASPHERE: readonly DataspherePoint[] = Object.freeze([
  { year: 2013, zettabytes: 4.4, kind: "estimate", source: t`IDC/EMC Digital Universe, 2014` },
  { year: 2016, zettabytes: 16.1, kind: "estimate", source: t`IDC Data Age 2025, 2017` },
  { year: 2018, zettabytes: 33, kind: "estimate", source: t`IDC Data Age 2025, 2018 edition` },
  { year: 2025, zettabytes: 163, kind: "forecast", source: t`IDC Data Age 2025, 2017` },
  { year: 2025, zettabytes: 175, kind: "forecast", source: t`IDC Data Age 2025, 2018 edition` },
] as const);

/** Doubling time in years of growth from (year₀, v₀) to (year₁, v₁): (year₁ − year₀)/log₂(v₁/v₀). */
export function doublingTime(year0: number, v0: number, year1: number, v1: number): number {
  if (!(v0 > 0 && v1 > 0)) throw new Error(t`doublingTime: values must be > 0, got ${v0} and ${v1}.`);
  if (v1 === v0) throw new Error(t`doublingTime: the values are equal, so nothing doubles.`);
  return (year1 - year0) / Math.log2(v1 / v0);
}
