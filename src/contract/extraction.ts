// The extraction JSON (../shared/eval/README.md §1) as a zod schema and its TypeScript types: the single source of truth.
import { z } from "zod";
import {
  ACTOR_TYPES, PLACE_TYPES, ITEM_CATEGORIES, FLOW_MODES, EVENT_TYPES, SOURCE_KINDS, MODALITIES, FACT_TYPES,
  ENTITY_KINDS, GEO_PRECISIONS,
} from "./vocab.js";

const en = <T extends string>(v: { values: readonly T[] }) => z.enum(v.values as [T, ...T[]]);

/** [start, end) in UTF-16 code units into doc.text exactly as received. */
export const SpanSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
export type Span = z.infer<typeof SpanSchema>;

export const SourceSchema = z.object({
  kind: en(SOURCE_KINDS),
  span: SpanSchema.optional(),
  /** The words of the source as written (for readers; the span is authoritative). */
  text: z.string().optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const TimeSchema = z.object({
  span: SpanSchema.optional(),
  start: z.string().optional(),
  end: z.string().optional(),
  precision: z.enum(["day", "week", "month", "year"]).optional(),
});
export type TimeRef = z.infer<typeof TimeSchema>;

export const EntitySchema = z.object({
  id: z.string(),
  kind: en(ENTITY_KINDS),
  type: z.union([en(ACTOR_TYPES), en(PLACE_TYPES)]).optional(),
  name: z.object({ ar: z.string().optional(), en: z.string().optional() }).optional(),
  mentions: z.array(SpanSchema),
  geo: z.object({ lat: z.number(), lon: z.number(), precision: en(GEO_PRECISIONS).optional() }).optional(),
});
export type Entity = z.infer<typeof EntitySchema>;

export const FlowSchema = z.object({
  giver: z.string().nullable(),
  receiver: z.string().nullable(),
  items: z.array(z.object({ category: en(ITEM_CATEGORIES), span: SpanSchema.optional() })),
  mode: en(FLOW_MODES).optional(),
  via: z.string().nullable().optional(),
  place: z.string().nullable().optional(),
  exchange_for: z.array(z.number().int().nonnegative()).optional(),
  source: SourceSchema,
  modality: en(MODALITIES).optional(),
  time: TimeSchema.optional(),
  evidence: SpanSchema,
  /** The trigger words that fired the frame (for readers and debugging). */
  trigger: SpanSchema.optional(),
});
export type Flow = z.infer<typeof FlowSchema>;

export const EventSchema = z.object({
  type: en(EVENT_TYPES),
  agents: z.array(z.string()),
  targets: z.array(z.string()),
  places: z.array(z.string()),
  killed: z.number().int().nonnegative().optional(),
  injured: z.number().int().nonnegative().optional(),
  source: SourceSchema,
  modality: en(MODALITIES).optional(),
  time: TimeSchema.optional(),
  evidence: SpanSchema,
  trigger: SpanSchema.optional(),
});
export type Event = z.infer<typeof EventSchema>;

export const FactSchema = z.object({
  type: en(FACT_TYPES),
  subject: z.string(),
  object: z.string().optional(),
  value: z.number().optional(),
  evidence: SpanSchema,
  source: SourceSchema,
});
export type Fact = z.infer<typeof FactSchema>;

export const DocRefSchema = z.object({
  id: z.string(),
  url: z.string().optional(),
  published: z.string().optional(),
});

export const ExtractionSchema = z.object({
  doc: DocRefSchema,
  entities: z.array(EntitySchema),
  flows: z.array(FlowSchema),
  events: z.array(EventSchema),
  facts: z.array(FactSchema).optional(),
  /** Stage ids and versions that produced this extraction (provenance). */
  pipeline: z.array(z.string()).optional(),
});
export type Extraction = z.infer<typeof ExtractionSchema>;

/** What the extractor takes: one document. */
export interface InputDoc {
  id: string;
  text: string;
  url?: string;
  published?: string;
  title?: string;
  outlet?: string;
}
