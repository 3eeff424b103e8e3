// Public face of the contract: the extraction schema, vocabularies and errors.
export * from "./vocab.js";
export * from "./extraction.js";
export * from "./errors.js";
