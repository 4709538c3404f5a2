/**
 * Checking exercises: `check("04.2", answer)` says whether a student's answer is right, and when
 * it is not, gives a hint that names what is off — never the answer itself.
 *
 * ```ts
 * check("02.1", Ev);      // ✓ 02.1 — верно (correct)
 *                         // ✗ 02.1 — пока нет (not yet): the shape is 1 × 2; a product E·v …
 * ```
 *
 * The expected answers live in the library (one file per notebook, `exercises/nbNN.ts`), not in
 * the notebook, so a student's copy shows nothing to copy. Each exercise is registered with
 * `defineExercise` next to its checker; `exerciseIds()` lists them for the tests.
 *
 * `check` prints its verdict on stdout and returns nothing (so a notebook cell ending in `check(…)`
 * shows only the verdict; `judge` returns it as a value). With the environment variable
 * `NNLIB_CHECK_STRICT=1` (the tests set it when they run a notebook's SOLUTION copy) a wrong
 * answer is written to stderr as well, so the notebook test fails on it.
 */
import { platform } from "../platform";

/** What a checker says of one answer. */
export interface Verdict {
  ok: boolean;
  /** For a wrong answer: what is off and what to try, without giving the answer away. */
  hint?: string;
}

/** One exercise: its id ("04.2" = notebook 04, exercise 2), a title and its checker. */
export interface Exercise {
  id: string;
  /** A few words on what is asked, shown with the verdict. */
  title: string;
  /** Judges an answer. Must not throw for answers of a wrong type: say so in the hint. */
  check(answer: unknown): Verdict;
  /**
   * Wrong answers a student might plausibly give: the tests assert each is rejected with a hint,
   * and for those given as `wrong(answer, /what the hint must say/)` that the hint says it.
   * (The solution copy of the notebook proves that the right answer is accepted.)
   */
  wrongExamples: unknown[];
}

/** A wrong answer with what its hint must say (a pattern), for `Exercise.wrongExamples`. */
export class WrongExample {
  constructor(
    /** The answer as a student would pass it to `check`. */
    readonly answer: unknown,
    /** What the hint must match. */
    readonly hint: RegExp,
  ) {}
}

/**
 * `wrong(answer, /pattern/)`: a wrong example whose hint the tests check, e.g.
 * `wrong(dW1.transpose(), /transpose/)`.
 */
export function wrong(answer: unknown, hint: RegExp): WrongExample {
  return new WrongExample(answer, hint);
}

const registry = new Map<string, Exercise>();

/** Registers an exercise (done once per exercise in `exercises/nbNN.ts`). */
export function defineExercise(exercise: Exercise): Exercise {
  if (!/^\d\d\.\d+[a-z]?$/.test(exercise.id)) {
    throw new Error(`defineExercise: id ${JSON.stringify(exercise.id)} must look like "04.2" (notebook number, dot, exercise number).`);
  }
  if (registry.has(exercise.id)) throw new Error(`defineExercise: exercise ${exercise.id} is defined twice.`);
  registry.set(exercise.id, exercise);
  return exercise;
}

/** The ids of every registered exercise, sorted. */
export function exerciseIds(): string[] {
  return [...registry.keys()].sort();
}

/** The exercise with this id (throws with the known ids when there is none). */
export function getExercise(id: string): Exercise {
  const ex = registry.get(id);
  if (ex === undefined) {
    throw new Error(`check: there is no exercise ${JSON.stringify(id)}. Known exercises: ${exerciseIds().join(", ") || "none"}.`);
  }
  return ex;
}

/** Judges an answer without printing anything (for tests and for other checkers). */
export function judge(id: string, answer: unknown): Verdict {
  const ex = getExercise(id);
  try {
    return ex.check(answer);
  } catch (e) {
    return { ok: false, hint: `checking the answer failed: ${(e as Error).message}` };
  }
}

/** Checks a student's answer to exercise `id` and prints ✓, or ✗ with a hint. */
export function check(id: string, answer: unknown): void {
  const ex = getExercise(id);
  const v = judge(id, answer);
  if (v.ok) {
    console.log(`✓ ${id} — верно (correct): ${ex.title}`);
    return;
  }
  const line = `✗ ${id} — пока нет (not yet): ${ex.title}\n  hint: ${v.hint ?? "compare your answer with the text above the exercise."}`;
  console.log(line);
  if (platform().env("NNLIB_CHECK_STRICT") === "1") platform().writeStderr(`${line}\n`);
}
