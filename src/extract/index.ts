// Public face of the extractor: one document in, one Extraction out.
export { extract, PIPELINE_VERSION } from "./pipeline.js";
export type { ExtractOptions } from "./pipeline.js";
