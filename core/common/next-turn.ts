/** Gives the event loop a turn (queries, heartbeats) inside seconds-long loops of the in-process worker. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
