// The closed vocabularies of the extraction contract (../shared/eval/README.md), declared once with labels.
// Everything else (extractor, store, exports, UI) reads these lists; nobody spells a value twice.

export interface Label { en: string; ar: string }

function vocab<const K extends string>(entries: Record<K, Label>) {
  const values = Object.keys(entries) as K[];
  return { values, labels: entries, has: (x: unknown): x is K => typeof x === "string" && x in entries };
}

export const ACTOR_TYPES = vocab({
  armed_group: { en: "armed group", ar: "جماعة مسلحة" },
  militia: { en: "militia", ar: "ميليشيا" },
  state_force: { en: "state force", ar: "قوات حكومية" },
  foreign_force: { en: "foreign force", ar: "قوات أجنبية" },
  government: { en: "government", ar: "حكومة" },
  civilians: { en: "civilians", ar: "مدنيون" },
  person: { en: "person", ar: "شخص" },
  organization: { en: "organization", ar: "منظمة" },
});
export type ActorType = (typeof ACTOR_TYPES.values)[number];

export const PLACE_TYPES = vocab({
  country: { en: "country", ar: "دولة" },
  governorate: { en: "governorate", ar: "محافظة" },
  district: { en: "district", ar: "منطقة إدارية" },
  city: { en: "city", ar: "مدينة" },
  village: { en: "village", ar: "قرية" },
  region: { en: "region", ar: "منطقة" },
  site: { en: "site", ar: "موقع" },
  route: { en: "route", ar: "طريق" },
});
export type PlaceType = (typeof PLACE_TYPES.values)[number];

export const ITEM_CATEGORIES = vocab({
  money: { en: "money", ar: "أموال" },
  food: { en: "food", ar: "غذاء" },
  water: { en: "water", ar: "مياه" },
  medical: { en: "medical", ar: "مواد طبية" },
  weapons: { en: "weapons", ar: "أسلحة" },
  fuel: { en: "fuel", ar: "وقود" },
  scrap: { en: "scrap", ar: "خردة" },
  drugs: { en: "drugs", ar: "مخدرات" },
  people: { en: "people", ar: "أشخاص" },
  access: { en: "access", ar: "عبور/إذن" },
  goods: { en: "goods", ar: "بضائع" },
});
export type ItemCategory = (typeof ITEM_CATEGORIES.values)[number];

export const FLOW_MODES = vocab({
  sell: { en: "sale", ar: "بيع" },
  supply: { en: "supply", ar: "إمداد" },
  pay: { en: "payment", ar: "دفع" },
  bribe: { en: "bribe", ar: "رشوة" },
  levy: { en: "levy", ar: "إتاوة" },
  ransom: { en: "ransom", ar: "فدية" },
  permit: { en: "permit", ar: "سماح" },
  smuggle: { en: "smuggling", ar: "تهريب" },
  seize: { en: "seizure", ar: "استيلاء" },
  transfer: { en: "transfer", ar: "نقل" },
});
export type FlowMode = (typeof FLOW_MODES.values)[number];

export const EVENT_TYPES = vocab({
  armed_clash: { en: "armed clash", ar: "اشتباك" },
  attack: { en: "attack", ar: "هجوم" },
  airstrike: { en: "airstrike", ar: "غارة جوية" },
  shelling: { en: "shelling", ar: "قصف" },
  explosive: { en: "explosive", ar: "انفجار" },
  territory_change: { en: "territory change", ar: "تغير السيطرة" },
  abduction: { en: "abduction", ar: "اختطاف" },
  arrest: { en: "arrest", ar: "اعتقال" },
  killing: { en: "killing", ar: "قتل" },
  agreement: { en: "agreement", ar: "اتفاق" },
  sanction: { en: "sanction", ar: "عقوبات" },
  siege: { en: "siege", ar: "حصار" },
});
export type EventType = (typeof EVENT_TYPES.values)[number];

export const SOURCE_KINDS = vocab({
  outlet: { en: "the outlet", ar: "الوسيلة الإعلامية" },
  anonymous: { en: "anonymous source", ar: "مصدر مجهول" },
  person: { en: "person", ar: "شخص" },
  organization: { en: "organization", ar: "جهة" },
  media: { en: "other media", ar: "وسيلة إعلام أخرى" },
});
export type SourceKind = (typeof SOURCE_KINDS.values)[number];

export const MODALITIES = vocab({
  asserted: { en: "asserted", ar: "مؤكد" },
  reported: { en: "reported", ar: "منقول" },
  hedged: { en: "hedged", ar: "غير مؤكد" },
  denied: { en: "denied", ar: "منفي" },
});
export type Modality = (typeof MODALITIES.values)[number];

export const FACT_TYPES = vocab({
  strength: { en: "strength", ar: "قوام" },
  control: { en: "control", ar: "سيطرة" },
  affiliation: { en: "affiliation", ar: "تبعية" },
  presence: { en: "presence", ar: "تواجد" },
});
export type FactType = (typeof FACT_TYPES.values)[number];

export const ENTITY_KINDS = vocab({
  actor: { en: "actor", ar: "فاعل" },
  place: { en: "place", ar: "مكان" },
});
export type EntityKind = (typeof ENTITY_KINDS.values)[number];

/** Geocoding precision, after UCDP/ACLED practice: from an exact point down to a whole country. */
export const GEO_PRECISIONS = vocab({
  exact: { en: "exact point", ar: "نقطة دقيقة" },
  town: { en: "village/town", ar: "قرية/بلدة" },
  district: { en: "district", ar: "منطقة" },
  governorate: { en: "governorate", ar: "محافظة" },
  region: { en: "region", ar: "إقليم" },
  country: { en: "country", ar: "دولة" },
});
export type GeoPrecision = (typeof GEO_PRECISIONS.values)[number];
