// Public face of the text layer: normalization with offset maps, clitics, tokens, sentences.
export * from "./normalize.js";
export * from "./clitics.js";
export * from "./tokenize.js";
export * from "./sentences.js";
