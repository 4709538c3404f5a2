/**
 * Answers that are words: one table of every word an exercise accepts, with the Russian forms
 * accepted for it, so that «лучше» is as right as "better" in every notebook and every edition of
 * the course. `expectChoice` uses it; a new word answer gets its Russian forms here.
 *
 * Matching ignores case, spaces at the ends, repeated spaces, a final full stop and quotes
 * («…», "…"), and treats ё as е («свёрточная» = «сверточная»).
 */
import { t } from "../core/i18n";

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
  vertical: ["вертикальные", "вертикальное", "вертикальный", "вертикальная", "вертикально", t`вертикальные края`, t`вертикальные границы`],
  horizontal: ["горизонтальные", "горизонтальное", "горизонтальный", "горизонтальная", "горизонтально", t`горизонтальные края`, t`горизонтальные границы`],
  diagonal: ["диагональные", "диагональное", "диагональный", "диагональная", "диагонально", t`диагональные края`, t`диагональные границы`],
  // notebook 08: the effect of a change, and what a run did
  better: ["лучше", "улучшает", "улучшилась", t`стало лучше`],
  worse: ["хуже", "ухудшает", "ухудшилась", t`стало хуже`],
  same: [t`так же`, "также", t`то же`, t`то же самое`, "одинаково", "одинаковая", t`без изменений`, t`не изменилась`, t`не изменилось`, t`не меняется`, t`примерно так же`],
  diverged: ["разошлось", "разошлась", "разошелся", "расходится", "расхождение"],
  useless: ["бесполезная", "бесполезна", "бесполезно", t`бесполезная сеть`, t`просто бесполезная`],
  // notebooks 04b, 05: which function moves the weights
  both: ["обе", "оба", t`обе функции`],
  neither: [t`ни одна`, t`ни одна из них`, "никакая", t`ни то ни другое`, t`ни та ни другая`],
  // notebook 07
  activation: ["активация", t`функция активации`],
  initialisation: ["инициализация", t`инициализация весов`],
  initialization: ["инициализация", t`инициализация весов`],
  "with batchnorm": [t`с batchnorm`, t`с нормализацией`, t`с батч-нормализацией`, t`с пакетной нормализацией`],
  "without batchnorm": [t`без batchnorm`, t`без нормализации`, t`без батч-нормализации`, t`без пакетной нормализации`],
  training: ["обучающая", "обучающие", t`обучающая выборка`, t`обучающие данные`, t`на обучающей`, "обучение"],
  validation: ["валидационная", "валидационные", t`валидационная выборка`, t`валидационные данные`, t`на валидационной`, "валидация", "проверочная", "проверочные"],
  test: ["тестовая", "тестовые", t`тестовая выборка`, t`тестовые данные`, t`на тестовой`, "тест"],
  // notebook 09: kinds of networks
  "feed-forward": [t`прямого распространения`, t`сеть прямого распространения`, "полносвязная", t`полносвязная сеть`, t`многослойный перцептрон`, "перцептрон"],
  rnn: ["рекуррентная", t`рекуррентная сеть`],
  hopfield: ["хопфилда", t`сеть хопфилда`],
  cnn: ["сверточная", t`сверточная сеть`],
  deconvolutional: ["деконволюционная", t`деконволюционная сеть`, t`обратная свертка`, "развертывающая"],
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
