/**
 * The exercises of notebook 04: each `defineExercise` holds the checker of one exercise.
 * The expected answers stay here, out of the student's notebook.
 */
export {};
