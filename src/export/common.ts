// Labels and escaping shared by the export formats.
import {
  ITEM_CATEGORIES, FLOW_MODES, EVENT_TYPES, FACT_TYPES, SOURCE_KINDS, MODALITIES, ACTOR_TYPES, PLACE_TYPES, type Label,
} from "../contract/index.js";
import type { EntityRef } from "../store/index.js";

/** «داعش (ISIS)»: the Arabic name as written with its English gloss; the key when the store has no name. */
export function entityLabel(e: EntityRef | null | undefined): string {
  if (!e) return "";
  const { ar, en } = e.name;
  if (ar && en && ar !== en) return `${ar} (${en})`;
  return ar ?? en ?? e.key;
}

const VOCABS: Record<string, { labels: Record<string, Label> }> = {
  item: ITEM_CATEGORIES, mode: FLOW_MODES, event: EVENT_TYPES, fact: FACT_TYPES, source: SOURCE_KINDS, modality: MODALITIES,
  actor: ACTOR_TYPES, place: PLACE_TYPES,
};

/** The English label of a vocabulary value ("sale" for mode "sell"), or the value itself. */
export function en(vocab: keyof typeof VOCABS & string, value: string | undefined): string {
  if (!value) return "";
  return VOCABS[vocab].labels[value]?.en ?? value;
}
/** The Arabic label of a vocabulary value. */
export function ar(vocab: keyof typeof VOCABS & string, value: string | undefined): string {
  if (!value) return "";
  return VOCABS[vocab].labels[value]?.ar ?? value;
}

/** Text for an XML attribute or element. Characters XML 1.0 forbids (C0 controls, lone surrogates) are dropped. */
export function xml(s: string | number | undefined | null): string {
  if (s === undefined || s === null) return "";
  return String(s)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/**
 * One CSV field (RFC 4180). A field that a spreadsheet would run as a formula (= + - @ at the start) gets a
 * leading apostrophe: article text is written by strangers.
 */
export function csv(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
