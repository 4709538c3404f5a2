/** The optimizers (split into one file per optimizer next). */
export * from "./base";
