// Geocoding stage: choose among homonymous gazetteer candidates by context and set every place's geo + precision.
// (Placeholder: the shipped entries already carry coordinates; the geocoding work replaces this.)
import type { Doc } from "./doc.js";

export function geocode(doc: Doc): void {
  void doc;
}
