// Public face of the queue: distributed ingest on pg-boss (enqueue, workers, status, dead letters).
export { enqueueSources, enqueueDocuments, type EnqueueOptions, type EnqueueProgress, type EnqueueSummary } from "./enqueue.js";
export { runWorker, type WorkerOptions, type WorkerProgress } from "./worker.js";
export { queueStatus, deadLetters, retryDead, resetQueue, type QueueStatus, type DeadLetter } from "./status.js";
export { INGEST_QUEUE, DEAD_QUEUE, QUEUE_SCHEMA, DEFAULT_POLICY, requirePostgres, type JobPolicy, type IngestJobData } from "./boss.js";
