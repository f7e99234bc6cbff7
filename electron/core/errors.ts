// Errors leaving the privileged side: as Wire data for the renderer, or as one log line for an
// error nobody caught. Either way a plain, scrubbed message — never a stack, never a secret.
import { redactAuthenticators } from '../../shared/expressplay/mask.ts';
import { WorkbenchError, type WireError } from '../../shared/ipc/contract.ts';

const MAX_MESSAGE = 2000;

/**
 * One log line for an error nobody caught (main process, web host): its name and the first
 * line of its message, scrubbed — never the stack, never a quoted request.
 */
export function unexpectedErrorLine(error: unknown, scrub: (text: string) => string): string {
  const name = error instanceof Error ? error.name : typeof error;
  // Authenticator-shaped text the core has never seen is masked too: this line may come from anywhere.
  return `${name}: ${redactAuthenticators(toWireError(error, scrub).message.split('\n')[0] ?? '')}`;
}

/** Any thrown thing → a WireError with a plain, scrubbed, one-paragraph message (no stack). */
export function toWireError(error: unknown, scrub: (text: string) => string): WireError {
  if (error instanceof WorkbenchError) {
    return { ...error.wire, message: scrub(error.wire.message).slice(0, MAX_MESSAGE) };
  }
  const message = error instanceof Error ? error.message : String(error);
  const plain = scrub(message.split('\n    at ')[0]!.trim() || 'unexpected error').slice(0, MAX_MESSAGE);
  return { code: 'failed', message: plain };
}
