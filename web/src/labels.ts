// Vocabulary labels (English with the Arabic beside it) as the server declares them, and the colours of the views.
import { api } from "./api.js";
import { h, ar } from "./dom.js";

export interface VocabEntry { value: string; en: string; ar: string }
export interface Vocab {
  actorTypes: VocabEntry[]; placeTypes: VocabEntry[]; items: VocabEntry[]; modes: VocabEntry[]; eventTypes: VocabEntry[];
  factTypes: VocabEntry[]; sourceKinds: VocabEntry[]; modalities: VocabEntry[]; entityKinds: VocabEntry[];
  geoPrecisions: VocabEntry[]; statuses: string[]; verdicts: string[];
}
type ListName = Exclude<keyof Vocab, "statuses" | "verdicts">;

let vocab: Vocab | null = null;
const index = new Map<string, VocabEntry>();

export async function loadVocab(): Promise<Vocab> {
  vocab = await api.get<Vocab>("/api/vocab");
  for (const [list, entries] of Object.entries(vocab)) {
    if (list === "statuses" || list === "verdicts") continue;
    for (const e of entries as VocabEntry[]) index.set(`${list}:${e.value}`, e);
  }
  return vocab;
}

export function V(): Vocab {
  if (!vocab) throw new Error("vocabulary not loaded");
  return vocab;
}

export function label(list: ListName, value: string | undefined | null): VocabEntry {
  if (!value) return { value: "", en: "—", ar: "" };
  return index.get(`${list}:${value}`) ?? { value, en: value.replace(/_/g, " "), ar: "" };
}

/** "weapons · أسلحة" as a chip. */
export function chip(list: ListName, value: string | undefined | null, extra = ""): HTMLElement {
  const l = label(list, value);
  const color = list === "items" ? ITEM_COLORS[l.value] : list === "eventTypes" ? EVENT_COLORS[l.value] : undefined;
  const el = h("span", { class: `chip chip-${list} ${extra}`.trim(), "data-value": l.value }, l.en, l.ar ? [" ", ar(l.ar, "gloss-ar")] : null);
  if (color) el.style.setProperty("--chip", color);
  return el;
}

/** Item categories: colour is the edge colour in the network and the bar colour in the timeline. */
export const ITEM_COLORS: Record<string, string> = {
  money: "#c99a06", food: "#3d9a3f", water: "#1e88e5", medical: "#d81b60", weapons: "#b71c1c", fuel: "#ef6c00",
  scrap: "#6d4c41", drugs: "#8e24aa", people: "#00897b", access: "#546e7a", goods: "#3949ab",
};

export const EVENT_COLORS: Record<string, string> = {
  armed_clash: "#e53935", attack: "#c62828", airstrike: "#6a1b9a", shelling: "#ad1457", explosive: "#ff6f00",
  territory_change: "#2e7d32", abduction: "#00838f", arrest: "#0277bd", killing: "#4e342e", agreement: "#558b2f",
  sanction: "#37474f", siege: "#795548",
};

export const ACTOR_COLORS: Record<string, string> = {
  armed_group: "#c62828", militia: "#ef6c00", state_force: "#1565c0", foreign_force: "#6a1b9a", government: "#283593",
  civilians: "#2e7d32", person: "#5d4037", organization: "#00838f",
};
export const PLACE_COLOR = "#00796b";

export function entityColor(kind: string, type?: string): string {
  if (kind === "place") return PLACE_COLOR;
  return (type && ACTOR_COLORS[type]) || "#607d8b";
}
