/**
 * The figure type every builder returns, plus figure names.
 *
 * A figure is a plain, JSON-serialisable plotly.js figure (`data`, `layout`, `config`) with a
 * stable `name`. The name is a file-safe slug: slide export writes `figures/<notebook>/<name>.svg`,
 * and the inline display marks the figure's `<div>` with `data-nnlib-figure="<name>"`.
 *
 * The types are deliberately lean: the keys we use are listed, anything else plotly.js accepts
 * may be added through the index signature.
 */
import { t } from "../core/i18n";

/** One plotly.js trace, e.g. `{ type: "scatter", x: [...], y: [...] }`. */
export interface Trace {
  type: "scatter" | "scatter3d" | "bar" | "histogram" | "surface" | "contour" | "heatmap";
  name?: string;
  x?: ReadonlyArray<number | string | null>;
  /** `null` leaves a gap (e.g. a NaN loss in a live plot). */
  y?: ReadonlyArray<number | string | null>;
  /** A grid (surface, contour, heatmap) or, for `scatter3d`, one height per point. */
  z?: ReadonlyArray<ReadonlyArray<number>> | ReadonlyArray<number>;
  mode?: string;
  xaxis?: string;
  yaxis?: string;
  showlegend?: boolean;
  [key: string]: unknown;
}

/** A plotly.js layout; only the keys the builders set are typed. */
export interface Layout {
  title?: { text: string; [key: string]: unknown };
  width?: number;
  height?: number;
  annotations?: Annotation[];
  [key: string]: unknown;
}

/** A text label placed on the plot (used for heatmap cell values and subplot titles). */
export interface Annotation {
  text: string;
  x: number | string;
  y: number | string;
  xref?: string;
  yref?: string;
  showarrow?: boolean;
  [key: string]: unknown;
}

/** plotly.js config (the modebar, responsiveness...). */
export interface PlotConfig {
  responsive?: boolean;
  displaylogo?: boolean;
  [key: string]: unknown;
}

/** A complete figure: what every builder returns and what `show` displays. */
export interface Figure {
  /** Stable, file-safe slug, e.g. `"sigmoid-derivative"`. */
  name: string;
  data: Trace[];
  layout: Layout;
  config?: PlotConfig;
}

/** Options every builder accepts. Give `name`, or a `title` to derive it from. */
export interface FigureOptions {
  /** File-safe slug (lowercase letters, digits, single hyphens), e.g. `"loss-surface"`. */
  name?: string;
  /** Title shown above the plot. When `name` is missing it is derived from the title. */
  title?: string;
  /** Height in pixels (each builder has its own default). */
  height?: number;
  /** Width in pixels; by default the figure fills the notebook's width. */
  width?: number;
}

const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 80;

/**
 * Checks that `name` is a file-safe figure name and returns it.
 * Throws an error naming the builder and the bad value otherwise.
 */
export function validateFigureName(name: string, builder = "figure"): string {
  if (typeof name !== "string" || !NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new Error(
      t`${builder}: invalid figure name ${JSON.stringify(name)}. Hint: use a slug of lowercase letters, digits and single hyphens, at most ${MAX_NAME_LENGTH} characters, e.g. "sigmoid-derivative" (it becomes the file name figures/<notebook>/<name>.svg).`,
    );
  }
  return name;
}

/**
 * Turns a title into a slug: `"Sigmoid and its derivative"` → `"sigmoid-and-its-derivative"`.
 * Accents are dropped, other non-ASCII characters (Greek letters...) are skipped.
 * Returns `""` when nothing usable is left.
 */
export function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, "");
}

/**
 * The figure name for builder options: `options.name` if given (validated), else the slug of
 * `options.title`, else `fallback` (builders with an obvious default), else an error.
 */
export function resolveFigureName(options: FigureOptions, builder: string, fallback?: string): string {
  if (options.name !== undefined) return validateFigureName(options.name, builder);
  if (options.title !== undefined) {
    const slug = slugify(options.title);
    if (slug === "") {
      throw new Error(
        t`${builder}: cannot derive a figure name from the title ${JSON.stringify(options.title)}. Hint: pass { name: "my-figure" } explicitly.`,
      );
    }
    return slug;
  }
  if (fallback !== undefined) return validateFigureName(fallback, builder);
  throw new Error(
    t`${builder}: the figure needs a name. Hint: pass { name: "my-figure" } or a { title } to derive it from.`,
  );
}
