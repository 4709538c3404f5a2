/** The homework of notebook 08: configuration, building and training, experiment log, comparison (the grader is in ../grader). */
export * from "./config";
export * from "./layers";
export * from "./estimate";
export * from "./build";
export * from "./log";
export * from "./compare";

