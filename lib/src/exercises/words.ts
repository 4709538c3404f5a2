/**
 * Answers that are words: one table of every word an exercise accepts, with the Russian forms
 * accepted for it, so that «лучше» is as right as "better" in every notebook and every edition of
 * the course. `expectChoice` uses it; a new word answer gets its Russian forms here.
 *
 * Matching ignores case, spaces at the ends, repeated spaces, a final full stop and quotes
 * («…», "…"), and treats ё as е («свёрточная» = «сверточная»).
 */

/**
 * The Russian forms accepted for each English word answer (written with е for ё: the
 * comparison folds ё into е). Words that are the same in both languages (mse, L1, RNN, CNN,
 * optimizer names) need no entry.
 */
export const WORD_ANSWERS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  // notebook 03: what gradient descent does
  converges: ["сходится", "сойдется"],
  oscillates: ["колеблется", "осциллирует", "скачет", "прыгает"],
  diverges: ["расходится", "разойдется"],
  // notebook 06: the edges a kernel finds
  vertical: ["вертикальные", "вертикальное", "вертикальный", "вертикальная", "вертикально", "вертикальные края", "вертикальные границы"],
  horizontal: ["горизонтальные", "горизонтальное", "горизонтальный", "горизонтальная", "горизонтально", "горизонтальные края", "горизонтальные границы"],
  diagonal: ["диагональные", "диагональное", "диагональный", "диагональная", "диагонально", "диагональные края", "диагональные границы"],
  // notebook 08: the effect of a change, and what a run did
  better: ["лучше", "улучшает", "улучшилась", "стало лучше"],
  worse: ["хуже", "ухудшает", "ухудшилась", "стало хуже"],
  same: ["так же", "также", "то же", "то же самое", "одинаково", "одинаковая", "без изменений", "не изменилась", "не изменилось", "не меняется", "примерно так же"],
  diverged: ["разошлось", "разошлась", "разошелся", "расходится", "расхождение"],
  useless: ["бесполезная", "бесполезна", "бесполезно", "бесполезная сеть", "просто бесполезная"],
  // notebooks 04b, 05: which function moves the weights
  both: ["обе", "оба", "обе функции"],
  neither: ["ни одна", "ни одна из них", "никакая", "ни то ни другое", "ни та ни другая"],
  // notebook 07
  activation: ["активация", "функция активации"],
  initialisation: ["инициализация", "инициализация весов"],
  initialization: ["инициализация", "инициализация весов"],
  "with batchnorm": ["с batchnorm", "с нормализацией", "с батч-нормализацией", "с пакетной нормализацией"],
  "without batchnorm": ["без batchnorm", "без нормализации", "без батч-нормализации", "без пакетной нормализации"],
  training: ["обучающая", "обучающие", "обучающая выборка", "обучающие данные", "на обучающей", "обучение"],
  validation: ["валидационная", "валидационные", "валидационная выборка", "валидационные данные", "на валидационной", "валидация", "проверочная", "проверочные"],
  test: ["тестовая", "тестовые", "тестовая выборка", "тестовые данные", "на тестовой", "тест"],
  // notebook 09: kinds of networks
  "feed-forward": ["прямого распространения", "сеть прямого распространения", "полносвязная", "полносвязная сеть", "многослойный перцептрон", "перцептрон"],
  rnn: ["рекуррентная", "рекуррентная сеть"],
  hopfield: ["хопфилда", "сеть хопфилда"],
  cnn: ["сверточная", "сверточная сеть"],
  deconvolutional: ["деконволюционная", "деконволюционная сеть", "обратная свертка", "развертывающая"],
});

/** An answer text as it is compared: lower case, ё → е, trimmed, inner spaces single, no final full stop or quotes. */
export function normalizeWord(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[«»"“”„]/g, "")
    .trim()
    .replace(/\s+/g, " ")
    .replace(/[.!]+$/, "")
    .trim();
}

/** The Russian forms accepted for the English word answer `word` (none when the word is the same in both). */
export function russianForms(word: string): readonly string[] {
  return WORD_ANSWERS[normalizeWord(word)] ?? [];
}

/**
 * Which of `choices` (English words) `answer` names, in English or in Russian; `undefined` when it
 * names none of them.
 */
export function matchWord(answer: string, choices: readonly string[]): string | undefined {
  const a = normalizeWord(answer);
  if (a === "") return undefined;
  for (const c of choices) {
    if (normalizeWord(c) === a) return c;
  }
  for (const c of choices) {
    if (russianForms(c).some((r) => normalizeWord(r) === a)) return c;
  }
  return undefined;
}

/**
 * The choices for a hint, each with its first Russian form: `"converges" (сходится), "oscillates"
 * (колеблется), "diverges" (расходится)`.
 */
export function listChoices(choices: readonly string[]): string {
  return choices
    .map((c) => {
      const ru = russianForms(c)[0];
      return ru === undefined ? JSON.stringify(c) : `${JSON.stringify(c)} (${ru})`;
    })
    .join(", ");
}
