// Ctrl-C on a long batch: the first stops after the documents already read, the second quits at once.
export interface Interrupt { signal: AbortSignal; release(): void }

export function stopOnInterrupt(): Interrupt {
  const stop = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    stop.abort();
    process.stderr.write("\nstopping after the documents already read (Ctrl-C again to quit now)\n");
  };
  process.on("SIGINT", onSigint);
  return { signal: stop.signal, release: () => { process.off("SIGINT", onSigint); } };
}
