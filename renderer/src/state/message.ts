/** A failure's text for the user: a WorkbenchError's (or any Error's) message, else the value itself. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
