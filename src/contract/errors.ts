// Errors as data: one RasadError with a code from a fixed list, the offending input and the cause.

export const ERROR_CODES = {
  BAD_INPUT: { en: "bad input", ar: "مدخل غير صالح" },
  BAD_JSON: { en: "not valid JSON", ar: "ليس JSON صالحاً" },
  MISSING_FIELD: { en: "a required field is missing", ar: "حقل مطلوب مفقود" },
  UNREADABLE: { en: "the file cannot be read", ar: "تعذرت قراءة الملف" },
  BINARY: { en: "the file is binary, not text", ar: "الملف ثنائي وليس نصاً" },
  EMPTY: { en: "the document is empty", ar: "المستند فارغ" },
  TOO_LARGE: { en: "the document is over the size limit", ar: "المستند يتجاوز الحد المسموح" },
  BAD_ENCODING: { en: "the text encoding cannot be decoded", ar: "تعذر فك ترميز النص" },
  LEXICON: { en: "a lexicon file is invalid", ar: "ملف معجم غير صالح" },
  STORE: { en: "the store failed", ar: "فشل المخزن" },
  NOT_FOUND: { en: "not found", ar: "غير موجود" },
  UNAUTHORIZED: { en: "a valid token is required", ar: "يلزم رمز صالح" },
  FORBIDDEN: { en: "this role may not do that", ar: "هذا الدور لا يملك الصلاحية" },
  BAD_PARAM: { en: "a parameter is invalid", ar: "معامل غير صالح" },
  INTERNAL: { en: "internal error", ar: "خطأ داخلي" },
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorInput { file?: string; doc?: string; line?: number; param?: string }

export class RasadError extends Error {
  readonly code: ErrorCode;
  readonly input: ErrorInput;
  constructor(code: ErrorCode, detail: string, input: ErrorInput = {}, options?: { cause?: unknown }) {
    super(formatMessage(code, detail, input), options);
    this.name = "RasadError";
    this.code = code;
    this.input = input;
  }
  toJSON() { return { code: this.code, message: this.message, input: this.input }; }
}

function formatMessage(code: ErrorCode, detail: string, input: ErrorInput): string {
  const where = [input.file && `file ${input.file}`, input.doc && `document ${input.doc}`, input.line !== undefined && `line ${input.line}`, input.param && `parameter ${input.param}`]
    .filter(Boolean).join(", ");
  return `${where ? where + ": " : ""}${ERROR_CODES[code].en}${detail ? ` (${detail})` : ""}`;
}

/** A message fit for a user: RasadErrors as they are, anything else without a stack trace. */
export function describeError(err: unknown): string {
  if (err instanceof RasadError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
