/**
 * The history of computing power (lecture 000): the fastest supercomputer of each year and the
 * transistor counts of landmark chips. Sources in `data/README.md`.
 */
import { csvNumber, readDataCsv } from "./csv";

/** The no. 1 system of one year's (November) TOP500 list. */
export interface Top500Leader {
  year: number;
  system: string;
  site: string;
  /** Sustained LINPACK performance, GFlop/s (10⁹ floating-point operations per second). */
  rmaxGflops: number;
}

/** A landmark processor or GPU. */
export interface TransistorCount {
  year: number;
  chip: string;
  maker: string;
  transistors: number;
}

/** The TOP500 no. 1 of every year 1993–2024, from `data/top500-leaders.csv`. */
export function loadTop500Leaders(): Top500Leader[] {
  const file = "top500-leaders.csv";
  return readDataCsv(file).map((row) => ({
    year: csvNumber(row, "year", file),
    system: row.system,
    site: row.site,
    rmaxGflops: csvNumber(row, "rmax_gflops", file),
  }));
}

/** Transistor counts 1971–2024, from `data/transistor-counts.csv`. */
export function loadTransistorCounts(): TransistorCount[] {
  const file = "transistor-counts.csv";
  return readDataCsv(file).map((row) => ({
    year: csvNumber(row, "year", file),
    chip: row.chip,
    maker: row.maker,
    transistors: csvNumber(row, "transistors", file),
  }));
}
