// A fast yes/no check of the extraction contract, compiled once from the zod schema (the single source of truth).
//
// zod's safeParse builds a stripped copy of every object and records issues as it goes: for the extractor's
// output of every ingested document that was a fifth of the extraction's own time. A compiled predicate walks
// the value once and allocates nothing. When it says no, the caller asks zod for the readable issues; a schema
// node it does not know makes the whole compile fall back to zod (`compileCheck` returns null).
import type { z } from "zod";

export type Check = (v: unknown) => boolean;

/* eslint-disable @typescript-eslint/no-explicit-any -- zod's internal definitions are untyped here */
type Def = any;

/** A predicate equivalent to `schema.safeParse(v).success`, or null when the schema uses what this does not compile. */
export function compileCheck(schema: z.ZodType): Check | null {
  try {
    return node(schema);
  } catch {
    return null;
  }
}

class Unsupported extends Error {}

function node(schema: z.ZodType): Check {
  const def: Def = (schema as any)._zod?.def;
  if (!def) throw new Unsupported("not a zod schema");
  switch (def.type) {
    case "string": {
      if (def.checks?.length) throw new Unsupported("string checks");
      return (v) => typeof v === "string";
    }
    case "boolean":
      return (v) => typeof v === "boolean";
    case "number":
      return numberCheck(def);
    case "enum": {
      const values = new Set<unknown>(Object.values(def.entries));
      return (v) => values.has(v);
    }
    case "literal": {
      const values = new Set<unknown>(def.values);
      return (v) => values.has(v);
    }
    case "optional": {
      const inner = node(def.innerType);
      return (v) => v === undefined || inner(v);
    }
    case "nullable": {
      const inner = node(def.innerType);
      return (v) => v === null || inner(v);
    }
    case "union": {
      const options: Check[] = def.options.map(node);
      return (v) => options.some((o) => o(v));
    }
    case "array": {
      if (def.checks?.length) throw new Unsupported("array checks");
      const el = node(def.element);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!el(v[i])) return false;
        return true;
      };
    }
    case "tuple": {
      if (def.rest) throw new Unsupported("tuple rest");
      const items: Check[] = def.items.map(node);
      // zod's tuple accepts fewer items only when the missing ones are optional
      const required = items.length - def.items.filter((s: z.ZodType) => (s as any)._zod.def.type === "optional").length;
      return (v) => {
        if (!Array.isArray(v) || v.length > items.length || v.length < required) return false;
        for (let i = 0; i < items.length; i++) if (!items[i](v[i])) return false;
        return true;
      };
    }
    case "object": {
      if (def.catchall) throw new Unsupported("object catchall");
      const keys = Object.keys(def.shape);
      const checks: Check[] = keys.map((k) => node(def.shape[k]));
      return (v) => {
        if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
        const o = v as Record<string, unknown>;
        for (let i = 0; i < keys.length; i++) if (!checks[i](o[keys[i]])) return false;
        return true;
      };
    }
    default:
      throw new Unsupported(`zod type ${def.type}`);
  }
}

function numberCheck(def: Def): Check {
  // z.number() refuses NaN and ±Infinity
  const parts: Check[] = [(v) => typeof v === "number" && Number.isFinite(v)];
  for (const c of def.checks ?? []) {
    const d: Def = c._zod?.def;
    if (d?.check === "number_format" && (d.format === "safeint" || d.format === "int32" || d.format === "uint32")) {
      const [lo, hi] = d.format === "safeint" ? [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]
        : d.format === "int32" ? [-(2 ** 31), 2 ** 31 - 1] : [0, 2 ** 32 - 1];
      parts.push((v) => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi);
    } else if (d?.check === "greater_than") {
      const { value, inclusive } = d;
      parts.push(inclusive ? (v) => (v as number) >= value : (v) => (v as number) > value);
    } else if (d?.check === "less_than") {
      const { value, inclusive } = d;
      parts.push(inclusive ? (v) => (v as number) <= value : (v) => (v as number) < value);
    } else {
      throw new Unsupported(`number check ${d?.check}`);
    }
  }
  return (v) => parts.every((p) => p(v));
}
