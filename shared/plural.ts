// "1 request", "2 requests": a count with its noun, right for one and for many. Every count the
// app shows goes through this, so "1 requests" cannot come back one string at a time.

/** `count(1, 'request')` → "1 request"; `count(2, 'entry', 'entries')` → "2 entries". */
export function count(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
