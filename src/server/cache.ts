// Answers to open reads, kept while the store is unchanged. The workbench's views ask the same heavy questions
// (the whole graph, every event as GeoJSON, the overview's counts) again and again, and an ingest in another process
// changes the store only once a batch: an answer is reused until the store's change token moves, never longer, so a
// cached answer is exactly what the store would answer now. Answers that depend on who asks are never kept.

/** What is kept of an answer: its body as sent, and the headers that describe it. */
interface Entry { token: string; body: Buffer; type: string; disposition: string | undefined }

export interface CacheStats { entries: number; bytes: number; hits: number; misses: number }

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  /**
   * @param maxBytes all bodies together (UTF-8 bytes); the least recently used go first
   * @param maxEntryBytes a larger body is never kept
   */
  constructor(private readonly maxBytes = 64 << 20, private readonly maxEntryBytes = 16 << 20) {}

  /** The kept answer for a URL under this change token, if any. */
  get(url: string, token: string): Entry | undefined {
    const e = this.entries.get(url);
    if (e && e.token === token) {
      this.hits++;
      // most recently used last: eviction takes the first
      this.entries.delete(url);
      this.entries.set(url, e);
      return e;
    }
    this.misses++;
    if (e) this.drop(url, e);
    return undefined;
  }

  /** Keeps a body as the bytes that are sent (encoded once, not on every answer). */
  set(url: string, token: string, body: Buffer, type: string, disposition: string | undefined): void {
    if (body.length > this.maxEntryBytes) return;
    const old = this.entries.get(url);
    if (old) this.drop(url, old);
    this.entries.set(url, { token, body, type, disposition });
    this.bytes += body.length;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(k, e);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): CacheStats {
    return { entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }

  private drop(url: string, e: Entry): void {
    this.entries.delete(url);
    this.bytes -= e.body.length;
  }
}
