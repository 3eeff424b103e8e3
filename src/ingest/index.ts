// Public face of ingest: read files, folders, stdin and feeds; decode; dedupe; extract on every core; store.
export { ingestOne, type IngestOneOptions } from "./one.js";
export { ingest, type IngestOptions, type IngestProgress, type IngestSummary, type FailureReport } from "./run.js";
export { listSources, readSources, readBuffer, detectFormat, normalizePublished, DEFAULT_MAX_SIZE, type RawDoc, type ReadFailure, type Format } from "./read.js";
export { decode, declaredCharset, type Decoded } from "./encoding.js";
export { readHtml, htmlFragmentToText, type PageDoc } from "./html.js";
export { parseFeed, isFeed, type FeedItem } from "./feeds.js";
export { fingerprint, nearKeys, NEAR_MIN_WORDS, NEAR_THRESHOLD } from "./dedupe.js";
